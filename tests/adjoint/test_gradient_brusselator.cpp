// The 2D Brusselator with one rate per grid cell (N = 10: 200 states, 102 parameters): the
// discrete adjoint against finite differences of the same discrete solve (fixed steps) to
// 1e-6 relative, with Tsit5 and with Rodas5P (whose reverse steps solve with W^T by dense LU,
// KLU and GMRES alike), checkpointed variants within their state budget, every vjp source,
// and the continuous adjoints, solved backward with Tsit5, Rodas5P and BDF, and forward
// sensitivities consistent with the tolerance used. BacksolveAdjoint is left out: solving
// diffusion backward in time is the instability docs/adjoint.md warns about.
#include <gtest/gtest.h>

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include <odekit/adjoint/adjoint.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/bdf.hpp>
#include <odekit/solvers/implicit/methods.hpp>
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

// Rodas5P through the forcing's switch-on at t = 1.1, with steps far beyond Tsit5's stability
// limit (dt = 0.05 against ~5e-4).
TEST(BrusselatorGradient, RosenbrockDiscreteAdjointEqualsFiniteDifferencesOfTheDiscreteSolve) {
  auto problem = problems::brusselator_2d_rates(kN);
  problem.tspan = {1.0, 1.5};
  const FieldLoss loss{kN * kN};
  Options options{.rtol = 1e-10, .dt0 = 0.05, .saveat = {1.2, 1.5}, .adaptive = false};
  std::vector<std::size_t> y0_part;
  for (std::size_t i = 0; i < problem.y0.size(); i += 7) y0_part.push_back(i);
  const Gradient fd = odekit_test::finite_differences(
      problem, [&](const auto& p) { return loss.of(solve(p, Rodas5P{}, options)); }, 1e-5, y0_part);
  const Gradient g = gradient(problem, Rodas5P{}, options, loss, DiscreteAdjoint{});
  ASSERT_TRUE(g.ok()) << g.message;
  const double err = std::max(odekit_test::relative_error(g.dy0, fd.dy0, y0_part),
                              odekit_test::relative_error(g.dp, fd.dp));
  std::printf("  Brusselator Rodas5P DiscreteAdjoint vs FD of the discrete solve %.2e\n", err);
  EXPECT_LT(err, 1e-6);

  // W^T by dense LU and by GMRES (to its tolerance) as by KLU; the dual vjp as the user's.
  for (const LinSolve ls : {LinSolve::dense, LinSolve::gmres}) {
    Options o = options;
    o.linsolve = ls;
    const Gradient h = gradient(problem, Rodas5P{}, o, loss, DiscreteAdjoint{});
    ASSERT_TRUE(h.ok()) << h.message;
    EXPECT_LT(odekit_test::gradient_error(h, g), ls == LinSolve::dense ? 1e-12 : 1e-7)
        << static_cast<int>(ls);
  }
  const OdeProblem<WithoutVjp> hidden(WithoutVjp{problem.f}, problem.y0, problem.tspan, problem.p);
  const Gradient h =
      gradient(hidden, Rodas5P{}, options, loss, DiscreteAdjoint{.vjp = VjpMethod::dual});
  EXPECT_LT(odekit_test::gradient_error(h, g), 1e-12);
  const Gradient c = gradient(problem, Rodas5P{}, options, loss, DiscreteAdjoint{.checkpoints = 3});
  EXPECT_LE(c.memory.checkpoints, 3u);
  EXPECT_LT(odekit_test::gradient_error(c, g), 1e-13);
}

TEST(BrusselatorGradient, StiffContinuousAdjointsAgreeToTheTolerance) {
  auto problem = problems::brusselator_2d_rates(kN);
  problem.tspan = {0.0, 1.5};
  const FieldLoss loss{kN * kN};
  const std::vector<double> saves{0.5, 1.5};
  const Gradient ref = gradient(problem, Rodas5P{}, {.rtol = 1e-10, .atol = 1e-10, .saveat = saves},
                                loss, DiscreteAdjoint{});
  ASSERT_TRUE(ref.ok()) << ref.message;
  const Options options{.rtol = 1e-7, .atol = 1e-7, .saveat = saves};
  auto check = [&](const auto& method, const auto& sensitivity) {
    const Gradient g = gradient(problem, method, options, loss, sensitivity);
    EXPECT_TRUE(g.ok()) << g.message;
    const double err = odekit_test::gradient_error(g, ref);
    std::printf(
        "  Brusselator %-8s %-22s rel. error %.2e (rtol 1e-7)  steps %5ld  states held %zu\n",
        std::string(detail::method_name(method)).c_str(), g.sensitivity.c_str(), err,
        g.stats.naccept, g.memory.checkpoints);
    EXPECT_LT(err, 1e-5) << g.sensitivity;
    return g;
  };
  check(Rodas5P{}, DiscreteAdjoint{});
  check(Rodas5P{}, InterpolatingAdjoint{});
  check(Rodas5P{}, QuadratureAdjoint{});
  EXPECT_LE(check(Rodas5P{}, QuadratureAdjoint{.checkpoints = 3}).memory.checkpoints, 3u);
  check(BDF{}, InterpolatingAdjoint{});
  check(BDF{}, QuadratureAdjoint{});
}

}  // namespace
