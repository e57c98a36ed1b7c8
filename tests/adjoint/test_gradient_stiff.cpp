// Gradients of a stiff problem, HIRES with its twelve rate constants as parameters, by every
// sensitivity method against central finite differences and against each other (and what
// BacksolveAdjoint's instability on stiff problems looks like).
//
// The stiff methods (Rodas5P, BDF, and CVODE_BDF when odekit is built with SUNDIALS) solve the
// whole published span t in [0, 321.8122]; their continuous adjoints are solved backward with
// the same method, whose W factors the transposed Jacobian of adjoint_rhs.hpp, and forward
// sensitivities use the augmented block Jacobian. Tsit5, explicit, gets a mildly stiff
// setting (the first 5 time units). DiscreteAdjoint is checked where the method has a
// reverse step (Tsit5, Rodas5P); with BDF and CVODE_BDF it is refused, naming both.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/config.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/bdf.hpp>
#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/methods.hpp>
#include <odekit/solvers/solve.hpp>
#if ODEKIT_ENABLE_SUNDIALS
#include <odekit/sundials/cvode_bdf.hpp>
#endif

#include "gradient_checks.hpp"
#include "odekit_test/methods.hpp"

namespace {

using namespace odekit;
using odekit_test::WeightedSquares;

/// Span, tolerances and reference method of the test for a method: a stiff method gets the
/// whole problem.
template <class Method>
struct HiresSetting {
  static constexpr double t1 = 321.8122;
  static constexpr double rtol = 1e-8, atol = 1e-12;
  static constexpr double agreement = 1e-5;
  using Reference = Rodas5P;
  /// Over the whole span y7 and y8 depend strongly nonlinearly on y0 and p: the central
  /// differences' truncation error is 1e-4 relative at steps of 1e-5, 1e-6 at 1e-6.
  static constexpr double fd_step = 1e-6;
};
template <class Tab>
struct HiresSetting<ExplicitRK<Tab>> {
  static constexpr double t1 = 5.0;
  static constexpr double rtol = 1e-9, atol = 1e-13;
  static constexpr double agreement = 1e-6;
  using Reference = Tsit5;
  static constexpr double fd_step = 1e-5;
};
/// BDF's global error runs some ten times its tolerance.
template <>
struct HiresSetting<BDF> : HiresSetting<Rodas5P> {
  static constexpr double rtol = 1e-9, atol = 1e-13;
};

#if ODEKIT_ENABLE_SUNDIALS
using StiffGradientMethods = ::testing::Types<Tsit5, Rodas5P, BDF, CVODE_BDF>;
#else
using StiffGradientMethods = ::testing::Types<Tsit5, Rodas5P, BDF>;
#endif

/// Test names: the method's literature name (BDF's is a member function).
struct Name {
  template <class M>
  static std::string GetName(int) {
    return std::string(detail::method_name(M{}));
  }
};

template <class Method>
class StiffGradient : public ::testing::Test {};
TYPED_TEST_SUITE(StiffGradient, StiffGradientMethods, Name);

template <class Setting>
OdeProblem<problems::Hires> hires_problem() {
  auto problem = problems::hires();
  problem.tspan = {0.0, Setting::t1};
  return problem;
}

template <class Setting>
std::vector<double> hires_saves() {
  return {0.2 * Setting::t1, 0.5 * Setting::t1, Setting::t1};
}

/// Central differences of a tight solve by the setting's reference method, computed once per
/// setting (the stiff methods share theirs).
template <class Setting>
const Gradient& hires_reference() {
  static const Gradient fd = odekit_test::finite_differences(
      hires_problem<Setting>(),
      [](const auto& p) {
        return WeightedSquares{}.of(
            solve(p, typename Setting::Reference{},
                  {.rtol = 1e-13, .atol = 1e-17, .saveat = hires_saves<Setting>()}));
      },
      Setting::fd_step);
  return fd;
}

TYPED_TEST(StiffGradient, HiresRateConstants) {
  using Setting = HiresSetting<TypeParam>;
  using Shared = HiresSetting<std::conditional_t<std::is_same_v<TypeParam, Tsit5>, Tsit5, Rodas5P>>;
  const auto problem = hires_problem<Setting>();
  const std::vector<double> saves = hires_saves<Setting>();
  const WeightedSquares loss;
  const Gradient& fd = hires_reference<Shared>();
  const Options options{.rtol = Setting::rtol, .atol = Setting::atol, .saveat = saves};
  std::vector<Gradient> all;
  auto check = [&](const auto& sensitivity) {
    const Gradient g = gradient(problem, TypeParam{}, options, loss, sensitivity);
    ASSERT_TRUE(g.ok()) << g.message;
    const double err = odekit_test::gradient_error(g, fd);
    std::printf("  HIRES %-22s rel. error vs FD %.2e  steps %6ld  nvjp %6ld\n",
                g.sensitivity.c_str(), err, g.stats.naccept, g.stats.nvjp);
    EXPECT_LT(err, Setting::agreement) << g.sensitivity;
    all.push_back(g);
  };
  check(ForwardSensitivity{});
  if constexpr (DiscreteAdjointStep<TypeParam>::available) {
    check(DiscreteAdjoint{});
    check(DiscreteAdjoint{.checkpoints = 10});
    EXPECT_LE(all.back().memory.checkpoints, 10u);
  } else {
    EXPECT_MENTIONS(odekit_test::invalid_argument_of(
                        [&] { gradient(problem, TypeParam{}, options, loss, DiscreteAdjoint{}); }),
                    "DiscreteAdjoint is not available for method " +
                        std::string(detail::method_name(TypeParam{})));
  }
  check(InterpolatingAdjoint{});
  check(QuadratureAdjoint{});
  check(QuadratureAdjoint{.checkpoints = 5});
  EXPECT_LE(all.back().memory.checkpoints, 5u);
  for (const Gradient& a : all) {
    for (const Gradient& b : all) {
      EXPECT_LT(odekit_test::gradient_error(a, b), 2 * Setting::agreement);
    }
  }

  // BacksolveAdjoint solves y' = f backward in time, where HIRES's fast decaying modes grow:
  // the instability docs/adjoint.md warns about. It must show as a failed reverse pass (here,
  // steps shrinking below dtmin) or, where it gets through, as a visibly rougher gradient.
  Options limited = options;
  limited.max_steps = 20000;  // enough for the forward pass; the reverse one may run away
  const Gradient back = gradient(problem, TypeParam{}, limited, loss, BacksolveAdjoint{});
  std::printf("  HIRES BacksolveAdjoint      %s\n", back.ok() ? "completed" : back.message.c_str());
  if (back.ok()) {
    EXPECT_LT(odekit_test::gradient_error(back, fd), 1e3 * Setting::agreement);
  } else {
    EXPECT_MENTIONS(back.message, "reverse pass");
  }
}

}  // namespace
