#pragma once
// odekit::BDF through the Integrator interface, so that solve(problem, BDF{}, options) runs it
// with saveat, dense output and failure handling as for every method. See docs/bdf_cvode.md.

#include <utility>

#include "odekit/core/options.hpp"
#include "odekit/solvers/bdf/bdf_solver.hpp"
#include "odekit/solvers/bdf/method.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/pinned_integrator.hpp"

namespace odekit {

template <class Problem>
class Integrator<Problem, BDF> : public detail::PinnedIntegrator<detail::BdfSolver<Problem>> {
 public:
  /// Validates the problem, options and method (std::invalid_argument on misuse) and evaluates
  /// f(t0, y0).
  Integrator(Problem problem, BDF method, const Options& options)
      : detail::PinnedIntegrator<detail::BdfSolver<Problem>>(std::move(problem), method, options) {}
};

}  // namespace odekit
