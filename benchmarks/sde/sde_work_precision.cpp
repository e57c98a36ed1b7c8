// Work-precision of the SDE methods: mean strong error at t1 over sample paths against CPU time
// per solve, for GBM and the additive system (exact solutions, shared/problems.md) and the
// Lotka–Volterra SDE (reference: SRIW1 with dt = 2^-16 on the same path). Fixed steps
// 2^-3 ... 2^-10 (x t1), and rtol = atol = 10^-1 ... 10^-5 for the adaptive methods. Writes the
// points as JSON and a summary table into docs/benchmarks.md (block sde_work_precision).
// Usage: sde_work_precision [--json FILE] [--markdown FILE] [--quick]  (--quick: 10 paths)
#include <cmath>
#include <cstdio>
#include <map>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>
#include <string>
#include <vector>

#include "common/arguments.hpp"
#include "common/machine.hpp"
#include "common/report.hpp"
#include "common/timing.hpp"
#include "common/work_precision.hpp"

using namespace odekit;

namespace {

template <class Method, class Problem, class Error>
void sweep(std::vector<odekit_bench::Point>& points, const char* problem_name,
           const Problem& problem, const std::vector<VirtualBrownianTree>& trees,
           const Error& error) {
  const double t1 = problem.tspan[1];
  const double paths = static_cast<double>(trees.size());
  auto run = [&](const SdeOptions& base) {
    odekit_bench::Point p{problem_name, std::string(Method::name)};
    p.rtol = base.rtol.value_or(0);
    p.atol = base.atol.is_set() ? base.atol.values()[0] : 0;
    p.dt = base.dt.value_or(0);
    const double seconds = odekit_bench::seconds_per_call(
        [&] {
          p.error = 0;
          p.nf = p.ng = p.steps = 0;
          for (std::size_t k = 0; k < trees.size(); ++k) {
            SdeOptions o = base;
            o.brownian = &trees[k];
            const auto sol = solve(problem, Method{}, o);
            p.error += error(sol, k) / paths;
            p.nf += sol.stats.nf;
            p.ng += sol.stats.ng;
            p.steps += sol.stats.naccept;
          }
        },
        0.0, 3, odekit_bench::Timer::cpu);
    p.seconds = seconds / paths;
    p.nf = std::lround(static_cast<double>(p.nf) / paths);
    p.ng = std::lround(static_cast<double>(p.ng) / paths);
    p.steps = std::lround(static_cast<double>(p.steps) / paths);
    p.ok = std::isfinite(p.error);
    points.push_back(p);
  };
  if constexpr (Method::is_adaptive) {
    for (int e = 1; e <= 5; ++e) {
      const double tol = std::pow(10.0, -e);
      run({.rtol = tol, .atol = tol, .saveat = {t1}});
    }
  } else {
    for (int k = 3; k <= 10; ++k) run({.dt = std::ldexp(t1, -k), .saveat = {t1}});
  }
}

/// Per problem and method: the sweep's ends and the time at which it reaches strong error 1e-2
/// and 1e-3 (interpolated on its curve; "<=" the fastest run's time when every run is more
/// accurate; "-" where it does not get there).
std::string summary_table(const std::vector<odekit_bench::Point>& points) {
  using odekit_bench::fmt;
  std::map<std::pair<std::string, std::string>, std::vector<odekit_bench::Point>> curves;
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& p : points) {
    auto& c = curves[{p.problem, p.solver}];
    if (c.empty()) order.emplace_back(p.problem, p.solver);
    c.push_back(p);
  }
  auto setting = [](const odekit_bench::Point& p) {
    return p.dt > 0 ? "dt " + fmt("%.2g", p.dt) : "tol " + fmt("%.0e", p.rtol);
  };
  auto at = [](const std::vector<odekit_bench::Point>& c, double e) {
    if (const auto t = odekit_bench::time_at_error(c, e)) return fmt("%.3g", *t * 1e6);
    // Every run more accurate than e: at most the fastest run's time.
    const auto fastest = odekit_bench::fastest_time(c);
    if (fastest && odekit_bench::loosest_error(c) < e) return "<= " + fmt("%.3g", *fastest * 1e6);
    return std::string("-");
  };
  std::string md =
      "| problem | method | settings (coarse ... fine) | strong error | us per solve | f, g "
      "evals (fine) | us at error 1e-2 | us at error 1e-3 |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& key : order) {
    const auto& c = curves[key];
    const auto &a = c.front(), &b = c.back();
    md += "| " + key.first + " | " + key.second + " | " + setting(a) + " ... " + setting(b) +
          " | " + (a.ok ? fmt("%.2e", a.error) : "failed") + " ... " +
          (b.ok ? fmt("%.2e", b.error) : "failed") + " | " + fmt("%.3g", a.seconds * 1e6) +
          " ... " + fmt("%.3g", b.seconds * 1e6) + " | " + std::to_string(b.nf) + ", " +
          std::to_string(b.ng) + " | " + at(c, 1e-2) + " | " + at(c, 1e-3) + " |\n";
  }
  return md;
}

}  // namespace

