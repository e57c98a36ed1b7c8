// Work-precision benchmark of the stiff problems (SciMLBenchmarks StiffODE style, references of
// the Bari test set): odekit's Rosenbrock23, Rodas4, Rodas5P, KenCarp4 and BDF and CVODE_BDF
// through odekit's solve, side by side with SUNDIALS CVODE (BDF) called directly and
// Boost.Odeint's rosenbrock4, over rtol = 1e-4 ... 1e-10 with atol = rtol * scale per
// problem. Then the 2D Brusselator at N = 64 (8192 states) with dense LU, sparse LU and
// Krylov linear solvers. Computes the bars of the stiff benchmark (odekit's best method at
// least as fast as CVODE at equal error on ROBER, HIRES and POLLU; Krylov at least 10x faster
// than dense LU on the Brusselator) and writes JSON and a Markdown section of
// docs/benchmarks.md.
//
//   odekit_bench_stiff [--json FILE] [--markdown FILE] [--quick]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/stiff.hpp>

#include "baselines/cvode_bdf.hpp"
#include "baselines/stiff_callbacks.hpp"
#include "common/arguments.hpp"
#include "common/machine.hpp"
#include "common/measure.hpp"
#include "common/report.hpp"
#include "common/timing.hpp"
#include "common/work_precision.hpp"
#include "stiff/timed_solve.hpp"

namespace {

namespace pr = odekit::problems;
using odekit_bench::fmt;
using odekit_bench::Point;
using odekit_bench::RunResult;

/// A problem of the sweep: its reference at t1 and the scale below which its components need
/// no relative accuracy (atol = rtol * scale).
struct Case {
  std::string name;
  std::vector<double> reference;
  double atol_scale;
};

template <class Problem>
constexpr bool has_pattern = requires(const typename Problem::function_type& f) {
  f.jac_sparsity();
};

template <class Method, class Problem>
RunResult run_odekit(const Problem& problem, Method method, double rtol, double atol) {
  return odekit_bench::odekit_result(odekit::solve(
      problem, method,
      {.rtol = rtol, .atol = atol, .max_steps = 10'000'000, .save_everystep = false}));
}

/// Boost's rosenbrock4 forms and factors its dense iteration matrix once per step attempt,
/// after one Jacobian: nfactor = njac. nf includes the Jacobian's dual sweeps and df/dt.
template <class Problem>
RunResult run_boost(const Problem& problem, double rtol, double atol) {
  odekit::Stats callback_work;
  const auto callbacks = odekit_bench::stiff_callbacks(problem, callback_work);
  RunResult r = odekit_bench::run_boost_rosenbrock4(problem.y0.size(), callbacks, problem.y0,
                                                    problem.tspan[0], problem.tspan[1], rtol, atol);
  r.nf += callback_work.nf;
  r.nfactor = r.njac;
  return r;
}

/// The error of a point: the Bari test set's mixed error
/// max_i |y_i - ref_i| / (scale + |ref_i|) = 10^-mescd (scale = atol / rtol).
void score(const std::vector<double>& y, const Case& c, Point& p) {
  p.ok = p.ok && std::all_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); });
  p.mescd = pr::mescd(y, c.reference, 1.0, c.atol_scale);
  p.error = std::pow(10.0, -p.mescd);
}

