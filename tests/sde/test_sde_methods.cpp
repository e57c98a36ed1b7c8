// SDE solves end to end: the README's user view, adaptive stepping on the virtual tree,
// save times, reversibility of reversible Heun, the Milstein derivative by dual numbers, and
// Itô/Stratonovich consistency.
#include <gtest/gtest.h>

#include <cmath>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>

namespace {

using namespace odekit;

TEST(SdeSolve, UserViewCompilesAndReadsTheSamePath) {
  auto drift = [](auto t, const auto& y, const auto& p, auto&& dy) { dy[0] = p[0] * y[0]; };
  auto diffusion = [](auto t, const auto& y, const auto& p, auto&& g) { g[0] = p[1] * y[0]; };
  odekit::SdeProblem problem{drift,      diffusion,    {0.5},
                             {0.0, 1.0}, {1.01, 0.87}, odekit::Noise::diagonal};
  odekit::VirtualBrownianTree W{0.0, 1.0, /*dim=*/1, /*seed=*/42};
  odekit::SdeSolution sol =
      odekit::solve(problem, odekit::SRIW1{}, {.rtol = 1e-3, .atol = 1e-3, .brownian = &W});
  std::vector<double> dW(1);
  W.increment(0.0, 1.0, dW);
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t.back(), 1.0);
  EXPECT_NEAR(sol.y.back()[0], problems::gbm_exact(0.5, 1.01, 0.87, 1.0, dW[0]), 5e-3);
  EXPECT_GT(sol.stats.naccept, 10);
  const auto fixed = odekit::solve(problem, odekit::EulerMaruyama{}, {.dt = 1e-3, .brownian = &W});
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed.t.size(), 1001u);
  EXPECT_NEAR(fixed.y.back()[0], sol.y.back()[0], 0.02);
}

TEST(SdeSolve, AdaptiveErrorFollowsTheTolerance) {
  // Mean error over 40 paths at rtol = atol = 10^-2 ... 10^-4 shrinks with the tolerance,
  // and the solves reject some steps while staying on the same path.
  const auto problem = problems::gbm();
  double previous = 1e9;
  for (double tol : {1e-2, 1e-3, 1e-4}) {
    double err = 0;
    long rejected = 0;
    for (int p = 0; p < 40; ++p) {
      const VirtualBrownianTree W(0.0, 1.0, 1, derive_seed(5, p));
      const auto sol = solve(problem, SOSRI{}, {.rtol = tol, .atol = tol, .brownian = &W});
      ASSERT_TRUE(sol.ok()) << sol.message();
      double w = 0;
      W.value(1.0, {&w, 1});
      err += std::abs(sol.y.back()[0] - problems::gbm_exact(0.5, 1.01, 0.87, 1.0, w)) / 40;
      rejected += sol.stats.nreject;
    }
    EXPECT_LT(err, previous / 3) << "tol " << tol;
    EXPECT_LT(err, 30 * tol);
    EXPECT_GT(rejected, 0);
    previous = err;
  }
}

TEST(SdeSolve, AdaptiveAdditiveMethods) {
  const auto problem = problems::additive_system();
  for (int which = 0; which < 2; ++which) {
    const VirtualBrownianTree W(0.0, 1.0, 4, 8);
    const auto sol = which == 0
                         ? solve(problem, SRA1{}, {.rtol = 1e-5, .atol = 1e-5, .brownian = &W})
                         : solve(problem, SOSRA{}, {.rtol = 1e-5, .atol = 1e-5, .brownian = &W});
    ASSERT_TRUE(sol.ok()) << sol.message();
    double w[4];
    W.value(1.0, w);
    const auto exact = problems::additive_system_exact(1.0, w);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(sol.y.back()[i], exact[i], 1e-4);
  }
}

TEST(SdeSolve, SameSeedSamePathForEveryMethodAndStep) {
  // Without a path the solve builds a VirtualBrownianTree from the seed: two methods and two
  // step sizes see one path, so they agree to their discretisation error.
  const auto problem = problems::gbm();
  const auto a = solve(problem, SRIW1{}, {.dt = 1.0 / 512, .seed = 3, .adaptive = false});
  const auto b = solve(problem, ItoMilstein{}, {.dt = 1.0 / 4096, .seed = 3});
  const auto c = solve(problem, ItoMilstein{}, {.dt = 1.0 / 4096, .seed = 4});
  EXPECT_NEAR(a.y.back()[0], b.y.back()[0], 5e-3);
  EXPECT_GT(std::abs(a.y.back()[0] - c.y.back()[0]), 1e-3);
  EXPECT_EQ(a.seed, 3u);
}