int main(int argc, char** argv) {
  const auto args =
      odekit_bench::parse_arguments(argc, argv, "benchmarks/results/sde_work_precision.json");
  if (!args) return 2;
  const int paths = args->quick ? 10 : 100;
  std::vector<odekit_bench::Point> points;
  std::vector<VirtualBrownianTree> w1, w4, w2;
  for (int p = 0; p < paths; ++p) {
    w1.emplace_back(0.0, 1.0, 1, derive_seed(1, p));
    w4.emplace_back(0.0, 1.0, 4, derive_seed(2, p));
    w2.emplace_back(0.0, 10.0, 2, derive_seed(3, p));
  }
  const auto gbm = problems::gbm();
  const auto gbm_s = problems::gbm_stratonovich();
  auto gbm_error = [&](const SdeSolution& s, std::size_t p) {
    double w = 0;
    w1[p].value(1.0, {&w, 1});
    return std::abs(s.y.back()[0] - problems::gbm_exact(0.5, 1.01, 0.87, 1.0, w));
  };
  sweep<EulerMaruyama>(points, "GBM", gbm, w1, gbm_error);
  sweep<ItoMilstein>(points, "GBM", gbm, w1, gbm_error);
  sweep<ItoRKMilstein>(points, "GBM", gbm, w1, gbm_error);
  sweep<EulerHeun>(points, "GBM (Stratonovich drift)", gbm_s, w1, gbm_error);
  sweep<ReversibleHeun>(points, "GBM (Stratonovich drift)", gbm_s, w1, gbm_error);
  sweep<SRIW1>(points, "GBM", gbm, w1, gbm_error);
  sweep<SOSRI>(points, "GBM", gbm, w1, gbm_error);

  const auto add = problems::additive_system();
  auto add_error = [&](const SdeSolution& s, std::size_t p) {
    double w[4];
    w4[p].value(1.0, w);
    const auto exact = problems::additive_system_exact(1.0, w);
    double worst = 0;
    for (int i = 0; i < 4; ++i) worst = std::max(worst, std::abs(s.y.back()[i] - exact[i]));
    return worst;
  };
  sweep<EulerMaruyama>(points, "additive system", add, w4, add_error);
  sweep<EulerHeun>(points, "additive system", add, w4, add_error);
  sweep<SRA1>(points, "additive system", add, w4, add_error);
  sweep<SOSRA>(points, "additive system", add, w4, add_error);
  sweep<SRIW1>(points, "additive system", add, w4, add_error);

  const auto lv = problems::lotka_volterra_sde();
  std::vector<std::vector<double>> reference;
  for (int p = 0; p < paths; ++p) {
    reference.push_back(
        solve(
            lv, SRIW1{},
            {.dt = std::ldexp(10.0, -16), .brownian = &w2[p], .saveat = {10.0}, .adaptive = false})
            .y.back());
  }
  auto lv_error = [&](const SdeSolution& s, std::size_t p) {
    if (!s.ok()) return std::nan("");
    return std::max(std::abs(s.y.back()[0] - reference[p][0]),
                    std::abs(s.y.back()[1] - reference[p][1]));
  };
  sweep<EulerMaruyama>(points, "Lotka-Volterra SDE", lv, w2, lv_error);
  sweep<ItoMilstein>(points, "Lotka-Volterra SDE", lv, w2, lv_error);
  sweep<SRIW1>(points, "Lotka-Volterra SDE", lv, w2, lv_error);
  sweep<SOSRI>(points, "Lotka-Volterra SDE", lv, w2, lv_error);

  const std::string machine = odekit_bench::machine_description();
  odekit_bench::write_json(points, args->json, machine);
  odekit_bench::replace_markdown_block(args->markdown, "sde_work_precision",
                                       "Machine: " + machine + "; " + std::to_string(paths) +
                                           " sample paths per point; CPU time of one thread.\n\n" +
                                           summary_table(points));
  std::printf("wrote %s and the sde_work_precision block of %s\n", args->json.c_str(),
              args->markdown.c_str());
}
