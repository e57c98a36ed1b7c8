// Jacobian and JVP evaluation make no heap allocation once the JacobianWorkspace exists, by
// every method: the global operator new is replaced by one that counts.
// GCC 12 inlines these operators and then mistakes the malloc/free pairs inside them for
// mismatched allocation functions: a false positive in this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/jacobian.hpp>

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

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
    const long before = g_allocations.load();
    for (int i = 0; i < 3; ++i) {
      ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats);
      ws.jvp(problem.f, 0.0, problem.y0, problem.p, v, Jv, stats);
    }
    EXPECT_EQ(g_allocations.load() - before, 0) << odekit::name(method);
  }
  EXPECT_EQ(stats.njac, 9);
}

TEST(JacobianAllocations, SparseJacobiansAllocateNothing) {
  const auto problem = pr::brusselator_2d(8);
  odekit::Stats stats;
  for (const auto method : {dual, finite_difference}) {
    odekit::JacobianWorkspace ws(problem.f, 128, {.jac = method});
    auto J = ws.make_sparse_matrix();
    const long before = g_allocations.load();
    for (int i = 0; i < 3; ++i) ws.sparse_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats);
    EXPECT_EQ(g_allocations.load() - before, 0) << odekit::name(method);
  }
  // The user path writes through the sparse view.
  const auto hires = pr::hires();
  std::vector<odekit::MatrixIndex> all;
  for (std::size_t i = 0; i < 8; ++i)
    for (std::size_t j = 0; j < 8; ++j) all.push_back({i, j});
  odekit::JacobianWorkspace ws(hires.f, 8, odekit::SparsityPattern(8, all));
  auto J = ws.make_sparse_matrix();
  const long before = g_allocations.load();
  ws.sparse_jacobian(hires.f, 0.0, hires.y0, hires.p, J, stats);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(stats.njac, 7);
}

TEST(JacobianAllocations, TheCounterSeesAllocations) {
  const long before = g_allocations.load();
  auto* v = new std::vector<double>(10);
  delete v;
  EXPECT_GE(g_allocations.load() - before, 2);
}

}  // namespace
