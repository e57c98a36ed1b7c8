#pragma once
// The reverse pass of a discrete adjoint over recorded steps, for any Engine with
// advance() and reverse() (discrete_adjoint_step.hpp): states come from a CheckpointStore,
// every stored one when the first pass kept them all, else on the binomial schedule from
// the initial state.

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "odekit/adjoint/binomial_checkpointing.hpp"
#include "odekit/adjoint/checkpoint_store.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/step_record.hpp"

namespace odekit::detail {

/// Runs the reverse pass into g (value, dy0, dp, memory, stats). `all_stored`: the store
/// holds every state 0..K; otherwise it holds state 0 and may hold up to `checkpoints`.
template <class Engine, class Problem, class S>
void discrete_reverse(Engine& engine, Problem& pr, const StepRecord& rec,
                      std::span<const double> save_t, CheckpointStore& store, bool all_stored,
                      std::size_t checkpoints, const LossTerms& loss, BasicGradient<S>& g) {
  const std::size_t n = pr.y0.size();
  const SaveMap saves(rec, save_t);
  std::vector<double> work(n), next(n), ybar(n, 0.0), pbar(pr.p.size(), 0.0);
  double value = 0;
  struct Ops {
    Engine& engine;
    Problem& pr;
    const StepRecord& rec;
    const SaveMap& saves;
    CheckpointStore& held;
    std::vector<double>& work;
    std::vector<double>& next;
    std::vector<double>& ybar;
    std::vector<double>& pbar;
    double& value;
    BasicGradient<S>& g;

    void restore(long k) { held.load(k, work); }
    void advance(long k) {
      engine.advance(pr, rec.t[k], rec.dt[k], work.data(), next.data(), g.stats);
      std::swap(work, next);
      ++g.memory.recomputed_steps;
    }
    void store(long k) { held.insert(k, work); }
    void discard(long k) { held.erase(k); }
    void reverse(long k) {
      engine.reverse(pr, rec.t[k], rec.dt[k], work.data(), saves.of_step(k), ybar.data(),
                     pbar.data(), value, g.stats);
    }
  } ops{engine, pr, rec, saves, store, work, next, ybar, pbar, value, g};

  if (all_stored) {
    for (long k = rec.steps() - 1; k >= 0; --k) {
      ops.restore(k);
      ops.reverse(k);
    }
  } else {
    ops.restore(0);
    reverse_binomial(rec.steps(), checkpoints, ops);
  }
  if constexpr (requires { engine.status(); }) {
    if (engine.status() != Status::success) {
      g.fail(engine.status(), "reverse pass: " + std::string(name(engine.status())) +
                                  " in the transposed linear solve of a step");
      return;
    }
  }
  std::vector<double> y0(pr.y0.begin(), pr.y0.end()), dL(n);
  for (const std::size_t i : saves.at_t0()) {
    value += loss.at_save(i, save_t[i], y0, dL);
    for (std::size_t j = 0; j < n; ++j) ybar[j] += dL[j];
  }
  g.value = value;
  g.dy0 = std::move(ybar);
  g.dp = std::move(pbar);
  g.memory.checkpoints = store.peak();
}

}  // namespace odekit::detail
