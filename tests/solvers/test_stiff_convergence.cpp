// Empirical convergence order of the stiff one-step methods at fixed steps on problems with
// exact solutions, for the values at the steps and for the dense output in between (see
// odekit_test::measure). Implicit methods run in double (their linear algebra does), so the
// problems are mildly stiff and the steps are chosen where the asymptotic regime shows
// above round-off.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <span>
#include <type_traits>

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

// An IMEX split with y = (cos t, sin t): a stiff linear part f_stiff = L y with
// L = [[-20, 1], [-1, -20]], and a non-stiff, nonlinear and non-autonomous part
// f_nonstiff = g'(t) - L g(t) + N(y) - N(g(t)), g(t) = (cos t, sin t), N(y) = (y1 y2, y1^2).
struct ImexSplit {
  static constexpr double t1 = 2;
  static auto problem() {
    auto stiff = [](auto, const auto& y, const auto&, auto&& dydt) {
      dydt[0] = -20 * y[0] + y[1];
      dydt[1] = -y[0] - 20 * y[1];
    };
    auto nonstiff = [](auto t, const auto& y, const auto&, auto&& dydt) {
      using std::cos;
      using std::sin;
      const auto c = cos(t), s = sin(t);
      dydt[0] = -s - (-20 * c + s) + y[0] * y[1] - c * s;
      dydt[1] = c - (-c - 20 * s) + y[0] * y[0] - c * c;
    };
    return odekit::SplitOdeProblem{stiff, nonstiff, {1.0, 0.0}, {0.0, t1}};
  }
  static std::vector<double> exact(double t) { return {std::cos(t), std::sin(t)}; }
};

/// Errors below which each method is in its asymptotic regime on these problems.
template <class Method>
constexpr double asymptotic_bound() {
  return Method::order >= 5 ? 1e-8 : Method::order >= 3 ? 1e-7 : 1e-4;
}

template <class M>
class StiffConvergence : public ::testing::Test {};
TYPED_TEST_SUITE(StiffConvergence, odekit_test::StiffMethods, odekit_test::MethodName);

TYPED_TEST(StiffConvergence, ProtheroRobinson) {
  odekit_test::check_orders<TypeParam, ProtheroRobinson>(asymptotic_bound<TypeParam>());
}
TYPED_TEST(StiffConvergence, Logistic) {
  odekit_test::check_orders<TypeParam, Logistic>(asymptotic_bound<TypeParam>());
}
TYPED_TEST(StiffConvergence, Kaps) {
  odekit_test::check_orders<TypeParam, Kaps>(asymptotic_bound<TypeParam>());
}

}  // namespace

TEST(StiffConvergence, KenCarp4AsImexMethod) {
  odekit_test::check_orders<odekit::KenCarp4, ImexSplit>(asymptotic_bound<odekit::KenCarp4>());
}

// The same problem as one right-hand side, solved by KenCarp4's implicit tableau alone.
struct ImexSplitWhole {
  static constexpr double t1 = ImexSplit::t1;
  static auto problem() {
    auto f = [split = ImexSplit::problem()](auto t, const auto& y, const auto& p, auto&& dydt) {
      std::array<std::remove_cvref_t<decltype(dydt[0])>, 2> a, b;
      split.f_stiff(t, y, p, std::span(a));
      split.f_nonstiff(t, y, p, std::span(b));
      dydt[0] = a[0] + b[0];
      dydt[1] = a[1] + b[1];
    };
    return odekit::OdeProblem{f, {1.0, 0.0}, {0.0, t1}};
  }
  static std::vector<double> exact(double t) { return ImexSplit::exact(t); }
};

TEST(StiffConvergence, KenCarp4AsImplicitMethodOnTheWholeProblem) {
  odekit_test::check_orders<odekit::KenCarp4, ImexSplitWhole>(asymptotic_bound<odekit::KenCarp4>());
}
