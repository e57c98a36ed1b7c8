// What wrong input does at every SDE entry point: std::invalid_argument naming the argument at
// the API edge, terminal statuses with messages inside a solve.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>
#include <odekit_test/errors.hpp>

namespace {

using namespace odekit;

template <class Fn>
std::string error_of(Fn&& fn) {
  return odekit_test::invalid_argument_message(fn);
}

auto drift = [](auto, const auto& y, const auto&, auto&& dy) {
  for (std::size_t i = 0; i < y.size(); ++i) dy[i] = -y[i];
};

TEST(SdeBadInput, DiffusionWritesOutsideItsShape) {
  // A 2 x 2 matrix written for diagonal noise.
  auto matrix = [](auto, const auto& y, const auto&, auto&& g) {
    g(0, 0) = y[0];
    g(0, 1) = 0.1;
    g(1, 0) = 0.1;
    g(1, 1) = y[1];
  };
  SdeProblem problem{drift, matrix, {1.0, 1.0}, {0.0, 1.0}, {}, Noise::diagonal};
  const std::string e = error_of([&] { solve(problem, EulerMaruyama{}, {.dt = 0.1}); });
  EXPECT_NE(e.find("outside its shape"), std::string::npos) << e;
  EXPECT_NE(e.find("Noise::general(m)"), std::string::npos) << e;
  // The same diffusion is fine as general noise with m = 2.
  SdeProblem general{drift, matrix, {1.0, 1.0}, {0.0, 1.0}, {}, Noise::general(2)};
  EXPECT_TRUE(solve(general, EulerMaruyama{}, {.dt = 0.1}).ok());
}

TEST(SdeBadInput, DiffusionLeavesEntriesUnwritten) {
  auto partial = [](auto, const auto& y, const auto&, auto&& g) { g(0, 0) = y[0]; };
  SdeProblem problem{drift, partial, {1.0, 1.0}, {0.0, 1.0}, {}, Noise::general(3)};
  const std::string e = error_of([&] { solve(problem, EulerMaruyama{}, {.dt = 0.1}); });
  EXPECT_NE(e.find("left G(0, 1) unwritten"), std::string::npos) << e;
}

TEST(SdeBadInput, AdditiveNoiseThatDependsOnY) {
  auto multiplicative = [](auto, const auto& y, const auto&, auto&& g) { g[0] = y[0]; };
  SdeProblem problem{drift, multiplicative, {1.0}, {0.0, 1.0}, {}, Noise::additive};
  const std::string e = error_of([&] { solve(problem, SRA1{}, {.rtol = 1e-3, .atol = 1e-3}); });
  EXPECT_NE(e.find("depends on y"), std::string::npos) << e;
}

TEST(SdeBadInput, MethodDoesNotSupportTheNoise) {
  const std::string e =
      error_of([] { solve(problems::torchsde_linear_general(), ItoMilstein{}, {.dt = 0.1}); });
  EXPECT_NE(e.find("general"), std::string::npos) << e;
  const std::string e2 =
      error_of([] { solve(problems::gbm(), SRA1{}, {.rtol = 1e-3, .atol = 1e-3}); });
  EXPECT_NE(e2.find("SRIW1 or SOSRI"), std::string::npos) << e2;
}

TEST(SdeBadInput, FixedStepNeedsAPositiveDt) {
  for (double dt : {0.0, -1e-3, std::numeric_limits<double>::quiet_NaN()}) {
    const std::string e = error_of([&] { solve(problems::gbm(), EulerMaruyama{}, {.dt = dt}); });
    EXPECT_EQ(e.rfind("dt = ", 0), 0u) << e;
  }
  const std::string missing = error_of([] { solve(problems::gbm(), EulerMaruyama{}); });
  EXPECT_NE(missing.find("dt is not set"), std::string::npos) << missing;
}

TEST(SdeBadInput, AdaptiveNeedsTolerances) {
  const std::string e = error_of([] { solve(problems::gbm(), SRIW1{}, {.atol = 1e-3}); });
  EXPECT_EQ(e.rfind("rtol is not set", 0), 0u) << e;
  const std::string e2 = error_of([] { solve(problems::gbm(), SOSRI{}, {.rtol = 1e-3}); });
  EXPECT_EQ(e2.rfind("atol is not set", 0), 0u) << e2;
  // Fixed steps with an adaptive method need dt instead.
  EXPECT_TRUE(solve(problems::gbm(), SRIW1{}, {.dt = 0.01, .adaptive = false}).ok());
}

TEST(SdeBadInput, MalformedProblemAndPath) {
  auto bad = problems::gbm();
  bad.tspan = {1.0, 0.0};
  EXPECT_EQ(error_of([&] { solve(bad, EulerMaruyama{}, {.dt = 0.1}); }).rfind("tspan", 0), 0u);
  auto nan_y0 = problems::gbm();
  nan_y0.y0[0] = std::nan("");
  EXPECT_EQ(error_of([&] { solve(nan_y0, EulerMaruyama{}, {.dt = 0.1}); }).rfind("y0[0]", 0), 0u);
  const VirtualBrownianTree wrong_dim(0.0, 1.0, 2, 1), short_path(0.0, 0.5, 1, 1);
  EXPECT_NE(error_of([&] {
              solve(problems::gbm(), EulerMaruyama{}, {.dt = 0.1, .brownian = &wrong_dim});
            }).find("dimension 2"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              solve(problems::gbm(), EulerMaruyama{}, {.dt = 0.1, .brownian = &short_path});
            }).find("does not contain tspan"),
            std::string::npos);
  const FixedGridBrownianPath grid(0.0, 0.01, 100, 1, 1);
  EXPECT_NE(error_of([&] {
              solve(problems::gbm(), SRIW1{}, {.rtol = 1e-3, .atol = 1e-3, .brownian = &grid});
            }).find("cannot drive adaptive steps"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              solve(problems::gbm(), EulerMaruyama{}, {.dt = 0.015, .brownian = &grid});
            }).find("not a multiple"),
            std::string::npos);
  EXPECT_THROW(VirtualBrownianTree(1.0, 1.0, 1, 0), std::invalid_argument);
  EXPECT_THROW(FixedGridBrownianPath(0.0, 0.0, 10, 1, 0), std::invalid_argument);
}

