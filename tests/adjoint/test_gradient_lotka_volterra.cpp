// Every sensitivity method on Lotka–Volterra (4 parameters) against central finite
// differences of a tight reference solve and against each other; the discrete adjoint
// against finite differences of the same discrete map for every explicit Runge–Kutta method;
// running costs, cotangents, save times at t0 and t1, and the checkpoint bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/solvers/methods.hpp>
#include <odekit/solvers/solve.hpp>

#include "gradient_checks.hpp"
#include "odekit_test/methods.hpp"

namespace {

using namespace odekit;
using odekit_test::WeightedSquares;

// Save times between steps, so that the interpolants are differentiated too.
const std::vector<double> kSaves{0.5, 1.7, 3.0, 4.25, 6.0, 7.5, 10.0};

Gradient reference_gradient() {
  const auto problem = problems::lotka_volterra();
  const WeightedSquares loss;
  return odekit_test::finite_differences(problem, [&](const auto& p) {
    return loss.of(solve(p, Vern9{}, {.rtol = 1e-13, .atol = 1e-13, .saveat = kSaves}));
  });
}

const Gradient& reference() {
  static const Gradient g = reference_gradient();
  return g;
}

// Continuous adjoints, forward sensitivities and the exact discrete gradient of an adaptive
// solve all approximate the true gradient to about the tolerance: at rtol = atol = 1e-10
// each agrees with the reference to 1e-6 relative, and so with every other.
TEST(LotkaVolterraGradient, EverySensitivityMatchesFiniteDifferencesAndEachOther) {
  const auto problem = problems::lotka_volterra();
  const Options options{.rtol = 1e-10, .atol = 1e-10, .saveat = kSaves};
  std::vector<Gradient> all;
  auto check = [&](const auto& sensitivity, const char* label) {
    const Gradient g = gradient(problem, Tsit5{}, options, WeightedSquares{}, sensitivity);
    ASSERT_TRUE(g.ok()) << g.message;
    const double err = odekit_test::gradient_error(g, reference());
    std::printf("  %-34s rel. error vs FD %.2e  nf %6ld  nvjp %6ld  states held %4zu\n", label, err,
                g.stats.nf, g.stats.nvjp, g.memory.checkpoints);
    EXPECT_LT(err, 1e-6) << label;
    EXPECT_NEAR(g.value, reference().value, 1e-8 * reference().value) << label;
    all.push_back(g);
  };
  check(ForwardSensitivity{}, "ForwardSensitivity");
  check(DiscreteAdjoint{}, "DiscreteAdjoint");
  check(DiscreteAdjoint{.checkpoints = 4}, "DiscreteAdjoint{checkpoints = 4}");
  check(BacksolveAdjoint{}, "BacksolveAdjoint");
  check(InterpolatingAdjoint{}, "InterpolatingAdjoint");
  check(InterpolatingAdjoint{.checkpoints = 3}, "InterpolatingAdjoint{checkpoints = 3}");
  check(QuadratureAdjoint{}, "QuadratureAdjoint");
  check(QuadratureAdjoint{.checkpoints = 3}, "QuadratureAdjoint{checkpoints = 3}");
  check(AutoSensitivity{}, "AutoSensitivity");
  for (const Gradient& a : all) {
    for (const Gradient& b : all) EXPECT_LT(odekit_test::gradient_error(a, b), 2e-6);
  }
  EXPECT_EQ(all.back().sensitivity, "ForwardSensitivity");  // n + np = 6: forward mode
}

TEST(LotkaVolterraGradient, WorkIsCounted) {
  const auto problem = problems::lotka_volterra();
  const Options options{.rtol = 1e-8, .atol = 1e-8, .saveat = kSaves};
  const Gradient fwd = gradient(problem, Tsit5{}, options, WeightedSquares{}, ForwardSensitivity{});
  EXPECT_EQ(fwd.stats.nvjp, 0);
  EXPECT_GT(fwd.stats.nf, 0);
  const Gradient disc = gradient(problem, Tsit5{}, options, WeightedSquares{}, DiscreteAdjoint{});
  // One vjp per stage that reaches y1 (Tsit5: six; the FSAL stage has weight 0) per step,
  // plus the interpolant's stages in the steps that hold a save.
  EXPECT_GE(disc.stats.nvjp, 6 * disc.stats.naccept / 2);
  const Gradient quad = gradient(problem, Tsit5{}, options, WeightedSquares{}, QuadratureAdjoint{});
  EXPECT_GT(quad.stats.nvjp, quad.stats.naccept);
  EXPECT_GT(quad.memory.dense_vectors, 0u);
}

// The discrete adjoint is the exact gradient of the discrete solve: with fixed steps (so the
// finite differences see the same step sequence) it agrees with finite differences of
// solve() to their own accuracy, for every explicit method and interpolated save times.
template <class Method>
class DiscreteAdjointExactness : public ::testing::Test {};
TYPED_TEST_SUITE(DiscreteAdjointExactness, odekit_test::ExplicitRKMethods, odekit_test::MethodName);

TYPED_TEST(DiscreteAdjointExactness, EqualsFiniteDifferencesOfTheDiscreteSolve) {
  const auto problem = problems::lotka_volterra();
  // Saves strictly inside steps of 0.01 (the interpolant, and Verner's lazy dense stages, are
  // differentiated), and one at the end.
  const std::vector<double> inside{0.505, 1.7034, 3.0071, 4.2555, 6.0009, 7.5099, 10.0};
  const Options options{.dt0 = 0.01, .saveat = inside, .adaptive = false};
  const WeightedSquares loss;
  const Gradient fd = odekit_test::finite_differences(
      problem, [&](const auto& p) { return loss.of(solve(p, TypeParam{}, options)); });
  const Gradient g = gradient(problem, TypeParam{}, options, loss, DiscreteAdjoint{});
  ASSERT_TRUE(g.ok()) << g.message;
  std::printf("  %-8s DiscreteAdjoint vs FD of the discrete solve: %.2e\n", TypeParam::name.data(),
              odekit_test::gradient_error(g, fd));
  EXPECT_LT(odekit_test::gradient_error(g, fd), 1e-8);
  EXPECT_NEAR(g.value, fd.value, 1e-12 * fd.value);

  // Checkpointed: the same gradient to round-off, never more than 5 states held.
  const Gradient c =
      gradient(problem, TypeParam{}, options, loss, DiscreteAdjoint{.checkpoints = 5});
  EXPECT_LT(odekit_test::gradient_error(c, g), 1e-13);
  EXPECT_LE(c.memory.checkpoints, 5u);
  EXPECT_GT(c.memory.recomputed_steps, 0);
  EXPECT_EQ(g.memory.checkpoints, static_cast<std::size_t>(g.stats.naccept) + 1);
  EXPECT_EQ(g.memory.recomputed_steps, 0);
}

TEST(LotkaVolterraGradient, CheckpointBudgetsFromOneStateUp) {
  const auto problem = problems::lotka_volterra();
  const Options options{.dt0 = 0.05, .saveat = kSaves, .adaptive = false};
  const Gradient all = gradient(problem, RK4{}, options, WeightedSquares{}, DiscreteAdjoint{});
  long previous = -1;
  for (const std::size_t c : {201u, 50u, 10u, 3u, 2u, 1u}) {
    const Gradient g =
        gradient(problem, RK4{}, options, WeightedSquares{}, DiscreteAdjoint{.checkpoints = c});
    EXPECT_LE(g.memory.checkpoints, c);
    EXPECT_LT(odekit_test::gradient_error(g, all), 1e-13) << c;
    // Fewer states, more recomputation (200 steps: c = 201 keeps them all).
    EXPECT_GE(g.memory.recomputed_steps, previous) << c;
    previous = g.memory.recomputed_steps;
  }
  EXPECT_EQ(previous, 200 * 199 / 2);  // one state: each step recomputed from y0
}

// L = sum_i l_i + integral of r = (y1 - 1)^2 / 2 + p2 y2 / 10.
struct Running {
  double operator()(double, std::span<const double> y, std::span<const double> p,
                    std::span<double> dr_dy, std::span<double> dr_dp) const {
    dr_dy[0] = y[0] - 1;
    dr_dy[1] = 0.1 * p[1];
    dr_dp[1] = 0.1 * y[1];
    return 0.5 * (y[0] - 1) * (y[0] - 1) + 0.1 * p[1] * y[1];
  }
};

// Lotka–Volterra with the running cost as a third state q' = r.
struct WithRunningCost {
  template <class T, class Y, class P, class D>
  void operator()(T t, const Y& y, const P& p, D&& dydt) const {
    problems::LotkaVolterra{}(t, y, p, dydt);
    dydt[2] = 0.5 * (y[0] - 1) * (y[0] - 1) + 0.1 * p[1] * y[1];
  }
};

template <class Method>
double loss_with_running(const OdeProblem<problems::LotkaVolterra>& p, const Options& options) {
  const OdeProblem<WithRunningCost> augmented(WithRunningCost{}, {p.y0[0], p.y0[1], 0.0}, p.tspan,
                                              p.p);
  Options o = options;
  if (o.saveat.back() != p.tspan[1]) o.saveat.push_back(p.tspan[1]);
  const Solution sol = solve(augmented, Method{}, o);
  double l = 0;
  for (std::size_t i = 0; i < options.saveat.size(); ++i) {
    l += 0.5 * static_cast<double>(i + 1) * (sol.y[i][0] * sol.y[i][0] + sol.y[i][1] * sol.y[i][1]);
  }
  return l + sol.y.back()[2];
}

TEST(LotkaVolterraGradient, RunningCost) {
  auto problem = problems::lotka_volterra();
  const std::vector<double> saves{2.0, 5.0};
  const Gradient fd = odekit_test::finite_differences(problem, [&](const auto& p) {
    return loss_with_running<Vern9>(p, {.rtol = 1e-13, .atol = 1e-13, .saveat = saves});
  });
  const Loss loss{WeightedSquares{}, Running{}};
  const Options options{.rtol = 1e-10, .atol = 1e-10, .saveat = saves};
  auto check = [&](const auto& sensitivity) {
    const Gradient g = gradient(problem, Tsit5{}, options, loss, sensitivity);
    ASSERT_TRUE(g.ok()) << g.message;
    EXPECT_LT(odekit_test::gradient_error(g, fd), 1e-6) << g.sensitivity;
    EXPECT_NEAR(g.value, fd.value, 1e-7 * fd.value) << g.sensitivity;
  };
  check(ForwardSensitivity{});
  check(DiscreteAdjoint{});
  check(BacksolveAdjoint{});
  check(InterpolatingAdjoint{});
  check(QuadratureAdjoint{});

  // Discretely exact: the method's own quadrature of r (its weights b) on fixed steps.
  const Options fixed{.dt0 = 0.02, .saveat = saves, .adaptive = false};
  const Gradient fd_fixed = odekit_test::finite_differences(
      problem, [&](const auto& p) { return loss_with_running<RK4>(p, fixed); });
  const Gradient g = gradient(problem, RK4{}, fixed, loss, DiscreteAdjoint{});
  EXPECT_LT(odekit_test::gradient_error(g, fd_fixed), 1e-8);
  EXPECT_NEAR(g.value, fd_fixed.value, 1e-12 * fd_fixed.value);

  // A running cost alone.
  const Gradient only =
      gradient(problem, Tsit5{}, options, Loss{NoCost{}, Running{}}, QuadratureAdjoint{});
  EXPECT_TRUE(only.ok());
  EXPECT_LT(only.value, fd.value);
}

TEST(LotkaVolterraGradient, CotangentsGiveTheVectorJacobianProductOfTheSolve) {
  const auto problem = problems::lotka_volterra();
  const Options options{.rtol = 1e-8, .atol = 1e-8, .saveat = {1.0, 2.5}};
  const Cotangents c{{{1.0, -2.0}, {0.5, 3.0}}};
  auto linear = [&](std::size_t i, double, std::span<const double> y, std::span<double> g) {
    g[0] = c.at_saves[i][0];
    g[1] = c.at_saves[i][1];
    return g[0] * y[0] + g[1] * y[1];
  };
  const Gradient a = gradient(problem, Tsit5{}, options, c, DiscreteAdjoint{});
  const Gradient b = gradient(problem, Tsit5{}, options, linear, DiscreteAdjoint{});
  EXPECT_EQ(a.dy0, b.dy0);
  EXPECT_EQ(a.dp, b.dp);
  EXPECT_EQ(a.value, b.value);
}

// Save times at t0 and the empty saveat (the loss at t1 alone).
TEST(LotkaVolterraGradient, SavesAtTheEndsOfTheSpan) {
  const auto problem = problems::lotka_volterra();
  const WeightedSquares loss;
  for (const std::vector<double>& saves :
       {std::vector<double>{0.0, 10.0}, std::vector<double>{0.0, 0.0, 3.0},
        std::vector<double>{}}) {
    const Options options{.dt0 = 0.01, .saveat = saves, .adaptive = false};
    const Gradient fd = odekit_test::finite_differences(problem, [&](const auto& p) {
      const Solution sol = solve(p, RK4{}, options);
      return saves.empty()
                 ? 0.5 * (sol.y.back()[0] * sol.y.back()[0] + sol.y.back()[1] * sol.y.back()[1])
                 : loss.of(sol);
    });
    for (const Gradient& g :
         {gradient(problem, RK4{}, options, loss, DiscreteAdjoint{}),
          gradient(problem, RK4{}, options, loss, DiscreteAdjoint{.checkpoints = 3}),
          gradient(problem, RK4{}, options, loss, ForwardSensitivity{})}) {
      EXPECT_LT(odekit_test::gradient_error(g, fd), 1e-7) << g.sensitivity << " " << saves.size();
    }
    const Gradient q = gradient(problem, RK4{}, options, loss, InterpolatingAdjoint{});
    EXPECT_LT(odekit_test::gradient_error(q, fd), 1e-4) << saves.size();  // dt = 0.01 RK4
  }
}

// The user's view, as README and docs/adjoint.md show it.
TEST(LotkaVolterraGradient, TheDocumentedSnippet) {
  auto lotka_volterra = [](auto, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dydt[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
  };
  odekit::OdeProblem problem{lotka_volterra, {1.0, 1.0}, {0.0, 10.0}, {1.5, 1.0, 3.0, 1.0}};
  const std::vector<double> ts{1.0, 5.0, 10.0};
  // called at each save time i: returns that time's contribution, writes dL/dy(t_i)
  auto loss = [](std::size_t i, double t, std::span<const double> y, std::span<double> dL_dy) {
    double l = 0;
    for (std::size_t j = 0; j < y.size(); ++j) {
      l += 0.5 * y[j] * y[j];
      dL_dy[j] = y[j];
    }
    return l;
  };
  odekit::Gradient g =
      odekit::gradient(problem, odekit::Tsit5{}, {.rtol = 1e-8, .atol = 1e-8, .saveat = ts}, loss,
                       odekit::InterpolatingAdjoint{});
  EXPECT_TRUE(g.ok());
  EXPECT_EQ(g.dy0.size(), 2u);
  EXPECT_EQ(g.dp.size(), 4u);
  EXPECT_GT(g.value, 0);
}

}  // namespace
