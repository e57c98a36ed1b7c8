#pragma once
// Dense output of the BDF/NDF steps: the backward-difference interpolating polynomial of the
// step's order k through y_{n+1}, y_n, ..., y_{n+1-k} (Shampine & Reichelt 1997, Section 2),
//   P(t_{n+1} + s h) = y_{n+1} + sum_{j=1}^{k} D_j s (s+1) ... (s+j-1) / j!,  s = theta - 1,
// with D_j = nabla^j y_{n+1} and y_{n+1} = y_n + D_1. Its error inside the step is
// O(h^(k+1)), the order of the step's own local error: order k, one record per order.
// A segment stores D_1..D_k (k vectors); P(t_n) = y_n and P(t_{n+1}) = y_{n+1}.

#include <array>
#include <cstddef>

#include "odekit/core/dense_output.hpp"
#include "odekit/solvers/bdf/coefficients.hpp"

namespace odekit::detail {

template <int K>
void bdf_evaluate(double theta, double /*dt*/, const double* y0, const double* stored,
                  std::size_t n, double* out) {
  const double s = theta - 1;
  std::array<double, K + 1> c{};  // c_j = s (s+1) ... (s+j-1) / j!
  c[1] = s;
  for (int j = 2; j <= K; ++j) c[j] = c[j - 1] * (s + j - 1) / j;
  for (std::size_t i = 0; i < n; ++i) out[i] = y0[i] + (1 + c[1]) * stored[i];
  for (int j = 2; j <= K; ++j) {
    const double* dj = stored + static_cast<std::size_t>(j - 1) * n;
    for (std::size_t i = 0; i < n; ++i) out[i] += c[j] * dj[i];
  }
}

inline constexpr std::array<Interpolant<double>, kBdfMaxOrder> kBdfInterpolants{{
    {"BDF backward-difference polynomial, order 1", 1, 1, &bdf_evaluate<1>},
    {"BDF backward-difference polynomial, order 2", 2, 2, &bdf_evaluate<2>},
    {"BDF backward-difference polynomial, order 3", 3, 3, &bdf_evaluate<3>},
    {"BDF backward-difference polynomial, order 4", 4, 4, &bdf_evaluate<4>},
    {"BDF backward-difference polynomial, order 5", 5, 5, &bdf_evaluate<5>},
}};

}  // namespace odekit::detail
