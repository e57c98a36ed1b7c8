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

#include <cmath>

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

/// Bound below which the method is in its asymptotic regime on these problems: optimised
/// high-order pairs carry large next-order terms until small errors.
template <class Method>
constexpr double asymptotic_bound() {
  return Method::order >= 5 ? 1e-10 : Method::order >= 3 ? 1e-4 : 1e-2;
}

template <class M>
class Convergence : public ::testing::Test {};
TYPED_TEST_SUITE(Convergence, odekit_test::ExplicitRKMethods, odekit_test::MethodName);

TYPED_TEST(Convergence, NonAutonomousScalar) {
  odekit_test::check_orders<TypeParam, ExpSin>(asymptotic_bound<TypeParam>());
}
TYPED_TEST(Convergence, CoupledSystem) {
  odekit_test::check_orders<TypeParam, DampedRotation>(asymptotic_bound<TypeParam>());
}

}  // namespace
