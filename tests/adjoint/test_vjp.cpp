// Vector-Jacobian products from each source (the user's vjp member, dense dual numbers, the
// coloured sparse Jacobian, the analytic jac) against each other and a finite-difference
// Jacobian; their work counters; what wrong choices do; and the transposed Jacobian of the
// reverse systems solved with every linear solver through the Linearization stiff methods
// use.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <odekit/adjoint/adjoint_rhs.hpp>
#include <odekit/adjoint/vjp.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/implicit/linearization.hpp>

#include "gradient_checks.hpp"

namespace {

using namespace odekit;
using Bruss = problems::Brusselator2D;

// A point away from the initial state, so that no entry vanishes by accident.
std::vector<double> perturbed(std::vector<double> y) {
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += 0.1 * std::cos(3.0 * static_cast<double>(i));
  return y;
}
std::vector<double> weights(std::size_t n) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = std::sin(static_cast<double>(i) + 1.0);
  return w;
}

TEST(Vjp, EverySourceAgrees) {
  for (const bool rates : {false, true}) {
    const auto problem = rates ? problems::brusselator_2d_rates(4) : problems::brusselator_2d(4);
    const std::size_t n = problem.y0.size(), np = problem.p.size();
    const std::vector<double> y = perturbed(problem.y0), w = weights(n);
    std::vector<double> ref_y(n), ref_p(np), out_y(n), out_p(np);
    Stats stats;
    VjpWorkspace<Bruss> dual(problem.f, n, np, VjpMethod::dual);
    dual.vjp(problem.f, 2.0, y, problem.p, w, ref_y, ref_p, stats);
    EXPECT_EQ(stats.nvjp, 1);
    EXPECT_EQ(stats.nf, static_cast<long>((n + np + 7) / 8));  // one sweep per 8 directions
    for (const VjpMethod m : {VjpMethod::user, VjpMethod::sparse, VjpMethod::automatic}) {
      VjpWorkspace<Bruss> ws(problem.f, n, np, m);
      ws.vjp(problem.f, 2.0, y, problem.p, w, out_y, out_p, stats);
      EXPECT_LT(odekit_test::relative_error(out_y, ref_y), 1e-14) << name(m);
      EXPECT_LT(odekit_test::relative_error(out_p, ref_p), 1e-14) << name(m);
    }
    EXPECT_EQ(VjpWorkspace<Bruss>(problem.f, n, np).method(), VjpMethod::user);
    // Only w^T df/dy: the parameter columns are skipped.
    Stats alone;
    dual.vjp(problem.f, 2.0, y, problem.p, w, out_y, {}, alone);
    EXPECT_LT(odekit_test::relative_error(out_y, ref_y), 1e-15);
    EXPECT_EQ(alone.nf, static_cast<long>((n + 7) / 8));
  }
}

TEST(Vjp, DualMatchesFiniteDifferencesOfF) {
  const auto problem = problems::lotka_volterra();
  const std::vector<double> y{1.3, 0.7}, w{0.4, -1.1};
  std::vector<double> wy(2), wp(4);
  Stats stats;
  VjpWorkspace<problems::LotkaVolterra> ws(problem.f, 2, 4);
  EXPECT_EQ(ws.method(), VjpMethod::dual);
  ws.vjp(problem.f, 0.0, y, problem.p, w, wy, wp, stats);
  EXPECT_EQ(stats.nf, 1);  // six directions in one sweep
  auto wf = [&](std::vector<double> yy, std::vector<double> pp) {
    std::vector<double> d(2);
    problem.f(0.0, std::span<const double>(yy), std::span<const double>(pp), std::span<double>(d));
    return w[0] * d[0] + w[1] * d[1];
  };
  const double h = 1e-6;
  for (std::size_t j = 0; j < 2; ++j) {
    auto a = y, b = y;
    a[j] += h;
    b[j] -= h;
    EXPECT_NEAR(wy[j], (wf(a, problem.p) - wf(b, problem.p)) / (2 * h), 1e-8);
  }
  for (std::size_t j = 0; j < 4; ++j) {
    auto a = problem.p, b = problem.p;
    a[j] += h;
    b[j] -= h;
    EXPECT_NEAR(wp[j], (wf(y, a) - wf(y, b)) / (2 * h), 1e-8);
  }
}

// f written for double only: no dual numbers, no vjp member.
// f's analytic jac for df/dy (one call) and dual numbers over the parameters only.
TEST(Vjp, AnalyticJacobianSource) {
  const auto problem = problems::pollu();
  const std::size_t n = problem.y0.size(), np = problem.p.size();
  const std::vector<double> y = perturbed(std::vector<double>(n, 0.05)), w = weights(n);
  VjpWorkspace<problems::Pollu> jac(problem.f, n, np);
  VjpWorkspace<problems::Pollu> dual(problem.f, n, np, VjpMethod::dual);
  EXPECT_EQ(jac.method(), VjpMethod::jac);
  std::vector<double> jy(n), jp(np), dy(n), dp(np);
  Stats js, ds;
  jac.vjp(problem.f, 0.0, y, problem.p, w, jy, jp, js);
  dual.vjp(problem.f, 0.0, y, problem.p, w, dy, dp, ds);
  EXPECT_LT(odekit_test::relative_error(jy, dy), 1e-14);
  EXPECT_LT(odekit_test::relative_error(jp, dp), 1e-14);
  EXPECT_EQ(js.njac, 1);
  EXPECT_EQ(js.nf, static_cast<long>((np + 7) / 8));  // the parameter columns only
  EXPECT_EQ(ds.nf, static_cast<long>((n + np + 7) / 8));
  Stats alone;
  jac.vjp(problem.f, 0.0, y, problem.p, w, jy, {}, alone);
  EXPECT_EQ(alone.nf, 0);
  EXPECT_LT(odekit_test::relative_error(jy, dy), 1e-14);
  const auto lv = problems::lotka_volterra();
  EXPECT_MENTIONS(odekit_test::invalid_argument_of(
                      [&] { VjpWorkspace<problems::LotkaVolterra>(lv.f, 2, 4, VjpMethod::jac); }),
                  "vjp = jac, but f has no member jac");
}

