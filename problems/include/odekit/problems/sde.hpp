#pragma once
// The SDE problems of SciMLBenchmarks' NonStiffSDE set and of torchsde's README, with their
// exact solutions where one exists (shared/problems.md). Drifts and diffusions are generic,
// so they run with dual numbers (Milstein) and in any precision.

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "odekit/sde/sde_problem.hpp"

namespace odekit::problems {

/// Geometric Brownian motion dy_i = mu y_i dt + sigma y_i dW_i, p = (mu, sigma), for every
/// component (independent copies: a batch).
struct GbmDrift {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dy) const {
    for (std::size_t i = 0; i < y.size(); ++i) dy[i] = p[0] * y[i];
  }
};
struct GbmDiffusion {
  template <class T, class Y, class P, class G>
  void operator()(T, const Y& y, const P& p, G&& g) const {
    for (std::size_t i = 0; i < y.size(); ++i) g[i] = p[1] * y[i];
  }
};

/// Scalar GBM (Itô) of SciMLBenchmarks: mu = 1.01, sigma = 0.87, y0 = 1/2, t in [0, 1].
/// `batch` independent copies make a diagonal-noise system (torchsde's batch).
inline SdeProblem<GbmDrift, GbmDiffusion> gbm(double mu = 1.01, double sigma = 0.87,
                                              double y0 = 0.5, std::size_t batch = 1) {
  return {GbmDrift{}, GbmDiffusion{}, std::vector<double>(batch, y0),
          {0.0, 1.0}, {mu, sigma},    Noise::diagonal};
}

/// The Itô solution of GBM: y0 exp((mu - sigma^2/2) t + sigma W(t)).
inline double gbm_exact(double y0, double mu, double sigma, double t, double w) {
  return y0 * std::exp((mu - 0.5 * sigma * sigma) * t + sigma * w);
}

/// The same GBM written for Stratonovich methods: drift mu - sigma^2/2 (the Itô-to-
/// Stratonovich correction -1/2 g' g), so that its Stratonovich solution is gbm_exact().
inline SdeProblem<GbmDrift, GbmDiffusion> gbm_stratonovich(double mu = 1.01, double sigma = 0.87,
                                                           double y0 = 0.5) {
  return {GbmDrift{},     GbmDiffusion{}, {y0}, {0.0, 1.0}, {mu - 0.5 * sigma * sigma, sigma},
          Noise::diagonal};
}

/// The additive-noise system of SciMLBenchmarks: dy = (beta/sqrt(1+t) - y/(2(1+t))) dt +
/// alpha beta/sqrt(1+t) dW, p = (alpha[4], beta[4]), y0 = ones(4), t in [0, 1].
struct AdditiveDrift {
  template <class T, class Y, class P, class D>
  void operator()(T t, const Y& y, const P& p, D&& dy) const {
    using std::sqrt;
    const auto s = sqrt(1 + t);
    for (std::size_t i = 0; i < 4; ++i) dy[i] = p[4 + i] / s - y[i] / (2 * (1 + t));
  }
};
struct AdditiveDiffusion {
  template <class T, class Y, class P, class G>
  void operator()(T t, const Y&, const P& p, G&& g) const {
    using std::sqrt;
    const auto s = sqrt(1 + t);
    for (std::size_t i = 0; i < 4; ++i) g[i] = p[i] * p[4 + i] / s;
  }
};

/// The published problem has alpha = 0.1 in every component; `alpha` scales the noise (the
/// exact solution holds for any value).
inline SdeProblem<AdditiveDrift, AdditiveDiffusion> additive_system(double alpha = 0.1) {
  return {AdditiveDrift{},
          AdditiveDiffusion{},
          {1, 1, 1, 1},
          {0.0, 1.0},
          {alpha, alpha, alpha, alpha, 0.5, 0.25, 0.125, 0.1115},
          Noise::additive};
}

