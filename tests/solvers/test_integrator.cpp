// Behaviour of the integration loop: saving, dense output, backward integration, manual
// stepping, adaptivity and precision types.
#include <gtest/gtest.h>

#include <cmath>

#include <odekit/odekit.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit_test/methods.hpp>

namespace {

auto decay = [](auto, const auto& y, const auto& p, auto&& dydt) {
  for (std::size_t i = 0; i < y.size(); ++i) dydt[i] = -p[0] * y[i];
};

TEST(Solve, SavesEveryStepByDefaultIncludingBothEnds) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 2.0}, {1.0}};
  const auto sol = odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-8, .atol = 1e-10});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t.front(), 0.0);
  EXPECT_EQ(sol.t.back(), 2.0);
  EXPECT_EQ(static_cast<long>(sol.t.size()), sol.stats.naccept + 1);
  EXPECT_EQ(sol.method, "Tsit5");
  for (std::size_t i = 0; i < sol.t.size(); ++i) {
    EXPECT_NEAR(sol.y[i][0], std::exp(-sol.t[i]), 1e-8);
    if (i > 0) {
      EXPECT_GT(sol.t[i], sol.t[i - 1]);
    }
  }
}

TEST(Solve, SaveatGivesExactlyThoseTimesFromTheInterpolant) {
  odekit::OdeProblem problem{decay, {1.0, 2.0}, {0.0, 3.0}, {0.5}};
  const std::vector<double> ts{0.0, 0.25, 1.0, 1.7, 3.0};
  const auto sol =
      odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-9, .atol = 1e-12, .saveat = ts});
  ASSERT_TRUE(sol.ok());
  EXPECT_EQ(sol.t, ts);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    EXPECT_NEAR(sol.y[i][0], std::exp(-0.5 * ts[i]), 1e-8);
    EXPECT_NEAR(sol.y[i][1], 2 * std::exp(-0.5 * ts[i]), 2e-8);
  }
}

TEST(Solve, SaveatWithSaveEverystepMergesBoth) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  const auto sol = odekit::solve(problem, odekit::RK4{},
                                 {.dt0 = 0.25, .saveat = {0.1, 0.6}, .save_everystep = true});
  EXPECT_EQ(sol.t, (std::vector<double>{0.0, 0.1, 0.25, 0.5, 0.6, 0.75, 1.0}));
}

TEST(Solve, OnlyEndpointsWhenNotSavingSteps) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  const auto sol =
      odekit::solve(problem, odekit::DP5{}, {.rtol = 1e-6, .atol = 1e-9, .save_everystep = false});
  EXPECT_EQ(sol.t, (std::vector<double>{0.0, 1.0}));
  EXPECT_GT(sol.stats.naccept, 3);
}

TEST(Solve, BackwardInTime) {
  odekit::OdeProblem problem{decay, {1.0}, {2.0, 0.0}, {1.0}};
  const auto sol =
      odekit::solve(problem, odekit::Vern7{},
                    {.rtol = 1e-10, .atol = 1e-12, .saveat = {2.0, 1.5, 0.5, 0.0}, .dense = true});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t, (std::vector<double>{2.0, 1.5, 0.5, 0.0}));
  EXPECT_NEAR(sol.y.back()[0], std::exp(2.0), 1e-9 * std::exp(2.0));
  EXPECT_NEAR(sol(1.25)[0], std::exp(0.75), 1e-9);
  EXPECT_THROW((void)sol(2.5), std::out_of_range);
  const auto fixed = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.01});
  EXPECT_NEAR(fixed.y.back()[0], std::exp(2.0), 1e-8);
  EXPECT_EQ(fixed.stats.naccept, 200);
}

TEST(Solve, DenseOutputMatchesSavedStepsAndIsSmooth) {
  const auto problem = odekit::problems::lotka_volterra();
  const auto sol =
      odekit::solve(problem, odekit::Vern9{}, {.rtol = 1e-10, .atol = 1e-12, .dense = true});
  ASSERT_TRUE(sol.ok());
  for (std::size_t i = 0; i < sol.t.size(); ++i) {
    const auto y = sol(sol.t[i]);
    EXPECT_NEAR(y[0], sol.y[i][0], 1e-12);
    EXPECT_NEAR(y[1], sol.y[i][1], 1e-12);
  }
  EXPECT_EQ(sol.dense().segments(), static_cast<std::size_t>(sol.stats.naccept));
}