struct DoubleOnly {
  void operator()(double, std::span<const double> y, std::span<const double> p,
                  std::span<double> d) const {
    d[0] = -p[0] * y[0];
  }
};

TEST(Vjp, UnavailableSourcesAreReported) {
  const auto lv = problems::lotka_volterra();
  EXPECT_MENTIONS(odekit_test::invalid_argument_of(
                      [&] { VjpWorkspace<problems::LotkaVolterra>(lv.f, 2, 4, VjpMethod::user); }),
                  "vjp = user");
  EXPECT_MENTIONS(odekit_test::invalid_argument_of([&] {
                    VjpWorkspace<problems::LotkaVolterra>(lv.f, 2, 4, VjpMethod::sparse);
                  }),
                  "jac_sparsity");
  EXPECT_MENTIONS(
      odekit_test::invalid_argument_of([&] { VjpWorkspace<DoubleOnly>(DoubleOnly{}, 1, 1); }),
      "write f generically");
}

// The reverse systems' transposed Jacobian: W = I - gamma J_adj with J_adj = -J^T (rows of mu
// below those of lambda), assembled dense, sparse (transposed pattern) or applied
// matrix-free (J_adj v = -vjp(v)), and solved by dense LU, KLU and GMRES.
template <class Rhs>
void check_transposed_linearization(std::size_t size) {
  const auto problem = problems::brusselator_2d_rates(4);
  const std::size_t n = problem.y0.size(), np = problem.p.size();
  const std::vector<double> y = perturbed(problem.y0);
  VjpWorkspace<Bruss> vjp(problem.f, n, np, VjpMethod::dual);
  const detail::LossTerms loss(NoCost{}, n, 1);
  AdjointContext<Bruss> ctx(problem.f, problem.p, n, vjp, loss);
  ctx.state_at = [&](double, std::span<double> out) { std::copy(y.begin(), y.end(), out.begin()); };

  // The reference: J = [df/dy | df/dp] by dual numbers, J_adj = -J^T restricted to `size`.
  StateParamJacobian<double> J(n, np, n, std::nullopt);
  Stats stats;
  J.evaluate(problem.f, 2.0, y, problem.p, n + np, stats);
  Eigen::MatrixXd Jadj = Eigen::MatrixXd::Zero(size, size);
  Jadj.leftCols(n) = -J.dense().leftCols(size).transpose();
  const double gamma = -0.01;  // a reverse step: dt < 0
  const Eigen::MatrixXd W = Eigen::MatrixXd::Identity(size, size) - gamma * Jadj;
  const std::vector<double> b = weights(size);
  const Eigen::VectorXd x_ref = W.lu().solve(Eigen::Map<const Eigen::VectorXd>(b.data(), size));

  using Adj = OdeProblem<Rhs>;
  Adj adjoint(Rhs{&ctx}, std::vector<double>(size, 1.0), {1.0, 0.0}, {});
  static_assert(HasJac<Rhs> && HasSparseJac<Rhs> && HasJvp<Rhs> && HasJacSparsity<Rhs>);
  for (const LinSolve kind : {LinSolve::dense, LinSolve::sparse, LinSolve::gmres}) {
    Linearization<Adj> lin(adjoint, Options{.linsolve = kind});
    std::vector<double> z(size, 1.0), fz(size), x(size);
    adjoint.f(2.0, z, {}, fz);
    ASSERT_EQ(lin.update_jacobian(adjoint, 2.0, z, fz, stats), Status::success);
    ASSERT_EQ(lin.factor(adjoint, gamma, stats), Status::success);
    ASSERT_EQ(lin.solve(adjoint, b, x, 1e-12, stats), Status::success);
    const Eigen::VectorXd xv = Eigen::Map<const Eigen::VectorXd>(x.data(), size);
    EXPECT_LT((xv - x_ref).norm() / x_ref.norm(), 1e-10) << lin.solver_name();
  }
  // The pattern is J's transposed.
  const SparsityPattern pattern = Rhs{&ctx}.jac_sparsity();
  for (std::size_t c = 0; c < size; ++c) {
    for (std::size_t r = 0; r < size; ++r) {
      if (Jadj(r, c) != 0) {
        EXPECT_TRUE(pattern.contains(r, c)) << r << ", " << c;
      }
    }
  }
}

TEST(TransposedLinearization, QuadratureAdjointSystem) {
  check_transposed_linearization<QuadratureAdjointRhs<Bruss>>(32);
}

TEST(TransposedLinearization, InterpolatingAdjointSystem) {
  check_transposed_linearization<InterpolatingAdjointRhs<Bruss>>(32 + 18);
}

}  // namespace
