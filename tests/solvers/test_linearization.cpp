// Linearization: every linear-solver choice solves W x = b for W = I - gamma J to its
// tolerance, on the Brusselator's sparse Jacobian, and options it cannot serve are errors.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/implicit/linearization.hpp>

namespace {

using odekit::LinSolve;
using odekit::Precond;

struct Case {
  const char* name;
  LinSolve linsolve;
  Precond preconditioner;
};

class LinearizationSolves : public ::testing::TestWithParam<Case> {};

TEST_P(LinearizationSolves, WxEqualsB) {
  auto problem = odekit::problems::brusselator_2d(8);
  const std::size_t n = problem.y0.size();
  const Case c = GetParam();
  odekit::Linearization lin(problem, {.linsolve = c.linsolve, .preconditioner = c.preconditioner});
  odekit::Stats stats;
  std::vector<double> fy(n);
  odekit::detail::eval_rhs(problem.f, 0.5, problem.y0.data(), problem.p, fy.data(), n, stats);
  ASSERT_EQ(lin.update_jacobian(problem, 0.5, problem.y0, fy, stats), odekit::Status::success);
  const double gamma = 0.01;
  ASSERT_EQ(lin.factor(problem, gamma, stats), odekit::Status::success);
  std::vector<double> b(n), x(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = std::sin(0.1 * static_cast<double>(i)) + 1.0;
  ASSERT_EQ(lin.solve(problem, b, x, 1e-10, stats), odekit::Status::success);
  // Check against W assembled from a dense dual-number Jacobian.
  odekit::JacobianWorkspace<decltype(problem.f)> jac(problem.f, n);
  Eigen::MatrixXd J(n, n);
  odekit::Stats scratch;
  jac.dense_jacobian(problem.f, 0.5, problem.y0, problem.p, J, scratch);
  const Eigen::MatrixXd W = Eigen::MatrixXd::Identity(n, n) - gamma * J;
  const Eigen::VectorXd r =
      W * Eigen::Map<Eigen::VectorXd>(x.data(), n) - Eigen::Map<Eigen::VectorXd>(b.data(), n);
  EXPECT_LT(r.norm() / Eigen::Map<Eigen::VectorXd>(b.data(), n).norm(), 1e-8) << lin.solver_name();
  if (c.linsolve != LinSolve::gmres || c.preconditioner != Precond::none) {
    EXPECT_GE(stats.nfactor, 1);  // a factorisation or a preconditioner set-up
  }
  EXPECT_EQ(stats.nlinsolve, 1);
  EXPECT_EQ(stats.njac, 1);
}

INSTANTIATE_TEST_SUITE_P(AllSolvers, LinearizationSolves,
                         ::testing::Values(Case{"automatic", LinSolve::automatic, Precond::none},
                                           Case{"dense", LinSolve::dense, Precond::none},
                                           Case{"sparse", LinSolve::sparse, Precond::none},
                                           Case{"gmres", LinSolve::gmres, Precond::none},
                                           Case{"gmres_jacobi", LinSolve::gmres, Precond::jacobi},
                                           Case{"gmres_ilu0", LinSolve::gmres, Precond::ilu0}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Linearization, OptionsItCannotServeAreErrors) {
  auto lv = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = -y[0];
    dydt[1] = y[0] - y[1];
  };
  odekit::OdeProblem problem{lv, {1.0, 0.0}, {0.0, 1.0}};
  EXPECT_THROW(odekit::Linearization(problem, {.linsolve = LinSolve::sparse}),
               std::invalid_argument);
  EXPECT_THROW(odekit::Linearization(
                   problem, {.linsolve = LinSolve::gmres, .preconditioner = Precond::ilu0}),
               std::invalid_argument);
  EXPECT_THROW(odekit::Linearization(
                   problem, {.linsolve = LinSolve::dense, .preconditioner = Precond::jacobi}),
               std::invalid_argument);
  EXPECT_THROW(odekit::Linearization(
                   problem, {.linsolve = LinSolve::gmres, .preconditioner = Precond::user}),
               std::invalid_argument);
  odekit::Linearization automatic(problem, {});
  EXPECT_EQ(automatic.kind(), LinSolve::dense);
}

}  // namespace
