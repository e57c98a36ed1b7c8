#pragma once
// TRBDF2: the trapezoidal rule followed by BDF2 on the same step, written as the ESDIRK
// of M. E. Hosea and L. F. Shampine, "Analysis and implementation of TR-BDF2", Appl. Numer.
// Math. 20 (1996) 21-37: gamma = 2 - sqrt(2) (the TR sub-step's fraction of the step),
// d = gamma / 2, w = sqrt(2) / 4,
//
//   c = (0, gamma, 1),  a = [[0, 0, 0], [d, d, 0], [w, w, d]],  b = (w, w, d),
//   b_hat = ((1 - w) / 3, (3 w + 1) / 3, d / 3)   (their third-order companion),
//
// order 2, L-stable and stiffly accurate. Dense output: the cubic Hermite interpolant of
// y0, y1, f(t0, y0) and the last stage's f(t1, y1), order 2 here (it interpolates a
// second-order solution; cubic for smooth data).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct TRBDF2 {
  static constexpr std::string_view name = "TRBDF2";
  static constexpr long double sqrt2 = 1.414213562373095048801688724209698079L;
  static constexpr long double g = 2 - sqrt2;
  static constexpr long double d = g / 2;
  static constexpr long double w = sqrt2 / 4;
  static constexpr ButcherTableau<3> tableau{
      .c = {0, g, 1},
      .a = {{{0, 0, 0}, {d, d, 0}, {w, w, d}}},
      .b = {w, w, d},
      .b_err = {w - (1 - w) / 3, w - (3 * w + 1) / 3, d - d / 3},
      .order = 2,
      // err = y1 - (third-order solution) = O(h^3).
      .error_order = 2,
  };
  static constexpr auto dense = hermite_dense<3, true>(tableau);
};

}  // namespace odekit::tableaus