TEST(SdeBadInput, NaNInDriftEndsWithAStatusNamingTheTime) {
  // The drift turns NaN from t = 0.5 on: fixed steps stop there, keeping what was computed.
  auto f = [](auto t, const auto& y, const auto&, auto&& dy) {
    dy[0] = t >= 0.5 ? std::numeric_limits<double>::quiet_NaN() : 1.0;
  };
  auto g = [](auto, const auto&, const auto&, auto&& G) { G[0] = 0.1; };
  SdeProblem problem{f, g, {0.0}, {0.0, 1.0}, {}, Noise::additive};
  const auto sol = solve(problem, EulerMaruyama{}, {.dt = 0.125, .seed = 1});
  EXPECT_EQ(sol.status, Status::rhs_not_finite);
  EXPECT_NE(sol.message().find("drift or the diffusion returned NaN"), std::string::npos);
  EXPECT_NE(sol.message().find("t = 0.5"), std::string::npos) << sol.message();
  EXPECT_EQ(sol.t.back(), 0.5);  // the solution up to the failure is kept
  EXPECT_THROW(sol.throw_if_failed(), SolverError);
}

TEST(SdeBadInput, NaNInDiffusionEndsAdaptiveSolvesToo) {
  auto f = [](auto, const auto&, const auto&, auto&& dy) { dy[0] = 1.0; };
  auto g = [](auto t, const auto& y, const auto&, auto&& G) {
    G[0] = t > 0.25 ? std::numeric_limits<double>::quiet_NaN() * y[0] : 0.1 * y[0];
  };
  SdeProblem problem{f, g, {1.0}, {0.0, 1.0}, {}, Noise::diagonal};
  const auto sol = solve(problem, SRIW1{}, {.rtol = 1e-3, .atol = 1e-3, .seed = 1});
  EXPECT_EQ(sol.status, Status::rhs_not_finite);
  EXPECT_GT(sol.t.size(), 1u);
  EXPECT_LE(sol.t.back(), 0.25 + 1e-12);
  EXPECT_NE(sol.message().find("t = "), std::string::npos);
}

}  // namespace
