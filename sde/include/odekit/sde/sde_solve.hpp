#pragma once
// solve(problem, Method{}, SdeOptions): runs an SdeIntegrator over the time span on the given
// Brownian path (or on a VirtualBrownianTree made from options.seed) and collects the saved
// states and the outcome into an SdeSolution.

#include <string>
#include <utility>
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/sde/brownian_path.hpp"
#include "odekit/sde/sde_integrator.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solution.hpp"
#include "odekit/sde/virtual_brownian_tree.hpp"

namespace odekit {

namespace detail {

/// What happened and where, placed before the status's fixed advice.
inline std::string sde_failure_detail(Status s, double t, const SdeOptions& o) {
  const std::string at = " at t = " + num(t);
  switch (s) {
    case Status::max_steps_reached:
      return "max_steps = " + std::to_string(o.max_steps) + " reached" + at;
    case Status::dt_below_min:
      return "step size below dtmin = " + num(o.dtmin) + at;
    case Status::rhs_not_finite:
      return "the drift or the diffusion returned NaN or Inf in the step from t = " + num(t) +
             " (the solution is kept up to there)";
    default:
      return std::string(name(s)) + at;
  }
}

/// Drives an SdeIntegrator through the span, saving as the options ask.
template <class Integ>
auto drive_sde(Integ& integ, const SdeOptions& o) {
  using T = typename Integ::T;
  BasicSdeSolution<T> sol;
  sol.method = std::string(integ.method_name());
  sol.noise = integ.problem().noise;
  sol.seed = o.seed;
  const bool every = o.save_everystep.value_or(o.saveat.empty());
  const bool endpoints = o.saveat.empty();
  auto save = [&](T t, std::span<const T> y) {
    sol.t.push_back(t);
    sol.y.emplace_back(y.begin(), y.end());
  };
  std::size_t next = 0;
  auto save_due = [&] {
    while (next < o.saveat.size() && static_cast<T>(o.saveat[next]) <= integ.t()) {
      save(static_cast<T>(o.saveat[next]), integ.y());
      ++next;
    }
  };
  if (every || endpoints) save(integ.t(), integ.y());
  save_due();
  while (!integ.done()) {
    if (integ.step() != Status::success) break;
    save_due();
    if (every) save(integ.t(), integ.y());
  }
  const Status status = integ.status();
  if (status != Status::success) {
    sol.set_status(status,
                   sde_failure_detail(status, static_cast<double>(integ.failure_time()), o));
  }
  if (endpoints && !every && status == Status::success) save(integ.t(), integ.y());
  sol.stats = integ.stats();
  return sol;
}

}  // namespace detail

/// Solves the SDE with the method on options.brownian (or on a VirtualBrownianTree made from
/// options.seed when that is empty). Throws std::invalid_argument for malformed input; solver
/// failures are reported in the solution's status and message, with everything computed up to
/// the failure kept.
template <class F, class G, class T, class Method>
BasicSdeSolution<T> solve(const SdeProblem<F, G, T>& problem, const Method& method,
                          const SdeOptions& options = {}) {
  {
    SdeProblem<F, G, T> checked = problem;  // fail on a malformed problem before making a path
    validate(checked);
  }
  if (options.brownian) {
    SdeIntegrator integ(problem, method, options.brownian, options);
    return detail::drive_sde(integ, options);
  }
  const VirtualBrownianTree tree(static_cast<double>(problem.tspan[0]),
                                 static_cast<double>(problem.tspan[1]), problem.brownian_dim(),
                                 options.seed, options.brownian_tol);
  SdeIntegrator integ(problem, method, tree, options);
  return detail::drive_sde(integ, options);
}

}  // namespace odekit
