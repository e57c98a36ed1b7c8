// Gradient benchmark in the manner of SciMLBenchmarks' SimpleODEAD: seconds per gradient of
// a loss of the solve with respect to (y0, p), for each of odekit's sensitivity methods, for
// finite differences, and for SUNDIALS CVODES's own adjoint (CVodeB with CVodeQuadB) in the
// same run, each with the relative error of its gradient against a tight-tolerance
// reference. Writes JSON and the "Adjoint" section of docs/benchmarks.md.
//
//   odekit_bench_adjoint [--json FILE] [--markdown FILE] [--quick]
//
// odekit's rows come from one line per (problem, method, sensitivity) in main():
// Lotka–Volterra with Tsit5; the Brusselator with Tsit5 (its mildly stiff regime, with
// stability-limited steps), Rodas5P and BDF; POLLU with Rodas5P and BDF.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/stiff.hpp>

#include "baselines/cvodes_adjoint.hpp"
#include "common/machine.hpp"
#include "common/timing.hpp"
#include "common/work_precision.hpp"

namespace {

namespace pr = odekit::problems;
using odekit_bench::Point;

/// L = sum_i |y(t_i)|^2 / 2: SimpleODEAD's sum-of-squares loss of the saved solution.
struct SumOfSquares {
  double operator()(std::size_t, double, std::span<const double> y, std::span<double> g) const {
    double l = 0;
    for (std::size_t j = 0; j < y.size(); ++j) {
      l += 0.5 * y[j] * y[j];
      g[j] = y[j];
    }
    return l;
  }
};

/// A problem of the table: the solve to differentiate, its tolerances and its reference.
template <class Problem>
struct Case {
  std::string name;
  Problem problem;
  std::vector<double> saves;
  std::vector<double> tolerances;  ///< rtol = atol, loosest first
  bool stiff;                      ///< CVODES with BDF and Newton, else Adams
  std::vector<double> reference;   ///< (dL/dy0, dL/dp) at a tight tolerance
};

std::vector<double> flat(const std::vector<double>& dy0, const std::vector<double>& dp) {
  std::vector<double> g(dy0);
  g.insert(g.end(), dp.begin(), dp.end());
  return g;
}

double relative_error(const std::vector<double>& g, const std::vector<double>& ref) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    num += (g[i] - ref[i]) * (g[i] - ref[i]);
    den += ref[i] * ref[i];
  }
  return std::sqrt(num / den);
}

/// CPU seconds per call (the machine may be shared; every run is single-threaded): one
/// call when it takes long, else the median of batches.
template <class Fn>
double seconds(Fn&& fn) {
  using odekit_bench::Timer;
  const double start = odekit_bench::now_seconds(Timer::cpu);
  fn();
  const double once = odekit_bench::now_seconds(Timer::cpu) - start;
  return once > 0.5 ? once : odekit_bench::seconds_per_call(fn, 0.02, 5, Timer::cpu);
}

std::vector<Point> g_points;

void record(const std::string& problem, const std::string& solver, double tol, double error,
            double secs, long steps, long nvjp, bool ok) {
  Point p;
  p.problem = problem;
  p.solver = solver;
  p.rtol = p.atol = tol;
  p.error = error;
  p.seconds = secs;
  p.steps = steps;
  p.njac = nvjp;  // the JSON's njac column holds vjps here
  p.ok = ok;
  g_points.push_back(p);
  std::printf("  %-34s %-30s tol %.0e  %10.4f ms  rel. error %.2e  steps %7ld  nvjp %8ld%s\n",
              problem.c_str(), solver.c_str(), tol, 1e3 * secs, error, steps, nvjp,
              ok ? "" : "  FAILED");
}

/// One sensitivity method of odekit at every tolerance of the case.
template <class Problem, class Method, class Sens>
void odekit_rows(const Case<Problem>& c, const Method& method, const std::string& label,
                 const Sens& sens) {
  for (const double tol : c.tolerances) {
    const odekit::Options o{.rtol = tol, .atol = tol, .saveat = c.saves};
    odekit::Gradient g;
    const double s =
        seconds([&] { g = odekit::gradient(c.problem, method, o, SumOfSquares{}, sens); });
    record(c.name, label + " " + std::string(Sens::name), tol,
           relative_error(flat(g.dy0, g.dp), c.reference), s, g.stats.naccept, g.stats.nvjp,
           g.ok());
  }
}

