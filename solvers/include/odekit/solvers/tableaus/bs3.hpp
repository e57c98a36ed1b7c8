#pragma once
// The Bogacki–Shampine 3(2) pair (P. Bogacki and L. F. Shampine, "A 3(2) pair of
// Runge–Kutta formulas", Appl. Math. Lett. 2 (1989) 321–325). Four stages, FSAL; third-
// order solution, b_err = b - b_hat with b_hat of order 2. Dense output: the cubic Hermite
// interpolant through the FSAL stage, the pair's natural interpolant (order 3).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct BS3 {
  static constexpr std::string_view name = "BS3";
  static constexpr ButcherTableau<4> tableau{
      .c = {0, 0.5L, 0.75L, 1.0L},
      .a = {{
          {0, 0, 0, 0},
          {0.5L, 0, 0, 0},
          {0, 0.75L, 0, 0},
          {2.0L / 9, 1.0L / 3, 4.0L / 9, 0},
      }},
      .b = {2.0L / 9, 1.0L / 3, 4.0L / 9, 0},
      .b_err = {-5.0L / 72, 1.0L / 12, 1.0L / 9, -0.125L},
      .order = 3,
      .error_order = 2,
  };
  static constexpr auto dense = hermite_dense<4, true>(tableau);
};

static_assert(tableau_check::is_explicit(BS3::tableau));
static_assert(tableau_check::rows_sum_to_c(BS3::tableau));
static_assert(tableau_check::low_order_conditions_hold(BS3::tableau));
static_assert(tableau_check::error_weights_sum_to_zero(BS3::tableau));
static_assert(tableau_check::is_fsal(BS3::tableau));
static_assert(tableau_check::dense_is_consistent(BS3::tableau, BS3::dense));

}  // namespace odekit::tableaus
