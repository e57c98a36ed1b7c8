// What wrong input to gradient() does: loss gradients of the wrong size, NaN or Inf in a
// loss or its gradient, sensitivities a method does not support (the error names both),
// malformed problems and options, and solves that fail (a status, not an exception).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/sde/sde.hpp>
#include <odekit/solvers/bdf.hpp>
#include <odekit/solvers/default_method.hpp>
#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/methods.hpp>

#include "gradient_checks.hpp"

namespace {

using namespace odekit;
using odekit_test::invalid_argument_of;
using odekit_test::WeightedSquares;

const Options kOptions{.rtol = 1e-6, .atol = 1e-6, .saveat = {1.0, 2.0}};
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(GradientBadInput, CotangentsOfTheWrongSize) {
  const auto problem = problems::lotka_volterra();
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(problem, Tsit5{}, kOptions, Cotangents{{{1.0, 2.0}, {1.0}}});
                  }),
                  "cotangents[1] has 1 entries: expected the state size 2");
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(problem, Tsit5{}, kOptions, Cotangents{{{1.0, 2.0}}});
                  }),
                  "cotangents has 1 vectors: expected one per save time (2");
}

TEST(GradientBadInput, NaNInTheLossGradientNamesTheEntryAndTheSave) {
  const auto problem = problems::lotka_volterra();
  auto bad = [](std::size_t i, double, std::span<const double> y, std::span<double> g) {
    g[0] = y[0];
    g[1] = i == 1 ? kNaN : y[1];
    return 0.0;
  };
  for (const std::string& e :
       {invalid_argument_of([&] { gradient(problem, Tsit5{}, kOptions, bad, DiscreteAdjoint{}); }),
        invalid_argument_of(
            [&] { gradient(problem, Tsit5{}, kOptions, bad, QuadratureAdjoint{}); }),
        invalid_argument_of(
            [&] { gradient(problem, Tsit5{}, kOptions, bad, ForwardSensitivity{}); })}) {
    EXPECT_MENTIONS(e, "dL_dy[1] = nan at save 1 (t = 2)");
  }
  auto inf_value = [](std::size_t, double, std::span<const double>, std::span<double>) {
    return std::numeric_limits<double>::infinity();
  };
  EXPECT_MENTIONS(invalid_argument_of([&] { gradient(problem, Tsit5{}, kOptions, inf_value); }),
                  "the loss returned inf at save 0");
  auto running = [](double, std::span<const double>, std::span<const double>, std::span<double>,
                    std::span<double> dr_dp) {
    dr_dp[3] = kNaN;
    return 0.0;
  };
  EXPECT_MENTIONS(
      invalid_argument_of([&] {
        gradient(problem, Tsit5{}, kOptions, Loss{NoCost{}, running}, InterpolatingAdjoint{});
      }),
      "dr_dp[3] = nan");
}

// An explicit RK method under another name, whose reverse step nobody has written: what a
// new method without DiscreteAdjointStep support looks like.
struct NoReverseStep : Tsit5 {
  static constexpr std::string_view name = "NoReverseStep";
};

struct Drift {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dy) const {
    dy[0] = p[0] * y[0];
  }
};
struct Diffusion {
  template <class T, class Y, class P, class G>
  void operator()(T, const Y& y, const P& p, G&& g) const {
    g[0] = p[1] * y[0];
  }
};

TEST(GradientBadInput, UnsupportedSensitivityNamesItAndTheMethod) {
  const auto problem = problems::lotka_volterra();
  const std::string a = invalid_argument_of(
      [&] { gradient(problem, NoReverseStep{}, kOptions, WeightedSquares{}, DiscreteAdjoint{}); });
  EXPECT_MENTIONS(a, "DiscreteAdjoint is not available for method NoReverseStep");
  // The other sensitivities work with it.
  EXPECT_TRUE(gradient(problem, NoReverseStep{}, kOptions, WeightedSquares{}).ok());
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(problem, Tsit5{}, kOptions, WeightedSquares{}, ReversibleAdjoint{});
                  }),
                  "ReversibleAdjoint is not available for method Tsit5");

  const SdeProblem sde(Drift{}, Diffusion{}, std::vector<double>{1.0}, {0.0, 1.0},
                       std::vector<double>{0.5, 0.2});
  const SdeOptions so{.dt = 0.01};
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(sde, EulerMaruyama{}, so, WeightedSquares{}, BacksolveAdjoint{});
                  }),
                  "BacksolveAdjoint is not available for method EulerMaruyama");
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(sde, EulerMaruyama{}, so, WeightedSquares{}, ReversibleAdjoint{});
                  }),
                  "ReversibleAdjoint is not available for method EulerMaruyama");
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(sde, ReversibleHeun{}, so, WeightedSquares{}, DiscreteAdjoint{});
                  }),
                  "DiscreteAdjoint is not available for method ReversibleHeun");
  auto running = [](double, std::span<const double>, std::span<const double>, std::span<double>,
                    std::span<double>) { return 0.0; };
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(sde, EulerMaruyama{}, so, Loss{WeightedSquares{}, running});
                  }),
                  "loss.running");
}