/// Forward differences of solve(): n + np + 1 solves.
template <class Problem, class Method>
void finite_difference_rows(const Case<Problem>& c, const Method& method, const std::string& label,
                            double tol) {
  const odekit::Options o{.rtol = tol, .atol = tol, .saveat = c.saves};
  auto loss = [&](const Problem& p) {
    const odekit::Solution sol = odekit::solve(p, method, o);
    double l = 0;
    for (const auto& y : sol.y)
      for (const double v : y) l += 0.5 * v * v;
    return l;
  };
  std::vector<double> g;
  long steps = 0;
  const double s = seconds([&] {
    g.clear();
    const double l0 = loss(c.problem);
    auto perturb = [&](std::vector<double> Problem::*member) {
      for (std::size_t i = 0; i < (c.problem.*member).size(); ++i) {
        Problem q = c.problem;
        const double h = std::sqrt(tol) * std::max(std::abs((q.*member)[i]), 1.0);
        (q.*member)[i] += h;
        g.push_back((loss(q) - l0) / h);
      }
    };
    perturb(&Problem::y0);
    perturb(&Problem::p);
    steps = odekit::solve(c.problem, method, o).stats.naccept;
  });
  record(c.name, label + " finite differences", tol, relative_error(g, c.reference), s,
         steps * static_cast<long>(g.size() + 1), 0, true);
}

template <class Problem>
void cvodes_rows(const Case<Problem>& c) {
  for (const double tol : c.tolerances) {
    odekit_bench::AdjointRun r;
    const double s = seconds([&] {
      r = odekit_bench::run_cvodes_adjoint(c.problem, c.saves, SumOfSquares{}, tol, tol, c.stiff);
    });
    record(c.name,
           !c.stiff   ? "CVODES adjoint (Adams)"
           : r.sparse ? "CVODES adjoint (BDF, KLU)"
                      : "CVODES adjoint (BDF, dense)",
           tol, relative_error(flat(r.dy0, r.dp), c.reference), s,
           r.steps_forward + r.steps_backward, 0, r.ok);
  }
}

