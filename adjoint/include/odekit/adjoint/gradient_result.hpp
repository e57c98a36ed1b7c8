#pragma once
// The result of gradient(): the loss, its gradient with respect to y0 and p (same layout
// as p), the outcome and the work done. On failure the gradient entries are NaN and
// message says what failed and what to do.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "odekit/core/solution.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/sde/sde_solution.hpp"

namespace odekit {

/// Memory a reverse pass held, in state vectors (n doubles each).
struct AdjointMemory {
  /// Peak number of states in the checkpoint store (DiscreteAdjoint; InterpolatingAdjoint
  /// and QuadratureAdjoint with checkpoints). Never more than the checkpoints asked for.
  std::size_t checkpoints = 0;
  /// Peak number of n-vectors of dense output held for interpolating y(t) (the whole
  /// forward solve's, or one checkpoint interval's).
  std::size_t dense_vectors = 0;
  /// Steps recomputed from checkpoints (forward steps beyond the first pass).
  long recomputed_steps = 0;
};

template <class S>
struct BasicGradient {
  double value = 0;
  std::vector<double> dy0;  ///< dL/dy0
  std::vector<double> dp;   ///< dL/dp, in the layout of p
  Status status = Status::success;
  std::string message = "success";
  /// Forward and reverse work together: nf counts evaluations of f (a dual-number sweep
  /// is one), nvjp the vector-Jacobian products, naccept/nreject the steps of every pass.
  S stats;
  /// The sensitivity method that computed it (the one AutoSensitivity chose).
  std::string sensitivity;
  AdjointMemory memory;

  bool ok() const noexcept { return status == Status::success; }
  void throw_if_failed() const {
    if (!ok()) throw SolverError(status, message);
  }

  /// Marks the gradient failed: entries NaN, the status and its message.
  void fail(Status s, const std::string& detail) {
    status = s;
    message = detail + ": " + std::string(odekit::message(s));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::fill(dy0.begin(), dy0.end(), nan);
    std::fill(dp.begin(), dp.end(), nan);
    value = nan;
  }
};

using Gradient = BasicGradient<Stats>;
using SdeGradient = BasicGradient<SdeStats>;

}  // namespace odekit