// f for double and Dual<double, 8> only: first derivatives, but no nested duals.
struct FirstDerivativesOnly {
  template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, Dual<double, 8>>) void operator()(
      double, std::span<const T> y, std::span<const T> p, std::span<T> d) const {
    d[0] = -p[0] * y[0];
  }
};

TEST(GradientBadInput, DiscreteAdjointThroughMethodsWithoutAReverseStep) {
  const auto problem = problems::lotka_volterra();
  auto message = [&](const auto& method) {
    return invalid_argument_of(
        [&] { gradient(problem, method, kOptions, WeightedSquares{}, DiscreteAdjoint{}); });
  };
  EXPECT_MENTIONS(message(BDF{}), "DiscreteAdjoint is not available for method BDF");
  EXPECT_MENTIONS(message(BDF{.ndf = true}), "DiscreteAdjoint is not available for method NDF");
  EXPECT_MENTIONS(message(KenCarp4{}), "DiscreteAdjoint is not available for method KenCarp4");
  EXPECT_MENTIONS(message(TRBDF2{}), "use InterpolatingAdjoint or QuadratureAdjoint");
  EXPECT_MENTIONS(message(Default{}),
                  "DiscreteAdjoint is not available for method Auto(Tsit5, Rodas5P)");
  // The continuous adjoints run with each of them.
  EXPECT_TRUE(gradient(problem, BDF{}, kOptions, WeightedSquares{}, QuadratureAdjoint{}).ok());
  EXPECT_TRUE(gradient(problem, KenCarp4{}, kOptions, WeightedSquares{}, QuadratureAdjoint{}).ok());
  EXPECT_TRUE(
      gradient(problem, Default{}, kOptions, WeightedSquares{}, InterpolatingAdjoint{}).ok());

  // A Rosenbrock method's reverse step needs second derivatives of f.
  const OdeProblem<FirstDerivativesOnly> first(FirstDerivativesOnly{}, {1.0}, {0.0, 3.0}, {0.5});
  const std::string e = invalid_argument_of(
      [&] { gradient(first, Rodas5P{}, kOptions, WeightedSquares{}, DiscreteAdjoint{}); });
  EXPECT_MENTIONS(e, "DiscreteAdjoint is not available for method Rodas5P");
  EXPECT_MENTIONS(e, "nested dual numbers");
  EXPECT_TRUE(gradient(first, Rodas5P{}, kOptions, WeightedSquares{}, QuadratureAdjoint{}).ok());
}

// f written for double only: no dual numbers and no vjp member.
struct DoubleOnly {
  void operator()(double, std::span<const double> y, std::span<const double> p,
                  std::span<double> d) const {
    d[0] = -p[0] * y[0];
  }
};

TEST(GradientBadInput, ProblemsAndOptions) {
  auto problem = problems::lotka_volterra();
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(problem, Tsit5{}, Options{.saveat = {1.0}}, WeightedSquares{});
                  }),
                  "rtol is not set");
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(problem, Tsit5{},
                             Options{.rtol = 1e-6, .atol = 1e-6, .saveat = {11.0}},
                             WeightedSquares{});
                  }),
                  "saveat[0] = 11");
  auto backward = problem;
  backward.tspan = {10.0, 0.0};
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(backward, Tsit5{}, Options{.rtol = 1e-6, .atol = 1e-6},
                             WeightedSquares{});
                  }),
                  "expected t0 < t1");
  problem.p[2] = kNaN;
  EXPECT_MENTIONS(
      invalid_argument_of([&] { gradient(problem, Tsit5{}, kOptions, WeightedSquares{}); }),
      "p[2] is nan");

  const OdeProblem<DoubleOnly> plain(DoubleOnly{}, {1.0}, {0.0, 3.0}, {0.5});
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(plain, Tsit5{}, kOptions, WeightedSquares{}, ForwardSensitivity{});
                  }),
                  "ForwardSensitivity evaluates f with dual-number");
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(plain, Tsit5{}, kOptions, WeightedSquares{}, DiscreteAdjoint{});
                  }),
                  "write f generically");
  EXPECT_MENTIONS(invalid_argument_of([&] {
                    gradient(plain, Tsit5{}, kOptions, WeightedSquares{},
                             QuadratureAdjoint{.vjp = VjpMethod::sparse});
                  }),
                  "vjp = sparse");
}

TEST(GradientBadInput, FailedSolvesComeBackAsStatuses) {
  const auto problem = problems::lotka_volterra();
  Options o = kOptions;
  o.max_steps = 5;
  for (const Gradient& g : {gradient(problem, Tsit5{}, o, WeightedSquares{}, DiscreteAdjoint{}),
                            gradient(problem, Tsit5{}, o, WeightedSquares{}, ForwardSensitivity{}),
                            gradient(problem, Tsit5{}, o, WeightedSquares{}, BacksolveAdjoint{})}) {
    EXPECT_FALSE(g.ok());
    EXPECT_EQ(g.status, Status::max_steps_reached);
    EXPECT_MENTIONS(g.message, "max_steps = 5 reached");
    EXPECT_TRUE(std::isnan(g.dp[0]));
    EXPECT_THROW(g.throw_if_failed(), SolverError);
  }
}

}  // namespace
