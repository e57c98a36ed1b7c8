// Dual numbers: arithmetic with duals and plain numbers on either side, comparisons, and the
// derivative of every math function against its analytic derivative and central differences.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <odekit/core/dual.hpp>

namespace {

using odekit::Dual;
using D2 = Dual<double, 2>;
using D1 = Dual<double, 1>;

// Relative agreement to a few units in the last place.
#define EXPECT_ROUNDOFF(actual, expected) \
  EXPECT_NEAR(actual, expected, 4 * std::numeric_limits<double>::epsilon() * std::abs(expected))

constexpr D2 x0 = D2::variable(1.5, 0);
constexpr D2 y0 = D2::variable(-0.75, 1);

TEST(Dual, ArithmeticIsConstexpr) {
  constexpr D2 r = (x0 * y0 + 2 * x0 - y0 / 4.0) / x0;
  static_assert(r.value == (1.5 * -0.75 + 3.0 + 0.1875) / 1.5);
  // d/dx of y + 2 - y / (4x) at (1.5, -0.75) is y / (4 x^2); d/dy is 1 - 1 / (4x).
  static_assert(r.partials[1] == 1 - 1 / (4 * 1.5));
  EXPECT_ROUNDOFF(r.partials[0], -0.75 / (4 * 1.5 * 1.5));
  static_assert(D2(3).value == 3.0 && D2(3).partials[0] == 0 && D2(3).partials[1] == 0);
  static_assert(odekit::is_dual_v<D2> && !odekit::is_dual_v<double>);
}

TEST(Dual, ArithmeticWithDualsFollowsTheProductAndQuotientRules) {
  const double x = 1.5, y = -0.75;
  const D2 sum = x0 + y0, diff = x0 - y0, prod = x0 * y0, quot = x0 / y0, neg = -x0, pos = +y0;
  EXPECT_EQ(sum.value, x + y);
  EXPECT_EQ(sum.partials[0], 1);
  EXPECT_EQ(sum.partials[1], 1);
  EXPECT_EQ(diff.partials[1], -1);
  EXPECT_EQ(prod.value, x * y);
  EXPECT_EQ(prod.partials[0], y);
  EXPECT_EQ(prod.partials[1], x);
  EXPECT_ROUNDOFF(quot.value, x / y);
  EXPECT_ROUNDOFF(quot.partials[0], 1 / y);
  EXPECT_ROUNDOFF(quot.partials[1], -x / (y * y));
  EXPECT_EQ(neg.partials[0], -1);
  EXPECT_EQ(pos.partials[1], 1);
}

TEST(Dual, ScalarsOnEitherSideInAnyArithmeticType) {
  const double x = 1.5;
  EXPECT_EQ((x0 + 2).value, x + 2);
  EXPECT_EQ((2.0 + x0).partials[0], 1);
  EXPECT_EQ((x0 - 2.5f).value, x - 2.5);
  EXPECT_EQ((2 - x0).partials[0], -1);
  EXPECT_EQ((2 - x0).value, 2 - x);
  EXPECT_EQ((x0 * 3).partials[0], 3);
  EXPECT_EQ((3.0f * x0).partials[0], 3);
  EXPECT_EQ((x0 / 4).partials[0], 0.25);
  EXPECT_ROUNDOFF((3 / x0).value, 3 / x);
  EXPECT_ROUNDOFF((3 / x0).partials[0], -3 / (x * x));
  EXPECT_EQ((3.0 / x0).partials[1], 0);
  const long big = 1L << 40;
  EXPECT_EQ((x0 * big).partials[0], static_cast<double>(big));
}

TEST(Dual, CompoundAssignmentMatchesTheBinaryOperators) {
  D2 a = x0;
  a += y0;
  EXPECT_EQ(a.partials[1], 1);
  a -= 1;
  EXPECT_EQ(a.value, 1.5 - 0.75 - 1);
  a *= y0;
  const D2 expected = (x0 + y0 - 1) * y0;
  EXPECT_EQ(a.value, expected.value);
  EXPECT_EQ(a.partials[0], expected.partials[0]);
  EXPECT_EQ(a.partials[1], expected.partials[1]);
  a /= x0;
  const D2 expected_q = expected / x0;
  EXPECT_ROUNDOFF(a.partials[0], expected_q.partials[0]);
  EXPECT_ROUNDOFF(a.partials[1], expected_q.partials[1]);
  a *= 2.0f;
  a /= 2;
  a += 0.5;
  EXPECT_ROUNDOFF(a.value, expected_q.value + 0.5);
  EXPECT_ROUNDOFF(a.partials[0], expected_q.partials[0]);
}

TEST(Dual, ComparisonsLookAtValuesOnly) {
  const D2 a = D2::variable(1.0, 0);
  const D2 b = D2::variable(1.0, 1);  // same value, other partials
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a != b);
  EXPECT_TRUE(a <= b && a >= b);
  EXPECT_TRUE(a < 2 && 2 > a && a <= 1.0 && 1.0f >= a && a > 0.5 && 0 < a && a == 1 && 1 == a);
  EXPECT_TRUE(a != 3 && 3.0 != a);
  EXPECT_TRUE(y0 < x0 && x0 > y0);
}

