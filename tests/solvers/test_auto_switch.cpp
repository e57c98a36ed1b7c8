// The auto-switching default (Tsit5 <-> Rodas5P): the stability boundaries and the stiffness
// estimate it rests on, switching in both directions on the stiff test set, accuracy against
// the published references, identity with Tsit5 on a non-stiff problem, dense output across
// switches, and options checked before any step.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <stdexcept>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/stiff.hpp>

namespace {

namespace pr = odekit::problems;

/// |R(-x)| of the method for x > 0: one step of y' = -y with dt = x from y = 1.
template <class Method>
double amplification(double x) {
  auto decay = [](auto, const auto& y, const auto&, auto&& dy) { dy[0] = -y[0]; };
  odekit::OdeProblem problem{decay, {1.0}, {0.0, x}};
  const auto sol =
      odekit::solve(problem, Method{}, {.dt0 = x, .save_everystep = false, .adaptive = false});
  return std::abs(sol.y.back()[0]);
}

template <class Method>
void expect_boundary(double expected) {
  const double b = Method::stability_boundary;
  EXPECT_NEAR(b, expected, 1e-9) << Method::name;
  EXPECT_NEAR(amplification<Method>(b), 1.0, 1e-9) << Method::name;
  EXPECT_LT(amplification<Method>(0.99 * b), 1.0) << Method::name;
  EXPECT_GT(amplification<Method>(1.01 * b), 1.0) << Method::name;
}

TEST(StabilityBoundary, MatchesTheStabilityPolynomialOfEachMethod) {
  // Roots of |R(z)| = 1 on the negative real axis, found independently by bisection on the
  // stability polynomials in extended precision: Euler 2, RK4 2.7852935634, DP5 3.3065678926
  // (Hairer & Wanner's ~3.3 for DOPRI5), Tsit5 3.5068469938.
  expect_boundary<odekit::Euler>(2.0);
  expect_boundary<odekit::RK4>(2.785293563405);
  expect_boundary<odekit::DP5>(3.306567892635);
  expect_boundary<odekit::Tsit5>(3.506846993805);
}

TEST(StiffnessEstimate, IsTheEigenvalueOfALinearProblem) {
  // For y' = lambda y the last two stages differ by lambda times their inputs' difference.
  for (const double lambda : {-50.0, -3.0, 20.0}) {
    auto linear = [](auto, const auto& y, const auto& p, auto&& dy) { dy[0] = p[0] * y[0]; };
    odekit::OdeProblem problem{linear, {1.0}, {0.0, 1.0}, {lambda}};
    odekit::Tsit5::Stepper<decltype(problem)> stepper(problem, {});
    std::vector<double> y{1.0}, y1(1);
    odekit::Stats stats;
    double err = 0;
    stepper.start(problem, 0.0, y.data(), stats);
    ASSERT_EQ(stepper.attempt(problem, 0.0, 0.01, y.data(), y1.data(), false, 0.0,
                              odekit::AbsoluteTolerance(0.0), err, stats),
              odekit::Status::success);
    EXPECT_NEAR(stepper.stiffness_estimate(0.01), std::abs(lambda), 1e-9 * std::abs(lambda));
  }
}

/// Solves with the default at rtol = 1e-8, atol = 1e-4 rtol (as the stiff reference tests),
/// checks the digits against the reference and the bookkeeping of the switches.
template <class Problem>
odekit::Solution solve_and_check(const Problem& problem, std::span<const double> ref,
                                 double min_digits) {
  constexpr double rtol = 1e-8, atol = 1e-12;
  auto sol = odekit::solve(problem, odekit::Default{},
                           {.rtol = rtol, .atol = atol, .save_everystep = false});
  EXPECT_TRUE(sol.ok()) << sol.message();
  EXPECT_GE(pr::mescd(sol.y.back(), ref, rtol, atol), min_digits);
  EXPECT_EQ(sol.stats.nswitch, static_cast<long>(sol.switches.size()));
  EXPECT_EQ(sol.method, "Auto(Tsit5, Rodas5P)");
  for (std::size_t i = 0; i < sol.switches.size(); ++i) {
    // Alternating, starting with the switch to the stiff method, at increasing times.
    EXPECT_EQ(sol.switches[i].method, i % 2 == 0 ? "Rodas5P" : "Tsit5");
    if (i > 0) {
      EXPECT_GT(sol.switches[i].t, sol.switches[i - 1].t);
    }
  }
  return sol;
}

TEST(AutoSwitch, SwitchesToRodas5POnRoberEarlyAndStays) {
  const auto sol = solve_and_check(pr::rober(), pr::rober_reference, 6.0);
  ASSERT_EQ(sol.switches.size(), 1u);
  // ROBER turns stiff within its first time unit; Tsit5 alone would need millions of steps
  // to reach t = 1e11.
  EXPECT_LT(sol.switches[0].t, 1.0);
  EXPECT_LT(sol.stats.naccept, 2000);
  EXPECT_GT(sol.stats.njac, 0);
}

TEST(AutoSwitch, ReachesTheReferenceOnHiresAndPollu) {
  const auto hires = solve_and_check(pr::hires(), pr::hires_reference, 6.0);
  EXPECT_GE(hires.stats.nswitch, 1);
  const auto pollu = solve_and_check(pr::pollu(), pr::pollu_reference, 6.0);
  EXPECT_GE(pollu.stats.nswitch, 1);
}

TEST(AutoSwitch, SwitchesBothWaysOnVanDerPol) {
  // Van der Pol with eps = 1e-6 is stiff on its slow branches and not within the fast
  // transitions, where the step collapses: the default goes back to Tsit5 there.
  const auto sol = solve_and_check(pr::van_der_pol(), pr::van_der_pol_reference, 6.0);
  EXPECT_GE(sol.stats.nswitch, 3);
}

TEST(AutoSwitch, IsTsit5OnANonStiffProblem) {
  const auto problem = pr::lotka_volterra();
  const odekit::Options o{.rtol = 1e-8, .atol = 1e-10};
  const auto automatic = odekit::solve(problem, odekit::Default{}, o);
  const auto tsit5 = odekit::solve(problem, odekit::Tsit5{}, o);
  ASSERT_TRUE(automatic.ok()) << automatic.message();
  EXPECT_EQ(automatic.stats.nswitch, 0);
  EXPECT_TRUE(automatic.switches.empty());
  EXPECT_EQ(automatic.stats.njac, 0);
  // The same steps and states; the eigenvalue checks cost a few f evaluations (under 10%).
  EXPECT_EQ(automatic.t, tsit5.t);
  EXPECT_EQ(automatic.y, tsit5.y);
  EXPECT_LT(automatic.stats.nf, tsit5.stats.nf * 11 / 10);
}

TEST(AutoSwitch, DenseOutputUsesEachStepsOwnInterpolant) {
  const auto sol = odekit::solve(pr::van_der_pol(), odekit::Default{},
                                 {.rtol = 1e-6, .atol = 1e-6, .dense = true});
  ASSERT_TRUE(sol.ok()) << sol.message();
  ASSERT_GE(sol.switches.size(), 2u);
  const auto& dense = sol.dense();
  bool saw_tsit5 = false, saw_rodas = false;
  for (std::size_t s = 0; s < dense.segments(); ++s) {
    const std::string name = dense.interpolant(s).name;
    saw_tsit5 |= name.find("Tsit5") != std::string::npos;
    saw_rodas |= name.find("Rodas5P") != std::string::npos;
  }
  EXPECT_TRUE(saw_tsit5);
  EXPECT_TRUE(saw_rodas);
  // Every saved step end is reproduced by the dense output, on both sides of the switches.
  for (std::size_t i = 0; i < sol.t.size(); ++i) {
    const auto y = sol(sol.t[i]);
    for (std::size_t j = 0; j < y.size(); ++j) {
      EXPECT_NEAR(y[j], sol.y[i][j], 1e-9 * (1 + std::abs(sol.y[i][j]))) << "t = " << sol.t[i];
    }
  }
}

TEST(AutoSwitch, StiffMethodOptionsAreCheckedBeforeTheFirstStep) {
  // Sparse LU needs a declared sparsity pattern: an error at the start, not at the switch.
  EXPECT_THROW(
      {
        try {
          odekit::solve(pr::rober(), odekit::Default{},
                        {.rtol = 1e-6, .atol = 1e-10, .linsolve = odekit::LinSolve::sparse});
        } catch (const std::invalid_argument& e) {
          EXPECT_NE(std::string(e.what()).find("jac_sparsity"), std::string::npos) << e.what();
          throw;
        }
      },
      std::invalid_argument);
}

TEST(AutoSwitch, SparseLinearSolverOnTheBrusselator) {
  // The stiff method's options pass through: a declared pattern with sparse LU.
  const auto problem = pr::brusselator_2d(8);
  const auto sparse = odekit::solve(
      problem, odekit::Default{},
      {.rtol = 1e-6, .atol = 1e-8, .save_everystep = false, .linsolve = odekit::LinSolve::sparse});
  const auto dense = odekit::solve(
      problem, odekit::Default{},
      {.rtol = 1e-6, .atol = 1e-8, .save_everystep = false, .linsolve = odekit::LinSolve::dense});
  ASSERT_TRUE(sparse.ok()) << sparse.message();
  ASSERT_TRUE(dense.ok()) << dense.message();
  EXPECT_GE(sparse.stats.nswitch, 1);
  for (std::size_t j = 0; j < dense.y.back().size(); ++j) {
    EXPECT_NEAR(sparse.y.back()[j], dense.y.back()[j], 1e-8 * (1 + std::abs(dense.y.back()[j])));
  }
}

}  // namespace
