#pragma once
// What the SDE methods share: evaluating drift and diffusion on raw buffers (counting each
// call), forming G dW for every noise kind, the stepper base with the noise shape, and the
// error norm of the adaptive methods. Written for any value type T: double, float, and
// Lanes<double, W> in the SIMD ensemble (lanes.hpp).

#include <cmath>
#include <cstddef>
#include <span>

#include "odekit/core/norms.hpp"
#include "odekit/core/status.hpp"
#include "odekit/sde/lanes.hpp"
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

/// The base of every method's Stepper: the problem's noise shape, and no work before the first
/// step or after an accepted one (methods with state between steps define their own).
template <class Problem>
class StepperBase {
 public:
  using T = typename Problem::value_type;
  explicit StepperBase(const Problem& pr) : m_s(NoiseShape::of(pr)) {}
  void start(Problem&, T, const T*, SdeStats&) noexcept {}
  void accept() noexcept {}

 protected:
  /// The outcome of an attempt without error estimate: a recoverable failure when y1 has NaN or
  /// Inf (the integrator retries or stops), success otherwise.
  Status finish(const T* y1, T& err) const noexcept {
    err = T(0);
    return all_finite(y1, m_s.d) ? Status::success : Status::rhs_not_finite_recoverable;
  }

  NoiseShape m_s;
};

/// Adds one component's term of the error norm of the adaptive methods (Rackauckas & Nie 2017):
/// (e / (atol + rtol max(|y|, |y1|)))^2.
template <class T>
inline void add_scaled_error(T e, T y, T y1, double atol, T rtol, T& sum) noexcept {
  using std::abs;
  using std::max;
  const T scale = static_cast<T>(atol) + rtol * max(abs(y), abs(y1));
  sum += (e / scale) * (e / scale);
}

/// The outcome of an attempt of an adaptive method: err = RMS of the summed terms when
/// estimating, and a recoverable failure when y1 or err is NaN or Inf.
template <class T>
inline Status finish_estimated(const T* y1, std::size_t d, bool estimate, T sum, T& err) noexcept {
  using std::sqrt;
  err = estimate ? sqrt(sum / static_cast<T>(d)) : T(0);
  return all_finite(y1, d) && all_finite(&err, 1) ? Status::success
                                                  : Status::rhs_not_finite_recoverable;
}

}  // namespace odekit::detail
