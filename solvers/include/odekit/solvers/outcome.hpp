#pragma once
// Where an integration stands: running, finished at t1, or stopped by a terminal status at
// some time. Shared by the integrators so that they end alike.

#include "odekit/core/status.hpp"

namespace odekit::detail {

template <class T>
class Outcome {
 public:
  bool done() const noexcept { return m_done; }
  Status status() const noexcept { return m_status; }
  /// Time at which a terminal failure happened.
  T failure_time() const noexcept { return m_fail_t; }

  /// Reached t1.
  void finish() noexcept {
    m_done = true;
    m_status = Status::success;
  }
  /// Stops with the terminal status s at time at; returns s.
  Status fail(Status s, T at) noexcept {
    m_done = true;
    m_status = s;
    m_fail_t = at;
    return s;
  }

 private:
  bool m_done = false;
  Status m_status = Status::success;
  T m_fail_t{};
};

}  // namespace odekit::detail
