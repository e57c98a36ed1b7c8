#pragma once
// odekit::BDF, the variable-order (1 to 5), variable-step BDF method (or the NDFs with
// .ndf = true), in the quasi-constant step size, backward-difference form of Shampine &
// Reichelt ("The MATLAB ODE Suite", SIAM J. Sci. Comput. 18 (1997)). The object holds the
// method's settings only; solve(problem, BDF{.max_order = 3}, options) runs it. See
// docs/bdf_cvode.md.

#include <string_view>

#include "odekit/solvers/validate_options.hpp"

namespace odekit {

struct BDF {
  /// Highest order used, 1 to 5 (orders 3 to 5 are not A-stable: lower it for problems with
  /// stiff oscillatory modes).
  int max_order = 5;
  /// Numerical differentiation formulas (Klopfenstein; Shampine & Reichelt) instead of BDFs:
  /// the same cost, up to 26% larger steps at orders 1 to 4.
  bool ndf = false;
  /// Newton iterations per step before the step is retried with a fresh Jacobian or a
  /// smaller step (CVODE uses 3, ode15s 4).
  int max_newton_iterations = 4;
  /// Accepted steps a Jacobian may serve before it is evaluated again (CVODE: 50). Newton
  /// asks for a fresh one earlier when it converges slowly or fails.
  int max_jacobian_age = 50;

  static constexpr bool is_adaptive = true;
  std::string_view name() const noexcept { return ndf ? "NDF" : "BDF"; }

  /// Throws std::invalid_argument naming the setting that is out of range.
  void validate() const {
    detail::require_setting(max_order >= 1 && max_order <= 5, "BDF::max_order", max_order,
                            "1 to 5");
    detail::require_setting(max_newton_iterations >= 1, "BDF::max_newton_iterations",
                            max_newton_iterations, ">= 1");
    detail::require_setting(max_jacobian_age >= 1, "BDF::max_jacobian_age", max_jacobian_age,
                            ">= 1");
  }
};

}  // namespace odekit
