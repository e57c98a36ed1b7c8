#pragma once
// Helpers of the adjoint tests: central finite differences of a loss over (y0, p), relative
// errors, and the losses the tests differentiate.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <odekit/adjoint/gradient_result.hpp>

namespace odekit_test {

/// The gradient of loss_of(problem) in y0 and p by central differences with steps
/// h = rel * max(|x|, 1) (rounding plus truncation error ~ 1e-10 relative for rel ~ 1e-5).
/// Only the components listed in y0_components / p_components (all when empty) are
/// differenced; the others are left 0.
template <class Problem, class LossOf>
odekit::Gradient finite_differences(const Problem& problem, LossOf&& loss_of, double rel = 1e-5,
                                    std::vector<std::size_t> y0_components = {},
                                    std::vector<std::size_t> p_components = {}) {
  odekit::Gradient g;
  g.value = loss_of(problem);
  g.dy0.assign(problem.y0.size(), 0.0);
  g.dp.assign(problem.p.size(), 0.0);
  auto all = [](std::size_t n) {
    std::vector<std::size_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = i;
    return v;
  };
  if (y0_components.empty()) y0_components = all(problem.y0.size());
  if (p_components.empty()) p_components = all(problem.p.size());
  auto central = [&](auto member, std::size_t i) {
    Problem a = problem, b = problem;
    const double h = rel * std::max(std::abs((problem.*member)[i]), 1.0);
    (a.*member)[i] += h;
    (b.*member)[i] -= h;
    return (loss_of(a) - loss_of(b)) / (2 * h);
  };
  for (const std::size_t i : y0_components) g.dy0[i] = central(&Problem::y0, i);
  for (const std::size_t i : p_components) g.dp[i] = central(&Problem::p, i);
  return g;
}

/// ||a - b|| / ||b|| over the listed components (all when empty).
inline double relative_error(std::span<const double> a, std::span<const double> b,
                             const std::vector<std::size_t>& components = {}) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!components.empty() &&
        std::find(components.begin(), components.end(), i) == components.end()) {
      continue;
    }
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return std::sqrt(num / den);
}

/// The relative error of both parts of a gradient: max over dy0 and dp.
template <class S, class R>
double gradient_error(const odekit::BasicGradient<S>& a,
                      const odekit::BasicGradient<R>& reference) {
  return std::max(relative_error(a.dy0, reference.dy0), relative_error(a.dp, reference.dp));
}

/// l_i = (i + 1) / 2 |y(t_i)|^2: every save weighs in differently.
struct WeightedSquares {
  double operator()(std::size_t i, double, std::span<const double> y, std::span<double> g) const {
    double l = 0;
    for (std::size_t j = 0; j < y.size(); ++j) {
      l += 0.5 * static_cast<double>(i + 1) * y[j] * y[j];
      g[j] = static_cast<double>(i + 1) * y[j];
    }
    return l;
  }
  /// The same loss from the saved states of a solution.
  template <class Solution>
  double of(const Solution& sol) const {
    double l = 0;
    for (std::size_t i = 0; i < sol.y.size(); ++i) {
      for (const double v : sol.y[i]) l += 0.5 * static_cast<double>(i + 1) * v * v;
    }
    return l;
  }
};

#define EXPECT_MENTIONS(text, fragment) \
  EXPECT_NE(std::string(text).find(fragment), std::string::npos) << (text)

template <class Fn>
std::string invalid_argument_of(Fn&& fn) {
  try {
    fn();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "no std::invalid_argument thrown";
  return {};
}

}  // namespace odekit_test
