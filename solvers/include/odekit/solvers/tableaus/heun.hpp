#pragma once
// Heun's method, the explicit trapezoidal rule (Heun, 1900; Hairer, Norsett & Wanner,
// Solving ODEs I, Table II.1.1). Fixed step; cubic Hermite dense output (order 3).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct Heun {
  static constexpr std::string_view name = "Heun";
  static constexpr ButcherTableau<2> tableau{.c = {0.0L, 1.0L},
                                             .a = {{{0, 0}, {1.0L, 0}}},
                                             .b = {0.5L, 0.5L},
                                             .b_err = {},
                                             .order = 2,
                                             .error_order = 0};
  static constexpr auto dense = hermite_dense<2, false>(tableau);
};

}  // namespace odekit::tableaus