TEST(Dual, GenericCodeMixingDualsAndConstantsCompiles) {
  std::vector<D1> dydt(2);
  dydt[0] = 0;  // assignment of plain numbers, as right-hand sides write it
  dydt[1] = 0.25;
  auto acc = dydt[0] * 0;
  acc += D1::variable(2.0, 0) * 3;
  EXPECT_EQ(acc.partials[0], 3);
  EXPECT_EQ(dydt[1].value, 0.25);
  const Dual<float, 2> f = Dual<float, 2>::variable(2.0f, 1) * 0.5 + 1;
  EXPECT_EQ(f.partials[1], 0.5f);
}

// One function of one variable: its dual version, plain version and analytic derivative.
struct UnaryCase {
  std::string name;
  std::function<D1(const D1&)> dual;
  std::function<double(double)> plain;
  std::function<double(double)> slope;
  std::vector<double> points;
};

std::vector<UnaryCase> unary_cases() {
  // Unqualified calls after using-declarations: the rule the header documents.
  using std::abs, std::acos, std::asin, std::atan, std::cbrt, std::cos, std::cosh, std::exp,
      std::expm1, std::fabs, std::log, std::log1p, std::pow, std::sin, std::sinh, std::sqrt,
      std::tan, std::tanh;
  const std::vector<double> anywhere{-2.3, -0.4, 0.3, 1.7};
  const std::vector<double> positive{0.2, 1.0, 3.5};
  const std::vector<double> inside{-0.8, -0.1, 0.5, 0.9};
  // clang-format off
  return {
    {"sin", [](const D1& x) { return sin(x); }, [](double x) { return sin(x); },
     [](double x) { return cos(x); }, anywhere},
    {"cos", [](const D1& x) { return cos(x); }, [](double x) { return cos(x); },
     [](double x) { return -sin(x); }, anywhere},
    {"tan", [](const D1& x) { return tan(x); }, [](double x) { return tan(x); },
     [](double x) { return 1 / (cos(x) * cos(x)); }, inside},
    {"exp", [](const D1& x) { return exp(x); }, [](double x) { return exp(x); },
     [](double x) { return exp(x); }, anywhere},
    {"log", [](const D1& x) { return log(x); }, [](double x) { return log(x); },
     [](double x) { return 1 / x; }, positive},
    {"sqrt", [](const D1& x) { return sqrt(x); }, [](double x) { return sqrt(x); },
     [](double x) { return 0.5 / sqrt(x); }, positive},
    {"cbrt", [](const D1& x) { return cbrt(x); }, [](double x) { return cbrt(x); },
     [](double x) { return 1 / (3 * pow(cbrt(x), 2)); }, anywhere},
    {"tanh", [](const D1& x) { return tanh(x); }, [](double x) { return tanh(x); },
     [](double x) { return 1 / (cosh(x) * cosh(x)); }, anywhere},
    {"sinh", [](const D1& x) { return sinh(x); }, [](double x) { return sinh(x); },
     [](double x) { return cosh(x); }, anywhere},
    {"cosh", [](const D1& x) { return cosh(x); }, [](double x) { return cosh(x); },
     [](double x) { return sinh(x); }, anywhere},
    {"atan", [](const D1& x) { return atan(x); }, [](double x) { return atan(x); },
     [](double x) { return 1 / (1 + x * x); }, anywhere},
    {"asin", [](const D1& x) { return asin(x); }, [](double x) { return asin(x); },
     [](double x) { return 1 / sqrt(1 - x * x); }, inside},
    {"acos", [](const D1& x) { return acos(x); }, [](double x) { return acos(x); },
     [](double x) { return -1 / sqrt(1 - x * x); }, inside},
    {"log1p", [](const D1& x) { return log1p(x); }, [](double x) { return log1p(x); },
     [](double x) { return 1 / (1 + x); }, inside},
    {"expm1", [](const D1& x) { return expm1(x); }, [](double x) { return expm1(x); },
     [](double x) { return exp(x); }, anywhere},
    {"abs", [](const D1& x) { return abs(x); }, [](double x) { return abs(x); },
     [](double x) { return x < 0 ? -1.0 : 1.0; }, anywhere},
    {"fabs", [](const D1& x) { return fabs(x); }, [](double x) { return fabs(x); },
     [](double x) { return x < 0 ? -1.0 : 1.0; }, anywhere},
    {"pow(x, 3)", [](const D1& x) { return pow(x, 3); }, [](double x) { return pow(x, 3); },
     [](double x) { return 3 * x * x; }, anywhere},
    {"pow(x, -1.5)", [](const D1& x) { return pow(x, -1.5); },
     [](double x) { return pow(x, -1.5); }, [](double x) { return -1.5 * pow(x, -2.5); },
     positive},
    {"pow(2.5, x)", [](const D1& x) { return pow(2.5, x); }, [](double x) { return pow(2.5, x); },
     [](double x) { return pow(2.5, x) * log(2.5); }, anywhere},
    {"pow(x, x)", [](const D1& x) { return pow(x, x); }, [](double x) { return pow(x, x); },
     [](double x) { return pow(x, x) * (log(x) + 1); }, positive},
    {"atan2(x, 0.7)", [](const D1& x) { return atan2(x, 0.7); },
     [](double x) { return std::atan2(x, 0.7); }, [](double x) { return 0.7 / (0.49 + x * x); },
     anywhere},
    {"atan2(-0.6, x)", [](const D1& x) { return atan2(-0.6, x); },
     [](double x) { return std::atan2(-0.6, x); }, [](double x) { return 0.6 / (x * x + 0.36); },
     anywhere},
    {"atan2(x, x^2)", [](const D1& x) { return atan2(x, x * x); },
     [](double x) { return std::atan2(x, x * x); },
     [](double x) { return (x * x - x * 2 * x) / (x * x * x * x + x * x); }, anywhere},
    {"max(x, 0.5)", [](const D1& x) { return max(x, 0.5); },
     [](double x) { return std::max(x, 0.5); }, [](double x) { return x < 0.5 ? 0.0 : 1.0; },
     anywhere},
    {"min(2 x, x)", [](const D1& x) { return min(2 * x, x); },
     [](double x) { return std::min(2 * x, x); }, [](double x) { return x < 0 ? 2.0 : 1.0; },
     anywhere},
  };
  // clang-format on
}

