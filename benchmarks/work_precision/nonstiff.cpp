// Work-precision benchmark of the non-stiff problems (SciMLBenchmarks NonStiffODE style):
// odekit's Tsit5, DP5, Vern7 and Vern9 side by side with Boost.Odeint's
// runge_kutta_dopri5 and runge_kutta_fehlberg78 and SUNDIALS CVODE (Adams, fixed-point
// iteration), over the tolerance pairs (rtol, atol) = (1e-3, 1e-6) ... (1e-10, 1e-13).
// Writes JSON and a Markdown section of docs/benchmarks.md, with the time ratios at equal
// achieved error and odekit's per-step overhead.
//
//   odekit_bench_nonstiff [--json FILE] [--markdown FILE] [--quick]
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/reference.hpp>

#include "baselines/boost_odeint.hpp"
#include "baselines/cvode_adams.hpp"
#include "common/arguments.hpp"
#include "common/machine.hpp"
#include "common/measure.hpp"
#include "common/report.hpp"
#include "common/timing.hpp"
#include "common/work_precision.hpp"

namespace {

namespace pr = odekit::problems;
using odekit_bench::fmt;
using odekit_bench::Point;
using odekit_bench::RunResult;

double l2_error(const std::vector<double>& y, const std::vector<double>& ref) {
  double s = 0;
  for (std::size_t i = 0; i < y.size(); ++i) s += (y[i] - ref[i]) * (y[i] - ref[i]);
  return std::sqrt(s);
}

template <class Method, class Problem>
RunResult run_odekit(const Problem& problem, double rtol, double atol) {
  return odekit_bench::odekit_result(odekit::solve(
      problem, Method{},
      {.rtol = rtol, .atol = atol, .max_steps = 10'000'000, .save_everystep = false}));
}

template <class Runner>
Point measure(const std::string& problem, const std::string& solver, const Runner& run,
              const std::vector<double>& ref, double rtol, double atol, double batch) {
  auto score = [&](const std::vector<double>& y, Point& p) {
    p.error = l2_error(y, ref);
    p.mescd = pr::mescd(y, ref, rtol, atol);
  };
  return odekit_bench::measure(
      {problem, solver, rtol, atol}, [&] { return run(rtol, atol); }, score, batch,
      odekit_bench::Timer::cpu);
}

template <std::size_t N, class Problem>
void sweep(std::vector<Point>& out, const std::string& name, const Problem& problem,
           const std::vector<double>& ref, int points, double batch) {
  for (int k = 0; k < points; ++k) {
    const double rtol = std::pow(10.0, -3 - k), atol = std::pow(10.0, -6 - k);
    auto add = [&](const char* solver, auto run) {
      out.push_back(measure(name, solver, run, ref, rtol, atol, batch));
    };
    add("odekit Tsit5",
        [&](double r, double a) { return run_odekit<odekit::Tsit5>(problem, r, a); });
    add("odekit DP5", [&](double r, double a) { return run_odekit<odekit::DP5>(problem, r, a); });
    add("odekit Vern7",
        [&](double r, double a) { return run_odekit<odekit::Vern7>(problem, r, a); });
    add("odekit Vern9",
        [&](double r, double a) { return run_odekit<odekit::Vern9>(problem, r, a); });
    add("Boost dopri5",
        [&](double r, double a) { return odekit_bench::run_odeint_dopri5<N>(problem, r, a); });
    add("Boost fehlberg78",
        [&](double r, double a) { return odekit_bench::run_odeint_fehlberg78<N>(problem, r, a); });
    add("CVODE Adams",
        [&](double r, double a) { return odekit_bench::run_cvode_adams(problem, r, a); });
  }
}

/// Time per accepted step of a 2-state solve with a trivially cheap right-hand side, and
/// the same less the right-hand side's own cost: the integrator's per-step overhead.
struct Overhead {
  double per_step_ns, rhs_ns, evals_per_step, overhead_ns;
};

template <class Method>
Overhead per_step_overhead(const odekit::Options& options) {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = -0.1 * y[0] + y[1];
    dydt[1] = -y[0] - 0.1 * y[1];
  };
  odekit::OdeProblem problem{f, {1.0, 0.0}, {0.0, 1000.0}};
  const auto sol = odekit::solve(problem, Method{}, options);
  const double seconds = odekit_bench::seconds_per_call(
      [&] { (void)odekit::solve(problem, Method{}, options); }, 0.05, 5, odekit_bench::Timer::cpu);
  // The right-hand side alone, on data the compiler cannot fold away.
  std::vector<double> y{1.0, 0.5}, dy(2), p;
  volatile double sink = 0;
  const long calls = 1'000'000;
  const double rhs_seconds =
      odekit_bench::seconds_per_call(
          [&] {
            for (long i = 0; i < calls; ++i) {
              f(0.0, std::span<const double>(y), std::span<const double>(p), std::span<double>(dy));
              y[0] = dy[1] * 1e-300 + 1.0;  // a dependency between calls
            }
            sink = sink + dy[0];
          },
          0.05, 5, odekit_bench::Timer::cpu) /
      calls;
  const double steps = static_cast<double>(sol.stats.naccept);
  const double evals = static_cast<double>(sol.stats.nf) / steps;
  const double per_step = seconds / steps;
  return {per_step * 1e9, rhs_seconds * 1e9, evals, (per_step - evals * rhs_seconds) * 1e9};
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = odekit_bench::parse_arguments(argc, argv, "benchmarks/results/nonstiff.json");
  if (!args) return 2;
  const auto& [json, markdown, quick] = *args;
  const int points = quick ? 2 : 8;
  const double batch = quick ? 0.002 : 0.02;
  const std::string machine = odekit_bench::machine_description();
  std::printf("non-stiff work-precision on %s\n", machine.c_str());

