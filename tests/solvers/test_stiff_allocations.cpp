// Integrator::step() of the stiff one-step methods makes no heap allocation, with every
// linear solver: malloc itself is counted (allocation_counter.cpp), so Eigen's and KLU's
// allocations are seen too. The linear solvers' conformance suite proves the same of
// LinearSolver::solve and of repeated setups with an unchanged pattern.
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <type_traits>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit_test/methods.hpp>

#include "../linear_solvers/allocation_counter.hpp"

namespace {

namespace pr = odekit::problems;

/// Allocations made by `steps` steps after a warm-up (the first factorisations size their
/// storage), interpolating inside each step as dense output and saveat do.
template <class Problem, class Method>
long allocations_in_steps(const Problem& problem, Method method, const odekit::Options& options,
                          int steps) {
  odekit::Integrator integ(problem, method, options);
  std::vector<double> out(problem.y0.size());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(integ.step(), odekit::Status::success);
    integ.interpolate(integ.t(), out);
  }
  const long before = odekit_test::allocations();
  for (int i = 0; i < steps && !integ.done(); ++i) {
    EXPECT_EQ(integ.step(), odekit::Status::success);
    integ.interpolate(0.5 * (integ.t_prev() + integ.t()), out);
  }
  const long made = odekit_test::allocations() - before;
  EXPECT_GT(integ.stats().naccept, steps / 2);
  return made;
}

template <class M>
class StiffAllocations : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  }
};
TYPED_TEST_SUITE(StiffAllocations, odekit_test::StiffMethods, odekit_test::MethodName);

TYPED_TEST(StiffAllocations, DenseLU) {
  // ROBER: Jacobian and df/dt by dual numbers; HIRES: the user's jac.
  EXPECT_EQ(allocations_in_steps(pr::rober(), TypeParam{}, {.rtol = 1e-8, .atol = 1e-12}, 200), 0);
  EXPECT_EQ(allocations_in_steps(pr::hires(), TypeParam{}, {.rtol = 1e-8, .atol = 1e-12}, 200), 0);
}

TYPED_TEST(StiffAllocations, SparseLUAndGmres) {
  const auto problem = pr::brusselator_2d(8);
  for (const auto& [linsolve, precond] :
       {std::pair{odekit::LinSolve::sparse, odekit::Precond::none},
        std::pair{odekit::LinSolve::gmres, odekit::Precond::ilu0},
        std::pair{odekit::LinSolve::gmres, odekit::Precond::none}}) {
    const odekit::Options o{
        .rtol = 1e-6, .atol = 1e-8, .linsolve = linsolve, .preconditioner = precond};
    EXPECT_EQ(allocations_in_steps(problem, TypeParam{}, o, 50), 0)
        << "linsolve " << static_cast<int>(linsolve) << ", precond " << static_cast<int>(precond);
  }
}

TEST(StiffAllocations, ImexSplit) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  auto stiff = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = -1e3 * (y[0] - y[1]);
    dydt[1] = 1e3 * (y[0] - y[1]) - 1e3 * y[1];
  };
  auto reaction = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = 1 - y[0] * y[1];
    dydt[1] = 0.5 * y[0] * y[1];
  };
  const odekit::SplitOdeProblem problem{stiff, reaction, {1.0, 0.5}, {0.0, 50.0}};
  EXPECT_EQ(allocations_in_steps(problem, odekit::KenCarp4{}, {.rtol = 1e-8, .atol = 1e-10}, 200),
            0);
}

TEST(StiffAllocations, TheCounterSeesEigenAllocations) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  const long before = odekit_test::allocations();
  Eigen::MatrixXd m(10, 10);
  m.setZero();
  EXPECT_GE(odekit_test::allocations() - before, 1);
}

}  // namespace

namespace {

TEST(AutoSwitchAllocations, StepsAfterTheFirstSwitchAllocateNothing) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  // Van der Pol switches both ways; the first switch to Rodas5P makes its workspace, every
  // later step and switch allocates nothing.
  odekit::Integrator integ(pr::van_der_pol(), odekit::Default{}, {.rtol = 1e-6, .atol = 1e-6});
  while (integ.stats().nswitch < 1) ASSERT_EQ(integ.step(), odekit::Status::success);
  const long before = odekit_test::allocations();
  ASSERT_EQ(integ.run(), odekit::Status::success);
  EXPECT_EQ(odekit_test::allocations() - before, 0);
  EXPECT_GE(integ.stats().nswitch, 3);
}

}  // namespace
