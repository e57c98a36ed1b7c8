#pragma once
// The Kolmogorov–Smirnov test of samples against the standard normal distribution, for the
// tests of the Gaussian generator and of the Brownian paths built on it.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace odekit_test {

/// Kolmogorov–Smirnov statistic of samples against N(0, 1).
inline double ks_statistic(std::vector<double> z) {
  std::sort(z.begin(), z.end());
  const double n = static_cast<double>(z.size());
  double d = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double cdf = 0.5 * std::erfc(-z[i] / std::sqrt(2.0));
    d = std::max({d, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  return d;
}

/// Critical value of the test at significance 0.001 (asymptotic: 1.949 / sqrt(n)).
inline double ks_critical(std::size_t n) {
  return 1.949 / std::sqrt(static_cast<double>(n));
}

}  // namespace odekit_test
