#pragma once
// PI step-size control (Gustafsson 1991; Hairer & Wanner, Solving ODEs II, IV.2):
// dt_new = dt * safety * err^-beta1 * err_prev^beta2, clamped to [min_factor, max_factor],
// never growing right after a rejection. Holds per-solve state only; the knobs live in
// StepControl.

#include <algorithm>
#include <cmath>

#include "odekit/core/options.hpp"
#include "odekit/solvers/fast_exp_log.hpp"

namespace odekit {

template <class T>
class PIController {
 public:
  PIController(const StepControl& c, int error_order) {
    const float k = static_cast<float>(error_order + 1);
    m_beta1 = c.beta1 > 0 ? static_cast<float>(c.beta1) : 0.7f / k;
    m_beta2 = c.beta2 > 0 ? static_cast<float>(c.beta2) : 0.4f / k;
    m_safety = static_cast<T>(c.safety);
    m_min = static_cast<T>(c.min_factor);
    m_max = static_cast<T>(c.max_factor);
  }

  /// Factor for the next step after accepting a step with scaled error err (<= 1).
  T accept(T err) noexcept {
    // One log2 and one exp2 instead of two pow calls, to five digits (fast_exp_log.hpp):
    // this runs every step, and a step-size factor needs no more than a few digits.
    const float log_err = detail::fast_log2(static_cast<float>(std::max(err, T(1e-10))));
    T factor =
        m_safety * static_cast<T>(detail::fast_exp2(-m_beta1 * log_err + m_beta2 * m_log_err_prev));
    factor = std::clamp(factor, m_min, m_max);
    if (m_rejected) factor = std::min(factor, T(1));
    m_log_err_prev = std::max(log_err, kLogErrFloor);
    m_rejected = false;
    return factor;
  }

  /// Factor for the retry after a failed step (NaN or Inf, Newton or a linear solve
  /// failing): shrink hard.
  T reject_failure() noexcept {
    m_rejected = true;
    return T(0.25);
  }

  /// Factor for the retry after rejecting a step with scaled error err (> 1).
  T reject(T err) noexcept {
    m_rejected = true;
    if (!(err < T(1e30))) return m_min;  // NaN or overflow: shrink as far as allowed
    const float log_err = detail::fast_log2(static_cast<float>(err));
    return std::max(m_min, m_safety * static_cast<T>(detail::fast_exp2(-m_beta1 * log_err)));
  }

 private:
  float m_beta1{}, m_beta2{};
  T m_safety{}, m_min{}, m_max{};
  // The previous error enters as at least 1e-4 so one very accurate step does not
  // inflate the next one (Hairer & Wanner's safeguard).
  static inline const float kLogErrFloor = std::log2(1e-4f);
  float m_log_err_prev = kLogErrFloor;
  bool m_rejected = false;
};

}  // namespace odekit