TEST(Dual, EveryFunctionHasItsAnalyticDerivative) {
  for (const UnaryCase& c : unary_cases()) {
    for (const double x : c.points) {
      const D1 r = c.dual(D1::variable(x, 0));
      EXPECT_EQ(r.value, c.plain(x)) << c.name << " at " << x;
      EXPECT_NEAR(r.partials[0], c.slope(x), 1e-15 * std::max(1.0, std::abs(c.slope(x))))
          << c.name << " at " << x;
    }
  }
}

TEST(Dual, EveryFunctionAgreesWithCentralDifferences) {
  for (const UnaryCase& c : unary_cases()) {
    for (const double x : c.points) {
      const double h = 1e-6 * std::max(1.0, std::abs(x));
      const double central = (c.plain(x + h) - c.plain(x - h)) / (2 * h);
      const double slope = c.dual(D1::variable(x, 0)).partials[0];
      EXPECT_NEAR(slope, central, 1e-7 * std::max(1.0, std::abs(slope))) << c.name << " at " << x;
    }
  }
}

TEST(Dual, BinaryFunctionsDifferentiateBothArguments) {
  using std::atan2, std::log, std::pow;
  const double x = 1.5, y = -0.75;
  const D2 p = pow(x0, y0);
  EXPECT_ROUNDOFF(p.value, pow(x, y));
  EXPECT_ROUNDOFF(p.partials[0], y * pow(x, y - 1));
  EXPECT_ROUNDOFF(p.partials[1], pow(x, y) * log(x));
  const D2 a = atan2(y0, x0);
  EXPECT_EQ(a.value, atan2(y, x));
  EXPECT_ROUNDOFF(a.partials[0], -y / (x * x + y * y));
  EXPECT_ROUNDOFF(a.partials[1], x / (x * x + y * y));
  const D2 m = max(x0, y0), n = min(x0, y0);
  EXPECT_EQ(m.partials[0], 1);
  EXPECT_EQ(n.partials[1], 1);
  EXPECT_EQ(max(2.0, x0).value, 2.0);
  EXPECT_EQ(max(2.0, x0).partials[0], 0);
  EXPECT_EQ(min(2, x0).partials[0], 1);
  EXPECT_EQ(min(x0, 1).value, 1);
}

