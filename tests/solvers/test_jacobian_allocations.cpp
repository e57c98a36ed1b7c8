// Jacobian and JVP evaluation make no heap allocation once the JacobianWorkspace exists, by
// every method (allocations counted by odekit_test/allocation_counter.hpp).
#include <gtest/gtest.h>

#include <vector>

#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/jacobian.hpp>
#include <odekit_test/allocation_counter.hpp>

namespace {

namespace pr = odekit::problems;
using enum odekit::DerivativeMethod;

const odekit::DerivativeMethod all_methods[] = {user, dual, finite_difference};

TEST(JacobianAllocations, DenseJacobiansAndJvpsAllocateNothing) {
  const auto problem = pr::pollu();
  Eigen::MatrixXd J(20, 20);
  std::vector<double> v(20, 0.5), Jv(20);
  odekit::Stats stats;
  for (const auto method : all_methods) {
    const auto jvp_method = method == user ? dual : method;  // POLLU has no jvp member
    odekit::JacobianWorkspace ws(problem.f, 20, {.jac = method, .jvp = jvp_method});
    const long before = odekit_test::allocations();
    for (int i = 0; i < 3; ++i) {
      ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats);
      ws.jvp(problem.f, 0.0, problem.y0, problem.p, v, Jv, stats);
    }
    EXPECT_EQ(odekit_test::allocations() - before, 0) << odekit::name(method);
  }
  EXPECT_EQ(stats.njac, 9);
}

TEST(JacobianAllocations, SparseJacobiansAllocateNothing) {
  const auto problem = pr::brusselator_2d(8);
  odekit::Stats stats;
  for (const auto method : {dual, finite_difference}) {
    odekit::JacobianWorkspace ws(problem.f, 128, {.jac = method});
    auto J = ws.make_sparse_matrix();
    const long before = odekit_test::allocations();
    for (int i = 0; i < 3; ++i) ws.sparse_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats);
    EXPECT_EQ(odekit_test::allocations() - before, 0) << odekit::name(method);
  }
  // The user path writes through the sparse view.
  const auto hires = pr::hires();
  std::vector<odekit::MatrixIndex> all;
  for (std::size_t i = 0; i < 8; ++i)
    for (std::size_t j = 0; j < 8; ++j) all.push_back({i, j});
  odekit::JacobianWorkspace ws(hires.f, 8, odekit::SparsityPattern(8, all));
  auto J = ws.make_sparse_matrix();
  const long before = odekit_test::allocations();
  ws.sparse_jacobian(hires.f, 0.0, hires.y0, hires.p, J, stats);
  EXPECT_EQ(odekit_test::allocations() - before, 0);
  EXPECT_EQ(stats.njac, 7);
}

TEST(JacobianAllocations, TheCounterSeesAllocations) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  EXPECT_EQ(odekit_test::probe_allocations(), 2);
}

}  // namespace
