#pragma once
// Rosenbrock23: the L-stable Rosenbrock W-method of MATLAB's ode23s, order 2 with an error
// estimate of order 3 and its own interpolant. L. F. Shampine and M. W. Reichelt, "The
// MATLAB ODE Suite", SIAM J. Sci. Comput. 18 (1997) 1-22, Sec. 3.1, with
// d = 1 / (2 + sqrt(2)), e32 = 6 + sqrt(2):
//
//   W k1 = F0 + h d T,                     F0 = f(t0, y0),  W = I - h d J
//   W (k2 - k1) = F1 - k1,                 F1 = f(t0 + h/2, y0 + h/2 k1)
//   y1 = y0 + h k2
//   W k3 = F2 - e32 (k2 - F1) - 2 (k1 - F0) + h d T,       F2 = f(t0 + h, y1)
//   err = h/6 (k1 - 2 k2 + k3),
//   y(t0 + theta h) = y0 + h (theta (1 - theta) k1 + theta (theta - 2d) k2) / (1 - 2d).
//
// Written in the transformed form of rosenbrock_tableau.hpp with u1 = h d k1,
// u2 = h d (k2 - k1), u3 = h d k3: a21 = 1/(2d), a31 = a32 = 1/d (stage 3 is at y1),
// C21 = -1/d, C31 = -(e32 + 2)/d, C32 = -e32/d, e30 = 2, e31 = e32, m = (1/d, 1/d, 0),
// m_err = (-1, -2, 1)/(6d), and the interpolant as D_1 = -u2 / (d (1 - 2d)). F2 is
// f(t1, y1), reused by the next step. W-method: order 2 with any approximation of J.

#include <string_view>

#include "odekit/solvers/implicit/rosenbrock_tableau.hpp"

namespace odekit::tableaus {

struct Rosenbrock23 {
  static constexpr std::string_view name = "Rosenbrock23";
  static constexpr long double sqrt2 = 1.414213562373095048801688724209698079L;
  static constexpr long double d = 1 / (2 + sqrt2);
  static constexpr long double e32 = 6 + sqrt2;
  static constexpr RosenbrockTableau<3, 1> tableau{
      .gamma = d,
      .c = {0, 0.5L, 1},
      .d = {d, 0, d},
      .a = {{{0, 0, 0}, {1 / (2 * d), 0, 0}, {1 / d, 1 / d, 0}}},
      .C = {{{0, 0, 0}, {-1 / d, 0, 0}, {-(e32 + 2) / d, -e32 / d, 0}}},
      .e = {{{0, 0, 0}, {0, 0, 0}, {2, e32, 0}}},
      .m = {1 / d, 1 / d, 0},
      .m_err = {-1 / (6 * d), -2 / (6 * d), 1 / (6 * d)},
      .H = {{{0, -1 / (d * (1 - 2 * d)), 0}}},
      .order = 2,
      // err = y1 - (3rd-order solution) = O(h^3), like an embedded pair of orders 2 and 3.
      .error_order = 2,
      .dense_order = 2,
      .dense_description = "ode23s's interpolant, order 2 (Shampine & Reichelt 1997)",
  };
};

}  // namespace odekit::tableaus
