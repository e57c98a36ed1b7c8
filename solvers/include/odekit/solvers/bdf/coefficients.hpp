#pragma once
// Coefficients of the BDFs and NDFs of orders 1 to 5 in backward-difference form
// (Shampine & Reichelt, "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18 (1997), Section 2).
//
// The order-k formula for y_{n+1}, with the predictor y0 = sum_{j=0}^{k} nabla^j y_n and the
// correction d = y_{n+1} - y0 = nabla^{k+1} y_{n+1}, is
//   sum_{j=1}^{k} (1/j) nabla^j y_{n+1} - kappa_k gamma_k d = h f(t_{n+1}, y_{n+1}),
// gamma_k = sum_{j=1}^{k} 1/j. With nabla^j y_{n+1} = sum_{i=j}^{k} nabla^i y_n + d this is
//   alpha_k d + sum_{j=1}^{k} gamma_j nabla^j y_n = h f(t_{n+1}, y0 + d),
// alpha_k = (1 - kappa_k) gamma_k, and the local error is error_k * d with
// error_k = kappa_k gamma_k + 1/(k+1). kappa = 0 gives the BDFs; the NDFs take Shampine and
// Reichelt's kappa (their Table 1), which buys up to 26% larger steps at orders 1 to 4 for a
// small loss of stability angle.

#include <array>

namespace odekit::detail {

inline constexpr int kBdfMaxOrder = 5;

struct BdfCoefficients {
  // Index k = 0..5 (index 0 unused, but gamma_0 = 0 keeps sums uniform).
  std::array<double, kBdfMaxOrder + 1> gamma{}, alpha{}, error{};

  static constexpr BdfCoefficients make(bool ndf) {
    constexpr std::array<double, kBdfMaxOrder + 1> ndf_kappa{0,       -0.1850, -1.0 / 9,
                                                             -0.0823, -0.0415, 0};
    BdfCoefficients c;
    for (int k = 1; k <= kBdfMaxOrder; ++k) {
      const double kappa = ndf ? ndf_kappa[k] : 0.0;
      c.gamma[k] = c.gamma[k - 1] + 1.0 / k;
      c.alpha[k] = (1 - kappa) * c.gamma[k];
      c.error[k] = kappa * c.gamma[k] + 1.0 / (k + 1);
    }
    return c;
  }
};

inline constexpr BdfCoefficients kBdfCoefficients = BdfCoefficients::make(false);
inline constexpr BdfCoefficients kNdfCoefficients = BdfCoefficients::make(true);

static_assert(kBdfCoefficients.error[1] == 0.5 && kBdfCoefficients.alpha[2] == 1.5);

}  // namespace odekit::detail
