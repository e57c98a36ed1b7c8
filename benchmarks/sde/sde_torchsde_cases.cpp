// The odekit side of the torchsde comparison (run_torchsde_comparison.sh): torchsde's README
// examples (shared/problems.md) and an ensemble of 10,000 GBM paths, at dt = 1e-3 with the
// methods both libraries have: Euler–Maruyama, Milstein and an order-1.5 SRK (torchsde "srk"
// is Rößler's SRI scheme for diagonal noise; ours is SRIW1, also Rößler's SRI). Prints one JSON
// object per line: case, method, the odekit variant, seconds per solve, strong error at t = 1.
//
//   gbm_batch4:      dy = 0.5 y dt + y dW, y0 = 0.1, 4 independent copies as one 4-state
//                    diagonal-noise system, 20 save times i/19 on [0, 1] (steps stop on them:
//                    VirtualBrownianTree); error against the exact solution.
//   linear_batch32:  torchsde's quick example (3 states, 2 Brownian motions, general noise,
//                    linear drift and diffusion, fixed weights), 32 copies, the same 20 save
//                    times; Euler only (general noise). Variant "system": one 96-state system
//                    with a 96 x 64 block-diagonal diffusion (how torchsde holds the batch);
//                    variant "ensemble": 32 trajectories of the 3-state SDE (solve_ensemble, one
//                    virtual tree each, all paths kept); variant "simd ensemble": the same with
//                    solve_ensemble_simd on a GridBridgeBrownianPath of dt per trajectory.
//                    Error against dt = 1e-5 on the same path.
//   gbm_10000:       10,000 GBM paths (as gbm_batch4) on both cores, save t = 0 and 1, every
//                    path kept; variant "simd": solve_ensemble_simd, "scalar": solve_ensemble,
//                    both on one FixedGridBrownianPath per trajectory (the same numbers), and
//                    "simd, 1 thread" for the cost per core; error against the exact solution.
#include <cmath>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>
#include <string>
#include <vector>

#include "common/machine.hpp"
#include "common/timing.hpp"
#include "json_line.hpp"

using namespace odekit;

