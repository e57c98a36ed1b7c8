// Integrator::step() makes no heap allocation: the count of odekit_test/allocation_counter.hpp
// must not move across many steps of every method.
#include <gtest/gtest.h>

#include <odekit/odekit.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit_test/allocation_counter.hpp>
#include <odekit_test/methods.hpp>

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
  const long before = odekit_test::allocations();
  for (int i = 0; i < 200 && !integ.done(); ++i) {
    ASSERT_EQ(integ.step(), odekit::Status::success);
    integ.interpolate(0.5 * (integ.t_prev() + integ.t()), out);
  }
  EXPECT_EQ(odekit_test::allocations() - before, 0);
  EXPECT_GT(integ.stats().naccept, 100);
}

TEST(Allocations, TheCounterSeesAllocations) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  EXPECT_EQ(odekit_test::probe_allocations(), 2);
}

}  // namespace
