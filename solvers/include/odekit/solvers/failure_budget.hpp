#pragma once
// How many recoverable failures (NaN or Inf from f, Newton or a linear solve failing) an
// integrator retries with smaller steps. A wall (f undefined beyond some time, a singular
// point, an iteration matrix that stays singular) shows up as failures that keep coming
// within a few steps: give up after kMaxFailures of them without kCleanSteps accepted steps
// in between, with the terminal form of the last failure.

#include "odekit/core/status.hpp"

namespace odekit::detail {

class FailureBudget {
 public:
  static constexpr int kMaxFailures = 20;
  static constexpr int kCleanSteps = 10;

  /// Records a recoverable failure; false when the budget is spent.
  bool record(Status s) noexcept {
    m_last = s;
    m_clean_steps = 0;
    return ++m_failures <= kMaxFailures;
  }

  void accepted() noexcept {
    if (++m_clean_steps >= kCleanSteps) m_failures = 0;
  }

  /// The terminal status when the step can shrink no further: that of the recent failures,
  /// or dt_below_min when there were none.
  Status terminal() const noexcept {
    return m_failures > 0 ? terminal_of(m_last) : Status::dt_below_min;
  }

 private:
  int m_failures = 0, m_clean_steps = 0;
  Status m_last = Status::success;
};

}  // namespace odekit::detail