TEST(SdeSolve, SaveatLandsOnTheSaveTimes) {
  const auto sol = solve(problems::gbm(), SOSRI{},
                         {.rtol = 1e-3, .atol = 1e-3, .seed = 1, .saveat = {0.0, 0.3, 0.7, 1.0}});
  ASSERT_TRUE(sol.ok());
  ASSERT_EQ(sol.t, (std::vector<double>{0.0, 0.3, 0.7, 1.0}));
  EXPECT_EQ(sol.y.front()[0], 0.5);
  // Solving to 0.3 alone on the same path lands on the same state.
  const VirtualBrownianTree W(0.0, 1.0, 1, 1);
  auto part = problems::gbm();
  part.tspan = {0.0, 0.3};
  const auto early = solve(part, EulerMaruyama{}, {.dt = 0.3 / 64, .brownian = &W});
  const auto whole =
      solve(problems::gbm(), EulerMaruyama{}, {.dt = 0.3 / 64, .brownian = &W, .saveat = {0.3}});
  EXPECT_NEAR(early.y.back()[0], whole.y[0][0], 1e-14);
}

TEST(SdeSolve, GeneralNoiseMatchesTheBatchOfCopies) {
  // torchsde's batch: two copies driven by Brownian components (0, 1) and (2, 3) solve like
  // the single copy on those components.
  const auto one = problems::torchsde_linear_general(1);
  const auto two = problems::torchsde_linear_general(2);
  const FixedGridBrownianPath W2(0.0, 1.0 / 256, 256, 4, 17);
  const auto both = solve(two, EulerHeun{}, {.dt = 1.0 / 256, .brownian = &W2, .saveat = {1.0}});
  // The same increments for copy 1 alone: components 2 and 3 of W2.
  struct Slice {
    const FixedGridBrownianPath* w;
    std::size_t dim() const { return 2; }
    double t0() const { return w->t0(); }
    double t1() const { return w->t1(); }
    void increment(double s, double t, std::span<double> dW) const {
      double all[4];
      w->increment(s, t, all);
      dW[0] = all[2];
      dW[1] = all[3];
    }
    void increment(double s, double t, std::span<double> dW, std::span<double> H) const {
      double all[4], h[4];
      w->increment(s, t, all, h);
      dW[0] = all[2];
      dW[1] = all[3];
      H[0] = h[2];
      H[1] = h[3];
    }
  } slice{&W2};
  const auto copy = solve(one, EulerHeun{}, {.dt = 1.0 / 256, .brownian = &slice, .saveat = {1.0}});
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(both.y.back()[3 + i], copy.y.back()[i], 1e-12);
}

TEST(ReversibleHeun, ReversesToTheStartExactly) {
  auto problem = problems::lotka_volterra_sde();
  using Stepper = ReversibleHeun::Stepper<decltype(problem)>;
  Stepper st(problem);
  SdeStats stats;
  // Lotka–Volterra on [0, 2] (reversible Heun is only marginally stable: its auxiliary state
  // has a neutral parasitic mode, so long oscillatory runs at coarse steps can drift away).
  const VirtualBrownianTree W(0.0, 10.0, 2, 6);
  const int n = 400;
  const double dt = 2.0 / n;
  std::vector<double> y = problem.y0, y1(2), dw(2), h(2);
  st.start(problem, 0.0, y.data(), stats);
  double err = 0;
  for (int i = 0; i < n; ++i) {
    W.increment(i * dt, (i + 1) * dt, dw);
    ASSERT_EQ(st.attempt(problem, i * dt, dt, y.data(), dw.data(), h.data(), y1.data(), false, 0,
                         AbsoluteTolerance(0.0), err, stats),
              Status::success);
    st.accept();
    y = y1;
  }
  for (int i = n - 1; i >= 0; --i) {
    W.increment(i * dt, (i + 1) * dt, dw);
    st.reverse(problem, i * dt, dt, y.data(), dw.data(), y1.data(), stats);
    y = y1;
  }
  EXPECT_NEAR(y[0], 1.0, 1e-11);
  EXPECT_NEAR(y[1], 1.0, 1e-11);
  EXPECT_NEAR(st.auxiliary()[0], 1.0, 1e-11);
}

