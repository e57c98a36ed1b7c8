#pragma once
// Empirical orders of convergence: fixed-step solves over a range of steps, and the
// least-squares slope of log(error) against log(dt).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <odekit/solvers/solve.hpp>

namespace odekit_test {

inline double fitted_slope(const std::vector<double>& dts, const std::vector<double>& errors) {
  double mx = 0, my = 0;
  const double n = static_cast<double>(dts.size());
  for (std::size_t i = 0; i < dts.size(); ++i) {
    mx += std::log(dts[i]) / n;
    my += std::log(errors[i]) / n;
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < dts.size(); ++i) {
    const double dx = std::log(dts[i]) - mx;
    sxy += dx * (std::log(errors[i]) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

template <class T>
T max_error(const std::vector<T>& a, const std::vector<T>& b) {
  T e = 0;
  for (std::size_t i = 0; i < a.size(); ++i) e = std::max(e, std::fabs(a[i] - b[i]));
  return e;
}

struct Points {
  std::vector<double> dts, step_errors, dense_errors;
};

/// Fixed-step solves of Problem::problem() with step counts growing by 2^(1/4) from 2. The
/// error is the largest over all steps (a single end time can hide the error where it changes
/// sign); the dense error is the largest at an irrational fraction inside each step. A point
/// counts when its errors are below `upper` and above 100 * steps * epsilon (round-off);
/// at most 12. `options` adds settings (tolerances for Newton, a linear solver) to the
/// fixed step and dense output.
template <class Method, class Problem>
Points measure(double upper, odekit::Options options = {}) {
  using T = typename decltype(Problem::problem())::value_type;
  Points points;
  const auto problem = Problem::problem();
  const T eps = std::numeric_limits<T>::epsilon();
  long previous = 0;
  for (int k = 0; k < 80; ++k) {
    const long steps = std::lround(std::pow(2.0, 1 + k / 4.0));
    if (steps == previous) continue;
    previous = steps;
    const T dt = Problem::t1 / static_cast<T>(steps);
    options.dt0 = static_cast<double>(dt);
    options.dense = true;
    options.adaptive = false;
    const auto sol = odekit::solve(problem, Method{}, options);
    if (!sol.ok()) continue;
    T step_error = 0, dense_error = 0;
    for (std::size_t i = 0; i < sol.t.size(); ++i) {
      step_error = std::max(step_error, max_error(sol.y[i], Problem::exact(sol.t[i])));
      if (i + 1 < sol.t.size()) {
        const T t = sol.t[i] + T(0.618034L) * (sol.t[i + 1] - sol.t[i]);
        dense_error = std::max(dense_error, max_error(sol(t), Problem::exact(t)));
      }
    }
    const T floor = 100 * static_cast<T>(steps) * eps;
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

/// The points as "dt: step error, dense error" lines, for failure messages.
inline std::string describe(const Points& p) {
  std::string out = std::to_string(p.dts.size()) + " points (dt: step error, dense error)";
  for (std::size_t i = 0; i < p.dts.size(); ++i) {
    char line[96];
    std::snprintf(line, sizeof line, "\n  %.4g: %.3e, %.3e", p.dts[i], p.step_errors[i],
                  p.dense_errors[i]);
    out += line;
  }
  return out;
}

/// Expects the fitted order of the step values to be the method's and that of the dense
/// output min(order, dense_order + 1) (an interpolant of order q on a method of order p
/// converges as min(p, q + 1)), each within 0.25, and records both.
template <class Method>
void expect_orders(const Points& p) {
  ASSERT_GE(p.dts.size(), 4u) << "too few points in the asymptotic range";
  const double order = fitted_slope(p.dts, p.step_errors);
  EXPECT_NEAR(order, Method::order, 0.25) << describe(p);
  const int dense_expected = std::min(Method::order, Method::dense_order + 1);
  const double dense_order = fitted_slope(p.dts, p.dense_errors);
  EXPECT_NEAR(dense_order, dense_expected, 0.25) << describe(p);
  ::testing::Test::RecordProperty("order", std::to_string(order));
  ::testing::Test::RecordProperty("dense_order", std::to_string(dense_order));
  ::testing::Test::RecordProperty("points", static_cast<int>(p.dts.size()));
}

/// The orders of Method on Problem, from the points below the error bound `upper`.
template <class Method, class Problem>
void check_orders(double upper, const odekit::Options& options = {}) {
  expect_orders<Method>(measure<Method, Problem>(upper, options));
}

}  // namespace odekit_test
