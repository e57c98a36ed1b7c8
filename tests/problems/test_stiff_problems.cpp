// The stiff test problems: their definitions against the published references where a
// non-stiff method can reach them, and structural facts (conservation, layout, forcing).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/stiff.hpp>

namespace {

namespace pr = odekit::problems;

template <class Problem>
std::vector<double> rhs(const Problem& problem, double t, const std::vector<double>& y) {
  std::vector<double> dydt(y.size());
  problem.f(t, std::span<const double>(y), std::span<const double>(problem.p),
            std::span<double>(dydt));
  return dydt;
}

TEST(StiffProblems, HiresMatchesItsReference) {
  // HIRES is only mildly stiff: Vern9 reaches the Bari reference, which checks every
  // coefficient of the definition.
  const auto sol = odekit::solve(pr::hires(), odekit::Vern9{},
                                 {.rtol = 1e-12, .atol = 1e-12, .save_everystep = false});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_GT(pr::mescd(sol.y.back(), pr::hires_reference, 1e-12, 1e-12), 8.0);
}

TEST(StiffProblems, RoberConservesTotalMass) {
  const auto problem = pr::rober();
  const auto dydt = rhs(problem, 0.0, {0.5, 2e-5, 0.4});
  EXPECT_NEAR(dydt[0] + dydt[1] + dydt[2], 0.0, 1e-16 * std::abs(dydt[1]));
  EXPECT_EQ(problem.y0, (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(problem.t1(), 1e11);
}

TEST(StiffProblems, RateConstantsCanBeDifferentiated) {
  // Dual parameters with a plain state: d(dydt)/dk, what adjoints will need.
  using D = odekit::Dual<double, 3>;
  const std::vector<double> y{0.5, 2e-5, 0.4};
  const std::vector<D> k{D::variable(0.04, 0), D::variable(3e7, 1), D::variable(1e4, 2)};
  std::vector<D> dydt(3);
  pr::Rober{}(0.0, std::span<const double>(y), std::span<const D>(k), std::span<D>(dydt));
  EXPECT_EQ(dydt[0].partials[0], -y[0]);
  EXPECT_EQ(dydt[0].partials[2], y[1] * y[2]);
  EXPECT_EQ(dydt[1].partials[1], -y[1] * y[1]);
  EXPECT_EQ(dydt[2].partials[1], y[1] * y[1]);
  EXPECT_EQ(dydt[2].partials[0], 0);
}

TEST(StiffProblems, VanDerPolIsScaledByEpsilon) {
  const auto problem = pr::van_der_pol();
  const auto dydt = rhs(problem, 0.0, problem.y0);
  EXPECT_EQ(dydt[0], 0.0);
  EXPECT_EQ(dydt[1], -2e6);  // ((1 - 4) * 0 - 2) / 1e-6
}

TEST(StiffProblems, PolluStartsWhereTheTestSetDoes) {
  const auto problem = pr::pollu();
  ASSERT_EQ(problem.size(), 20u);
  ASSERT_EQ(problem.p.size(), 25u);
  EXPECT_NEAR(std::accumulate(problem.y0.begin(), problem.y0.end(), 0.0), 0.657, 1e-15);
  // At y0 every rate involving a species that starts at zero vanishes.
  const auto dydt = rhs(problem, 0.0, problem.y0);
  const auto& k = problem.p;
  const double r2 = k[1] * 0.2 * 0.04, r4 = k[3] * 0.1, r5 = k[4] * 0.1, r7 = k[6] * 0.01;
  EXPECT_DOUBLE_EQ(dydt[0], r2);
  EXPECT_DOUBLE_EQ(dydt[7], r4 + r5 + r7);
  EXPECT_DOUBLE_EQ(dydt[8], -r7);
}

TEST(StiffProblems, BrusselatorLayoutAndForcing) {
  const std::size_t N = 8, M = N * N;
  const auto problem = pr::brusselator_2d(N);
  ASSERT_EQ(problem.size(), 2 * M);
  // u(i, j) = 22 (y (1 - y))^1.5 with y = j / 7, v(i, j) = 27 (x (1 - x))^1.5 with x = i / 7.
  const double y3 = 3.0 / 7, x5 = 5.0 / 7;
  EXPECT_DOUBLE_EQ(problem.y0[5 + N * 3], 22 * std::pow(y3 * (1 - y3), 1.5));
  EXPECT_DOUBLE_EQ(problem.y0[M + 5 + N * 3], 27 * std::pow(x5 * (1 - x5), 1.5));
  // The forcing switches on at t = 1.1 in the one grid cell within 0.1 of (0.3, 0.6):
  // (i, j) = (2, 4), at (0.286, 0.571).
  const auto before = rhs(problem, 1.0, problem.y0);
  const auto after = rhs(problem, 1.2, problem.y0);
  for (std::size_t k = 0; k < 2 * M; ++k) {
    EXPECT_EQ(after[k] - before[k], k == 2 + N * 4 ? 5.0 : 0.0) << "component " << k;
  }
  // A spatially constant state diffuses nowhere: only the reaction terms remain.
  std::vector<double> flat(2 * M, 1.0);
  const auto reaction = rhs(problem, 0.0, flat);
  EXPECT_DOUBLE_EQ(reaction[0], 1 + 1 - 4.4);  // B + u^2 v - (A + 1) u
  EXPECT_DOUBLE_EQ(reaction[M], 3.4 - 1);      // A u - u^2 v
}

TEST(StiffProblems, BrusselatorNeedsTwoGridPoints) {
  try {
    (void)pr::brusselator_2d(1);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("N = 1"), std::string::npos) << e.what();
  }
}

}  // namespace
