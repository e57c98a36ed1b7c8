// Work-precision of the SDE methods: mean strong error at t1 over sample paths against time per
// solve, for GBM and the additive system (exact solutions, shared/problems.md) and the
// Lotka–Volterra SDE (reference: SRIW1 with dt = 2^-16 on the same path). Fixed steps
// 2^-3 ... 2^-10 (x t1), and rtol = atol = 10^-1 ... 10^-5 for the adaptive methods.
// Output: one JSON object per line. Usage: sde_work_precision [paths]
#include <cmath>
#include <cstdlib>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>
#include <string>
#include <vector>

#include "bench_util.hpp"

using namespace odekit;

namespace {

template <class Method, class Problem, class Error>
void sweep(const char* problem_name, const Problem& problem,
           const std::vector<VirtualBrownianTree>& trees, const Error& error) {
  const double t1 = problem.tspan[1];
  auto run = [&](const SdeOptions& base, const std::string& setting) {
    double err = 0;
    long nf = 0, ng = 0;
    const double seconds = odekit_bench::median_seconds(3, [&] {
      err = 0;
      nf = ng = 0;
      for (std::size_t p = 0; p < trees.size(); ++p) {
        SdeOptions o = base;
        o.brownian = &trees[p];
        const auto sol = solve(problem, Method{}, o);
        err += error(sol, p) / static_cast<double>(trees.size());
        nf += sol.stats.nf;
        ng += sol.stats.ng;
      }
    });
    odekit_bench::JsonLine()
        .add("problem", problem_name)
        .add("method", std::string(Method::name))
        .add("setting", setting)
        .add("strong_error", err)
        .add("seconds_per_solve", seconds / static_cast<double>(trees.size()))
        .add("nf_per_solve", static_cast<double>(nf) / static_cast<double>(trees.size()))
        .add("ng_per_solve", static_cast<double>(ng) / static_cast<double>(trees.size()))
        .print();
  };
  if constexpr (Method::is_adaptive) {
    for (int e = 1; e <= 5; ++e) {
      const double tol = std::pow(10.0, -e);
      run({.rtol = tol, .atol = tol, .saveat = {t1}}, "tol=1e-" + std::to_string(e));
    }
  } else {
    for (int k = 3; k <= 10; ++k) {
      run({.dt = std::ldexp(t1, -k), .saveat = {t1}}, "dt=t1*2^-" + std::to_string(k));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int paths = argc > 1 ? std::atoi(argv[1]) : 100;
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
  sweep<EulerMaruyama>("GBM", gbm, w1, gbm_error);
  sweep<ItoMilstein>("GBM", gbm, w1, gbm_error);
  sweep<ItoRKMilstein>("GBM", gbm, w1, gbm_error);
  sweep<EulerHeun>("GBM (Stratonovich drift)", gbm_s, w1, gbm_error);
  sweep<ReversibleHeun>("GBM (Stratonovich drift)", gbm_s, w1, gbm_error);
  sweep<SRIW1>("GBM", gbm, w1, gbm_error);
  sweep<SOSRI>("GBM", gbm, w1, gbm_error);

  const auto add = problems::additive_system();
  auto add_error = [&](const SdeSolution& s, std::size_t p) {
    double w[4];
    w4[p].value(1.0, w);
    const auto exact = problems::additive_system_exact(1.0, w);
    double worst = 0;
    for (int i = 0; i < 4; ++i) worst = std::max(worst, std::abs(s.y.back()[i] - exact[i]));
    return worst;
  };
  sweep<EulerMaruyama>("additive system", add, w4, add_error);
  sweep<EulerHeun>("additive system", add, w4, add_error);
  sweep<SRA1>("additive system", add, w4, add_error);
  sweep<SOSRA>("additive system", add, w4, add_error);
  sweep<SRIW1>("additive system", add, w4, add_error);

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
  sweep<EulerMaruyama>("Lotka-Volterra SDE", lv, w2, lv_error);
  sweep<ItoMilstein>("Lotka-Volterra SDE", lv, w2, lv_error);
  sweep<SRIW1>("Lotka-Volterra SDE", lv, w2, lv_error);
  sweep<SOSRI>("Lotka-Volterra SDE", lv, w2, lv_error);
}
