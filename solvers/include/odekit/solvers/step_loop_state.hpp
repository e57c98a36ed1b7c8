#pragma once
// The bookkeeping an integrator's stepping loop shares with every other one (ODE and SDE): the
// step budget, what to do after a recoverable failure, and the outcome once the loop ends.
//
// A recoverable failure (NaN or Inf from f, Newton or a linear solve failing) is retried with a
// much smaller step. A wall (f undefined beyond some time, a singular point) shows up as
// failures that keep coming within a few steps: give up after kMaxFailures of them without
// kCleanSteps accepted steps in between. Fixed steps have nothing smaller to try: their first
// failure is terminal.

#include "odekit/core/status.hpp"

namespace odekit::detail {

template <class T>
class StepLoopState {
 public:
  StepLoopState() = default;
  explicit StepLoopState(long max_steps) noexcept : m_max_steps(max_steps) {}

  /// A fresh solve with the same budget.
  void restart() noexcept { *this = StepLoopState(m_max_steps); }

  /// Whether max_steps attempts (accepted plus rejected) have been made.
  bool out_of_steps() const noexcept { return m_attempts >= m_max_steps; }
  void count_attempt() noexcept { ++m_attempts; }

  /// After a recoverable failure s: whether to retry with a smaller step. When not, the solve
  /// ends with terminal_of(s).
  bool retry_after(Status s, bool adaptive) noexcept {
    m_last_failure = s;
    if (!adaptive || ++m_failures > kMaxFailures) return false;
    m_clean_steps = 0;
    return true;
  }
  /// After an accepted step: enough of them in a row forget the earlier failures.
  void accepted() noexcept {
    if (++m_clean_steps >= kCleanSteps) m_failures = 0;
  }
  /// The status when the step no longer moves t: that of the failures that shrank it, if any.
  Status stalled() const noexcept {
    return m_failures > 0 ? terminal_of(m_last_failure) : Status::dt_below_min;
  }

  /// Ends the solve with the terminal status s at time `at`; returns s.
  Status fail(Status s, T at) noexcept {
    m_done = true;
    m_status = s;
    m_fail_t = at;
    return s;
  }
  /// Ends the solve successfully (t1 reached).
  void finish() noexcept {
    m_done = true;
    m_status = Status::success;
  }

  bool done() const noexcept { return m_done; }
  Status status() const noexcept { return m_status; }
  /// Time at which a terminal failure happened.
  T failure_time() const noexcept { return m_fail_t; }

 private:
  static constexpr int kMaxFailures = 20;
  static constexpr int kCleanSteps = 10;
  long m_max_steps = 0, m_attempts = 0;
  int m_failures = 0, m_clean_steps = 0;
  Status m_last_failure = Status::success;
  Status m_status = Status::success;
  bool m_done = false;
  T m_fail_t{};
};

}  // namespace odekit::detail