TEST(Solve, FixedStepCountsAndFsalReuse) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  const auto rk4 = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.1});
  EXPECT_EQ(rk4.stats.naccept, 10);
  EXPECT_EQ(rk4.stats.nf, 40);  // 4 stages a step, no extra work without dense output
  const auto tsit5 = odekit::solve(problem, odekit::Tsit5{}, {.dt0 = 0.1, .adaptive = false});
  EXPECT_EQ(tsit5.stats.naccept, 10);
  EXPECT_EQ(tsit5.stats.nf, 1 + 6 * 10);  // FSAL: 6 new stages a step
}

TEST(Solve, DenseOutputOfNonFsalMethodsReusesTheEndDerivative) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  const auto sol = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.1, .dense = true});
  // f(t1, y1) for the Hermite interpolant becomes the next step's first stage.
  EXPECT_EQ(sol.stats.nf, 1 + 4 * 10);
}

TEST(Solve, AdaptiveErrorFollowsTheTolerance) {
  const auto problem = odekit::problems::lotka_volterra();
  const auto reference = odekit::solve(problem, odekit::Vern9{}, {.rtol = 1e-14, .atol = 1e-14});
  double previous = 1;
  for (double tol : {1e-4, 1e-6, 1e-8, 1e-10}) {
    const auto sol = odekit::solve(problem, odekit::Tsit5{}, {.rtol = tol, .atol = tol});
    const double err = std::abs(sol.y.back()[0] - reference.y.back()[0]);
    EXPECT_LT(err, 1000 * tol) << "tol " << tol;
    EXPECT_LT(err, previous);
    previous = err;
  }
}

TEST(Solve, PerComponentAbsoluteTolerance) {
  odekit::OdeProblem problem{decay, {1.0, 1e-8}, {0.0, 5.0}, {1.0}};
  const auto loose = odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-3, .atol = 1e-3});
  const auto per = odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-3, .atol = {1e-3, 1e-14}});
  EXPECT_NEAR(per.y.back()[1], 1e-8 * std::exp(-5.0), 1e-13);
  EXPECT_GT(per.stats.naccept, loose.stats.naccept);
}

TEST(Solve, SinglePrecisionAndExtendedPrecision) {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  odekit::OdeProblem<decltype(f), float> pf{f, {1.0f}, {0.0f, 1.0f}};
  const auto sf = odekit::solve(pf, odekit::Tsit5{}, {.rtol = 1e-5, .atol = 1e-6});
  static_assert(std::is_same_v<decltype(sf), const odekit::BasicSolution<float>>);
  EXPECT_NEAR(sf.y.back()[0], std::exp(-1.0f), 2e-5f);
  odekit::OdeProblem<decltype(f), long double> pl{f, {1.0L}, {0.0L, 1.0L}};
  const auto sl = odekit::solve(pl, odekit::Vern9{}, {.rtol = 1e-18, .atol = 1e-18});
  EXPECT_NEAR(static_cast<double>((sl.y.back()[0] - std::exp(-1.0L)) / 1e-17L), 0.0, 1.0);
}

TEST(Integrator, ManualSteppingAndInterpolationWithinTheLastStep) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  odekit::Integrator integ(problem, odekit::Tsit5{}, {.rtol = 1e-8, .atol = 1e-10});
  int steps = 0;
  std::vector<double> mid(1);
  while (!integ.done()) {
    ASSERT_EQ(integ.step(), odekit::Status::success);
    ++steps;
    const double tm = 0.5 * (integ.t_prev() + integ.t());
    integ.interpolate(tm, mid);
    EXPECT_NEAR(mid[0], std::exp(-tm), 1e-9);
  }
  EXPECT_EQ(integ.t(), 1.0);
  EXPECT_EQ(steps, integ.stats().naccept);
  EXPECT_EQ(integ.step(), odekit::Status::success);  // finished: no further step
  EXPECT_EQ(integ.stats().naccept, steps);
}

TEST(Integrator, StiffProblemEndsWithAdviceWhenStepsRunOut) {
  // y' = -1e6 (y - cos t): an explicit method needs ~1e6 steps.
  auto f = [](auto t, const auto& y, const auto&, auto&& dydt) {
    using std::cos;
    dydt[0] = -1e6 * (y[0] - cos(t));
  };
  odekit::OdeProblem problem{f, {1.0}, {0.0, 10.0}};
  const auto sol =
      odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-6, .atol = 1e-6, .max_steps = 2000});
  EXPECT_EQ(sol.status, odekit::Status::max_steps_reached);
  EXPECT_NE(sol.message().find("stiff method"), std::string::npos);
  EXPECT_GT(sol.t.size(), 1000u);  // the steps taken are kept
  EXPECT_GT(sol.t.back(), 0.0);
}

}  // namespace
