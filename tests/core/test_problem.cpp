#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <odekit/core/problem.hpp>

namespace {

auto rhs = [](auto, const auto& y, const auto& p, auto&& dydt) { dydt[0] = p[0] * y[0]; };

std::string validation_error(const auto& problem) {
  try {
    odekit::validate(problem);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(OdeProblem, DeducesDoubleFromBracedLists) {
  odekit::OdeProblem problem{rhs, {1.0}, {0.0, 1.0}, {2.0}};
  static_assert(std::is_same_v<decltype(problem)::value_type, double>);
  EXPECT_EQ(problem.size(), 1u);
  EXPECT_EQ(problem.t1(), 1.0);
  EXPECT_EQ(validation_error(problem), "");
}

TEST(OdeProblem, FloatProblemsNameTheirType) {
  odekit::OdeProblem<decltype(rhs), float> problem{rhs, {1.0f}, {0.0f, 1.0f}, {2.0f}};
  EXPECT_EQ(validation_error(problem), "");
}

TEST(OdeProblem, RejectsMalformedInputNamingTheArgument) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_NE(validation_error(odekit::OdeProblem{rhs, {}, {0.0, 1.0}, {1.0}}).find("y0 is empty"),
            std::string::npos);
  EXPECT_NE(validation_error(odekit::OdeProblem{rhs, {1.0, nan}, {0.0, 1.0}, {1.0}}).find("y0[1]"),
            std::string::npos);
  EXPECT_NE(validation_error(odekit::OdeProblem{rhs, {inf}, {0.0, 1.0}, {1.0}}).find("y0[0]"),
            std::string::npos);
  EXPECT_NE(validation_error(odekit::OdeProblem{rhs, {1.0}, {0.0, 1.0}, {nan}}).find("p[0]"),
            std::string::npos);
  EXPECT_NE(validation_error(odekit::OdeProblem{rhs, {1.0}, {1.0, 1.0}, {1.0}}).find("t0 == t1"),
            std::string::npos);
  EXPECT_NE(validation_error(odekit::OdeProblem{rhs, {1.0}, {0.0, inf}, {1.0}}).find("tspan"),
            std::string::npos);
}

}  // namespace
