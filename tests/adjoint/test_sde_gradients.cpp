// Pathwise SDE gradients on a fixed Brownian path: ReversibleHeun's algebraic adjoint and the
// dual-number discrete adjoint of the other methods against finite differences of solves on
// the same path, for diagonal and general noise; checkpointing; the automatic choice.
#include <gtest/gtest.h>

#include <cstdio>
#include <span>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/sde/sde.hpp>

#include "gradient_checks.hpp"

namespace {

using namespace odekit;
using odekit_test::WeightedSquares;

// Lotka–Volterra with multiplicative noise (problems.md's LV SDE, p = (a, sigma, b)).
struct Drift {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dy) const {
    dy[0] = p[0] * y[0] - p[2] * y[0] * y[1];
    dy[1] = -y[1] + p[2] * y[0] * y[1];
  }
};
struct Diagonal {
  template <class T, class Y, class P, class G>
  void operator()(T, const Y& y, const P& p, G&& g) const {
    g[0] = p[1] * y[0];
    g[1] = p[1] * y[1];
  }
};
// Two states driven by three Brownian motions.
struct General {
  template <class T, class Y, class P, class G>
  void operator()(T, const Y& y, const P& p, G&& g) const {
    g(0, 0) = p[1] * y[0];
    g(0, 1) = 0.1 * y[1];
    g(0, 2) = p[1] * p[1];
    g(1, 0) = 0.2 * y[0] * y[1];
    g(1, 1) = p[1] * y[1];
    g(1, 2) = 0.05;
  }
};

const std::vector<double> kSaves{0.25, 0.5, 1.0};

template <class Problem, class Method, class Sens>
void expect_pathwise(const Problem& problem, const Method& method, const SdeOptions& options,
                     const Sens& sensitivity, const char* label) {
  const WeightedSquares loss;
  const Gradient fd = odekit_test::finite_differences(
      problem, [&](const auto& p) { return loss.of(solve(p, method, options)); });
  const SdeGradient g = gradient(problem, method, options, loss, sensitivity);
  ASSERT_TRUE(g.ok()) << g.message;
  const double err = odekit_test::gradient_error(g, fd);
  std::printf("  %-40s rel. error vs FD on the same path %.2e\n", label, err);
  EXPECT_LT(err, 1e-7) << label;
  EXPECT_NEAR(g.value, fd.value, 1e-12 * fd.value) << label;
}

TEST(SdeGradient, ReversibleHeunAdjointEqualsFiniteDifferencesOnAFixedPath) {
  const SdeProblem diagonal(Drift{}, Diagonal{}, std::vector<double>{1.0, 0.5}, {0.0, 1.0},
                            std::vector<double>{1.0, 0.3, 0.8});
  const VirtualBrownianTree tree(0.0, 1.0, 2, 42);
  expect_pathwise(diagonal, ReversibleHeun{}, {.dt = 0.01, .brownian = &tree, .saveat = kSaves},
                  ReversibleAdjoint{}, "ReversibleHeun, diagonal, virtual tree");
  const FixedGridBrownianPath grid(0.0, 0.005, 200, 2, 7);
  expect_pathwise(diagonal, ReversibleHeun{}, {.dt = 0.005, .brownian = &grid, .saveat = kSaves},
                  ReversibleAdjoint{}, "ReversibleHeun, diagonal, fixed grid");
  const SdeProblem general(Drift{}, General{}, std::vector<double>{1.0, 0.5}, {0.0, 1.0},
                           std::vector<double>{1.0, 0.3, 0.8}, Noise::general(3));
  const VirtualBrownianTree tree3(0.0, 1.0, 3, 5);
  expect_pathwise(general, ReversibleHeun{}, {.dt = 0.01, .brownian = &tree3, .saveat = kSaves},
                  ReversibleAdjoint{}, "ReversibleHeun, general noise (m = 3)");
  // O(1) memory: no state is stored.
  const SdeGradient g =
      gradient(diagonal, ReversibleHeun{}, {.dt = 0.01, .brownian = &tree, .saveat = kSaves},
               WeightedSquares{});
  EXPECT_EQ(g.sensitivity, "ReversibleAdjoint");
  EXPECT_EQ(g.memory.checkpoints, 0u);
}

TEST(SdeGradient, DiscreteAdjointOfEveryOtherMethod) {
  const SdeProblem diagonal(Drift{}, Diagonal{}, std::vector<double>{1.0, 0.5}, {0.0, 1.0},
                            std::vector<double>{1.0, 0.3, 0.8});
  const VirtualBrownianTree tree(0.0, 1.0, 2, 42);
  const SdeOptions o{.dt = 0.01, .brownian = &tree, .saveat = kSaves, .adaptive = false};
  expect_pathwise(diagonal, EulerMaruyama{}, o, DiscreteAdjoint{}, "EulerMaruyama");
  expect_pathwise(diagonal, EulerHeun{}, o, DiscreteAdjoint{}, "EulerHeun");
  expect_pathwise(diagonal, ItoMilstein{}, o, DiscreteAdjoint{}, "ItoMilstein");
  expect_pathwise(diagonal, StratonovichRKMilstein{}, o, DiscreteAdjoint{},
                  "StratonovichRKMilstein");
  expect_pathwise(diagonal, SRIW1{}, o, DiscreteAdjoint{}, "SRIW1 (fixed steps)");
  expect_pathwise(diagonal, SOSRI{}, o, DiscreteAdjoint{.checkpoints = 4}, "SOSRI, 4 checkpoints");
  const SdeProblem general(Drift{}, General{}, std::vector<double>{1.0, 0.5}, {0.0, 1.0},
                           std::vector<double>{1.0, 0.3, 0.8}, Noise::general(3));
  const VirtualBrownianTree tree3(0.0, 1.0, 3, 5);
  expect_pathwise(general, EulerMaruyama{},
                  {.dt = 0.01, .brownian = &tree3, .saveat = kSaves, .adaptive = false},
                  DiscreteAdjoint{}, "EulerMaruyama, general noise");

  const SdeGradient c =
      gradient(diagonal, EulerMaruyama{}, o, WeightedSquares{}, DiscreteAdjoint{.checkpoints = 3});
  const SdeGradient all = gradient(diagonal, EulerMaruyama{}, o, WeightedSquares{});
  EXPECT_EQ(all.sensitivity, "DiscreteAdjoint");
  EXPECT_LE(c.memory.checkpoints, 3u);
  EXPECT_GT(c.memory.recomputed_steps, 0);
  EXPECT_LT(odekit_test::gradient_error(c, all), 1e-13);
}

}  // namespace
