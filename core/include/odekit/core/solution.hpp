#pragma once
// The result of a solve: saved times and states, status, work counters and, when asked
// for, the dense output. On failure everything computed up to the failure is kept.

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/method_switch.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"

namespace odekit {

/// Thrown by throw_if_failed() (the boundary where statuses become exceptions).
class SolverError : public std::runtime_error {
 public:
  SolverError(Status status, const std::string& what)
      : std::runtime_error(what), m_status(status) {}
  Status status() const noexcept { return m_status; }

 private:
  Status m_status;
};

template <class T>
class BasicSolution {
 public:
  using value_type = T;

  std::vector<T> t;               ///< saved times
  std::vector<std::vector<T>> y;  ///< y[i][j] is component j at t[i]
  Status status = Status::success;
  Stats stats;
  std::string method;  ///< name of the method that produced it
  /// Where the auto-switching default changed method (empty for every other method).
  std::vector<MethodSwitch> switches;

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

  bool has_dense() const noexcept { return m_dense.has_value(); }
  const DenseOutput<T>& dense() const {
    if (!m_dense) {
      throw std::logic_error("this solution has no dense output: solve with {.dense = true}");
    }
    return *m_dense;
  }
  void set_dense(DenseOutput<T> d) { m_dense = std::move(d); }

  /// Dense output at time tq. Throws std::logic_error without dense output and
  /// std::out_of_range outside the integrated span.
  std::vector<T> operator()(T tq) const { return dense().evaluate(tq); }
  void operator()(T tq, std::span<T> out) const { dense().evaluate(tq, out); }

 private:
  std::string m_message = "success";
  std::optional<DenseOutput<T>> m_dense;
};

using Solution = BasicSolution<double>;

}  // namespace odekit
