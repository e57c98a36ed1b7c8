#pragma once
// The sum of a tableau row: the stage times of the SRI and SRA schemes, c = A e.

#include <array>
#include <cstddef>

namespace odekit::tableaus {

template <std::size_t S>
constexpr long double row_sum(const std::array<long double, S>& row) {
  long double s = 0;
  for (long double a : row) s += a;
  return s;
}

}  // namespace odekit::tableaus