/// Exact solution of additive_system(alpha): (y0 + beta (t + alpha W(t))) / sqrt(1+t).
inline std::array<double, 4> additive_system_exact(double t, const double* w, double alpha = 0.1) {
  const double beta[4] = {0.5, 0.25, 0.125, 0.1115};
  std::array<double, 4> y{};
  for (int i = 0; i < 4; ++i) y[i] = (1 + beta[i] * (t + alpha * w[i])) / std::sqrt(1 + t);
  return y;
}

/// Lotka–Volterra SDE of SciMLBenchmarks: the Lotka–Volterra drift (a, b, c, d) =
/// (1.5, 1, 3, 1) with diagonal noise 0.1 y; p = (a, b, c, d, 0.1); y0 = (1, 1), t in [0, 10].
struct LotkaVolterraDrift {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dy) const {
    dy[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dy[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
  }
};
struct LotkaVolterraDiffusion {
  template <class T, class Y, class P, class G>
  void operator()(T, const Y& y, const P& p, G&& g) const {
    g[0] = p[4] * y[0];
    g[1] = p[4] * y[1];
  }
};

inline SdeProblem<LotkaVolterraDrift, LotkaVolterraDiffusion> lotka_volterra_sde() {
  return {LotkaVolterraDrift{}, LotkaVolterraDiffusion{}, {1, 1},
          {0.0, 10.0},          {1.5, 1, 3, 1, 0.1},      Noise::diagonal};
}

/// torchsde's README "quick example": batch of `batch` independent copies of a 3-state SDE
/// with a 2-dimensional Brownian motion per copy (general noise), linear drift mu(y) = A y + a
/// and linear diffusion sigma(y) = B y + b reshaped to 3 x 2 (torch.nn.Linear layers).
/// The weights, random in torchsde, are fixed here to p_q = sin(q + 1) / sqrt(3) in the order
/// A (3x3), a (3), B (6x3), b (6), so both sides of a comparison use the same SDE.
struct LinearGeneralDrift {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dy) const {
    for (std::size_t c = 0; c < y.size() / 3; ++c)
      for (std::size_t i = 0; i < 3; ++i)
        dy[3 * c + i] = p[3 * i] * y[3 * c] + p[3 * i + 1] * y[3 * c + 1] +
                        p[3 * i + 2] * y[3 * c + 2] + p[9 + i];
  }
};
struct LinearGeneralDiffusion {
  template <class T, class Y, class P, class G>
  void operator()(T, const Y& y, const P& p, G&& g) const {
    // Copy c uses Brownian components 2c and 2c + 1: a block-diagonal d x m matrix.
    const std::size_t copies = y.size() / 3;
    for (std::size_t c = 0; c < copies; ++c)
      for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t col = 0; col < 2 * copies; ++col) g(3 * c + i, col) = 0 * p[0];
    for (std::size_t c = 0; c < copies; ++c)
      for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t k = 0; k < 2; ++k) {
          const std::size_t o = 2 * i + k;
          g(3 * c + i, 2 * c + k) = p[12 + 3 * o] * y[3 * c] + p[12 + 3 * o + 1] * y[3 * c + 1] +
                                    p[12 + 3 * o + 2] * y[3 * c + 2] + p[30 + o];
        }
  }
};

inline std::vector<double> torchsde_linear_general_parameters() {
  std::vector<double> p(36);
  for (std::size_t q = 0; q < p.size(); ++q)
    p[q] = std::sin(static_cast<double>(q) + 1) / std::sqrt(3.0);
  return p;
}

inline SdeProblem<LinearGeneralDrift, LinearGeneralDiffusion> torchsde_linear_general(
    std::size_t batch = 1) {
  return {LinearGeneralDrift{},
          LinearGeneralDiffusion{},
          std::vector<double>(3 * batch, 0.1),
          {0.0, 1.0},
          torchsde_linear_general_parameters(),
          Noise::general(2 * batch)};
}

}  // namespace odekit::problems
