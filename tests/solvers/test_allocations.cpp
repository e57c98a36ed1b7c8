// Integrator::step() makes no heap allocation: the global operator new is replaced by one
// that counts, and the count must not move across many steps of every method.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include <odekit/odekit.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit_test/methods.hpp>

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

template <class M>
class Allocations : public ::testing::Test {};
TYPED_TEST_SUITE(Allocations, odekit_test::ExplicitRKMethods, odekit_test::MethodName);

TYPED_TEST(Allocations, StepAllocatesNothing) {
  const auto problem = odekit::problems::pleiades();
  const odekit::Options options = TypeParam::is_adaptive
                                      ? odekit::Options{.rtol = 1e-8, .atol = 1e-8}
                                      : odekit::Options{.dt0 = 1e-3};
  odekit::Integrator integ(problem, TypeParam{}, options);
  ASSERT_EQ(integ.step(), odekit::Status::success);  // warm-up
  std::vector<double> out(problem.size());
  integ.interpolate(integ.t(), out);  // sizes the dense scratch once
  const long before = g_allocations.load();
  for (int i = 0; i < 200 && !integ.done(); ++i) {
    ASSERT_EQ(integ.step(), odekit::Status::success);
    integ.interpolate(0.5 * (integ.t_prev() + integ.t()), out);
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_GT(integ.stats().naccept, 100);
}

TEST(Allocations, TheCounterSeesAllocations) {
  const long before = g_allocations.load();
  auto* v = new std::vector<double>(10);
  delete v;
  EXPECT_GE(g_allocations.load() - before, 2);
}

}  // namespace
