#pragma once
// solve(problem, Method{}, SdeOptions): runs an SdeIntegrator over the time span on the given
// Brownian path (or on a VirtualBrownianTree made from options.seed) and collects the saved
// states and the outcome into an SdeSolution.

#include <string_view>

#include "odekit/sde/brownian_path.hpp"
#include "odekit/sde/sde_integrator.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solution.hpp"
#include "odekit/sde/virtual_brownian_tree.hpp"
#include "odekit/solvers/solve.hpp"

namespace odekit {

namespace detail {

/// What returns NaN or Inf in an SDE, for the failure messages.
inline constexpr std::string_view kDriftOrDiffusion = "the drift or the diffusion";

/// Drives an SdeIntegrator through the span, saving as the options ask (the ODE solve's
/// driver, solvers/solve.hpp: steps stop on the save times, so nothing is interpolated).
template <class Integ>
auto drive_sde(Integ& integ, const SdeOptions& o) {
  BasicSdeSolution<typename Integ::T> sol;
  sol.noise = integ.problem().noise;
  sol.seed = o.seed;
  drive_into(integ, o, sol, kDriftOrDiffusion, [] {});
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
