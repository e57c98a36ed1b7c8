#include <gtest/gtest.h>

#include <odekit/core/dense_output.hpp>

namespace {

// A linear interpolant: stored vector is y1, y(theta) = y0 + theta (y1 - y0).
void linear(double theta, double, const double* y0, const double* stored, std::size_t n,
            double* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = y0[i] + theta * (stored[i] - y0[i]);
}
constexpr odekit::Interpolant<double> kLinear{"linear", 1, 1, &linear};

TEST(DenseOutput, FindsTheSegmentAndInterpolates) {
  odekit::DenseOutput<double> d(1);
  // y = t^2 sampled at 0, 1, 3 and joined linearly.
  std::vector<double> y0{0.0}, y1{1.0}, y2{9.0};
  d.push(0.0, 1.0, y0, y1, kLinear);
  d.push(1.0, 2.0, y1, y2, kLinear);
  EXPECT_EQ(d.segments(), 2u);
  EXPECT_DOUBLE_EQ(d.evaluate(0.5)[0], 0.5);
  EXPECT_DOUBLE_EQ(d.evaluate(1.0)[0], 1.0);
  EXPECT_DOUBLE_EQ(d.evaluate(2.0)[0], 5.0);
  EXPECT_DOUBLE_EQ(d.evaluate(3.0)[0], 9.0);
  EXPECT_DOUBLE_EQ(d.evaluate(0.0)[0], 0.0);
}

TEST(DenseOutput, BackwardSegments) {
  odekit::DenseOutput<double> d(1);
  std::vector<double> y0{0.0}, y1{-1.0}, y2{-3.0};
  d.push(0.0, -1.0, y0, y1, kLinear);
  d.push(-1.0, -1.0, y1, y2, kLinear);
  EXPECT_DOUBLE_EQ(d.evaluate(-0.5)[0], -0.5);
  EXPECT_DOUBLE_EQ(d.evaluate(-1.5)[0], -2.0);
}

TEST(DenseOutput, OutsideTheSpanThrowsNamingTheSpan) {
  odekit::DenseOutput<double> d(1);
  EXPECT_THROW((void)d.evaluate(0.0), std::out_of_range);
  std::vector<double> y0{0.0}, y1{1.0};
  d.push(0.0, 1.0, y0, y1, kLinear);
  try {
    (void)d.evaluate(1.5);
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("t = 1.5 is outside the solution's span [0, 1]"),
              std::string::npos)
        << e.what();
  }
  std::vector<double> wrong(2);
  EXPECT_THROW(d.evaluate(0.5, wrong), std::invalid_argument);
}

}  // namespace