namespace {

constexpr double kDt = 1e-3;

/// Median wall time of `solves` solves (after a first, untimed one): ensembles run on every
/// core, so wall time, as torchsde's side measures.
template <class Solve>
double median_of_solves(int solves, Solve&& solve) {
  return odekit_bench::seconds_per_call(solve, 0.0, solves, odekit_bench::Timer::wall);
}
constexpr double kMu = 0.5, kSigma = 1.0, kY0 = 0.1;

std::vector<double> save_times() {
  std::vector<double> ts(20);
  for (int i = 0; i < 20; ++i) ts[i] = i / 19.0;
  return ts;
}

void report(const char* case_name, std::string_view method, const char* variant, double seconds,
            double error, double trajectories) {
  odekit_bench::JsonLine()
      .add("side", "odekit")
      .add("case", case_name)
      .add("method", std::string(method))
      .add("variant", variant)
      .add("dt", kDt)
      .add("seconds", seconds)
      .add("strong_error", error)
      .add("trajectories", trajectories)
      .print();
}

template <class Method>
void gbm_batch4() {
  const auto problem = problems::gbm(kMu, kSigma, kY0, 4);
  // Save times i/19 are off the dt grid: a virtual tree lets steps stop on them.
  const VirtualBrownianTree W(0.0, 1.0, 4, 1);
  SdeSolution sol;
  const double seconds = median_of_solves(20, [&] {
    sol = solve(problem, Method{},
                {.dt = kDt, .brownian = &W, .saveat = save_times(), .adaptive = false});
  });
  double w[4], err = 0;
  W.value(1.0, w);
  for (int i = 0; i < 4; ++i) {
    err += std::abs(sol.y.back()[i] - problems::gbm_exact(kY0, kMu, kSigma, 1.0, w[i])) / 4;
  }
  report("gbm_batch4", Method::name, "system", seconds, err, 4);
}

void linear_batch32_system() {
  const auto problem = problems::torchsde_linear_general(32);
  const VirtualBrownianTree W(0.0, 1.0, 64, 2);
  SdeSolution sol;
  const double seconds = median_of_solves(5, [&] {
    sol = solve(problem, EulerMaruyama{}, {.dt = kDt, .brownian = &W, .saveat = save_times()});
  });
  const auto ref = solve(problem, EulerMaruyama{}, {.dt = 1e-5, .brownian = &W, .saveat = {1.0}});
  double err = 0;
  for (std::size_t i = 0; i < 96; ++i) err += std::abs(sol.y.back()[i] - ref.y.back()[i]) / 96;
  report("linear_batch32", EulerMaruyama::name, "system", seconds, err, 32);
}

/// The batch as 32 trajectories of the 3-state SDE: "ensemble" (solve_ensemble, one virtual
/// tree each) and "simd ensemble" (solve_ensemble_simd on the grid bridge of dt: the steps stay
/// on the 1e-3 grid, the save times split the steps that hold them); one thread, as the 32
/// trajectories are one block.
void linear_batch32_ensemble(bool simd) {
  const auto problem = problems::torchsde_linear_general(1);
  const SdeOptions options{.dt = kDt, .seed = 2, .saveat = save_times()};
  const EnsembleOptions ens{.trajectories = 32,
                            .threads = 1,
                            .path = simd ? EnsemblePath::grid_bridge : EnsemblePath::virtual_tree,
                            .keep_paths = true};
  EnsembleSolution out;
  const double seconds = median_of_solves(simd ? 50 : 5, [&] {
    out = simd ? solve_ensemble_simd(problem, EulerMaruyama{}, options, ens)
               : solve_ensemble(problem, EulerMaruyama{}, options, ens);
  });
  // The reference: dt = 1e-5 on each trajectory's own path.
  double err = 0;
  for (std::size_t k = 0; k < 32; ++k) {
    const std::uint64_t seed = derive_seed(2, k);
    SdeSolution ref;
    if (simd) {
      const GridBridgeBrownianPath W(0.0, kDt, 1000, 2, seed);
      ref = solve(problem, EulerMaruyama{}, {.dt = 1e-5, .brownian = &W, .saveat = {1.0}});
    } else {
      const VirtualBrownianTree W(0.0, 1.0, 2, seed);
      ref = solve(problem, EulerMaruyama{}, {.dt = 1e-5, .brownian = &W, .saveat = {1.0}});
    }
    for (std::size_t i = 0; i < 3; ++i) err += std::abs(out.path(k, 19, i) - ref.y.back()[i]) / 96;
  }
  report("linear_batch32", EulerMaruyama::name, simd ? "simd ensemble" : "ensemble", seconds, err,
         32);
}

/// The 10,000-path ensemble: "simd" (solve_ensemble_simd) or "scalar" (solve_ensemble) on every
/// core, and "simd, 1 thread" for the cost per core.
template <class Method>
void gbm_10000(const std::string& variant) {
  const auto problem = problems::gbm(kMu, kSigma, kY0, 1);
  const SdeOptions options{.dt = kDt, .seed = 3, .saveat = {0.0, 1.0}, .adaptive = false};
  const bool simd = variant != "scalar";
  const EnsembleOptions ens{.trajectories = 10000,
                            .threads = variant == "simd, 1 thread" ? 1u : 0u,
                            .path = EnsemblePath::fixed_grid,
                            .keep_paths = true};
  EnsembleSolution out;
  const double seconds = median_of_solves(simd ? 7 : 3, [&] {
    out = simd ? solve_ensemble_simd(problem, Method{}, options, ens)
               : solve_ensemble(problem, Method{}, options, ens);
  });
  double err = 0;
  for (std::size_t k = 0; k < 10000; ++k) {
    const FixedGridBrownianPath W(0.0, kDt, 1000, 1, derive_seed(3, k), false);
    double w = 0;
    W.increment(0.0, 1.0, {&w, 1});
    err += std::abs(out.path(k, 1, 0) - problems::gbm_exact(kY0, kMu, kSigma, 1.0, w)) / 10000;
  }
  report("gbm_10000", Method::name, variant.c_str(), seconds, err, 10000);
}

}  // namespace

int main() {
  gbm_batch4<EulerMaruyama>();
  gbm_batch4<ItoMilstein>();
  gbm_batch4<SRIW1>();
  linear_batch32_system();
  linear_batch32_ensemble(false);
  linear_batch32_ensemble(true);
  for (const char* variant : {"simd", "simd, 1 thread", "scalar"}) {
    gbm_10000<EulerMaruyama>(variant);
    gbm_10000<ItoMilstein>(variant);
    gbm_10000<SRIW1>(variant);
  }
  odekit_bench::JsonLine()
      .add("side", "odekit")
      .add("case", "machine")
      .add("odekit_machine", odekit_bench::machine_description())
      .print();
}
