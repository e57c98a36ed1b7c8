#pragma once
// KenCarp4: the additive Runge-Kutta pair ARK4(3)6L[2]SA of C. A. Kennedy and M. H.
// Carpenter, "Additive Runge-Kutta schemes for convection-diffusion-reaction equations",
// Appl. Numer. Math. 44 (2003) 139-181 (Tables of ARK4(3)6L[2]SA and its dense output): an
// ESDIRK of order 4 (embedded order 3), L-stable and stiffly accurate with gamma = 1/4, and an
// explicit RK of order 4 sharing its c, b and b_hat, for y' = f_stiff + f_nonstiff; the
// dense output b_j(theta) = sum_k b*_jk theta^k, of order 3, serves both.

#include <array>
#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct KenCarp4 {
  static constexpr std::string_view name = "KenCarp4";
  static constexpr long double g = 0.25L;
  static constexpr std::array<long double, 6> c{0, 0.5L, 83.0L / 250, 31.0L / 50, 17.0L / 20, 1};
  static constexpr std::array<long double, 6> b{
      82889.0L / 524892, 0, 15625.0L / 83664, 69875.0L / 102672, -2260.0L / 8211, g};
  static constexpr std::array<long double, 6> b_hat{
      4586570599.0L / 29645900160, 0,
      178811875.0L / 945068544,    814220225.0L / 1159782912,
      -3700637.0L / 11593932,      61727.0L / 225920};
  static constexpr std::array<long double, 6> b_err{b[0] - b_hat[0], b[1] - b_hat[1],
                                                    b[2] - b_hat[2], b[3] - b_hat[3],
                                                    b[4] - b_hat[4], b[5] - b_hat[5]};

  /// The implicit (ESDIRK) tableau, applied to f_stiff (to all of f for an OdeProblem).
  static constexpr ButcherTableau<6> tableau{
      .c = c,
      .a = {{{0, 0, 0, 0, 0, 0},
             {g, g, 0, 0, 0, 0},
             {8611.0L / 62500, -1743.0L / 31250, g, 0, 0, 0},
             {5012029.0L / 34652500, -654441.0L / 2922500, 174375.0L / 388108, g, 0, 0},
             {15267082809.0L / 155376265600, -71443401.0L / 120774400, 730878875.0L / 902184768,
              2285395.0L / 8070912, g, 0},
             b}},
      .b = b,
      .b_err = b_err,
      .order = 4,
      .error_order = 3,
  };

  /// The explicit tableau, applied to f_nonstiff of a SplitOdeProblem.
  static constexpr ButcherTableau<6> explicit_tableau{
      .c = c,
      .a = {{{0, 0, 0, 0, 0, 0},
             {0.5L, 0, 0, 0, 0, 0},
             {13861.0L / 62500, 6889.0L / 62500, 0, 0, 0, 0},
             {-116923316275.0L / 2393684061468, -2731218467317.0L / 15368042101831,
              9408046702089.0L / 11113171139209, 0, 0, 0},
             {-451086348788.0L / 2902428689909, -2682348792572.0L / 7519795681897,
              12662868775082.0L / 11960479115383, 3355817975965.0L / 11060851509271, 0, 0},
             {647845179188.0L / 3216320057751, 73281519250.0L / 8382639484533,
              552539513391.0L / 3454668386233, 3354512671639.0L / 8306763924573, 4040.0L / 17871,
              0}}},
      .b = b,
      .b_err = b_err,
      .order = 4,
      .error_order = 3,
  };

  static constexpr DenseCoefficients<6, 0, 3> dense{
      .b_theta = {{{6943876665148.0L / 7220017795957, -54480133.0L / 30881146,
                    6818779379841.0L / 7100303317025},
                   {0, 0, 0},
                   {7640104374378.0L / 9702883013639, -11436875.0L / 14766696,
                    2173542590792.0L / 12501825683035},
                   {-20649996744609.0L / 7521556579894, 174696575.0L / 18121608,
                    -31592104683404.0L / 5083833661969},
                   {8854892464581.0L / 2390941311638, -12120380.0L / 966161,
                    61146701046299.0L / 7138195549469},
                   {-11397109935349.0L / 6675773540249, 3843.0L / 706,
                    -17219254887155.0L / 4939391667607}}},
      .order = 3,
      .description = "Kennedy & Carpenter's ARK4(3)6L[2]SA dense output, order 3",
  };
};

}  // namespace odekit::tableaus
