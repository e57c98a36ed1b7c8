#pragma once
// odekit::CVODE_BDF: SUNDIALS CVODE's variable-order (1 to 5) BDF method with Newton
// iteration (Hindmarsh et al., "SUNDIALS: Suite of nonlinear and differential/algebraic
// equation solvers", ACM TOMS 31 (2005)), run through odekit's solve(). Available when odekit
// is built with ODEKIT_ENABLE_SUNDIALS=ON. The object holds settings only; see
// docs/bdf_cvode.md for what maps to what.

#include <string_view>

#include "odekit/solvers/validate_options.hpp"

namespace odekit {

/// Where CVODE's Newton matrix gets df/dy (or its products with vectors) from.
enum class CvodeJacobian {
  odekit,                ///< odekit's Jacobian machinery: f.jac, dual numbers or finite
                         ///< differences, as Options::jac says (exact with duals)
  difference_quotients,  ///< CVODE's own difference quotients (linsolve = dense or gmres)
};

struct CVODE_BDF {
  /// Highest BDF order, 1 to 5 (CVodeSetMaxOrd).
  int max_order = 5;
  CvodeJacobian jacobian = CvodeJacobian::odekit;
  /// Newton iterations per step attempt (CVodeSetMaxNonlinIters; CVODE's default 3).
  int max_nonlinear_iterations = 3;

  static constexpr std::string_view name = "CVODE_BDF";
  static constexpr bool is_adaptive = true;

  /// Throws std::invalid_argument naming the setting that is out of range.
  void validate() const {
    detail::require_setting(max_order >= 1 && max_order <= 5, "CVODE_BDF::max_order", max_order,
                            "1 to 5");
    detail::require_setting(max_nonlinear_iterations >= 1, "CVODE_BDF::max_nonlinear_iterations",
                            max_nonlinear_iterations, ">= 1");
  }
};

}  // namespace odekit
