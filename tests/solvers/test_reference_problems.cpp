// The non-stiff reference problems against published references (Bari test set) or, where
// none is published, against a long double Vern9 solve at tolerance 1e-19 (an independent
// precision), with the mixed-error significant digits (mescd) of the Bari test set.
#include <gtest/gtest.h>

#include <cmath>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/reference.hpp>
#include <odekit_test/methods.hpp>

namespace {

namespace pr = odekit::problems;

using odekit::problems::long_double_reference;
using odekit::problems::mescd;

const std::vector<double>& lotka_volterra_reference() {
  static const auto ref = long_double_reference(pr::lotka_volterra<long double>());
  return ref;
}
const std::vector<double>& rigid_body_reference() {
  static const auto ref = long_double_reference(pr::rigid_body<long double>());
  return ref;
}

template <class Method, class Problem>
double mescd_at(const Problem& problem, std::span<const double> ref, double tol) {
  const auto sol =
      odekit::solve(problem, Method{},
                    {.rtol = tol, .atol = tol, .max_steps = 10'000'000, .save_everystep = false});
  EXPECT_TRUE(sol.ok()) << sol.message();
  return mescd(sol.y.back(), ref, tol, tol);
}

template <class M>
class ReferenceProblems : public ::testing::Test {};
TYPED_TEST_SUITE(ReferenceProblems, odekit_test::AdaptiveRKMethods, odekit_test::MethodName);

// Tolerance per method: low orders need many steps for tight tolerances.
template <class Method>
constexpr double test_tolerance() {
  return Method::order <= 3 ? 1e-7 : 1e-10;
}

// Each method reaches the tolerance's digits less the problem's error amplification: the
// global error of a solve is the local errors (about tol each) carried along by the flow.
// The allowances are properties of the problems, measured with every method: 2 digits for
// Lotka–Volterra and the rigid body, 3 for Pleiades (close encounters) and 5 for
// Arenstorf (the orbit passes close to the moon, where errors grow by about 1e4).
template <class Method>
double digits_bar(double amplification_digits) {
  return -std::log10(test_tolerance<Method>()) - amplification_digits;
}

TYPED_TEST(ReferenceProblems, LotkaVolterra) {
  const double d = mescd_at<TypeParam>(pr::lotka_volterra(), lotka_volterra_reference(),
                                       test_tolerance<TypeParam>());
  this->RecordProperty("mescd", std::to_string(d));
  EXPECT_GE(d, digits_bar<TypeParam>(2));
}

TYPED_TEST(ReferenceProblems, RigidBody) {
  const double d =
      mescd_at<TypeParam>(pr::rigid_body(), rigid_body_reference(), test_tolerance<TypeParam>());
  this->RecordProperty("mescd", std::to_string(d));
  EXPECT_GE(d, digits_bar<TypeParam>(2));
}

TYPED_TEST(ReferenceProblems, ArenstorfReturnsToItsStartAfterOnePeriod) {
  const auto problem = pr::arenstorf();
  const double d = mescd_at<TypeParam>(problem, problem.y0, test_tolerance<TypeParam>());
  this->RecordProperty("mescd", std::to_string(d));
  EXPECT_GE(d, digits_bar<TypeParam>(5));
}

TYPED_TEST(ReferenceProblems, Pleiades) {
  const double d =
      mescd_at<TypeParam>(pr::pleiades(), pr::pleiades_reference, test_tolerance<TypeParam>());
  this->RecordProperty("mescd", std::to_string(d));
  EXPECT_GE(d, digits_bar<TypeParam>(3));
}

TEST(ReferenceProblems, Vern9ClosesTheArenstorfOrbitToNineDigitsAtTolerance1e12) {
  const auto problem = pr::arenstorf();
  const double d = mescd_at<odekit::Vern9>(problem, problem.y0, 1e-12);
  RecordProperty("mescd", std::to_string(d));
  EXPECT_GE(d, 9.0);
}

TEST(ReferenceProblems, Vern9ReachesTenDigitsOnPleiadesAtTolerance1e12) {
  const double d = mescd_at<odekit::Vern9>(pr::pleiades(), pr::pleiades_reference, 1e-12);
  RecordProperty("mescd", std::to_string(d));
  EXPECT_GE(d, 10.0);
}

TEST(ReferenceProblems, LongDoubleReferenceAgreesWithThePublishedPleiadesReference) {
  // Validates the long double reference procedure against a published reference.
  const auto ref = long_double_reference(pr::pleiades<long double>());
  EXPECT_GE(mescd(ref, pr::pleiades_reference, 1e-16, 1e-16), 13.0);
}

TEST(ReferenceProblems, LotkaVolterraKeepsItsFirstIntegral) {
  const auto problem = pr::lotka_volterra();
  const auto sol = odekit::solve(problem, odekit::Vern9{}, {.rtol = 1e-12, .atol = 1e-12});
  const double v0 = pr::LotkaVolterra::invariant(problem.y0.data(), problem.p.data());
  for (const auto& y : sol.y) {
    EXPECT_NEAR(pr::LotkaVolterra::invariant(y.data(), problem.p.data()), v0, 1e-10);
  }
}

}  // namespace
