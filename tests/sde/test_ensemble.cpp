// Ensembles: bitwise the same results for any thread count, statistics against GBM's exact
// moments, per-trajectory seeds, saved paths and failures.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>
#include <type_traits>

namespace {

using namespace odekit;

bool bitwise_equal(const std::vector<std::vector<double>>& a,
                   const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size() ||
        std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

TEST(Ensemble, SameSeedBitwiseSameAtOneAndTwoThreads) {
  const auto problem = problems::gbm();
  const SdeOptions options{.rtol = 1e-3, .atol = 1e-3, .seed = 11, .saveat = {0.0, 0.5, 1.0}};
  const auto one = solve_ensemble(problem, SOSRI{}, options, {.trajectories = 300, .threads = 1});
  const auto two = solve_ensemble(problem, SOSRI{}, options, {.trajectories = 300, .threads = 2});
  ASSERT_TRUE(one.ok()) << one.message;
  EXPECT_TRUE(bitwise_equal(one.mean, two.mean));
  EXPECT_TRUE(bitwise_equal(one.var, two.var));
  EXPECT_EQ(one.stats, two.stats);
  const auto other = solve_ensemble(problem, SOSRI{}, {.rtol = 1e-3, .atol = 1e-3, .seed = 12},
                                    {.trajectories = 300, .threads = 2});
  EXPECT_NE(one.mean.back()[0], other.mean.back()[0]);
}

TEST(Ensemble, MeanAndVarianceOfGbm) {
  // E[y(1)] = y0 e^mu, Var[y(1)] = y0^2 e^(2 mu) (e^(sigma^2) - 1); 20000 paths, fixed grid.
  const auto problem = problems::gbm();
  const auto ens = solve_ensemble(problem, SRIW1{}, {.dt = 1.0 / 64, .seed = 3, .adaptive = false},
                                  {.trajectories = 20000, .path = EnsemblePath::fixed_grid});
  ASSERT_TRUE(ens.ok()) << ens.message;
  ASSERT_EQ(ens.t, (std::vector<double>{0.0, 1.0}));
  EXPECT_EQ(ens.mean[0][0], 0.5);
  EXPECT_EQ(ens.var[0][0], 0.0);
  const double mean = 0.5 * std::exp(1.01);
  const double var = 0.25 * std::exp(2.02) * (std::exp(0.87 * 0.87) - 1);
  // Standard errors: sqrt(var / n) = 0.010 for the mean; the variance's is about 0.08 (heavy
  // tails of the log-normal).
  EXPECT_NEAR(ens.mean[1][0], mean, 0.04);
  EXPECT_NEAR(ens.var[1][0], var, 0.4);
}

TEST(Ensemble, TrajectoryKIsTheSolveOnItsDerivedSeed) {
  const auto problem = problems::gbm();
  const SdeOptions options{.dt = 1.0 / 32, .seed = 8, .saveat = {0.5, 1.0}};
  const auto ens = solve_ensemble(problem, ItoMilstein{}, options,
                                  {.trajectories = 100, .threads = 2, .keep_paths = true});
  ASSERT_EQ(ens.paths.size(), 100u * 2 * 1);
  for (std::size_t k : {0u, 63u, 64u, 99u}) {
    const VirtualBrownianTree W(0.0, 1.0, 1, derive_seed(8, k));
    const auto sol =
        solve(problem, ItoMilstein{}, {.dt = 1.0 / 32, .brownian = &W, .saveat = {0.5, 1.0}});
    EXPECT_EQ(ens.path(k, 0, 0), sol.y[0][0]);
    EXPECT_EQ(ens.path(k, 1, 0), sol.y[1][0]);
  }
  // The statistics of the kept paths.
  double m = 0;
  for (std::size_t k = 0; k < 100; ++k) m += ens.path(k, 1, 0) / 100;
  EXPECT_NEAR(ens.mean[1][0], m, 1e-12);
}

TEST(Ensemble, FailedTrajectoriesAreCountedAndLeftOut) {
  // The diffusion is NaN when y exceeds 1: some trajectories fail.
  auto f = [](auto, const auto& y, const auto&, auto&& dy) { dy[0] = 0.5 * y[0]; };
  auto g = [](auto, const auto& y, const auto&, auto&& G) {
    G[0] = y[0] > 1.0 ? std::numeric_limits<double>::quiet_NaN() : 0.5 * y[0];
  };
  SdeProblem problem{f, g, {0.5}, {0.0, 1.0}, {}, Noise::diagonal};
  const auto ens =
      solve_ensemble(problem, EulerMaruyama{}, {.dt = 0.01, .seed = 2}, {.trajectories = 200});
  EXPECT_GT(ens.failed, 0u);
  EXPECT_LT(ens.failed, 200u);
  EXPECT_EQ(ens.status, Status::rhs_not_finite);
  EXPECT_NE(ens.message.find("trajectories failed"), std::string::npos) << ens.message;
  EXPECT_TRUE(std::isfinite(ens.mean[1][0]));
  EXPECT_LE(ens.mean[1][0], 1.0 + 0.5);
}

// solve_ensemble_simd against solve_ensemble on the same fixed grid: every method, every noise
// kind, bitwise the same statistics, paths and counters. 100 trajectories: a partly filled
// block and a partly filled pack.
template <class Method, class Problem>
void expect_simd_matches_scalar(const Problem& problem, double dt,
                                EnsemblePath path = EnsemblePath::fixed_grid,
                                std::vector<double> saveat = {}) {
  SCOPED_TRACE(std::string(Method::name));
  const double t1 = problem.tspan[1];
  if (saveat.empty()) saveat = {0.0, 0.25 * t1, t1};
  const SdeOptions options{.dt = dt, .seed = 21, .saveat = saveat, .adaptive = false};
  const EnsembleOptions ens{.trajectories = 100, .threads = 2, .path = path, .keep_paths = true};
  const auto scalar = solve_ensemble(problem, Method{}, options, ens);
  const auto simd = solve_ensemble_simd(problem, Method{}, options, ens);
  ASSERT_TRUE(scalar.ok()) << scalar.message;
  ASSERT_TRUE(simd.ok()) << simd.message;
  EXPECT_TRUE(bitwise_equal(scalar.mean, simd.mean));
  EXPECT_TRUE(bitwise_equal(scalar.var, simd.var));
  EXPECT_TRUE(bitwise_equal({scalar.paths}, {simd.paths}));
  EXPECT_EQ(scalar.stats, simd.stats);
}

TEST(EnsembleSimd, SameBitsAsTheScalarEnsemble) {
  const auto gbm = problems::gbm(1.01, 0.87, 0.5, 2);
  expect_simd_matches_scalar<EulerMaruyama>(gbm, 1.0 / 64);
  expect_simd_matches_scalar<ItoMilstein>(gbm, 1.0 / 64);
  expect_simd_matches_scalar<StratonovichRKMilstein>(gbm, 1.0 / 64);
  expect_simd_matches_scalar<SRIW1>(gbm, 1.0 / 64);
  auto lotka_volterra = problems::lotka_volterra_sde();
  lotka_volterra.tspan = {0.0, 2.0};  // reversible Heun drifts on long oscillatory runs
  expect_simd_matches_scalar<ReversibleHeun>(lotka_volterra, 1.0 / 64);
  expect_simd_matches_scalar<SOSRA>(problems::additive_system(), 1.0 / 32);
  expect_simd_matches_scalar<EulerHeun>(problems::torchsde_linear_general(1), 1.0 / 64);
}

TEST(EnsembleSimd, SameBitsAsTheScalarEnsembleWithSaveTimesBetweenGridPoints) {
  // On the grid bridge: save times off the step grid (two of them inside one step, one within
  // 1% of a grid point), the steps that start or end on them taken lane by lane.
  const double dt = 1.0 / 64;
  const std::vector<double> saveat{0.0, 0.3, 0.3 + dt / 4, 0.5 + dt / 200, 0.71, 1.0};
  const auto gbm = problems::gbm(1.01, 0.87, 0.5, 2);
  expect_simd_matches_scalar<EulerMaruyama>(gbm, dt, EnsemblePath::grid_bridge, saveat);
  expect_simd_matches_scalar<ItoMilstein>(gbm, dt, EnsemblePath::grid_bridge, saveat);
  expect_simd_matches_scalar<SRIW1>(gbm, dt, EnsemblePath::grid_bridge, saveat);
  expect_simd_matches_scalar<EulerMaruyama>(problems::torchsde_linear_general(1), dt,
                                            EnsemblePath::grid_bridge, saveat);
}

TEST(EnsembleSimd, SaveTimesBetweenGridPointsStayInTheLanes) {
  // The packs run in the lanes (no trajectory solved again one by one): the drift is called on
  // doubles only by the checks before the solve, not once per step.
  static long scalar_drift_calls = 0;
  auto f = [](auto, const auto& y, const auto&, auto&& dy) {
    if constexpr (std::is_same_v<std::decay_t<decltype(y[0])>, double>) ++scalar_drift_calls;
    dy[0] = 0.5 * y[0];
  };
  auto g = [](auto, const auto& y, const auto&, auto&& G) { G[0] = 0.3 * y[0]; };
  const SdeProblem problem{f, g, {1.0}, {0.0, 1.0}, {}, Noise::diagonal};
  const auto ens = solve_ensemble_simd(
      problem, EulerMaruyama{}, {.dt = 1.0 / 64, .seed = 2, .saveat = {0.0, 0.3, 0.71, 1.0}},
      {.trajectories = 128, .threads = 1, .path = EnsemblePath::grid_bridge});
  ASSERT_TRUE(ens.ok()) << ens.message;
  EXPECT_EQ(ens.stats.naccept, 128 * (64 + 2));  // two save times split a step each
  EXPECT_LT(scalar_drift_calls, 10);
}

TEST(Ensemble, GridBridgeOnGridSaveTimesIsTheFixedGridEnsemble) {
  // With every save time on the step grid no cell is refined: the same numbers as fixed_grid.
  const auto gbm = problems::gbm(1.01, 0.87, 0.5, 2);
  const SdeOptions options{.dt = 1.0 / 64, .seed = 5, .saveat = {0.0, 0.5, 1.0}};
  auto run = [&](EnsemblePath path) {
    return solve_ensemble_simd(gbm, SRIW1{}, options,
                               {.trajectories = 70, .path = path, .keep_paths = true});
  };
  const auto grid = run(EnsemblePath::fixed_grid), bridge = run(EnsemblePath::grid_bridge);
  EXPECT_TRUE(bitwise_equal({grid.paths}, {bridge.paths}));
}

TEST(EnsembleSimd, FailingTrajectoriesAreReportedLikeTheScalarEnsemble) {
  // The drift is NaN once y < 0, which some paths reach: their packs are solved again one
  // trajectory at a time.
  auto f = [](auto, const auto& y, const auto&, auto&& dy) {
    using std::sqrt;
    dy[0] = 0.1 * sqrt(y[0]);
  };
  auto g = [](auto, const auto&, const auto&, auto&& G) { G[0] = 0.5; };
  SdeProblem problem{f, g, {0.3}, {0.0, 1.0}, {}, Noise::additive};
  const SdeOptions options{.dt = 1.0 / 32, .seed = 4};
  const EnsembleOptions ens{.trajectories = 64, .path = EnsemblePath::fixed_grid};
  const auto scalar = solve_ensemble(problem, EulerMaruyama{}, options, ens);
  const auto simd = solve_ensemble_simd(problem, EulerMaruyama{}, options, ens);
  ASSERT_GT(scalar.failed, 0u);
  ASSERT_LT(scalar.failed, 64u);
  EXPECT_EQ(simd.failed, scalar.failed);
  EXPECT_EQ(simd.status, scalar.status);
  EXPECT_EQ(simd.message, scalar.message);
  EXPECT_TRUE(bitwise_equal(scalar.mean, simd.mean));
  EXPECT_EQ(scalar.stats, simd.stats);
}

TEST(EnsembleSimd, NeedsTheFixedGrid) {
  EXPECT_THROW(
      solve_ensemble_simd(problems::gbm(), EulerMaruyama{}, {.dt = 0.1}, {.trajectories = 10}),
      std::invalid_argument);
}

TEST(Lanes, EveryLaneComputesWhatTheScalarCodeComputes) {
  using L = Lanes<double, 4>;
  const L y{[] {
    L v;
    for (std::size_t l = 0; l < 4; ++l) v[l] = 0.3 + 0.7 * l;
    return v;
  }()};
  using std::exp;
  using std::sqrt;
  const L r = 2 * exp(y) / (1.0 + sqrt(y)) - y * y;
  const Dual<L, 1> x = Dual<L, 1>::variable(y, 0);
  const Dual<L, 1> dx = x * x * 3.0;
  for (std::size_t l = 0; l < 4; ++l) {
    const double s = y[l];
    EXPECT_EQ(r[l], 2 * std::exp(s) / (1.0 + std::sqrt(s)) - s * s);
    EXPECT_EQ(dx.partials[0][l], 6 * s);
  }
  EXPECT_TRUE(detail::all_finite(&r, 1));
  L bad = r;
  bad[2] = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(detail::all_finite(&bad, 1));
}

TEST(Ensemble, BadInput) {
  const VirtualBrownianTree W(0.0, 1.0, 1, 1);
  EXPECT_THROW(solve_ensemble(problems::gbm(), EulerMaruyama{}, {.dt = 0.1, .brownian = &W},
                              {.trajectories = 10}),
               std::invalid_argument);
  EXPECT_THROW(solve_ensemble(problems::gbm(), EulerMaruyama{}, {.dt = 0.1}, {.trajectories = 0}),
               std::invalid_argument);
  EXPECT_THROW(solve_ensemble(problems::gbm(), EulerMaruyama{}, {.dt = 0.3},
                              {.trajectories = 10, .path = EnsemblePath::fixed_grid}),
               std::invalid_argument);
  EXPECT_THROW(solve_ensemble(problems::gbm(), SRIW1{}, {.seed = 1}, {.trajectories = 10}),
               std::invalid_argument);
}

}  // namespace
