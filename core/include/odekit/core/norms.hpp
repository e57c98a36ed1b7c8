#pragma once
// Error norms used by step-size control.

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"

namespace odekit::detail {

/// Square of the weighted RMS norm of err with weights 1 / (atol_i + rtol * max(|y0_i|,
/// |y1_i|)), the norm of Hairer, Norsett & Wanner (Solving ODEs I, II.4) and SUNDIALS
/// (wrmsnorm). Step-size control takes it squared: a square root would sit on the path from
/// one step's error to the next step's size.
template <class T>
inline T scaled_error_norm_squared(const T* err, const T* y0, const T* y1, std::size_t n, T rtol,
                                   const AbsoluteTolerance& atol) noexcept {
  T sum = 0;
  if (atol.is_scalar()) {
    const T a = static_cast<T>(atol[0]);
    for (std::size_t i = 0; i < n; ++i) {
      const T scale = a + rtol * std::max(std::abs(y0[i]), std::abs(y1[i]));
      const T e = err[i] / scale;
      sum += e * e;
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const T scale = static_cast<T>(atol[i]) + rtol * std::max(std::abs(y0[i]), std::abs(y1[i]));
      const T e = err[i] / scale;
      sum += e * e;
    }
  }
  return sum / static_cast<T>(n);
}

template <class T>
inline bool all_finite(const T* v, std::size_t n) noexcept {
  T sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += v[i] * T(0);  // NaN or Inf turns the sum into NaN
  return sum == T(0);
}

/// The outcome of a step with error vector `error` (nullptr: no error estimate, err2 = 0): the
/// square of its scaled norm in err2, and a recoverable failure when the error or y1 is not
/// finite.
template <class T>
inline Status step_outcome(const T* error, const T* y0, const T* y1, std::size_t n, T rtol,
                           const AbsoluteTolerance& atol, T& err2) noexcept {
  err2 = error ? scaled_error_norm_squared(error, y0, y1, n, rtol, atol) : T(0);
  const bool finite = error ? std::isfinite(err2) : all_finite(y1, n);
  return finite ? Status::success : Status::rhs_not_finite_recoverable;
}

}  // namespace odekit::detail
