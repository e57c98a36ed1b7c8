#pragma once
// A stiff linear test problem with a known solution, after Prothero & Robinson (Math. Comp. 28,
// 1974): y' = A (y - g(t)) + g'(t), y(0) = g(0), so y = g = (cos t, sin 2t) whatever the
// method's stiffness handling; A is upper triangular with eigenvalues -1e4 and -10.

#include <algorithm>
#include <cmath>

#include <odekit/odekit.hpp>

namespace odekit_test {

inline auto prothero_robinson() {
  auto f = [](auto t, const auto& y, const auto&, auto&& dydt) {
    using std::cos;
    using std::sin;
    const auto g0 = cos(t), g1 = sin(2 * t);
    dydt[0] = -1e4 * (y[0] - g0) + (y[1] - g1) - sin(t);
    dydt[1] = -10 * (y[1] - g1) + 2 * cos(2 * t);
  };
  return odekit::OdeProblem{f, {1.0, 0.0}, {0.0, 3.0}};
}

/// The largest error of a solution's dense output against g, at 3001 points of [0, 3].
inline double max_dense_output_error(const odekit::Solution& sol) {
  double worst = 0;
  for (int i = 0; i <= 3000; ++i) {
    const double t = 0.001 * i;
    const auto y = sol(t);
    worst = std::max({worst, std::abs(y[0] - std::cos(t)), std::abs(y[1] - std::sin(2 * t))});
  }
  return worst;
}

}  // namespace odekit_test
