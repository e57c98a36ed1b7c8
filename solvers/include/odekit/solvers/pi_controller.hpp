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
    const double k = error_order + 1;
    // Halved: the factor is formed from log2 of the squared error (see accept_squared).
    m_half_beta1 = 0.5 * (c.beta1 > 0 ? c.beta1 : 0.7 / k);
    m_half_beta2 = 0.5 * (c.beta2 > 0 ? c.beta2 : 0.4 / k);
    m_safety = c.safety;
    m_min = c.min_factor;
    m_max = c.max_factor;
    m_prev_term = m_half_beta2 * kLog2Err2Floor;
  }

  /// Factor for the next step after accepting a step with scaled error norm err (<= 1).
  T accept(T err) noexcept {
    return accept_log2(2 * detail::fast_log2(std::max(static_cast<double>(err), 1e-10)));
  }
  /// The same from the squared norm err2, which spares the integrator a square root on the path
  /// from one step's error to the next step's size.
  T accept_squared(T err2) noexcept {
    return accept_log2(detail::fast_log2(std::max(static_cast<double>(err2), 1e-20)));
  }

  /// Factor for the retry after a failed step (NaN or Inf, Newton or a linear solve
  /// failing): shrink hard.
  T reject_failure() noexcept {
    m_rejected = true;
    return T(0.25);
  }

  /// Factor for the retry after rejecting a step with scaled error norm err (> 1).
  T reject(T err) noexcept {
    m_rejected = true;
    if (!(err < T(1e30))) return static_cast<T>(m_min);  // NaN or overflow: shrink the most
    return reject_log2(2 * detail::fast_log2(static_cast<double>(err)));
  }
  /// The same from the squared norm err2.
  T reject_squared(T err2) noexcept {
    m_rejected = true;
    if (!(err2 < T(1e30))) return static_cast<T>(m_min);
    return reject_log2(detail::fast_log2(static_cast<double>(err2)));
  }

 private:
  // From log2 of the squared error: one log2 and one exp2 instead of two pow calls, to five
  // digits (fast_exp_log.hpp), as this runs every step on the path from one step's error to
  // the next step's size. Doubling log2(err) and halving beta are exact, so both entry points
  // give the same factors.
  T accept_log2(double log2_err2) noexcept {
    const double most = m_rejected ? 1.0 : m_max;  // no growth right after a rejection
    const double factor =
        std::clamp(detail::fast_exp2(detail::madd(-m_half_beta1, log2_err2, m_prev_term), m_safety),
                   m_min, most);
    m_prev_term = m_half_beta2 * std::max(log2_err2, kLog2Err2Floor);
    m_rejected = false;
    return static_cast<T>(factor);
  }

  T reject_log2(double log2_err2) const noexcept {
    return static_cast<T>(std::max(m_min, detail::fast_exp2(-m_half_beta1 * log2_err2, m_safety)));
  }

  double m_half_beta1{}, m_half_beta2{}, m_safety{}, m_min{}, m_max{};
  // The previous error enters as at least 1e-4 so one very accurate step does not
  // inflate the next one (Hairer & Wanner's safeguard).
  static inline const double kLog2Err2Floor = 2 * std::log2(1e-4);
  double m_prev_term{};  ///< beta2 * log2(previous error), known before the next error is
  bool m_rejected = false;
};

}  // namespace odekit
