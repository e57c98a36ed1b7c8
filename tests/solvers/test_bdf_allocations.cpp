// BDF's step() makes no heap allocation, with every linear solver: after the first steps
// (which set up the factorisations, KLU's analysis, GMRES's basis), malloc is not called
// across 200 steps and interpolations. Counts by interposing malloc, so Eigen and KLU are
// seen too.
#include <gtest/gtest.h>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>

#include "../linear_solvers/allocation_counter.hpp"

namespace {

using odekit::LinSolve;
using odekit::Precond;

template <class Problem>
void expect_steps_allocate_nothing(const Problem& problem, const odekit::Options& options) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "cannot count allocations here";
  odekit::Integrator integ(problem, odekit::BDF{}, options);
  std::vector<double> out(problem.size());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(integ.step(), odekit::Status::success);
  const long before = odekit_test::allocations();
  int steps = 0;
  for (; steps < 200 && !integ.done(); ++steps) {
    ASSERT_EQ(integ.step(), odekit::Status::success);
    integ.interpolate(0.5 * (integ.t_prev() + integ.t()), out);
  }
  EXPECT_EQ(odekit_test::allocations() - before, 0);
  EXPECT_GT(steps, 100);
  EXPECT_GT(integ.stats().njac, 1);  // Jacobians and factorisations happened inside the count
}

TEST(BdfAllocations, DenseLU) {
  expect_steps_allocate_nothing(odekit::problems::pollu(), {.rtol = 1e-10, .atol = 1e-14});
}

class BdfAllocationsSparse : public ::testing::TestWithParam<std::pair<LinSolve, Precond>> {};

TEST_P(BdfAllocationsSparse, StepAllocatesNothing) {
  auto problem = odekit::problems::brusselator_2d(8);
  const auto [linsolve, preconditioner] = GetParam();
  expect_steps_allocate_nothing(
      problem,
      {.rtol = 1e-8, .atol = 1e-8, .linsolve = linsolve, .preconditioner = preconditioner});
}

std::string solver_name(const ::testing::TestParamInfo<std::pair<LinSolve, Precond>>& info) {
  static const char* const names[] = {"sparse", "gmres", "gmres_jacobi", "gmres_ilu0"};
  return names[info.index];
}

INSTANTIATE_TEST_SUITE_P(Solvers, BdfAllocationsSparse,
                         ::testing::Values(std::pair{LinSolve::sparse, Precond::none},
                                           std::pair{LinSolve::gmres, Precond::none},
                                           std::pair{LinSolve::gmres, Precond::jacobi},
                                           std::pair{LinSolve::gmres, Precond::ilu0}),
                         solver_name);

}  // namespace
