// What wrong input does: a clear std::invalid_argument naming the argument at the API edge,
// or a terminal status with a message and the solution kept up to the failure.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <odekit/odekit.hpp>
#include <odekit_test/errors.hpp>

namespace {

auto decay = [](auto, const auto& y, const auto& p, auto&& dydt) { dydt[0] = -p[0] * y[0]; };
const double nan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

template <class Problem, class Method = odekit::Tsit5>
std::string error_of(const Problem& problem, const odekit::Options& options, Method method = {}) {
  return odekit_test::invalid_argument_message(
      [&] { (void)odekit::solve(problem, method, options); });
}

const odekit::Options tol{.rtol = 1e-6, .atol = 1e-9};

TEST(BadInput, EmptyInitialState) {
  EXPECT_MENTIONS(error_of(odekit::OdeProblem{decay, {}, {0.0, 1.0}, {1.0}}, tol), "y0 is empty");
}

TEST(BadInput, NonFiniteInitialStateOrParameters) {
  EXPECT_MENTIONS(error_of(odekit::OdeProblem{decay, {nan}, {0.0, 1.0}, {1.0}}, tol), "y0[0]");
  EXPECT_MENTIONS(error_of(odekit::OdeProblem{decay, {1.0, inf}, {0.0, 1.0}, {1.0}}, tol), "y0[1]");
  EXPECT_MENTIONS(error_of(odekit::OdeProblem{decay, {1.0}, {0.0, 1.0}, {nan}}, tol), "p[0]");
  EXPECT_MENTIONS(error_of(odekit::OdeProblem{decay, {1.0}, {0.0, 1.0}, {-inf}}, tol), "p[0]");
}

TEST(BadInput, EmptyTimeSpan) {
  EXPECT_MENTIONS(error_of(odekit::OdeProblem{decay, {1.0}, {1.0, 1.0}, {1.0}}, tol), "t0 == t1");
}

TEST(BadInput, Tolerances) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  EXPECT_MENTIONS(error_of(problem, {.rtol = 0.0, .atol = 1e-9}), "rtol = 0");
  EXPECT_MENTIONS(error_of(problem, {.rtol = -1e-6, .atol = 1e-9}), "rtol = -1e-06");
  EXPECT_MENTIONS(error_of(problem, {.rtol = nan, .atol = 1e-9}), "rtol = nan");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = -1e-9}), "atol[0] = -1e-09");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = {1e-9, 1e-9}}), "atol has 2 components");
  EXPECT_MENTIONS(error_of(problem, {.atol = 1e-9}), "rtol is not set");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6}), "atol is not set");
  // Fixed-step solves need a step instead.
  EXPECT_MENTIONS(error_of(problem, {}, odekit::RK4{}), "dt0 is not set");
  EXPECT_MENTIONS(error_of(problem, {.adaptive = false}), "dt0 is not set");
  EXPECT_MENTIONS(error_of(problem, {.dt0 = -0.1}, odekit::RK4{}), "dt0 = -0.1");
}

TEST(BadInput, SaveatOutsideTheSpanOrUnsorted) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .saveat = {0.5, 1.5}}),
                  "saveat[1] = 1.5 is outside the time span [0, 1]");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .saveat = {-0.1}}),
                  "saveat[0] = -0.1 is outside");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .saveat = {0.5, 0.2}}),
                  "saveat must be sorted");
  // Backward integration wants decreasing times.
  odekit::OdeProblem backward{decay, {1.0}, {1.0, 0.0}, {1.0}};
  EXPECT_MENTIONS(error_of(backward, {.rtol = 1e-6, .atol = 1e-9, .saveat = {0.2, 0.5}}),
                  "direction of integration");
  EXPECT_EQ(error_of(backward, {.rtol = 1e-6, .atol = 1e-9, .saveat = {0.5, 0.2}}), "(no error)");
}

TEST(BadInput, StepBounds) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 1.0}, {1.0}};
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .dtmin = -1.0}), "dtmin");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .dtmax = 0.0}), "dtmax");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .max_steps = 0}), "max_steps");
}

TEST(BadInput, RhsReturningNaNEndsWithTheTimeAndKeepsTheSolution) {
  // f turns NaN beyond t = 0.5 (a log of a negative number, say).
  auto f = [](auto t, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = t > 0.5 ? std::numeric_limits<double>::quiet_NaN() : -y[0];
  };
  odekit::OdeProblem problem{f, {1.0}, {0.0, 1.0}};
  const auto sol = odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-8, .atol = 1e-10});
  EXPECT_EQ(sol.status, odekit::Status::rhs_not_finite);
  // The message names the time of the failing step, just before the wall at t = 0.5.
  const auto at = sol.message().find("in the step from t = ");
  ASSERT_NE(at, std::string::npos) << sol.message();
  EXPECT_NEAR(std::stod(sol.message().substr(at + 21)), 0.5, 1e-6) << sol.message();
  ASSERT_GT(sol.t.size(), 2u);
  EXPECT_NEAR(sol.t.back(), 0.5, 1e-6);
  EXPECT_LE(sol.t.back(), 0.5);
  EXPECT_NEAR(sol.y.back()[0], std::exp(-sol.t.back()), 1e-8);  // kept, and correct
  for (const auto& y : sol.y) EXPECT_TRUE(std::isfinite(y[0]));

  // A fixed-step method stops at the first bad step.
  const auto fixed = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.1});
  EXPECT_EQ(fixed.status, odekit::Status::rhs_not_finite);
  EXPECT_NEAR(fixed.t.back(), 0.5, 1e-12);
}

TEST(BadInput, RhsNaNAtTheStart) {
  auto f = [](auto, const auto&, const auto&, auto&& dydt) {
    dydt[0] = std::numeric_limits<double>::quiet_NaN();
  };
  odekit::OdeProblem problem{f, {1.0}, {0.0, 1.0}};
  const auto sol = odekit::solve(problem, odekit::Tsit5{}, tol);
  EXPECT_EQ(sol.status, odekit::Status::rhs_not_finite);
  EXPECT_EQ(sol.t, (std::vector<double>{0.0}));
}

TEST(BadInput, MaxStepsExceeded) {
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 100.0}, {1.0}};
  const auto sol = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.01, .max_steps = 50});
  EXPECT_EQ(sol.status, odekit::Status::max_steps_reached);
  EXPECT_MENTIONS(sol.message(), "max_steps = 50 reached at t = 0.5");
  EXPECT_MENTIONS(sol.message(), "raise Options::max_steps");
  EXPECT_EQ(sol.t.size(), 51u);
  EXPECT_NEAR(sol.t.back(), 0.5, 1e-12);
  EXPECT_THROW(sol.throw_if_failed(), odekit::SolverError);
}

TEST(BadInput, DtminTooLarge) {
  auto f = [](auto t, const auto& y, const auto&, auto&& dydt) {
    using std::cos;
    dydt[0] = -1e4 * (y[0] - cos(t));
  };
  odekit::OdeProblem problem{f, {0.0}, {0.0, 1.0}};
  const auto sol =
      odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-6, .atol = 1e-9, .dtmin = 1e-2});
  EXPECT_EQ(sol.status, odekit::Status::dt_below_min);
  EXPECT_MENTIONS(sol.message(), "dtmin");
}

}  // namespace
