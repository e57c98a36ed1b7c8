#pragma once
// The Dormand–Prince 5(4) pair (J. R. Dormand and P. J. Prince, "A family of embedded
// Runge–Kutta formulae", J. Comput. Appl. Math. 6 (1980) 19–26). Seven stages, FSAL;
// fifth-order solution, b_err = b - b_hat with b_hat of order 4. Dense output: the
// fourth-order continuous extension of the DOPRI5 code (Hairer, Norsett & Wanner, Solving
// ODEs I, 2nd ed., Sec. II.6, coefficients d_1, d_3, ..., d_7), expanded exactly into the
// weights b_l(theta) = sum_m b_theta[l][m] theta^(m+1).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct DP5 {
  static constexpr std::string_view name = "DP5";
  static constexpr ButcherTableau<7> tableau{
      .c = {0, 0.2L, 0.3L, 0.8L, 8.0L / 9, 1.0L, 1.0L},
      .a = {{
          {0, 0, 0, 0, 0, 0, 0},
          {0.2L, 0, 0, 0, 0, 0, 0},
          {3.0L / 40, 9.0L / 40, 0, 0, 0, 0, 0},
          {44.0L / 45, -56.0L / 15, 32.0L / 9, 0, 0, 0, 0},
          {19372.0L / 6561, -25360.0L / 2187, 64448.0L / 6561, -212.0L / 729, 0, 0, 0},
          {9017.0L / 3168, -355.0L / 33, 46732.0L / 5247, 49.0L / 176, -5103.0L / 18656, 0, 0},
          {35.0L / 384, 0, 500.0L / 1113, 125.0L / 192, -2187.0L / 6784, 11.0L / 84, 0},
      }},
      .b = {35.0L / 384, 0, 500.0L / 1113, 125.0L / 192, -2187.0L / 6784, 11.0L / 84, 0},
      .b_err = {71.0L / 57600, 0, -71.0L / 16695, 71.0L / 1920, -17253.0L / 339200, 22.0L / 525,
                -1.0L / 40},
      .order = 5,
      .error_order = 4,
  };
  static constexpr DenseCoefficients<7, 0, 4> dense{
      .c = {},
      .a = {},
      .b_theta = {{
          {1.0L, -8048581381.0L / 2820520608, 8663915743.0L / 2820520608,
           -12715105075.0L / 11282082432},
          {0, 0, 0, 0},
          {0, 131558114200.0L / 32700410799, -68118460800.0L / 10900136933,
           87487479700.0L / 32700410799},
          {0, -1754552775.0L / 470086768, 14199869525.0L / 1410260304,
           -10690763975.0L / 1880347072},
          {0, 127303824393.0L / 49829197408, -318862633887.0L / 49829197408,
           701980252875.0L / 199316789632},
          {0, -282668133.0L / 205662961, 2019193451.0L / 616988883, -1453857185.0L / 822651844},
          {0, 40617522.0L / 29380423, -110615467.0L / 29380423, 69997945.0L / 29380423},
      }},
      .order = 4,
      .description = "DOPRI5 continuous extension (order 4)",
  };
};

static_assert(tableau_check::is_explicit(DP5::tableau));
static_assert(tableau_check::rows_sum_to_c(DP5::tableau));
static_assert(tableau_check::low_order_conditions_hold(DP5::tableau));
static_assert(tableau_check::error_weights_sum_to_zero(DP5::tableau));
static_assert(tableau_check::is_fsal(DP5::tableau));
static_assert(tableau_check::dense_is_consistent(DP5::tableau, DP5::dense));

}  // namespace odekit::tableaus
