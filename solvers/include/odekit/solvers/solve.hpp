#pragma once
// solve(problem, Method{}, options): runs an integrator over the whole time span and
// collects the saved states, the dense output and the outcome into a Solution.

#include <cstdio>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/solution.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/validate_options.hpp"

namespace odekit {

namespace detail {

/// What happened and where, placed before the status's fixed advice.
inline std::string failure_detail(Status s, double t, const Options& o) {
  const std::string at = " at t = " + num(t);
  switch (s) {
    case Status::max_steps_reached:
      return "max_steps = " + std::to_string(o.max_steps) + " reached" + at;
    case Status::dt_below_min:
      return "step size below dtmin = " + num(o.dtmin) + at;
    case Status::rhs_not_finite:
      return "the right-hand side returned NaN or Inf in the step from t = " + num(t) +
             " (the solution is kept up to there)";
    case Status::newton_failed:
    case Status::linear_solve_failed:
      return std::string(name(s)) + " in the step from t = " + num(t) +
             " (the solution is kept up to there)";
    default:
      return std::string(name(s)) + at;
  }
}

/// What a failed integrator reports: where and what (failure_detail), and the method's own
/// note when it has one.
template <class Integ>
std::string describe_failure(const Integ& integ, const Options& o) {
  std::string what = failure_detail(integ.status(), static_cast<double>(integ.failure_time()), o);
  if constexpr (requires { integ.failure_note(); }) {
    if (!integ.failure_note().empty()) what += " (" + std::string(integ.failure_note()) + ")";
  }
  return what;
}

/// Drives any integrator exposing step(), done(), t(), y(), t_prev(), interpolate() and
/// push_dense() through the time span, saving as the options ask.
template <class Integ>
auto drive(Integ& integ, const Options& o) {
  using T = typename Integ::T;
  BasicSolution<T> sol;
  sol.method = std::string(integ.method_name());
  const bool every = o.save_everystep.value_or(o.saveat.empty());
  const bool endpoints = o.saveat.empty();
  const std::size_t n = integ.size();
  const T dir = integ.problem().t1() > integ.problem().t0() ? T(1) : T(-1);
  std::vector<T> buffer(o.saveat.empty() ? 0 : n);
  std::optional<DenseOutput<T>> dense;
  if (endpoints && !every) {
    sol.t.reserve(2);
    sol.y.reserve(2);
  }
  if (o.dense) dense.emplace(n);

  auto save = [&](T t, std::span<const T> y) {
    if (!sol.t.empty() && sol.t.back() == t && (every || endpoints)) return;  // no duplicates
    sol.t.push_back(t);
    sol.y.emplace_back(y.begin(), y.end());
  };

  std::size_t next = 0;
  if (every || endpoints) save(integ.t(), integ.y());
  while (next < o.saveat.size() && static_cast<T>(o.saveat[next]) == integ.t()) {
    save(integ.t(), integ.y());
    ++next;
  }
  Status status = integ.status();
  while (!integ.done()) {
    status = integ.step();
    if (status != Status::success) break;
    while (next < o.saveat.size() && dir * (static_cast<T>(o.saveat[next]) - integ.t()) <= 0) {
      const T tq = static_cast<T>(o.saveat[next]);
      if (tq == integ.t()) {
        save(tq, integ.y());
      } else {
        integ.interpolate(tq, buffer);
        save(tq, buffer);
      }
      ++next;
    }
    if (every) save(integ.t(), integ.y());
    if (dense) integ.push_dense(*dense);
  }
  status = integ.status();
  if (status != Status::success) sol.set_status(status, describe_failure(integ, o));
  if (endpoints && !every) save(integ.t(), integ.y());
  sol.stats = integ.stats();
  if constexpr (requires { integ.switches(); }) {
    sol.switches.assign(integ.switches().begin(), integ.switches().end());
  }
  if (dense) sol.set_dense(std::move(*dense));
  return sol;
}

}  // namespace detail

/// Solves the problem with the method. Throws std::invalid_argument for malformed input;
/// solver failures are reported in the Solution's status and message, with everything
/// computed up to the failure kept.
template <class Problem, class Method>
auto solve(const Problem& problem, const Method& method, const Options& options = {}) {
  Integrator<Problem, Method> integ(problem, method, options);
  return detail::drive(integ, options);
}

}  // namespace odekit
