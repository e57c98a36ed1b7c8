#pragma once
// Mixed-error significant correct digits, the accuracy metric of the Bari test set for IVP
// solvers (Mazzia & Magherini, release 2.4):
// mescd = -log10(max_i |y_i - yref_i| / (atol/rtol + |yref_i|)).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace odekit::problems {

/// Significant digits of y against yref; 99 when they agree exactly.
inline double mescd(std::span<const double> y, std::span<const double> yref, double rtol,
                    double atol) {
  double worst = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    worst = std::max(worst, std::abs(y[i] - yref[i]) / (atol / rtol + std::abs(yref[i])));
  }
  return worst == 0 ? 99.0 : -std::log10(worst);
}

}  // namespace odekit::problems
