#pragma once
// DiscreteAdjoint for ODEs: the exact gradient of the discrete solve (save times included,
// interpolated as solve() does), with the accepted step sizes of the forward pass held
// fixed. A first pass runs the integrator and records the step times, keeping states while
// the checkpoint budget allows; the reverse pass (discrete_reverse.hpp) then walks the
// steps backward with the method's reverse step (discrete_adjoint_step.hpp).

#include <cstddef>
#include <span>
#include <vector>

#include "odekit/adjoint/checkpoint_store.hpp"
#include "odekit/adjoint/discrete_adjoint_step.hpp"
#include "odekit/adjoint/discrete_reverse.hpp"
#include "odekit/adjoint/explicit_rk_adjoint.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/rosenbrock_adjoint.hpp"
#include "odekit/adjoint/sensitivity.hpp"
#include "odekit/adjoint/step_record.hpp"
#include "odekit/adjoint/vjp.hpp"
#include "odekit/core/options.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/solve.hpp"

namespace odekit::detail {

/// Runs the first pass of integ, recording its steps into rec and its states into store
/// while it has room. Returns whether every state 0..K was kept; on failure the integrator's
/// status says so.
template <class Integ>
bool record_steps(Integ& integ, StepRecord& rec, CheckpointStore& store) {
  bool all = true;
  while (!integ.done()) {
    if (integ.step() != Status::success) return false;
    rec.add(integ);
    all = all && !store.full();
    if (all) store.insert(rec.steps(), integ.y());
  }
  if (!all) {
    for (long k = 1; k <= rec.steps(); ++k) store.erase(k);  // the binomial schedule starts at 0
  }
  return all;
}

/// Takes the work of a finished forward pass into g; when it failed, marks g failed with
/// detail(status, time) and returns false.
template <class Integ, class S, class Detail>
bool finish_forward(const Integ& integ, BasicGradient<S>& g, Detail&& detail) {
  g.stats = integ.stats();
  if (integ.status() == Status::success) return true;
  g.fail(integ.status(), "forward pass: " + detail(integ.status(), integ.failure_time()));
  return false;
}

template <class Problem, class Method>
void discrete_adjoint(const Problem& problem, const Method& method, const Options& options,
                      std::span<const double> save_t, const LossTerms& loss,
                      const DiscreteAdjoint& sens, Gradient& g) {
  using F = typename Problem::function_type;
  Problem pr = problem;
  VjpWorkspace<F> vjp(pr.f, pr.y0.size(), pr.p.size(), sens.vjp);  // fails before any solve
  Integrator<Problem, Method> integ(problem, method, options);
  StepRecord rec{{problem.t0()}, {}};
  CheckpointStore store(problem.y0.size(), sens.checkpoints);
  store.insert(0, problem.y0);
  const bool all = record_steps(integ, rec, store);
  auto detail = [&](Status s, double t) {
    return failure_detail(s, t, options.max_steps, options.dtmin);
  };
  if (!finish_forward(integ, g, detail)) return;
  typename DiscreteAdjointStep<Method>::template Engine<Problem> engine(pr, options, vjp, loss);
  discrete_reverse(engine, pr, rec, save_t, store, all, sens.checkpoints, loss, g);
}

}  // namespace odekit::detail
