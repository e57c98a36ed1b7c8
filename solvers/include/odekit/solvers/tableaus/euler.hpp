#pragma once
// The explicit Euler method (Hairer, Norsett & Wanner, Solving ODEs I, (I.7.3)). Fixed
// step; cubic Hermite dense output (order 3, above the method's own order).

#include <string_view>

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::tableaus {

struct Euler {
  static constexpr std::string_view name = "Euler";
  static constexpr ButcherTableau<1> tableau{
      .c = {0.0L}, .a = {{{0}}}, .b = {1.0L}, .b_err = {}, .order = 1, .error_order = 0};
  static constexpr auto dense = hermite_dense<1, false>(tableau);
};

}  // namespace odekit::tableaus