/// The method list. The problem's jac_sparsity() decides the linear algebra: sparse LU (KLU)
/// for odekit's methods (LinSolve::automatic) and for CVODE with odekit's Jacobian; without it,
/// dense LU everywhere.
template <class Problem>
void sweep(std::vector<Point>& out, const Case& c, const Problem& problem,
           const std::vector<double>& rtols, double batch) {
  constexpr bool sparse = has_pattern<Problem>;
  for (const double rtol : rtols) {
    const double atol = rtol * c.atol_scale;
    auto add = [&](const char* solver, auto run) {
      out.push_back(odekit_bench::measure(
          {c.name, solver, rtol, atol}, [&] { return run(rtol, atol); },
          [&](const std::vector<double>& y, Point& p) { score(y, c, p); }, batch,
          odekit_bench::Timer::cpu));
    };
    auto add_odekit = [&](const char* solver, auto method) {
      add(solver, [&](double r, double a) { return run_odekit(problem, method, r, a); });
    };
    add_odekit("odekit Rosenbrock23", odekit::Rosenbrock23{});
    add_odekit("odekit Rodas4", odekit::Rodas4{});
    add_odekit("odekit Rodas5P", odekit::Rodas5P{});
    add_odekit("odekit KenCarp4", odekit::KenCarp4{});
    add_odekit("odekit BDF", odekit::BDF{});
    add_odekit("odekit Default (Tsit5/Rodas5P)", odekit::Default{});
    add_odekit("CVODE_BDF via odekit", odekit::CVODE_BDF{});
    add("CVODE BDF direct, odekit J", [&](double r, double a) {
      return odekit_bench::run_cvode_bdf_with_jacobian(
          problem, r, std::vector<double>(problem.y0.size(), a), sparse);
    });
    // CVODE's own difference quotients build dense matrices only.
    if constexpr (!sparse) {
      add("CVODE BDF direct, own J",
          [&](double r, double a) { return odekit_bench::run_cvode_bdf(problem, r, a); });
    }
    add("Boost rosenbrock4", [&](double r, double a) { return run_boost(problem, r, a); });
  }
}

/// odekit's own methods: the candidates for "odekit's best" (CVODE_BDF via odekit is CVODE).
std::vector<std::string> odekit_methods(const std::vector<Point>& points) {
  std::vector<std::string> names;
  for (const auto& p : points) {
    if (p.solver.rfind("odekit ", 0) == 0 &&
        std::find(names.begin(), names.end(), p.solver) == names.end()) {
      names.push_back(p.solver);
    }
  }
  return names;
}

/// The Brusselator reference at t1: Rodas5P at rtol = atol = 1e-13 (sparse LU), checked
/// against Rodas4 at the same tolerance; prints their mixed difference.
template <class Problem>
std::vector<double> brusselator_reference(const Problem& problem) {
  const odekit::Options tight{
      .rtol = 1e-13, .atol = 1e-13, .max_steps = 10'000'000, .save_everystep = false};
  const auto a = odekit::solve(problem, odekit::Rodas5P{}, tight);
  const auto b = odekit::solve(problem, odekit::Rodas4{}, tight);
  a.throw_if_failed();
  b.throw_if_failed();
  std::printf("Brusselator reference: Rodas5P and Rodas4 at 1e-13 differ by %.1e (mixed)\n",
              std::pow(10.0, -pr::mescd(b.y.back(), a.y.back(), 1.0, 1.0)));
  return a.y.back();
}

struct KrylovBar {
  std::string md;
  double ratio = 0;  ///< dense LU time / fastest Krylov time over the short span
  bool all_solved = true;
};

