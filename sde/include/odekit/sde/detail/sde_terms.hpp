#pragma once
// Evaluating drift and diffusion on raw buffers (counting each call) and forming G dW for
// every noise kind. Shared by the SDE methods.

#include <cstddef>
#include <span>

#include "odekit/sde/noise.hpp"
#include "odekit/sde/sde_solution.hpp"

namespace odekit::detail {

/// Sizes of one solve: state d, Brownian dimension m, diffusion entries and noise kind.
struct NoiseShape {
  Noise::Kind kind;
  std::size_t d, m, cols;

  template <class Problem>
  static NoiseShape of(const Problem& pr) noexcept {
    return {pr.noise.kind, pr.size(), pr.brownian_dim(), pr.noise.columns()};
  }
  std::size_t g_size() const noexcept { return d * cols; }
  bool general() const noexcept { return kind == Noise::Kind::general; }
  /// Brownian component that drives state component i (scalar, diagonal, additive).
  std::size_t w(std::size_t i) const noexcept { return kind == Noise::Kind::scalar ? 0 : i; }
};

template <class Problem, class T = typename Problem::value_type>
inline void eval_drift(Problem& pr, T t, const T* y, T* out, SdeStats& stats) {
  const std::size_t n = pr.y0.size();
  pr.f(t, std::span<const T>(y, n), std::span<const T>(pr.p.data(), pr.p.size()),
       std::span<T>(out, n));
  ++stats.nf;
}

template <class Problem, class T = typename Problem::value_type>
inline void eval_diffusion(Problem& pr, const NoiseShape& s, T t, const T* y, T* g,
                           SdeStats& stats) {
  pr.g(t, std::span<const T>(y, s.d), std::span<const T>(pr.p.data(), pr.p.size()),
       DiffusionView<T>(g, s.d, s.cols));
  ++stats.ng;
}

/// out_i = (G dW)_i for every noise kind.
template <class T>
inline void noise_times(const NoiseShape& s, const T* g, const T* dW, T* out) noexcept {
  if (s.general()) {
    for (std::size_t i = 0; i < s.d; ++i) {
      T acc = 0;
      for (std::size_t k = 0; k < s.m; ++k) acc += g[i * s.m + k] * dW[k];
      out[i] = acc;
    }
  } else if (s.kind == Noise::Kind::scalar) {
    for (std::size_t i = 0; i < s.d; ++i) out[i] = g[i] * dW[0];
  } else {
    for (std::size_t i = 0; i < s.d; ++i) out[i] = g[i] * dW[i];
  }
}

}  // namespace odekit::detail
