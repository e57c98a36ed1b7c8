// SdeIntegrator::step() makes no heap allocation for any method or path (allocations counted
// by odekit_test/allocation_counter.hpp).
#include <gtest/gtest.h>

#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>
#include <odekit_test/allocation_counter.hpp>

namespace {

using namespace odekit;

template <class Method, class Problem, class Path>
void expect_no_allocation(const Problem& problem, const Path& path, const SdeOptions& options) {
  SCOPED_TRACE(std::string(Method::name));
  SdeIntegrator integ(problem, Method{}, path, options);
  ASSERT_EQ(integ.step(), Status::success);  // warm-up
  const long before = odekit_test::allocations();
  for (int i = 0; i < 200 && !integ.done(); ++i) ASSERT_EQ(integ.step(), Status::success);
  integ.restart(path);
  for (int i = 0; i < 50 && !integ.done(); ++i) ASSERT_EQ(integ.step(), Status::success);
  EXPECT_EQ(odekit_test::allocations() - before, 0);
}

TEST(SdeAllocations, StepAllocatesNothing) {
  const auto gbm = problems::gbm(1.01, 0.87, 0.5, 3);
  const auto add = problems::additive_system();
  const auto general = problems::torchsde_linear_general(2);
  const VirtualBrownianTree w3(0.0, 1.0, 3, 1), w4(0.0, 1.0, 4, 1);
  const FixedGridBrownianPath grid(0.0, 1.0 / 1024, 1024, 3, 1);
  const SdeOptions fixed{.dt = 1.0 / 1024};
  const SdeOptions adaptive{.rtol = 1e-6, .atol = 1e-6};
  expect_no_allocation<EulerMaruyama>(gbm, w3, fixed);
  expect_no_allocation<EulerMaruyama>(gbm, grid, fixed);
  expect_no_allocation<EulerHeun>(general, w4, fixed);
  expect_no_allocation<ItoMilstein>(gbm, w3, fixed);
  expect_no_allocation<StratonovichMilstein>(gbm, w3, fixed);
  expect_no_allocation<ItoRKMilstein>(gbm, grid, fixed);
  // Save times between grid points: steps onto them refine a cell of the grid bridge.
  const GridBridgeBrownianPath bridge(0.0, 1.0 / 1024, 1024, 3, 1);
  const SdeOptions off_grid{.dt = 1.0 / 1024, .saveat = {0.01001, 0.05003, 0.1, 0.15007, 1.0}};
  expect_no_allocation<EulerMaruyama>(gbm, bridge, off_grid);
  expect_no_allocation<SRIW1>(gbm, bridge,
                              {.dt = 1.0 / 1024, .saveat = off_grid.saveat, .adaptive = false});
  expect_no_allocation<StratonovichRKMilstein>(gbm, w3, fixed);
  expect_no_allocation<ReversibleHeun>(general, w4, fixed);
  expect_no_allocation<SRIW1>(gbm, w3, adaptive);
  expect_no_allocation<SOSRI>(gbm, w3, adaptive);
  expect_no_allocation<SRA1>(add, w4, adaptive);
  expect_no_allocation<SOSRA>(add, w4, adaptive);
}

TEST(SdeAllocations, TheCounterSeesAllocations) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  EXPECT_EQ(odekit_test::probe_allocations(), 2);
}

}  // namespace
