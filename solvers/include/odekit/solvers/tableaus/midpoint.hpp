#pragma once
// The explicit midpoint rule (Runge, 1895; Hairer, Norsett & Wanner, Solving ODEs I,
// (II.1.3)). Fixed step; cubic Hermite dense output (order 3).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct Midpoint {
  static constexpr std::string_view name = "Midpoint";
  static constexpr ButcherTableau<2> tableau{.c = {0.0L, 0.5L},
                                             .a = {{{0, 0}, {0.5L, 0}}},
                                             .b = {0.0L, 1.0L},
                                             .b_err = {},
                                             .order = 2,
                                             .error_order = 0};
  static constexpr auto dense = hermite_dense<2, false>(tableau);
};

}  // namespace odekit::tableaus
