#pragma once
// One work-precision point: a solver run once for its state at t1 and its work counters,
// scored against the reference, then timed over repeated runs.

#include <cstdio>
#include <string>

#include <odekit/odekit.hpp>

#include "baselines/result.hpp"
#include "common/timing.hpp"
#include "common/work_precision.hpp"

namespace odekit_bench {

/// An odekit solution's final state and counters in the form the baselines return.
inline RunResult odekit_result(const odekit::Solution& sol) {
  return {sol.y.back(),   sol.stats.nf,      sol.stats.naccept,
          sol.stats.njac, sol.stats.nfactor, sol.ok()};
}

/// p names the problem, solver and tolerances; run() returns a RunResult; score(y, p) sets
/// p.error and p.mescd from the state at t1. Prints the point as it is measured.
template <class Run, class Score>
Point measure(Point p, const Run& run, const Score& score, double batch, Timer timer) {
  const RunResult r = run();
  p.ok = r.ok;
  p.nf = r.nf;
  p.steps = r.steps;
  p.njac = r.njac;
  p.nfactor = r.nfactor;
  score(r.y, p);
  p.seconds = seconds_per_call([&] { (void)run(); }, batch, 5, timer);
  std::printf(
      "  %-14s %-26s rtol %.0e  error %.2e  nf %8ld  njac %6ld  nfactor %6ld  %12.2f us%s\n",
      p.problem.c_str(), p.solver.c_str(), p.rtol, p.error, p.nf, p.njac, p.nfactor,
      p.seconds * 1e6, p.ok ? "" : "  (failed)");
  std::fflush(stdout);
  return p;
}

}  // namespace odekit_bench