/// Every odekit sensitivity of a case for one method: forward sensitivities when n + np is
/// small, the backsolve adjoint where solving y backward is stable, finite differences at
/// the middle tolerance when asked.
template <class Problem, class Method>
void rows(const Case<Problem>& c, const Method& method, const std::string& label, bool small,
          bool backsolve_stable, bool differences) {
  if (small) odekit_rows(c, method, label, odekit::ForwardSensitivity{});
  if constexpr (odekit::DiscreteAdjointStep<Method>::available) {
    odekit_rows(c, method, label, odekit::DiscreteAdjoint{});
  }
  if (backsolve_stable) odekit_rows(c, method, label, odekit::BacksolveAdjoint{});
  odekit_rows(c, method, label, odekit::InterpolatingAdjoint{});
  odekit_rows(c, method, label, odekit::QuadratureAdjoint{});
  if (differences) finite_difference_rows(c, method, label, c.tolerances[c.tolerances.size() / 2]);
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// A published per-gradient time (SimpleODEAD's anchors) and the method that reached it.
struct Anchor {
  std::string sensitivity;
  double ms;
};

/// The Markdown section: one table per problem, the anchors and, at each CVODES point, the
/// fastest odekit gradient at least as accurate.
std::string markdown(const std::string& machine, const std::vector<std::string>& problems,
                     const std::map<std::string, Anchor>& anchors) {
  std::string md =
      "## Adjoint\n\n"
      "Command: `cmake --preset bench && cmake --build build/bench --target odekit_bench_adjoint\n"
      "&& build/bench/benchmarks/adjoint/odekit_bench_adjoint` (Release, -march=native;\n"
      "`scripts/bench.sh` runs it with the other benchmarks).\n"
      "Machine: " +
      machine +
      ", one thread; times are CPU time of the process (the machine is\n"
      "shared), the median of five batches.\n\n"
      "Seconds per gradient of L = sum_i |y(t_i)|^2 / 2 with respect to (y0, p), at rtol = atol\n"
      "= tol; rel. error = ||g - g_ref|| / ||g_ref|| against a tight-tolerance reference. Steps\n"
      "count the forward and reverse passes. CVODES: SUNDIALS 6.4.1 CVODES, CVodeF/CVodeB with\n"
      "CVodeQuadB, called directly, with odekit's vjps and Jacobians (KLU when the problem "
      "declares\n"
      "its sparsity). Published anchors: SciMLBenchmarks SimpleODEAD (AMD EPYC 7502, one\n"
      "thread), accuracy not stated there.\n";
  for (const std::string& problem : problems) {
    md += "\n### " + problem +
          "\n\n| method | tol | ms per gradient | rel. error | steps | nvjp |\n"
          "|---|---|---|---|---|---|\n";
    for (const Point& p : g_points) {
      if (p.problem != problem) continue;
      md += "| " + p.solver + " | " + fmt("%.0e", p.rtol) + " | " + fmt("%.4g", 1e3 * p.seconds) +
            " | " + (p.ok ? fmt("%.1e", p.error) : std::string("failed")) + " | " +
            std::to_string(p.steps) + " | " + std::to_string(p.njac) + " |\n";
    }
    // The anchor against the same sensitivity at tol 1e-6 (its fastest method) and against
    // the fastest odekit gradient at least as accurate as that one.
    const Anchor& a = anchors.at(problem);
    auto odekit_row = [&](const Point& p) {
      return p.problem == problem && p.ok && p.solver.rfind("CVODES", 0) != 0 &&
             p.solver.find("finite differences") == std::string::npos;
    };
    const Point* same = nullptr;
    for (const Point& p : g_points) {
      if (odekit_row(p) && p.rtol == 1e-6 && p.solver.find(a.sensitivity) != std::string::npos &&
          (!same || p.seconds < same->seconds)) {
        same = &p;
      }
    }
    const Point* fastest = nullptr;
    for (const Point& p : g_points) {
      if (odekit_row(p) && same && p.error <= same->error &&
          (!fastest || p.seconds < fastest->seconds)) {
        fastest = &p;
      }
    }
    auto describe = [](const Point* p) {
      return p ? p->solver + " at tol " + fmt("%.0e", p->rtol) + ", " +
                     fmt("%.4g", 1e3 * p->seconds) + " ms (error " + fmt("%.1e", p->error) + ")"
               : std::string("none");
    };
    md += "\nPublished anchor: " + fmt("%.4g", a.ms) + " ms by " + a.sensitivity +
          ". Here: " + describe(same) +
          "; the fastest odekit gradient at least as accurate: " + describe(fastest) + ".\n";
    // At each CVODES point, the fastest odekit point at least as accurate (measured points
    // only: error curves of adaptive explicit solves need not be monotone).
    for (const Point& b : g_points) {
      if (b.problem != problem || b.solver.rfind("CVODES", 0) != 0 || !b.ok) continue;
      const Point* best = nullptr;
      for (const Point& p : g_points) {
        if (p.problem == problem && p.solver.rfind("CVODES", 0) != 0 && p.ok &&
            p.error <= b.error && (!best || p.seconds < best->seconds)) {
          best = &p;
        }
      }
      md += "\n- " + b.solver + " at tol " + fmt("%.0e", b.rtol) + " (error " +
            fmt("%.1e", b.error) + ", " + fmt("%.4g", 1e3 * b.seconds) + " ms): ";
      if (best) {
        const double ratio = b.seconds / best->seconds;
        md += "odekit's fastest gradient as accurate is " + best->solver + " at tol " +
              fmt("%.0e", best->rtol) + ", " + fmt("%.4g", 1e3 * best->seconds) + " ms: " +
              (ratio >= 1 ? "odekit " + fmt("%.2f", ratio) : "CVODES " + fmt("%.2f", 1 / ratio)) +
              "x faster.";
      } else {
        md += "no odekit row as accurate.";
      }
    }
    md += "\n";
  }
  return md;
}

}  // namespace

