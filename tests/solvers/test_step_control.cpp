// Step-size control: the fast log2 and exp2 behind the PI controller keep their stated
// accuracy, the controller's factors follow the PI formula, and its squared-error entry points
// (which spare the integrator a square root) give the factors of the norm entry points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <odekit/solvers/fast_exp_log.hpp>
#include <odekit/solvers/pi_controller.hpp>

namespace {

TEST(FastLog2, MatchesLog2ToItsStatedAbsoluteError) {
  for (double e = -40; e <= 40; e += 0.0173) {  // off the powers of two, where it is exact
    const double x = std::exp2(e);
    EXPECT_NEAR(odekit::detail::fast_log2(x), std::log2(x), 3e-5) << "x = " << x;
  }
}

TEST(FastExp2, MatchesExp2ToItsStatedRelativeError) {
  for (double y = -40; y <= 40; y += 0.0173) {
    EXPECT_NEAR(odekit::detail::fast_exp2(y) / std::exp2(y), 1.0, 3e-7) << "y = " << y;
  }
}

TEST(FastExp2, ScalesByItsSecondArgumentWithOneRounding) {
  for (double y = -3; y <= 3; y += 0.37) {
    EXPECT_EQ(odekit::detail::fast_exp2(y, 0.9), 0.9 * odekit::detail::fast_exp2(y));
  }
}

/// safety * err^-beta1 * max(err_prev, 1e-4)^beta2 clamped to [min_factor, max_factor] and, right
/// after a rejection, to at most 1 (Hairer & Wanner, Solving ODEs II, IV.2), with libm's pow.
double pi_factor(const odekit::StepControl& c, double beta1, double beta2, double err,
                 double err_prev, bool after_rejection) {
  const double f = c.safety * std::pow(err, -beta1) * std::pow(std::max(err_prev, 1e-4), beta2);
  return std::clamp(f, c.min_factor, after_rejection ? 1.0 : c.max_factor);
}

TEST(PIController, FactorsFollowThePIFormula) {
  const odekit::StepControl c{};
  const int error_order = 4;  // beta1 = 0.7 / 5, beta2 = 0.4 / 5
  odekit::PIController<double> pi(c, error_order);
  double prev = 1e-4;  // the floor stands in for the missing previous error
  bool rejected = false;
  for (double err : {0.5, 0.01, 1e-9, 0.9, 3.0, 0.2, 0.999, 25.0, 1e-3}) {
    if (err > 1) {
      const double expected = std::max(c.min_factor, c.safety * std::pow(err, -0.14));
      EXPECT_NEAR(pi.reject(err) / expected, 1.0, 1e-5) << "err = " << err;
      rejected = true;
      continue;
    }
    const double expected = pi_factor(c, 0.14, 0.08, err, prev, rejected);
    EXPECT_NEAR(pi.accept(err) / expected, 1.0, 1e-5) << "err = " << err;
    prev = err;
    rejected = false;
  }
}

TEST(PIController, SquaredErrorGivesTheFactorsOfTheNorm) {
  const odekit::StepControl c{.beta1 = 0.2, .beta2 = 0.05};
  odekit::PIController<double> norm(c, 4), squared(c, 4);
  for (double err : {0.5, 0.01, 1e-12, 0.9, 3.0, 0.2, 1e40, 0.999, 25.0, 1e-3}) {
    const double a = err > 1 ? norm.reject(err) : norm.accept(err);
    const double b =
        err > 1 ? squared.reject_squared(err * err) : squared.accept_squared(err * err);
    EXPECT_NEAR(b / a, 1.0, 1e-5) << "err = " << err;
  }
  EXPECT_EQ(norm.reject(std::nan("")), c.min_factor);
  EXPECT_EQ(squared.reject_squared(std::nan("")), c.min_factor);
}

}  // namespace