TEST(Dual, NonDifferentiablePointsFollowTheDocumentedChoices) {
  using std::pow;
  const D1 zero = D1::variable(0.0, 0);
  EXPECT_EQ(abs(zero).partials[0], 1);  // right derivative at 0
  EXPECT_EQ(abs(-zero).partials[0], -1);
  EXPECT_EQ(pow(zero, 2).partials[0], 0);  // finite, not 2 * 0^1 computed as NaN
  EXPECT_EQ(pow(zero, 1).partials[0], 1);
  EXPECT_EQ(pow(0.0, D1::variable(2.0, 0)).partials[0], 0);  // 0^b is constant for b > 0
  EXPECT_EQ(pow(zero, D1(2.0)).partials[0], 0);
  const D1 x = D1::variable(1.7, 0);
  EXPECT_EQ(pow(x, 0u).value, 1);  // unsigned exponents must not wrap in s - 1
  EXPECT_EQ(pow(x, 0u).partials[0], 0);
  EXPECT_TRUE(std::isinf(sqrt(zero).partials[0]));
}

TEST(Dual, IsfiniteAndIsnanLookAtTheValue) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(isfinite(x0));
  EXPECT_FALSE(isfinite(D1(inf)));
  EXPECT_FALSE(isfinite(D1(nan)));
  EXPECT_TRUE(isnan(D1(nan)));
  EXPECT_FALSE(isnan(x0));
}

// g(x, y) = x^2 y + sin(x y) / y + exp(x) sqrt(y^2 + 1) and its analytic Hessian.
template <class S>
S g(const S& x, const S& y) {
  using std::exp, std::sin, std::sqrt;
  return x * x * y + sin(x * y) / y + exp(x) * sqrt(y * y + 1);
}

TEST(Dual, NestedDualsGiveSecondDerivatives) {
  using Inner = Dual<double, 2>;
  using Outer = Dual<Inner, 2>;
  const double x = 0.8, y = 1.3;
  // Seed both levels: the outer partial j of variable j is the constant one.
  Outer X(Inner::variable(x, 0)), Y(Inner::variable(y, 1));
  X.partials[0] = Inner(1.0);
  Y.partials[1] = Inner(1.0);
  const Outer r = g(X, Y);

  const double s = std::sin(x * y), c = std::cos(x * y), e = std::exp(x), q = y * y + 1;
  const double gxx = 2 * y - y * s + e * std::sqrt(q);
  const double gxy = 2 * x - x * s + e * y / std::sqrt(q);
  const double gyy =
      -x * x * s / y - 2 * x * c / (y * y) + 2 * s / (y * y * y) + e / (q * std::sqrt(q));
  EXPECT_ROUNDOFF(r.value.value, g(x, y));
  EXPECT_ROUNDOFF(r.partials[0].value, r.value.partials[0]);  // both levels give df/dx
  EXPECT_NEAR(r.partials[0].partials[0], gxx, 1e-14 * std::abs(gxx));
  EXPECT_NEAR(r.partials[0].partials[1], gxy, 1e-14 * std::abs(gxy));
  EXPECT_NEAR(r.partials[1].partials[0], gxy, 1e-14 * std::abs(gxy));
  EXPECT_NEAR(r.partials[1].partials[1], gyy, 1e-14 * std::abs(gyy));
}

}  // namespace