  std::vector<Point> all;
  const auto lv = pr::lotka_volterra();
  sweep<2>(all, "Lotka-Volterra", lv, pr::long_double_reference(pr::lotka_volterra<long double>()),
           points, batch);
  sweep<3>(all, "Rigid body", pr::rigid_body(),
           pr::long_double_reference(pr::rigid_body<long double>()), points, batch);
  const auto arenstorf = pr::arenstorf();
  sweep<4>(all, "Arenstorf", arenstorf, arenstorf.y0, points, batch);
  sweep<28>(all, "Pleiades", pr::pleiades(),
            std::vector<double>(pr::pleiades_reference.begin(), pr::pleiades_reference.end()),
            points, batch);
  odekit_bench::write_json(all, json, machine);

  // Equal-error ratios: the fastest odekit method against each baseline.
  const std::vector<std::string> ours{"odekit Tsit5", "odekit DP5", "odekit Vern7", "odekit Vern9"};
  std::string md;
  md += "Machine: " + machine + ".\n\n";
  md += "### Time ratios at equal achieved error (baseline time / fastest odekit method)\n\n";
  std::vector<odekit_bench::Ratio> ratios_all;
  double worst = 1e300;
  for (const char* problem : {"Lotka-Volterra", "Pleiades", "Rigid body", "Arenstorf"}) {
    for (const char* baseline : {"CVODE Adams", "Boost dopri5", "Boost fehlberg78"}) {
      const auto ratios = odekit_bench::equal_error_ratios(all, problem, baseline, ours);
      ratios_all.insert(ratios_all.end(), ratios.begin(), ratios.end());
      for (const auto& r : ratios) {
        const bool barred =
            (std::string(problem) == "Lotka-Volterra" || std::string(problem) == "Pleiades") &&
            std::string(baseline) != "Boost fehlberg78";
        if (barred) worst = std::min(worst, r.speedup());
      }
    }
  }
  md += odekit_bench::ratio_table(ratios_all);
  md +=
      "\nBar (Lotka-Volterra and Pleiades, against CVODE Adams and Boost dopri5): smallest "
      "speed-up " +
      fmt("%.2fx", worst) + (worst > 1 ? " (met)" : " (NOT met)") + ".\n\n";

  const Overhead adaptive =
      per_step_overhead<odekit::Tsit5>({.rtol = 1e-6, .atol = 1e-9, .save_everystep = false});
  const Overhead fixed =
      per_step_overhead<odekit::Tsit5>({.dt0 = 1e-3, .save_everystep = false, .adaptive = false});
  md += "### Per-step overhead (2-state linear problem, Tsit5, no saving)\n\n";
  md += "| mode | time per step [ns] | f evals per step | f cost [ns] | overhead per step [ns] |\n";
  md += "|---|---|---|---|---|\n";
  for (auto [mode, o] :
       {std::pair{"adaptive (rtol 1e-6)", adaptive}, std::pair{"fixed dt", fixed}}) {
    md += std::string("| ") + mode + " | " + fmt("%.1f", o.per_step_ns) + " | " +
          fmt("%.2f", o.evals_per_step) + " | " + fmt("%.2f", o.rhs_ns) + " | " +
          fmt("%.1f", o.overhead_ns) + " |\n";
  }
  md += "\nBar: under 100 ns per step: " +
        std::string(adaptive.overhead_ns < 100 ? "met" : "NOT met") + ".\n\n";

  md += "### Work-precision points\n\n";
  md += odekit_bench::points_table(all, "error (l2 at t1)", false);
  odekit_bench::replace_markdown_block(markdown, "nonstiff", md);
  std::printf("\nwrote %s and the 'nonstiff' section of %s\n", json.c_str(), markdown.c_str());
  std::printf(
      "smallest equal-error speed-up on LV/Pleiades vs CVODE Adams and Boost dopri5: %.2fx\n",
      worst);
  std::printf("per-step overhead: adaptive %.1f ns, fixed %.1f ns\n", adaptive.overhead_ns,
              fixed.overhead_ns);
  return 0;
}
