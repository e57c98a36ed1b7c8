// The discrete adjoint through Rosenbrock methods: the exact gradient of the discrete solve
// (transposed stage solves with W^T, and the second-derivative terms of J and df/dt), against
// finite differences of the same fixed-step solve, for every Rosenbrock method, a
// non-autonomous problem whose Jacobian depends on y and p, saves inside steps, a running
// cost, checkpoints, and every linear solver.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/solve.hpp>

#include "gradient_checks.hpp"
#include "odekit_test/methods.hpp"

namespace {

using namespace odekit;
using odekit_test::WeightedSquares;

// Lotka–Volterra with a periodic forcing of the prey, p = (a, b, c, d, e): df/dt depends on
// p and J on y and p, so every second-derivative term of the reverse step is exercised.
struct ForcedLotkaVolterra {
  template <class T, class Y, class P, class D>
  void operator()(T t, const Y& y, const P& p, D&& dydt) const {
    using std::sin;
    dydt[0] = p[0] * y[0] - p[1] * y[0] * y[1] + p[4] * sin(t) * y[0] * y[0];
    dydt[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
  }
};

OdeProblem<ForcedLotkaVolterra> forced_lotka_volterra() {
  return {ForcedLotkaVolterra{}, {1.0, 1.0}, {0.0, 5.0}, {1.5, 1.0, 3.0, 1.0, 0.3}};
}

// Saves strictly inside steps of 0.01 (the dense output is differentiated) and at the end.
const std::vector<double> kInside{0.505, 1.7034, 3.0071, 4.2555, 5.0};

using RosenbrockMethods = ::testing::Types<Rosenbrock23, Rodas4, Rodas5P>;

template <class Method>
class RosenbrockDiscreteAdjoint : public ::testing::Test {};
TYPED_TEST_SUITE(RosenbrockDiscreteAdjoint, RosenbrockMethods, odekit_test::MethodName);

TYPED_TEST(RosenbrockDiscreteAdjoint, EqualsFiniteDifferencesOfTheDiscreteSolve) {
  const auto problem = forced_lotka_volterra();
  const Options options{.dt0 = 0.01, .saveat = kInside, .adaptive = false};
  const WeightedSquares loss;
  const Gradient fd = odekit_test::finite_differences(
      problem, [&](const auto& p) { return loss.of(solve(p, TypeParam{}, options)); });
  const Gradient g = gradient(problem, TypeParam{}, options, loss, DiscreteAdjoint{});
  ASSERT_TRUE(g.ok()) << g.message;
  const double err = odekit_test::gradient_error(g, fd);
  std::printf("  %-12s DiscreteAdjoint vs FD of the discrete solve: %.2e\n", TypeParam::name.data(),
              err);
  EXPECT_LT(err, 1e-8);
  EXPECT_NEAR(g.value, fd.value, 1e-12 * fd.value);

  // Checkpointed: the same gradient to round-off, never more than 4 states held.
  const Gradient c =
      gradient(problem, TypeParam{}, options, loss, DiscreteAdjoint{.checkpoints = 4});
  ASSERT_TRUE(c.ok()) << c.message;
  EXPECT_LT(odekit_test::gradient_error(c, g), 1e-12);
  EXPECT_LE(c.memory.checkpoints, 4u);
  EXPECT_GT(c.memory.recomputed_steps, 0);
}

// r = (y1 - 1)^2 / 2 + e y2, integrated by Gauss–Legendre quadrature of each step's dense
// output (the discrete running cost DiscreteAdjoint differentiates for Rosenbrock methods).
struct Running {
  double operator()(double, std::span<const double> y, std::span<const double> p,
                    std::span<double> dr_dy, std::span<double> dr_dp) const {
    dr_dy[0] = y[0] - 1;
    dr_dy[1] = p[4];
    dr_dp[4] = y[1];
    return 0.5 * (y[0] - 1) * (y[0] - 1) + p[4] * y[1];
  }
};

/// The running cost of a solve by the same quadrature, over its dense output.
template <class Method>
double running_cost(const OdeProblem<ForcedLotkaVolterra>& problem, Options o) {
  o.dense = true;
  o.saveat.clear();
  o.save_everystep = true;
  const Solution sol = solve(problem, Method{}, o);
  const QuadratureRule rule = gauss_legendre(nodes_for_order(Method::dense_order));
  std::vector<double> y(2), gy(2), gp(problem.p.size());
  double r = 0;
  for (std::size_t k = 0; k + 1 < sol.t.size(); ++k) {
    const double a = sol.t[k], h = sol.t[k + 1] - a;
    for (std::size_t q = 0; q < rule.nodes.size(); ++q) {
      sol.dense().evaluate(a + rule.nodes[q] * h, y);
      r += h * rule.weights[q] * Running{}(0, y, problem.p, gy, gp);
    }
  }
  return r;
}

TYPED_TEST(RosenbrockDiscreteAdjoint, RunningCostIsTheQuadratureOfTheDenseOutput) {
  const auto problem = forced_lotka_volterra();
  const Options options{.dt0 = 0.02, .saveat = {1.0, 5.0}, .adaptive = false};
  const WeightedSquares at_saves;
  const Gradient fd = odekit_test::finite_differences(problem, [&](const auto& p) {
    return at_saves.of(solve(p, TypeParam{}, options)) + running_cost<TypeParam>(p, options);
  });
  const Gradient g =
      gradient(problem, TypeParam{}, options, Loss{at_saves, Running{}}, DiscreteAdjoint{});
  ASSERT_TRUE(g.ok()) << g.message;
  EXPECT_LT(odekit_test::gradient_error(g, fd), 1e-8);
  EXPECT_NEAR(g.value, fd.value, 1e-12 * std::abs(fd.value));
}

// Adaptive steps: the discrete gradient and the continuous adjoints solved backward with the
// same Rosenbrock method agree with a tight reference to about the tolerance.
TEST(RosenbrockGradient, AdaptiveSolvesAgreeWithTheReference) {
  const auto problem = forced_lotka_volterra();
  const WeightedSquares loss;
  const Gradient ref = odekit_test::finite_differences(problem, [&](const auto& p) {
    return loss.of(solve(p, Vern9{}, {.rtol = 1e-13, .atol = 1e-13, .saveat = kInside}));
  });
  const Options options{.rtol = 1e-9, .atol = 1e-9, .saveat = kInside};
  std::vector<Gradient> all;
  auto check = [&](const auto& sensitivity) {
    const Gradient g = gradient(problem, Rodas5P{}, options, loss, sensitivity);
    ASSERT_TRUE(g.ok()) << g.message;
    const double err = odekit_test::gradient_error(g, ref);
    std::printf("  Rodas5P %-22s rel. error vs FD %.2e  steps %5ld  nvjp %6ld  njac %5ld\n",
                g.sensitivity.c_str(), err, g.stats.naccept, g.stats.nvjp, g.stats.njac);
    EXPECT_LT(err, 1e-6) << g.sensitivity;
    all.push_back(g);
  };
  check(DiscreteAdjoint{});
  check(DiscreteAdjoint{.checkpoints = 3});
  check(ForwardSensitivity{});
  check(BacksolveAdjoint{});
  check(InterpolatingAdjoint{});
  check(QuadratureAdjoint{});
  check(AutoSensitivity{});
  EXPECT_EQ(all.back().sensitivity, "QuadratureAdjoint");  // the choice for implicit methods
  for (const Gradient& a : all) {
    for (const Gradient& b : all) EXPECT_LT(odekit_test::gradient_error(a, b), 2e-6);
  }
}

}  // namespace
