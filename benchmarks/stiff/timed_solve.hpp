#pragma once
// Timed solves of one large stiff problem with different methods and linear solvers, and
// their Markdown table: CPU and wall time, work counters and each solution's difference to
// the first one, in units of the tolerance.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>

#include "common/report.hpp"
#include "common/timing.hpp"

namespace odekit_bench {

struct TimedSolve {
  std::string solver;
  odekit::Solution sol;
  double cpu = 0, wall = 0;  ///< seconds
};

/// rtol = atol = tol, only the end saved, and the linear solver.
inline odekit::Options large_system_options(
    double tol, odekit::LinSolve linsolve, odekit::Precond preconditioner = odekit::Precond::none) {
  return {.rtol = tol,
          .atol = tol,
          .max_steps = 10'000'000,
          .save_everystep = false,
          .linsolve = linsolve,
          .preconditioner = preconditioner};
}

/// One solve (these take seconds, long enough to time once); prints its CPU time to stderr.
template <class Method, class Problem>
TimedSolve timed_solve(const std::string& name, const Problem& problem, Method method,
                       const odekit::Options& options) {
  const double wall0 = now_seconds(Timer::wall), cpu0 = now_seconds(Timer::cpu);
  TimedSolve r{name, odekit::solve(problem, method, options)};
  r.cpu = now_seconds(Timer::cpu) - cpu0;
  r.wall = now_seconds(Timer::wall) - wall0;
  std::fprintf(stderr, "  %s: %.3f s CPU%s\n", name.c_str(), r.cpu,
               r.sol.ok() ? "" : (" (failed: " + r.sol.message() + ")").c_str());
  return r;
}

/// max_i |y_i - ref_i| / (atol + rtol |ref_i|) at t1.
inline double difference_in_tolerances(const std::vector<double>& y, const std::vector<double>& ref,
                                       double rtol, double atol) {
  double worst = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    worst = std::max(worst, std::abs(y[i] - ref[i]) / (atol + rtol * std::abs(ref[i])));
  }
  return worst;
}

inline std::string timed_solve_table(const std::vector<TimedSolve>& rows, double rtol,
                                     double atol) {
  std::string md =
      "| solver | CPU [s] | wall [s] | steps | rejected | nf | njac | nfactor | Newton | Krylov "
      "iterations | difference to the first row / tol |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n";
  const auto& first = rows.front().sol.y.back();
  for (const TimedSolve& r : rows) {
    const odekit::Stats& s = r.sol.stats;
    md += "| " + r.solver + (r.sol.ok() ? "" : " (failed)") + " | " + fmt("%.3f", r.cpu) + " | " +
          fmt("%.3f", r.wall) + " | " + std::to_string(s.naccept) + " | " +
          std::to_string(s.nreject) + " | " + std::to_string(s.nf) + " | " +
          std::to_string(s.njac) + " | " + std::to_string(s.nfactor) + " | " +
          std::to_string(s.nnewton) + " | " + std::to_string(s.nlinear_iter) + " | " +
          fmt("%.2g", difference_in_tolerances(r.sol.y.back(), first, rtol, atol)) + " |\n";
  }
  return md;
}

}  // namespace odekit_bench
