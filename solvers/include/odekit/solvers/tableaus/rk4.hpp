#pragma once
// The classical fourth-order Runge–Kutta method (Kutta, 1901; Hairer, Norsett & Wanner,
// Solving ODEs I, Table II.1.2). Fixed step; cubic Hermite dense output (order 3).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct RK4 {
  static constexpr std::string_view name = "RK4";
  static constexpr ButcherTableau<4> tableau{
      .c = {0.0L, 0.5L, 0.5L, 1.0L},
      .a = {{{0, 0, 0, 0}, {0.5L, 0, 0, 0}, {0, 0.5L, 0, 0}, {0, 0, 1.0L, 0}}},
      .b = {1.0L / 6, 1.0L / 3, 1.0L / 3, 1.0L / 6},
      .b_err = {},
      .order = 4,
      .error_order = 0,
  };
  static constexpr auto dense = hermite_dense<4, false>(tableau);
};

}  // namespace odekit::tableaus
