// Empirical convergence order of the stiff one-step methods at fixed steps on problems with
// exact solutions, for the values at the steps and for the dense output in between (see
// odekit_test::measure). Implicit methods run in double (their linear algebra does), so the
// problems are mildly stiff and the steps are chosen where the asymptotic regime shows
// above round-off.
#include <gtest/gtest.h>

#include <cmath>

#include <odekit/odekit.hpp>
#include <odekit_test/convergence.hpp>
#include <odekit_test/methods.hpp>

namespace {

// Prothero & Robinson (1974): y' = -lambda (y - cos t) - sin t, y(0) = 1, y = cos t. With
// lambda = 10 mildly stiff and non-autonomous: exercises df/dt and every stage time.
struct ProtheroRobinson {
  static constexpr double t1 = 2;
  static auto problem() {
    auto f = [](auto t, const auto& y, const auto& p, auto&& dydt) {
      using std::cos;
      using std::sin;
      dydt[0] = -p[0] * (y[0] - cos(t)) - sin(t);
    };
    return odekit::OdeProblem{f, {1.0}, {0.0, t1}, {10.0}};
  }
  static std::vector<double> exact(double t) { return {std::cos(t)}; }
};

// The logistic equation y' = y (1 - y), y(0) = 0.1: nonlinear and autonomous.
struct Logistic {
  static constexpr double t1 = 4;
  static auto problem() {
    auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = y[0] * (1 - y[0]); };
    return odekit::OdeProblem{f, {0.1}, {0.0, t1}};
  }
  static std::vector<double> exact(double t) { return {1 / (1 + 9 * std::exp(-t))}; }
};

// Kaps' singularly perturbed problem (Hairer & Wanner, Solving ODEs II, IV.15):
// y1' = -(mu + 2) y1 + mu y2^2, y2' = y1 - y2 - y2^2, y(0) = (1, 1), with y = (e^-2t, e^-t)
// for every mu; mu = 4 couples the two nonlinearly (larger mu, stiffer, delays the
// asymptotic regime below what double precision resolves).
struct Kaps {
  static constexpr double t1 = 2;
  static auto problem() {
    auto f = [](auto, const auto& y, const auto& p, auto&& dydt) {
      dydt[0] = -(p[0] + 2) * y[0] + p[0] * y[1] * y[1];
      dydt[1] = y[0] - y[1] - y[1] * y[1];
    };
    return odekit::OdeProblem{f, {1.0, 1.0}, {0.0, t1}, {4.0}};
  }
  static std::vector<double> exact(double t) { return {std::exp(-2 * t), std::exp(-t)}; }
};

/// Errors below which each method is in its asymptotic regime on these problems.
template <class Method>
constexpr double asymptotic_bound() {
  return Method::order >= 5 ? 1e-8 : Method::order >= 3 ? 1e-7 : 1e-4;
}

template <class Method, class Problem>
void check_orders() {
  odekit_test::expect_orders<Method>(
      odekit_test::measure<Method, Problem>(asymptotic_bound<Method>()));
}

template <class M>
class StiffConvergence : public ::testing::Test {};
TYPED_TEST_SUITE(StiffConvergence, odekit_test::StiffMethods, odekit_test::MethodName);

TYPED_TEST(StiffConvergence, ProtheroRobinson) {
  check_orders<TypeParam, ProtheroRobinson>();
}
TYPED_TEST(StiffConvergence, Logistic) {
  check_orders<TypeParam, Logistic>();
}
TYPED_TEST(StiffConvergence, Kaps) {
  check_orders<TypeParam, Kaps>();
}

}  // namespace
