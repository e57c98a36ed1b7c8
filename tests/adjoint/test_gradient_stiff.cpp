// Gradients of a stiff problem, HIRES with its twelve rate constants as parameters, by every
// sensitivity method against central finite differences and against each other (and what
// BacksolveAdjoint's instability on stiff problems looks like).
//
// The method list is a typed test: today it holds Tsit5, an explicit method, for which
// HiresSetting picks a mildly stiff setting (the first 5 time units, where ~3000 steps
// suffice). When solvers/implicit/ provides Rodas5P and BDF, add them to
// StiffGradientMethods: HiresSetting's primary template gives them the full published span
// t in [0, 321.8122], and the reverse solves of the continuous adjoints then run with the
// transposed Jacobian of adjoint_rhs.hpp. DiscreteAdjoint is checked where the method has
// a reverse step (DiscreteAdjointStep<Method>::available).
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/methods.hpp>
#include <odekit/solvers/solve.hpp>

#include "gradient_checks.hpp"
#include "odekit_test/methods.hpp"

namespace {

using namespace odekit;
using odekit_test::WeightedSquares;

/// Span and tolerances of the test for a method: a stiff method gets the whole problem.
template <class Method>
struct HiresSetting {
  static constexpr double t1 = 321.8122;
  static constexpr double rtol = 1e-8, atol = 1e-12;
  static constexpr double agreement = 1e-5;
};
template <class Tab>
struct HiresSetting<ExplicitRK<Tab>> {
  static constexpr double t1 = 5.0;
  static constexpr double rtol = 1e-9, atol = 1e-13;
  static constexpr double agreement = 1e-6;
};

using StiffGradientMethods = ::testing::Types<Tsit5>;

template <class Method>
class StiffGradient : public ::testing::Test {};
TYPED_TEST_SUITE(StiffGradient, StiffGradientMethods, odekit_test::MethodName);

TYPED_TEST(StiffGradient, HiresRateConstants) {
  using Setting = HiresSetting<TypeParam>;
  auto problem = problems::hires();
  problem.tspan = {0.0, Setting::t1};
  const std::vector<double> saves{0.2 * Setting::t1, 0.5 * Setting::t1, Setting::t1};
  const WeightedSquares loss;
  const Gradient fd = odekit_test::finite_differences(problem, [&](const auto& p) {
    return loss.of(solve(p, TypeParam{}, {.rtol = 1e-13, .atol = 1e-17, .saveat = saves}));
  });
  const Options options{.rtol = Setting::rtol, .atol = Setting::atol, .saveat = saves};
  std::vector<Gradient> all;
  auto check = [&](const auto& sensitivity) {
    const Gradient g = gradient(problem, TypeParam{}, options, loss, sensitivity);
    ASSERT_TRUE(g.ok()) << g.message;
    const double err = odekit_test::gradient_error(g, fd);
    std::printf("  HIRES %-22s rel. error vs FD %.2e  steps %6ld  nvjp %6ld\n",
                g.sensitivity.c_str(), err, g.stats.naccept, g.stats.nvjp);
    EXPECT_LT(err, Setting::agreement) << g.sensitivity;
    all.push_back(g);
  };
  check(ForwardSensitivity{});
  if constexpr (DiscreteAdjointStep<TypeParam>::available) {
    check(DiscreteAdjoint{});
    check(DiscreteAdjoint{.checkpoints = 10});
    EXPECT_LE(all.back().memory.checkpoints, 10u);
  }
  check(InterpolatingAdjoint{});
  check(QuadratureAdjoint{});
  check(QuadratureAdjoint{.checkpoints = 5});
  EXPECT_LE(all.back().memory.checkpoints, 5u);
  for (const Gradient& a : all) {
    for (const Gradient& b : all) {
      EXPECT_LT(odekit_test::gradient_error(a, b), 2 * Setting::agreement);
    }
  }

  // BacksolveAdjoint solves y' = f backward in time, where HIRES's fast decaying modes grow:
  // the instability docs/adjoint.md warns about. It must show as a failed reverse pass (here,
  // steps shrinking below dtmin) or, where it gets through, as a visibly rougher gradient.
  const Gradient back = gradient(problem, TypeParam{}, options, loss, BacksolveAdjoint{});
  std::printf("  HIRES BacksolveAdjoint      %s\n", back.ok() ? "completed" : back.message.c_str());
  if (back.ok()) {
    EXPECT_LT(odekit_test::gradient_error(back, fd), 1e3 * Setting::agreement);
  } else {
    EXPECT_MENTIONS(back.message, "reverse pass");
  }
}

}  // namespace
