// Ensembles: bitwise the same results for any thread count, statistics against GBM's exact
// moments, per-trajectory seeds, saved paths and failures.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>

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
