// The 2D Brusselator with one rate per grid cell (N = 10: 200 states, 102 parameters): the
// discrete adjoint against finite differences of the same discrete solve (fixed steps) to
// 1e-6 relative, checkpointed variants within their state budget, every vjp source, and the
// continuous adjoints and forward sensitivities consistent with the tolerance used.
// BacksolveAdjoint is left out: solving diffusion backward in time is the instability
// docs/adjoint.md warns about.
#include <gtest/gtest.h>

#include <cstdio>
#include <span>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/methods.hpp>
#include <odekit/solvers/solve.hpp>

#include "gradient_checks.hpp"

namespace {

using namespace odekit;

// L = sum over saves and cells of u^2 / 2 + v (mixes both fields).
struct FieldLoss {
  std::size_t M;
  double operator()(std::size_t, double, std::span<const double> y, std::span<double> g) const {
    double l = 0;
    for (std::size_t c = 0; c < M; ++c) {
      l += 0.5 * y[c] * y[c] + y[M + c];
      g[c] = y[c];
      g[M + c] = 1;
    }
    return l;
  }
  template <class Solution>
  double of(const Solution& sol) const {
    double l = 0;
    for (const auto& y : sol.y) {
      for (std::size_t c = 0; c < M; ++c) l += 0.5 * y[c] * y[c] + y[M + c];
    }
    return l;
  }
};

// The model with its vjp member hidden, so that the dual and sparse sources are used.
struct WithoutVjp {
  problems::Brusselator2D f;
  template <class T, class Y, class P, class D>
  void operator()(T t, const Y& y, const P& p, D&& dydt) const {
    f(t, y, p, dydt);
  }
  SparsityPattern jac_sparsity() const { return f.jac_sparsity(); }
  std::vector<MatrixIndex> param_sparsity() const { return f.param_sparsity(); }
};

constexpr std::size_t kN = 10;

TEST(BrusselatorGradient, DiscreteAdjointEqualsFiniteDifferencesOfTheDiscreteSolve) {
  auto problem = problems::brusselator_2d_rates(kN);
  problem.tspan = {0.0, 0.2};
  ASSERT_GE(problem.p.size(), 100u);
  const FieldLoss loss{kN * kN};
  // Tsit5 is stable up to dt ~ 5e-4 here (the Laplacian's eigenvalues reach -6480).
  const Options options{.dt0 = 4e-4, .saveat = {0.05, 0.2}, .adaptive = false};
  std::vector<std::size_t> y0_part;
  for (std::size_t i = 0; i < problem.y0.size(); i += 7) y0_part.push_back(i);
  const Gradient fd = odekit_test::finite_differences(
      problem, [&](const auto& p) { return loss.of(solve(p, Tsit5{}, options)); }, 1e-5, y0_part);

  const Gradient g = gradient(problem, Tsit5{}, options, loss, DiscreteAdjoint{});
  ASSERT_TRUE(g.ok()) << g.message;
  const double err = std::max(odekit_test::relative_error(g.dy0, fd.dy0, y0_part),
                              odekit_test::relative_error(g.dp, fd.dp));
  std::printf(
      "  Brusselator N = 10, 102 parameters: DiscreteAdjoint vs FD of the discrete "
      "solve %.2e\n",
      err);
  EXPECT_LT(err, 1e-6);

  // The same gradient from the dual and the coloured sparse vjp, and with 6 states held.
  const OdeProblem<WithoutVjp> hidden(WithoutVjp{problem.f}, problem.y0, problem.tspan, problem.p);
  for (const VjpMethod m : {VjpMethod::dual, VjpMethod::sparse}) {
    const Gradient h = gradient(hidden, Tsit5{}, options, loss, DiscreteAdjoint{.vjp = m});
    EXPECT_LT(odekit_test::gradient_error(h, g), 1e-12) << name(m);
  }
  const Gradient c = gradient(problem, Tsit5{}, options, loss, DiscreteAdjoint{.checkpoints = 6});
  EXPECT_LE(c.memory.checkpoints, 6u);
  EXPECT_LT(odekit_test::gradient_error(c, g), 1e-13);
}

TEST(BrusselatorGradient, ContinuousAdjointsAgreeToTheTolerance) {
  auto problem = problems::brusselator_2d_rates(kN);
  problem.tspan = {0.0, 0.2};
  const FieldLoss loss{kN * kN};
  const Options tight{.rtol = 1e-11, .atol = 1e-11, .saveat = {0.05, 0.2}};
  const Gradient ref = gradient(problem, Tsit5{}, tight, loss, DiscreteAdjoint{});
  const Options options{.rtol = 1e-7, .atol = 1e-7, .saveat = {0.05, 0.2}};
  auto check = [&](const auto& sensitivity, double tol) {
    const Gradient g = gradient(problem, Tsit5{}, options, loss, sensitivity);
    EXPECT_TRUE(g.ok()) << g.message;
    const double err = odekit_test::gradient_error(g, ref);
    std::printf("  Brusselator %-22s rel. error %.2e (rtol 1e-7)  states held %zu\n",
                g.sensitivity.c_str(), err, g.memory.checkpoints);
    EXPECT_LT(err, tol) << g.sensitivity;
    return g;
  };
  check(DiscreteAdjoint{}, 1e-5);
  check(InterpolatingAdjoint{}, 1e-5);
  check(QuadratureAdjoint{}, 1e-5);
  const Gradient c = check(InterpolatingAdjoint{.checkpoints = 4}, 1e-5);
  EXPECT_LE(c.memory.checkpoints, 4u);
  EXPECT_EQ(check(AutoSensitivity{}, 1e-5).sensitivity, "InterpolatingAdjoint");  // n + np = 302
  check(ForwardSensitivity{}, 1e-5);
}

}  // namespace
