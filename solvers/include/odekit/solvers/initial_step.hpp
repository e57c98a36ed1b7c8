#pragma once
// Automatic initial step (Hairer, Norsett & Wanner, Solving ODEs I, II.4, "Starting step
// size"): balances the size of y0, f(t0, y0) and an estimate of the second derivative.

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "odekit/core/tolerance.hpp"

namespace odekit::detail {

template <class T>
T scaled_rms(const T* v, const T* y0, std::size_t n, T rtol, const AbsoluteTolerance& atol) {
  T sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const T r = v[i] / (static_cast<T>(atol[i]) + rtol * std::abs(y0[i]));
    sum += r * r;
  }
  return std::sqrt(sum / static_cast<T>(n));
}

/// Returns a positive step magnitude. f0 = f(t0, y0); y1 and f1 are scratch buffers; rhs(t,
/// y, out) evaluates the whole right-hand side (counting its work).
template <class Rhs, class T>
T initial_step(Rhs&& rhs, T t0, T t1, const T* y0, const T* f0, T* y1, T* f1, std::size_t n,
               int order, T rtol, const AbsoluteTolerance& atol, T dtmax) {
  const T dir = t1 > t0 ? T(1) : T(-1);
  const T span = std::abs(t1 - t0);
  const T d0 = scaled_rms(y0, y0, n, rtol, atol);
  const T d1 = scaled_rms(f0, y0, n, rtol, atol);
  T h0 = (d0 < T(1e-5) || d1 < T(1e-5)) ? T(1e-6) : T(0.01) * d0 / d1;
  h0 = std::min({h0, span, dtmax});
  for (std::size_t i = 0; i < n; ++i) y1[i] = y0[i] + dir * h0 * f0[i];
  rhs(t0 + dir * h0, static_cast<const T*>(y1), f1);
  for (std::size_t i = 0; i < n; ++i) y1[i] = f1[i] - f0[i];  // reuse y1 for f1 - f0
  const T d2 = scaled_rms(y1, y0, n, rtol, atol) / h0;
  const T dmax = std::max(d1, d2);
  T h1 = dmax <= T(1e-15) ? std::max(T(1e-6), h0 * T(1e-3))
                          : std::pow(T(0.01) / dmax, T(1) / static_cast<T>(order + 1));
  if (!std::isfinite(h1)) h1 = h0;  // a non-finite f1 is left for the first step to report
  return std::min({T(100) * h0, h1, span, dtmax});
}

}  // namespace odekit::detail
