#pragma once
// Rows of the SRI and SRA tableaus: their sums (the stage times, c = A e) and whether they have
// any term (a stage without terms starts from y itself).

#include <array>
#include <cstddef>

namespace odekit::tableaus {

template <std::size_t S>
constexpr long double row_sum(const std::array<long double, S>& row) {
  long double s = 0;
  for (long double a : row) s += a;
  return s;
}

template <std::size_t S>
constexpr bool row_has_terms(const std::array<long double, S>& row) {
  for (long double a : row) {
    if (a != 0) return true;
  }
  return false;
}

}  // namespace odekit::tableaus
