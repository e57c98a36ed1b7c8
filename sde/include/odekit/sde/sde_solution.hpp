#pragma once
// The result of an SDE solve: saved times and states, status with message, and work counters.
// On failure everything computed up to the failure is kept.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "odekit/core/solution.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/sde/noise.hpp"

namespace odekit {

/// Stats of an ODE solve plus the diffusion evaluations. nf counts drift evaluations.
struct SdeStats : Stats {
  long ng = 0;  ///< diffusion evaluations (a Milstein derivative counts as one)

  SdeStats& operator+=(const SdeStats& o) noexcept {
    Stats::operator+=(o);
    ng += o.ng;
    return *this;
  }
  friend bool operator==(const SdeStats&, const SdeStats&) = default;
};

template <class T>
class BasicSdeSolution {
 public:
  using value_type = T;

  std::vector<T> t;               ///< saved times
  std::vector<std::vector<T>> y;  ///< y[i][j] is component j at t[i]
  Status status = Status::success;
  SdeStats stats;
  std::string method;      ///< name of the method that produced it
  Noise noise{};           ///< noise kind of the problem
  std::uint64_t seed = 0;  ///< seed of the path the solver made (when none was passed)

  bool ok() const noexcept { return status == Status::success; }

  /// What happened, with the time of a failure and what to do next.
  const std::string& message() const noexcept { return m_message; }

  /// Records the outcome; `detail` is prepended to the status's fixed advice.
  void set_status(Status s, const std::string& detail = {}) {
    status = s;
    const std::string advice(odekit::message(s));
    m_message = detail.empty() ? advice : detail + ": " + advice;
  }
  /// Replaces the message verbatim (used when reading a saved solution back).
  void set_message(std::string m) { m_message = std::move(m); }

  void throw_if_failed() const {
    if (!ok()) throw SolverError(status, m_message);
  }

 private:
  std::string m_message = "success";
};

using SdeSolution = BasicSdeSolution<double>;

}  // namespace odekit
