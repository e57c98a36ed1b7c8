#pragma once
// Least-squares slope of log(error) against log(dt): the empirical order of convergence.

#include <cmath>
#include <cstddef>
#include <vector>

namespace odekit_test {

inline double fitted_slope(const std::vector<double>& dts, const std::vector<double>& errors) {
  double mx = 0, my = 0;
  const double n = static_cast<double>(dts.size());
  for (std::size_t i = 0; i < dts.size(); ++i) {
    mx += std::log(dts[i]) / n;
    my += std::log(errors[i]) / n;
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < dts.size(); ++i) {
    const double dx = std::log(dts[i]) - mx;
    sxy += dx * (std::log(errors[i]) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

}  // namespace odekit_test
