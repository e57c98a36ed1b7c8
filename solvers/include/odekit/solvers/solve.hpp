#pragma once
// solve(problem, Method{}, options): runs an integrator over the whole time span and
// collects the saved states, the dense output and the outcome into a Solution.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/solution.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/validate_options.hpp"

namespace odekit {

namespace detail {

/// What happened and where, placed before the status's fixed advice. `rhs` names what can
/// return NaN or Inf: "the right-hand side", or an SDE's "the drift or the diffusion".
inline std::string failure_detail(Status s, double t, long max_steps, double dtmin,
                                  std::string_view rhs = "the right-hand side") {
  const std::string at = " at t = " + num(t);
  switch (s) {
    case Status::max_steps_reached:
      return "max_steps = " + std::to_string(max_steps) + " reached" + at;
    case Status::dt_below_min:
      return "step size below dtmin = " + num(dtmin) + at;
    case Status::rhs_not_finite:
      return std::string(rhs) + " returned NaN or Inf in the step from t = " + num(t) +
             " (the solution is kept up to there)";
    case Status::newton_failed:
    case Status::linear_solve_failed:
      return std::string(name(s)) + " in the step from t = " + num(t) +
             " (the solution is kept up to there)";
    default:
      return std::string(name(s)) + at;
  }
}

/// What a failed integrator reports: where and what (failure_detail, naming `rhs` as what
/// can return NaN or Inf), and the method's own note when it has one.
template <class Integ, class Opts>
std::string describe_failure(const Integ& integ, const Opts& o,
                             std::string_view rhs = "the right-hand side") {
  std::string what = failure_detail(integ.status(), static_cast<double>(integ.failure_time()),
                                    o.max_steps, o.dtmin, rhs);
  if constexpr (requires { integ.failure_note(); }) {
    if (!integ.failure_note().empty()) what += " (" + std::string(integ.failure_note()) + ")";
  }
  return what;
}

/// Drives any integrator exposing step(), done(), status(), t(), y(), size(), stats(),
/// failure_time() and method_name() through the time span, saving into `sol` (a
/// SolutionBase) as the options ask: every accepted step, the save times, or the end points;
/// on failure the status with its detail, and everything computed up to there. A save time
/// between two steps is interpolated by integrate.interpolate() where the integrator has one;
/// integrators without one (SDEs) step onto every save time. `on_step` runs after every
/// accepted step. Shared by the ODE and the SDE solves.
template <class Integ, class Opts, class Sol, class OnStep>
void drive_into(Integ& integ, const Opts& o, Sol& sol, std::string_view rhs, OnStep&& on_step) {
  using T = typename Integ::T;
  sol.method = std::string(integ.method_name());
  const bool every = o.save_everystep.value_or(o.saveat.empty());
  const bool endpoints = o.saveat.empty();
  const T dir = integ.problem().t1() > integ.problem().t0() ? T(1) : T(-1);
  std::vector<T> buffer(o.saveat.empty() ? 0 : integ.size());
  if (endpoints && !every) {
    sol.t.reserve(2);
    sol.y.reserve(2);
  }

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
  while (!integ.done()) {
    if (integ.step() != Status::success) break;
    while (next < o.saveat.size() && dir * (static_cast<T>(o.saveat[next]) - integ.t()) <= 0) {
      const T tq = static_cast<T>(o.saveat[next]);
      if constexpr (requires { integ.interpolate(tq, std::span<T>(buffer)); }) {
        if (tq != integ.t()) {
          integ.interpolate(tq, buffer);
          save(tq, buffer);
          ++next;
          continue;
        }
      }
      save(tq, integ.y());
      ++next;
    }
    if (every) save(integ.t(), integ.y());
    on_step();
  }
  const Status status = integ.status();
  if (status != Status::success) sol.set_status(status, describe_failure(integ, o, rhs));
  if (endpoints && !every) save(integ.t(), integ.y());
  sol.stats = integ.stats();
}

/// drive_into() for the ODE integrators, with the dense output when asked for and the method
/// switches of an automatic-switching method.
template <class Integ>
auto drive(Integ& integ, const Options& o) {
  using T = typename Integ::T;
  BasicSolution<T> sol;
  std::optional<DenseOutput<T>> dense;
  if (o.dense) dense.emplace(integ.size());
  drive_into(integ, o, sol, "the right-hand side", [&] {
    if (dense) integ.push_dense(*dense);
  });
  if constexpr (requires { integ.switches(); }) {
    sol.switches.assign(integ.switches().begin(), integ.switches().end());
  }
  if (dense) sol.set_dense(std::move(*dense));
  return sol;
}

}  // namespace detail

/// Solves the problem with the method. Throws std::invalid_argument for malformed input;
/// solver failures are reported in the Solution's status and message, with everything
/// computed up to the failure kept. Problems with a noise term are SDEs (sde/sde_solve.hpp):
/// excluded here so that {.rtol = ..., .atol = ...} is not ambiguous between the two.
template <class Problem, class Method>
requires(!requires(const Problem& p) {
  p.noise;
}) auto solve(const Problem& problem, const Method& method, const Options& options = {}) {
  Integrator<Problem, Method> integ(problem, method, options);
  return detail::drive(integ, options);
}

}  // namespace odekit
