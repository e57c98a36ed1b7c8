#pragma once
// Gauss–Legendre quadrature on [0, 1]: m nodes integrate polynomials of degree 2m - 1
// exactly. Nodes are the roots of the Legendre polynomial P_m, found by Newton's method from
// Tricomi's asymptotic guesses cos(pi (i - 1/4) / (m + 1/2)); weights 2 / ((1 - x^2) P_m'(x)^2)
// (Abramowitz & Stegun, Handbook of Mathematical Functions, 25.4.29), both halved for [0, 1].

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace odekit {

struct QuadratureRule {
  std::vector<double> nodes;    ///< in (0, 1), increasing
  std::vector<double> weights;  ///< summing to 1
};

/// The m-point Gauss–Legendre rule on [0, 1] (1 <= m <= 64).
inline QuadratureRule gauss_legendre(int m) {
  if (m < 1 || m > 64) {
    throw std::invalid_argument("nodes = " + std::to_string(m) + ": expected 1 to 64");
  }
  QuadratureRule rule{std::vector<double>(m), std::vector<double>(m)};
  for (int i = 0; i < m; ++i) {
    double x = std::cos(std::numbers::pi * (i + 0.75) / (m + 0.5));
    double dp = 0;
    for (int iter = 0; iter < 100; ++iter) {
      // P_m(x) and P_m'(x) by the three-term recurrence.
      double p0 = 1, p1 = x;
      for (int k = 2; k <= m; ++k) {
        const double pk = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = pk;
      }
      dp = m * (x * p1 - p0) / (x * x - 1);
      const double dx = p1 / dp;
      x -= dx;
      if (std::abs(dx) < 1e-16) break;
    }
    // Root i of P_m is at -x in increasing order; map [-1, 1] to [0, 1].
    rule.nodes[i] = (1 - x) / 2;
    rule.weights[i] = 1 / ((1 - x * x) * dp * dp);
  }
  return rule;
}

/// Nodes for integrating over a step whose values come from an interpolant of the given
/// order: m nodes are exact to degree 2m - 1, one more than the order needs.
constexpr int nodes_for_order(int order) {
  return (order + 2) / 2 + 1;
}

}  // namespace odekit