/// The 2D Brusselator on an n x n grid at rtol = atol = 1e-6 with BDF and dense LU, sparse LU
/// (KLU) and GMRES + ILU(0), and with CVODE_BDF and matrix-free SPGMR. At n = 64 (8192 states)
/// dense LU factors an 8192 x 8192 matrix (about 3.7e11 flops) at every refactorisation, so
/// all four solve the same short span [0, short_t1]; then KLU and GMRES + ILU(0) solve the full
/// span, and dense LU's full-span time is estimated from its time per factorisation.
KrylovBar brusselator_linear_solvers(std::size_t n, double short_t1) {
  const auto full = pr::brusselator_2d(n);
  auto brief = full;
  brief.tspan[1] = short_t1;
  const double tol = 1e-6;
  using odekit::LinSolve;
  using odekit_bench::large_system_options;
  using odekit_bench::timed_solve;
  const auto sparse = large_system_options(tol, LinSolve::sparse);
  const auto krylov = large_system_options(tol, LinSolve::gmres, odekit::Precond::ilu0);
  std::fprintf(stderr, "Brusselator N = %zu over [0, %g]:\n", n, short_t1);
  std::vector<odekit_bench::TimedSolve> rows;
  rows.push_back(timed_solve("BDF + dense LU", brief, odekit::BDF{},
                             large_system_options(tol, LinSolve::dense)));
  rows.push_back(timed_solve("BDF + sparse LU (KLU)", brief, odekit::BDF{}, sparse));
  rows.push_back(timed_solve("BDF + GMRES + ILU(0)", brief, odekit::BDF{}, krylov));
  rows.push_back(timed_solve("CVODE_BDF + SPGMR (matrix-free)", brief, odekit::CVODE_BDF{},
                             large_system_options(tol, LinSolve::gmres)));
  std::fprintf(stderr, "Brusselator N = %zu over [0, %g]:\n", n, full.tspan[1]);
  std::vector<odekit_bench::TimedSolve> full_rows;
  full_rows.push_back(timed_solve("BDF + sparse LU (KLU)", full, odekit::BDF{}, sparse));
  full_rows.push_back(timed_solve("BDF + GMRES + ILU(0)", full, odekit::BDF{}, krylov));

  const double dense = rows[0].cpu;
  KrylovBar bar{"", dense / std::min(rows[2].cpu, rows[3].cpu)};
  for (const auto* r : {&rows, &full_rows}) {
    for (const auto& row : *r) bar.all_solved = bar.all_solved && row.sol.ok();
  }
  const double per_factorisation =
      dense / static_cast<double>(std::max(1L, rows[0].sol.stats.nfactor));
  const double dense_full_estimate =
      per_factorisation * static_cast<double>(full_rows[0].sol.stats.nfactor);
  const std::string states = std::to_string(n) + " (" + std::to_string(full.size()) + " states)";
  bar.md = "Brusselator 2D, N = " + states + ", rtol = atol = 1e-6, BDF with each linear solver " +
           "and CVODE_BDF with SPGMR. Short span t in [0, " + fmt("%g", short_t1) +
           "], every solver:\n\n" + odekit_bench::timed_solve_table(rows, tol, tol) +
           "\nBar: dense LU / fastest Krylov path over this span = " + fmt("%.0fx", bar.ratio) +
           (bar.ratio >= 10 ? " (10x bar met)" : " (10x bar NOT met)") +
           ".\n\nFull span t in [0, " + fmt("%g", full.tspan[1]) + "]:\n\n" +
           odekit_bench::timed_solve_table(full_rows, tol, tol) +
           "\nDense LU over the full span, estimated as its CPU time per factorisation above (" +
           fmt("%.2f", per_factorisation) + " s, Jacobian and solves included) times the " +
           std::to_string(full_rows[0].sol.stats.nfactor) +
           " factorisations of BDF + KLU: " + fmt("%.0f", dense_full_estimate) + " s, " +
           fmt("%.0f", dense_full_estimate / full_rows[1].cpu) +
           " times the time of BDF + GMRES + ILU(0).\n\n";
  return bar;
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = odekit_bench::parse_arguments(argc, argv, "benchmarks/results/stiff.json");
  if (!args) return 2;
  const auto& [json, markdown, quick] = *args;
  const std::vector<double> rtols =
      quick ? std::vector<double>{1e-4, 1e-5}
            : std::vector<double>{1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
  const double batch = quick ? 0.002 : 0.05;
  const std::string machine = odekit_bench::machine_description();
  std::printf("stiff work-precision on %s\n", machine.c_str());

  auto as_vector = [](const auto& a) { return std::vector<double>(a.begin(), a.end()); };
  const Case rober{"ROBER", as_vector(pr::rober_reference), 1e-6};
  const Case hires{"HIRES", as_vector(pr::hires_reference), 1e-4};
  const Case pollu{"POLLU", as_vector(pr::pollu_reference), 1e-4};
  const Case vdp{"Van der Pol", as_vector(pr::van_der_pol_reference), 1.0};
  const auto bruss = pr::brusselator_2d(8);
  const Case bruss_case{"Brusselator N=8", brusselator_reference(bruss), 1.0};

  std::vector<Point> all;
  sweep(all, rober, pr::rober(), rtols, batch);
  sweep(all, hires, pr::hires(), rtols, batch);
  sweep(all, pollu, pr::pollu(), rtols, batch);
  sweep(all, vdp, pr::van_der_pol(), rtols, batch);
  sweep(all, bruss_case, bruss, rtols, batch);
  odekit_bench::write_json(all, json, machine);

  const auto ours = odekit_methods(all);
  std::string md = "Machine: " + machine + ".\n\n";
  md += "### Equal-error ratios: baseline time / fastest odekit method\n\n";
  md +=
      "| problem | baseline | in the bar | baseline points | with a ratio | smallest speed-up | "
      "largest speed-up |\n|---|---|---|---|---|---|---|\n";
  std::vector<odekit_bench::Ratio> ratios;
  bool bar_met = true;
  double worst = 1e300;
  for (const Case* c : {&rober, &hires, &pollu, &vdp, &bruss_case}) {
    for (const std::string baseline :
         {"CVODE BDF direct, odekit J", "CVODE BDF direct, own J", "Boost rosenbrock4"}) {
      const long points = std::count_if(all.begin(), all.end(), [&](const Point& p) {
        return p.problem == c->name && p.solver == baseline && p.ok;
      });
      if (points == 0) continue;
      const bool barred =
          (c == &rober || c == &hires || c == &pollu) && baseline.rfind("CVODE", 0) == 0;
      const auto these = odekit_bench::equal_error_ratios(all, c->name, baseline, ours, true);
      double lo = 1e300, hi = 0;
      for (const auto& r : these) {
        lo = std::min(lo, r.speedup());
        hi = std::max(hi, r.speedup());
      }
      ratios.insert(ratios.end(), these.begin(), these.end());
      md += "| " + c->name + " | " + baseline + " | " + (barred ? "yes" : "no") + " | " +
            std::to_string(points) + " | " + std::to_string(these.size()) + " | " +
            fmt("%.2fx", lo) + " | " + fmt("%.2fx", hi) + " |\n";
      if (barred) {
        worst = std::min(worst, lo);
        bar_met = bar_met && lo >= 1 && static_cast<long>(these.size()) == points;
      }
    }
  }
  md +=
      "\nBar (ROBER, HIRES and POLLU, rtol 1e-4 ... 1e-10: at every point of CVODE BDF called "
      "directly, odekit's fastest method at the same error is at least as fast): " +
      std::string(bar_met ? "met" : "NOT met") + ", smallest speed-up " + fmt("%.2fx", worst) +
      ".\n\n";
  md += odekit_bench::ratio_table(ratios) + "\n";

  md += "### Krylov against dense LU on the 2D Brusselator\n\n";
  const KrylovBar krylov =
      quick ? brusselator_linear_solvers(16, 1e-4) : brusselator_linear_solvers(64, 1e-4);
  md += krylov.md;

  md += "### Work-precision points\n\n";
  md += odekit_bench::points_table(all, "error (mixed, = 10^-mescd)", true);
  odekit_bench::replace_markdown_block(markdown, "stiff", md);
  std::printf("\nwrote %s and the 'stiff' section of %s\n", json.c_str(), markdown.c_str());
  std::printf(
      "equal-error bar against CVODE BDF on ROBER/HIRES/POLLU: %s, smallest speed-up %.2fx\n",
      bar_met ? "met" : "NOT met", worst);
  std::printf("Brusselator dense LU / Krylov: %.0fx\n", krylov.ratio);
  // A failed solve is a finding of its own: the tables mark it, the exit status reports it.
  const bool all_solved =
      krylov.all_solved && std::all_of(all.begin(), all.end(), [](const Point& p) { return p.ok; });
  if (!all_solved) std::printf("some solves FAILED: see the tables\n");
  return all_solved ? 0 : 1;
}
