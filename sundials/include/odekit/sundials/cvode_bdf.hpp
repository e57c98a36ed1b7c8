#pragma once
// odekit::CVODE_BDF through the Integrator interface: solve(problem, CVODE_BDF{}, options)
// runs SUNDIALS CVODE with saveat, dense output and failure handling as for every method.
// Needs odekit built with ODEKIT_ENABLE_SUNDIALS=ON (target odekit::sundials). See
// docs/bdf_cvode.md.

#include <utility>

#include "odekit/core/options.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/pinned_integrator.hpp"
#include "odekit/sundials/cvode_method.hpp"
#include "odekit/sundials/cvode_solver.hpp"

namespace odekit {

template <class Problem>
class Integrator<Problem, CVODE_BDF>
    : public detail::PinnedIntegrator<detail::CvodeSolver<Problem>> {
 public:
  /// Validates the problem, options and method (std::invalid_argument on misuse) and sets
  /// CVODE up.
  Integrator(Problem problem, CVODE_BDF method, const Options& options)
      : detail::PinnedIntegrator<detail::CvodeSolver<Problem>>(std::move(problem), method,
                                                               options) {}
};

}  // namespace odekit