TEST(Milstein, DualDerivativeMatchesTheDerivativeFreeVariant) {
  // With a nonlinear diffusion g = sin(y), Milstein's exact g'g and the RK Milstein difference
  // agree to O(sqrt(h)) per step and the solutions to O(h).
  auto f = [](auto, const auto& y, const auto&, auto&& dy) { dy[0] = -y[0]; };
  auto g = [](auto, const auto& y, const auto&, auto&& G) {
    using std::sin;
    G[0] = 0.5 * sin(y[0]) + 0.1;
  };
  SdeProblem problem{f, g, {1.0}, {0.0, 1.0}, {}, Noise::scalar};
  const VirtualBrownianTree W(0.0, 1.0, 1, 12);
  const auto a = solve(problem, ItoMilstein{}, {.dt = 1.0 / 1024, .brownian = &W});
  const auto b = solve(problem, ItoRKMilstein{}, {.dt = 1.0 / 1024, .brownian = &W});
  EXPECT_NEAR(a.y.back()[0], b.y.back()[0], 2e-3);
  // One diffusion call per step: on dual numbers it gives g and g'g together.
  EXPECT_EQ(a.stats.ng, 1024);
}

TEST(SdeIntegrator, FixedStepsStayOnTheirGridAcrossSaveTimes) {
  // dt = 0.1 with save times 0.25 and 0.62 (off the grid): steps end on 0.1, 0.2, 0.25, 0.3,
  // ..., 0.6, 0.62, 0.7, ...: a save time splits the step that holds it, the grid goes on.
  const auto problem = problems::gbm();
  const GridBridgeBrownianPath W(0.0, 0.1, 10, 1, 3);
  SdeIntegrator integ(problem, EulerMaruyama{}, W, {.dt = 0.1, .saveat = {0.25, 0.62}});
  std::vector<double> ends;
  while (!integ.done()) {
    ASSERT_EQ(integ.step(), Status::success);
    ends.push_back(integ.t());
  }
  const std::vector<double> expected{0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.62, 0.7, 0.8, 0.9, 1.0};
  ASSERT_EQ(ends.size(), expected.size());
  for (std::size_t i = 0; i < ends.size(); ++i) EXPECT_NEAR(ends[i], expected[i], 1e-12) << i;
  // A save time within 1% of a grid point replaces it: no sliver step.
  SdeIntegrator near(problem, EulerMaruyama{}, W, {.dt = 0.1, .saveat = {0.3005}});
  long steps = 0;
  for (; !near.done(); ++steps) ASSERT_EQ(near.step(), Status::success);
  EXPECT_EQ(steps, 10);
}

TEST(SdeIntegrator, GridBridgePathOnTheGridGivesTheFixedGridSolve) {
  const auto problem = problems::gbm(1.01, 0.87, 0.5, 2);
  const GridBridgeBrownianPath bridge(0.0, 1.0 / 128, 128, 2, 4);
  const FixedGridBrownianPath grid(0.0, 1.0 / 128, 128, 2, 4);
  const SdeOptions o{.dt = 1.0 / 128, .saveat = {0.5, 1.0}};
  const auto a = solve(problem, SRIW1{},
                       {.dt = o.dt, .brownian = &bridge, .saveat = o.saveat, .adaptive = false});
  const auto b = solve(problem, SRIW1{},
                       {.dt = o.dt, .brownian = &grid, .saveat = o.saveat, .adaptive = false});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.y, b.y);
}

TEST(SdeIntegrator, ManualSteppingAndStats) {
  const auto problem = problems::lotka_volterra_sde();
  const VirtualBrownianTree W(0.0, 10.0, 2, 2);
  SdeIntegrator integ(problem, SRIW1{}, W, {.rtol = 1e-3, .atol = 1e-3});
  int steps = 0;
  while (!integ.done()) {
    ASSERT_EQ(integ.step(), Status::success);
    ++steps;
  }
  EXPECT_EQ(integ.t(), 10.0);
  EXPECT_EQ(integ.stats().naccept, steps);
  // SRIW1 evaluates the drift twice and the diffusion four times per attempt.
  const long attempts = integ.stats().naccept + integ.stats().nreject;
  EXPECT_EQ(integ.stats().nf, 2 * attempts);
  EXPECT_EQ(integ.stats().ng, 4 * attempts);
}

}  // namespace