int main(int argc, char** argv) {
  std::string json = "benchmarks/results/adjoint.json", markdown_path = "docs/benchmarks.md";
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
    if (!std::strcmp(argv[i], "--markdown") && i + 1 < argc) markdown_path = argv[++i];
    if (!std::strcmp(argv[i], "--quick")) quick = true;
  }
  const std::string machine = odekit_bench::machine_description();
  std::printf("odekit gradient benchmark on %s\n", machine.c_str());
  std::vector<std::string> problems;

  // Lotka–Volterra, 4 parameters, saves at t = 1, ..., 10.
  {
    Case<odekit::OdeProblem<pr::LotkaVolterra>> c{
        "Lotka–Volterra (4 parameters)", pr::lotka_volterra(), {}, {1e-4, 1e-6, 1e-8}, false, {}};
    for (int i = 1; i <= 10; ++i) c.saves.push_back(i);
    if (quick) c.tolerances = {1e-6};
    const odekit::Gradient ref = odekit::gradient(c.problem, odekit::Vern9{},
                                                  {.rtol = 1e-13, .atol = 1e-13, .saveat = c.saves},
                                                  SumOfSquares{}, odekit::DiscreteAdjoint{});
    c.reference = flat(ref.dy0, ref.dp);
    problems.push_back(c.name);
    rows(c, odekit::Tsit5{}, "Tsit5", true, true, true);
    cvodes_rows(c);
  }
  if (!quick) {
    // Brusselator N = 10, a rate per cell: 200 states, 102 parameters, saves at 1, ..., 11.5.
    // Forward sensitivities (302 directions) and the backsolve adjoint (diffusion solved
    // backward) are not run.
    Case<odekit::OdeProblem<pr::Brusselator2D>> c{"Brusselator 2D, N = 10 (102 parameters)",
                                                  pr::brusselator_2d_rates(10),
                                                  {},
                                                  {1e-4, 1e-6},
                                                  true,
                                                  {}};
    for (int i = 1; i <= 11; ++i) c.saves.push_back(i);
    c.saves.push_back(11.5);
    const odekit::Gradient ref = odekit::gradient(c.problem, odekit::Vern9{},
                                                  {.rtol = 1e-11, .atol = 1e-11, .saveat = c.saves},
                                                  SumOfSquares{}, odekit::DiscreteAdjoint{});
    c.reference = flat(ref.dy0, ref.dp);
    problems.push_back(c.name);
    rows(c, odekit::Tsit5{}, "Tsit5", false, false, false);
    rows(c, odekit::Rodas5P{}, "Rodas5P", false, false, true);
    rows(c, odekit::BDF{}, "BDF", false, false, false);
    cvodes_rows(c);
  }
  if (!quick) {
    // POLLU, 25 rate constants, saves at 10, 30, 60; its reference is CVODES's adjoint at
    // rtol = 1e-12, atol = 1e-14 (odekit's Rodas5P discrete adjoint at the same tolerances
    // is printed against it as a check).
    Case<odekit::OdeProblem<pr::Pollu>> c{"POLLU (25 parameters)", pr::pollu(), {10, 30, 60},
                                          {1e-4, 1e-6, 1e-8},      true,        {}};
    const auto ref =
        odekit_bench::run_cvodes_adjoint(c.problem, c.saves, SumOfSquares{}, 1e-12, 1e-14, true);
    c.reference = flat(ref.dy0, ref.dp);
    const odekit::Gradient check = odekit::gradient(
        c.problem, odekit::Rodas5P{}, {.rtol = 1e-12, .atol = 1e-14, .saveat = c.saves},
        SumOfSquares{}, odekit::DiscreteAdjoint{});
    std::printf("  POLLU references: odekit Rodas5P vs CVODES, rel. difference %.2e\n",
                relative_error(flat(check.dy0, check.dp), c.reference));
    problems.push_back(c.name);
    rows(c, odekit::Rodas5P{}, "Rodas5P", true, false, true);
    rows(c, odekit::BDF{}, "BDF", true, false, false);
    cvodes_rows(c);
  }

  odekit_bench::write_json(g_points, json, machine);
  const std::map<std::string, Anchor> anchors{
      {"Lotka–Volterra (4 parameters)", {"ForwardSensitivity", 0.135}},
      {"Brusselator 2D, N = 10 (102 parameters)", {"QuadratureAdjoint", 78}},
      {"POLLU (25 parameters)", {"ForwardSensitivity", 6.1}}};
  odekit_bench::replace_markdown_block(markdown_path, "adjoint",
                                       markdown(machine, problems, anchors));
  std::printf("wrote %s and the adjoint section of %s\n", json.c_str(), markdown_path.c_str());
  return 0;
}
