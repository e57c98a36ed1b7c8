// Empirical convergence order of every method at fixed steps on problems with exact
// solutions: the fitted slope of log(error) against log(dt) is within 0.25 of the claimed
// order, for the values at the steps and for the dense output in between.
//
// The solves run in long double: high-order methods (DP5, Tsit5, Vern7, Vern9) have small
// leading error coefficients and reach their asymptotic regime only at errors around
// 1e-10, which double precision round-off leaves too little room for. Points are kept while
// the error is below the pre-asymptotic bound and well above round-off (which grows with
// the number of steps). Order conditions of every tableau are checked exactly (all rooted
// trees) in test_tableaus.cpp; these tests check that the engine realises them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <odekit/odekit.hpp>
#include <odekit_test/convergence.hpp>
#include <odekit_test/methods.hpp>

namespace {

using LD = long double;

// y' = cos(t) y, y(0) = 1: y = exp(sin t). Non-autonomous: exercises every stage time c_i.
struct ExpSin {
  static constexpr LD t1 = 3;
  static auto problem() {
    auto f = [](auto t, const auto& y, const auto&, auto&& dydt) {
      using std::cos;
      dydt[0] = cos(t) * y[0];
    };
    return odekit::OdeProblem<decltype(f), LD>{f, {1}, {0, t1}};
  }
  static std::vector<LD> exact(LD t) { return {std::exp(std::sin(t))}; }
};

// A damped rotation y' = A y, A = [[-0.1, 2], [-2, -0.1]]: a coupled system.
struct DampedRotation {
  static constexpr LD t1 = 3;
  static auto problem() {
    auto f = [](auto, const auto& y, const auto&, auto&& dydt) {
      dydt[0] = -0.1L * y[0] + 2 * y[1];
      dydt[1] = -2 * y[0] - 0.1L * y[1];
    };
    return odekit::OdeProblem<decltype(f), LD>{f, {1, 0}, {0, t1}};
  }
  static std::vector<LD> exact(LD t) {
    const LD decay = std::exp(-0.1L * t);
    return {decay * std::cos(2 * t), -decay * std::sin(2 * t)};
  }
};

LD max_error(const std::vector<LD>& a, const std::vector<LD>& b) {
  LD e = 0;
  for (std::size_t i = 0; i < a.size(); ++i) e = std::max(e, std::fabs(a[i] - b[i]));
  return e;
}

struct Points {
  std::vector<double> dts, step_errors, dense_errors;
};

/// Fixed-step solves with step counts growing by 2^(1/4). The error is the largest over all
/// steps (a single end time can hide the error where it changes sign). A point counts when
/// its errors are below `upper` and above 100 * steps * epsilon (round-off); at most 12.
template <class Method, class Problem>
Points measure(double upper) {
  Points points;
  const auto problem = Problem::problem();
  const LD eps = std::numeric_limits<LD>::epsilon();
  long previous = 0;
  for (int k = 0; k < 80; ++k) {
    const long steps = std::lround(std::pow(2.0, 1 + k / 4.0));
    if (steps == previous) continue;
    previous = steps;
    const LD dt = Problem::t1 / static_cast<LD>(steps);
    const auto sol = odekit::solve(
        problem, Method{}, {.dt0 = static_cast<double>(dt), .dense = true, .adaptive = false});
    if (!sol.ok()) continue;
    LD step_error = 0, dense_error = 0;
    for (std::size_t i = 0; i < sol.t.size(); ++i) {
      step_error = std::max(step_error, max_error(sol.y[i], Problem::exact(sol.t[i])));
      if (i + 1 < sol.t.size()) {  // inside the step, at an irrational fraction of it
        const LD t = sol.t[i] + 0.618034L * (sol.t[i + 1] - sol.t[i]);
        dense_error = std::max(dense_error, max_error(sol(t), Problem::exact(t)));
      }
    }
    const LD floor = 100 * static_cast<LD>(steps) * eps;
    if (step_error < floor || dense_error < floor) break;
    if (step_error < upper && dense_error < upper) {
      points.dts.push_back(static_cast<double>(dt));
      points.step_errors.push_back(static_cast<double>(step_error));
      points.dense_errors.push_back(static_cast<double>(dense_error));
      if (points.dts.size() == 12) break;
    }
  }
  return points;
}

/// Bound below which the method is in its asymptotic regime on these problems: optimised
/// high-order pairs carry large next-order terms until small errors.
template <class Method>
constexpr double asymptotic_bound() {
  return Method::order >= 5 ? 1e-10 : Method::order >= 3 ? 1e-4 : 1e-2;
}

template <class Method, class Problem>
void check_orders() {
  const Points p = measure<Method, Problem>(asymptotic_bound<Method>());
  ASSERT_GE(p.dts.size(), 4u) << "too few points in the asymptotic range";
  const double order = odekit_test::fitted_slope(p.dts, p.step_errors);
  EXPECT_NEAR(order, Method::order, 0.25) << p.dts.size() << " points";
  // Dense output: an interpolant of order q on a method of order p converges as
  // min(p, q + 1).
  const int dense_expected = std::min(Method::order, Method::dense_order + 1);
  const double dense_order = odekit_test::fitted_slope(p.dts, p.dense_errors);
  EXPECT_NEAR(dense_order, dense_expected, 0.25) << p.dts.size() << " points";
  ::testing::Test::RecordProperty("order", std::to_string(order));
  ::testing::Test::RecordProperty("dense_order", std::to_string(dense_order));
  ::testing::Test::RecordProperty("points", static_cast<int>(p.dts.size()));
}

template <class M>
class Convergence : public ::testing::Test {};
TYPED_TEST_SUITE(Convergence, odekit_test::ExplicitRKMethods, odekit_test::MethodName);

TYPED_TEST(Convergence, NonAutonomousScalar) {
  check_orders<TypeParam, ExpSin>();
}
TYPED_TEST(Convergence, CoupledSystem) {
  check_orders<TypeParam, DampedRotation>();
}

}  // namespace
