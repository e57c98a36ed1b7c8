// Newton's iteration for implicit stages: quadratic convergence when the Jacobian is
// refreshed every iteration, the rate tests of Hairer & Wanner IV.8 (divergence, predicted
// non-convergence), the stale-Jacobian retry, how callback failures come back, inexact
// Newton-Krylov with both forcing terms, counting, allocation-free solves and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <odekit/linear_solvers/dense_lu.hpp>
#include <odekit/linear_solvers/gmres.hpp>
#include <odekit/linear_solvers/iteration_matrix.hpp>
#include <odekit/linear_solvers/newton.hpp>

#include <odekit_test/allocation_counter.hpp>
#include "test_matrices.hpp"

namespace {

using odekit::Newton;
using odekit::NewtonOptions;
using odekit::NewtonSystem;
using odekit::Stats;
using odekit::Status;

template <class Call>
void expect_invalid_argument(Call&& call, const std::string& needle) {
  try {
    call();
    ADD_FAILURE() << "expected std::invalid_argument mentioning \"" << needle << "\"";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

/// The discrete Bratu-type problem F(z) = T z - mu exp(z) = 0, T = tridiag(-1, 2, -1): smooth,
/// mildly nonlinear (the solution is ~0.1 at the centre), with Jacobian T - mu diag(exp(z)). Its
/// setup evaluates J at the current z only when asked (or on the first call), like an
/// integrator that reuses its Jacobian; `stale_jacobian` plants a wrong one.
class Bratu {
 public:
  static constexpr int n = 20;
  static constexpr double mu = 0.002;

  Bratu()
      : m_T(odekit_test::tridiagonal(n, -1, 2, -1)),
        m_W(Eigen::MatrixXd::Zero(n, n)),
        m_z(n, 0.0),
        m_w(n, 1.0) {}

  NewtonSystem system() {
    return {
        .residual =
            [this](std::span<const double> z, std::span<double> F) {
              const auto Z = odekit::detail::as_eigen(z);
              auto R = odekit::detail::as_eigen(F);
              R.noalias() = m_T * Z;  // noalias: no temporary, so solves allocate nothing
              R -= mu * Z.array().exp().matrix();
              return Status::success;
            },
        .setup =
            [this](bool stale, bool& current) {
              ++setups;
              stale_requests += stale ? 1 : 0;
              if (stale || !m_has_jacobian) {
                const auto Z = odekit::detail::as_eigen(std::span<const double>(m_z));
                m_W.matrix() = m_T;
                m_W.matrix().diagonal() -= mu * Z.array().exp().matrix();
                m_has_jacobian = true;
                current = true;
              } else {
                current = false;
              }
              return lu.setup(m_W);
            },
        .solve =
            [this](std::span<const double> b, std::span<double> x, double tol) {
              const Status s = lu.solve(b, x, tol);
              increments.push_back(odekit::wrms_norm(x, m_w));
              return s;
            },
    };
  }

  /// W set up from 4 T: a Jacobian far enough off that simplified Newton crawls at rate ~0.75.
  void stale_jacobian() {
    m_W.matrix() = 4 * m_T;
    m_has_jacobian = true;
    ASSERT_EQ(lu.setup(m_W), Status::success);
  }

  std::span<double> z() { return m_z; }
  std::span<const double> weights() const { return m_w; }
  double residual_norm() {
    std::vector<double> F(n);
    (void)system().residual(m_z, F);
    return odekit::wrms_norm(F, m_w);
  }

  odekit::DenseLU lu;
  int setups = 0, stale_requests = 0;
  std::vector<double> increments;  // ||dz_k|| of every iteration

 private:
  Eigen::MatrixXd m_T;
  odekit::DenseMatrixOperator m_W;
  bool m_has_jacobian = false;
  std::vector<double> m_z, m_w;
};

TEST(Newton, RefreshingTheJacobianEveryIterationConvergesQuadratically) {
  Bratu bratu;
  Newton newton(Bratu::n, {.max_iterations = 10, .refresh_jacobian_every_iteration = true});
  Stats stats;
  ASSERT_EQ(newton.solve(bratu.system(), bratu.z(), bratu.weights(), 1e-12, true, stats),
            Status::success);
  EXPECT_LE(bratu.residual_norm(), 1e-12);
  const auto& d = bratu.increments;
  ASSERT_GE(d.size(), 3u);
  // Quadratic: d_{k+1} <= C d_k^2, so the number of correct digits doubles.
  int quadratic_steps = 0;
  for (std::size_t k = 0; k + 1 < d.size(); ++k) {
    if (d[k] < 1e-2 && d[k + 1] > 1e-14) {
      EXPECT_LE(d[k + 1], 10 * d[k] * d[k]) << "k = " << k;
      EXPECT_GE(std::log(d[k + 1]) / std::log(d[k]), 1.8) << "k = " << k;
      ++quadratic_steps;
    }
  }
  EXPECT_GE(quadratic_steps, 1);
  EXPECT_EQ(stats.nnewton, newton.last().iterations);
  EXPECT_EQ(bratu.lu.stats().nfactor, newton.last().iterations);  // one setup per iteration
}

TEST(Newton, SimplifiedNewtonConvergesAndCountsItsWork) {
  Bratu bratu;
  Newton newton(Bratu::n);
  Stats stats;
  ASSERT_EQ(newton.solve(bratu.system(), bratu.z(), bratu.weights(), 1e-10, true, stats),
            Status::success);
  EXPECT_LE(bratu.residual_norm(), 1e-9);
  EXPECT_GT(newton.last().rate, 0.0);
  EXPECT_LT(newton.last().rate, 0.2);
  EXPECT_FALSE(newton.last().retried);
  EXPECT_EQ(stats.nnewton, newton.last().iterations);
  EXPECT_EQ(stats.nnewton_fail, 0);
  EXPECT_EQ(bratu.lu.stats().nfactor, 1);
  EXPECT_EQ(bratu.lu.stats().nlinsolve, stats.nnewton);

  // From the converged z, the rate carried over lets one iteration suffice.
  ASSERT_EQ(newton.solve(bratu.system(), bratu.z(), bratu.weights(), 1e-10, false, stats),
            Status::success);
  EXPECT_EQ(newton.last().iterations, 1);
}

TEST(Newton, StaleJacobianIsRefreshedOnceAndTheSolveRetried) {
  Bratu bratu;
  bratu.stale_jacobian();
  Newton newton(Bratu::n);
  Stats stats;
  ASSERT_EQ(newton.solve(bratu.system(), bratu.z(), bratu.weights(), 1e-10, false, stats),
            Status::success);
  EXPECT_TRUE(newton.last().retried);
  EXPECT_EQ(bratu.setups, 1);
  EXPECT_EQ(bratu.stale_requests, 1);
  EXPECT_EQ(stats.nnewton_fail, 0);
  EXPECT_LE(bratu.residual_norm(), 1e-9);
  // The stale attempt stopped after two iterations: its rate (~0.75) predicted no convergence
  // within max_iterations. The second attempt is then an ordinary fresh solve.
  Bratu fresh;
  Stats fresh_stats;
  ASSERT_EQ(newton.solve(fresh.system(), fresh.z(), fresh.weights(), 1e-10, true, fresh_stats),
            Status::success);
  EXPECT_EQ(stats.nnewton, 2 + fresh_stats.nnewton);
}

/// F(z) = atan(z) from z = 2, where Newton's method overshoots further at every iteration.
struct Arctangent {
  double jacobian_at_guess = 1.0 / 5.0;  // d atan / dz at z = 2
  int setups = 0;
  NewtonSystem system(bool with_setup) {
    NewtonSystem s{
        .residual =
            [](std::span<const double> z, std::span<double> F) {
              F[0] = std::atan(z[0]);
              return Status::success;
            },
        .setup = {},
        .solve =
            [this](std::span<const double> b, std::span<double> x, double) {
              x[0] = b[0] / jacobian_at_guess;
              return Status::success;
            },
    };
    if (with_setup) {
      s.setup = [this](bool, bool& current) {
        ++setups;
        current = true;  // J at z = 2 again: refreshing cannot help here
        return Status::success;
      };
    }
    return s;
  }
};

TEST(Newton, DivergenceStopsAtOnceAndIsRecoverable) {
  Arctangent problem;
  Newton newton(1);
  Stats stats;
  std::vector<double> z{2.0};
  const std::vector<double> w{1.0};
  const Status s = newton.solve(problem.system(false), z, w, 1e-8, false, stats);
  EXPECT_EQ(s, Status::newton_not_converged);
  EXPECT_TRUE(odekit::is_recoverable(s));
  EXPECT_EQ(newton.last().iterations, 2);  // theta = |dz_1| / |dz_0| > 1 after two
  EXPECT_GT(newton.last().rate, 1.0);
  EXPECT_FALSE(newton.last().retried);  // no setup callback: nothing to refresh
  EXPECT_EQ(stats.nnewton_fail, 1);
}

TEST(Newton, FailureAfterTheRefreshIsReturnedForTheIntegratorToShrinkTheStep) {
  Arctangent problem;
  Newton newton(1);
  Stats stats;
  std::vector<double> z{2.0};
  const std::vector<double> w{1.0};
  EXPECT_EQ(newton.solve(problem.system(true), z, w, 1e-8, false, stats),
            Status::newton_not_converged);
  EXPECT_TRUE(newton.last().retried);
  EXPECT_EQ(problem.setups, 1);
  EXPECT_EQ(newton.last().iterations, 4);
  EXPECT_EQ(stats.nnewton, 4);
  EXPECT_EQ(stats.nnewton_fail, 1);  // one failed solve, however many attempts
}

TEST(Newton, SlowConvergenceIsPredictedAndStoppedEarly) {
  // F(z) = z - 1 with W = 10: every iteration removes only 10% of the error (theta = 0.9),
  // so 7 iterations cannot reach 1e-8; the rate says so after the second.
  Newton newton(1);
  Stats stats;
  std::vector<double> z{0.0};
  const std::vector<double> w{1.0};
  const NewtonSystem system{
      .residual =
          [](std::span<const double> z, std::span<double> F) {
            F[0] = z[0] - 1;
            return Status::success;
          },
      .setup = {},
      .solve =
          [](std::span<const double> b, std::span<double> x, double) {
            x[0] = b[0] / 10;
            return Status::success;
          },
  };
  EXPECT_EQ(newton.solve(system, z, w, 1e-8, false, stats), Status::newton_not_converged);
  EXPECT_EQ(newton.last().iterations, 2);
  EXPECT_NEAR(newton.last().rate, 0.9, 1e-12);

  // The same rate converges when the tolerance is within reach of max_iterations.
  Newton patient(1, {.max_iterations = 200});
  z[0] = 0;
  EXPECT_EQ(patient.solve(system, z, w, 1e-8, false, stats), Status::success);
  EXPECT_NEAR(z[0], 1.0, 1e-8);
}

NewtonSystem fixed_system(Status residual_status, Status setup_status, Status solve_status,
                          bool setup_current, int& setups) {
  return {
      .residual =
          [residual_status](std::span<const double> z, std::span<double> F) {
            F[0] = z[0] - 1;
            return residual_status;
          },
      .setup =
          [=, &setups](bool, bool& current) {
            ++setups;
            current = setup_current;
            return setup_status;
          },
      .solve =
          [solve_status](std::span<const double> b, std::span<double> x, double) {
            x[0] = b[0];
            return solve_status;
          },
  };
}

TEST(Newton, RecoverableLinearSolveFailureIsRetriedOnceThenReturned) {
  Newton newton(1);
  Stats stats;
  std::vector<double> z{0.0};
  const std::vector<double> w{1.0};
  int setups = 0;
  const auto system = fixed_system(Status::success, Status::success,
                                   Status::linear_solve_failed_recoverable, true, setups);
  EXPECT_EQ(newton.solve(system, z, w, 1e-8, false, stats),
            Status::linear_solve_failed_recoverable);
  EXPECT_TRUE(newton.last().retried);
  EXPECT_EQ(setups, 1);
  EXPECT_EQ(stats.nnewton_fail, 1);
}

TEST(Newton, FailedSetupWithAFreshJacobianIsReturnedWithoutRetry) {
  Newton newton(1);
  Stats stats;
  std::vector<double> z{0.0};
  const std::vector<double> w{1.0};
  int setups = 0;
  const auto system = fixed_system(Status::success, Status::linear_solve_failed_recoverable,
                                   Status::success, true, setups);
  EXPECT_EQ(newton.solve(system, z, w, 1e-8, true, stats), Status::linear_solve_failed_recoverable);
  EXPECT_FALSE(newton.last().retried);
  EXPECT_EQ(setups, 1);
  EXPECT_EQ(newton.last().iterations, 0);
  EXPECT_EQ(stats.nnewton_fail, 1);
}

TEST(Newton, TerminalStatusIsReturnedAtOnce) {
  Newton newton(1);
  Stats stats;
  std::vector<double> z{0.0};
  const std::vector<double> w{1.0};
  int setups = 0;
  const auto system =
      fixed_system(Status::user_stopped, Status::success, Status::success, false, setups);
  EXPECT_EQ(newton.solve(system, z, w, 1e-8, false, stats), Status::user_stopped);
  EXPECT_FALSE(newton.last().retried);
  EXPECT_EQ(setups, 0);
  EXPECT_EQ(stats.nnewton_fail, 0);
}

TEST(Newton, NonFiniteResidualIsRecoverable) {
  Newton newton(2);
  Stats stats;
  std::vector<double> z{0.0, 0.0};
  const std::vector<double> w{1.0, 1.0};
  const NewtonSystem system{
      .residual =
          [](std::span<const double>, std::span<double> F) {
            F[0] = 1;
            F[1] = std::log(-1.0);
            return Status::success;
          },
      .setup = {},
      .solve =
          [](std::span<const double> b, std::span<double> x, double) {
            std::copy(b.begin(), b.end(), x.begin());
            return Status::success;
          },
  };
  EXPECT_EQ(newton.solve(system, z, w, 1e-8, false, stats), Status::rhs_not_finite_recoverable);
  EXPECT_EQ(stats.nnewton_fail, 1);
}

/// One implicit Euler step y1 = y0 + h f(y1) of y' = f(y) = -K T y - y^3 (stiff diffusion and
/// a cubic sink), solved by Newton-Krylov: W = I - h J applied matrix-free, GMRES without a
/// preconditioner, the JVP J v = -K T v - 3 y^2 v at the linearisation point.
class ImplicitEulerStep {
 public:
  static constexpr int n = 40;
  static constexpr double K = 100, h = 0.1;

  ImplicitEulerStep()
      : m_T(odekit_test::tridiagonal(n, -1, 2, -1)),
        m_W(n,
            [this](std::span<const double> v, std::span<double> Jv) {
              const auto V = odekit::detail::as_eigen(v);
              const auto Y = odekit::detail::as_eigen(std::span<const double>(m_point));
              odekit::detail::as_eigen(Jv) =
                  -K * (m_T * V) - 3 * Y.array().square().matrix().cwiseProduct(V);
              return Status::success;
            }),
        m_y0(n),
        m_z(n),
        m_point(n),
        m_weights(n) {
    for (int i = 0; i < n; ++i) m_y0[i] = std::sin(std::numbers::pi * (i + 1) / (n + 1));
    m_z = m_y0;
    odekit::error_weights(m_y0, 1e-3, 1e-6, m_weights);
  }

  NewtonSystem system(odekit::LinearSolver& solver) {
    return {
        .residual =
            [this](std::span<const double> z, std::span<double> F) {
              const auto Z = odekit::detail::as_eigen(z);
              const Eigen::VectorXd f = -K * (m_T * Z) - Z.array().cube().matrix();
              odekit::detail::as_eigen(F) =
                  Z - odekit::detail::as_eigen(std::span<const double>(m_y0)) - h * f;
              return Status::success;
            },
        .setup =
            [this, &solver](bool, bool& current) {
              m_point = m_z;
              m_W.form(h);
              current = true;
              return solver.setup(m_W);
            },
        .solve =
            [this, &solver](std::span<const double> b, std::span<double> x, double tol) {
              tolerances.push_back(tol);
              return solver.solve(b, x, tol);
            },
    };
  }

  std::span<double> z() { return m_z; }
  std::span<const double> weights() const { return m_weights; }
  const odekit::MatrixFreeIterationMatrix& W() const { return m_W; }
  std::vector<double> tolerances;

 private:
  odekit_test::SparseMatrix m_T;
  odekit::MatrixFreeIterationMatrix m_W;
  std::vector<double> m_y0, m_z, m_point, m_weights;
};

TEST(NewtonKrylov, BothForcingTermsSolveTheStepMatrixFree) {
  // Reference: the same step with exact linear solves and a tight Newton tolerance.
  ImplicitEulerStep exact;
  odekit::Gmres tight({.restart = 40});
  {
    Newton newton(ImplicitEulerStep::n, {.max_iterations = 20, .forcing_fraction = 1e-12});
    Stats stats;
    ASSERT_EQ(newton.solve(exact.system(tight), exact.z(), exact.weights(), 1e-6, true, stats),
              Status::success);
  }
  const auto reference = odekit::detail::as_eigen(std::span<const double>(exact.z()));

  for (const auto forcing : {odekit::ForcingTerm::fixed, odekit::ForcingTerm::eisenstat_walker}) {
    ImplicitEulerStep step;
    odekit::Gmres gmres;
    Newton newton(ImplicitEulerStep::n, {.forcing = forcing});
    Stats stats;
    ASSERT_EQ(newton.solve(step.system(gmres), step.z(), step.weights(), 1.0, true, stats),
              Status::success);
    // Converged when the rate's error estimate is below kappa * tol = 0.1 in the weighted norm;
    // an estimate, so allow a factor 3 against the true error.
    Eigen::VectorXd error = odekit::detail::as_eigen(std::span<const double>(step.z())) - reference;
    EXPECT_LE(
        odekit::wrms_norm({error.data(), static_cast<std::size_t>(error.size())}, step.weights()),
        0.3);

    ASSERT_EQ(step.tolerances.size(), static_cast<std::size_t>(stats.nnewton));
    EXPECT_EQ(step.tolerances.front(), 0.05);
    for (const double tol : step.tolerances) EXPECT_LE(tol, 0.05);
    if (forcing == odekit::ForcingTerm::fixed) {
      for (const double tol : step.tolerances) EXPECT_EQ(tol, 0.05);
    } else {
      ASSERT_GE(step.tolerances.size(), 2u);
      EXPECT_LT(step.tolerances.back(), 0.05);  // tightened as the residual fell
    }
    EXPECT_EQ(gmres.stats().nlinsolve, stats.nnewton);
    EXPECT_GT(gmres.stats().nlinear_iter, 0);
    EXPECT_GE(step.W().stats().njvp, gmres.stats().nlinear_iter);
  }
}

TEST(Newton, SolveAllocatesNothing) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  Bratu bratu;
  Newton newton(Bratu::n, {.refresh_jacobian_every_iteration = true});
  bratu.increments.reserve(100);
  const NewtonSystem system = bratu.system();
  Stats stats;
  ASSERT_EQ(newton.solve(system, bratu.z(), bratu.weights(), 1e-10, true, stats), Status::success);
  std::fill(bratu.z().begin(), bratu.z().end(), 0.0);
  const long before = odekit_test::allocations();
  ASSERT_EQ(newton.solve(system, bratu.z(), bratu.weights(), 1e-10, true, stats), Status::success);
  EXPECT_EQ(odekit_test::allocations() - before, 0);
}

TEST(Newton, MisuseThrowsNamingTheArgument) {
  expect_invalid_argument([] { Newton(0); }, "n = 0");
  expect_invalid_argument([] { Newton(2, {.max_iterations = 0}); }, "max_iterations = 0");
  expect_invalid_argument([] { Newton(2, {.kappa = 2}); }, "kappa = 2");
  expect_invalid_argument([] { Newton(2, {.forcing_fraction = 1}); }, "forcing_fraction = 1");
  Newton newton(2);
  Stats stats;
  std::vector<double> z(2), w(2, 1.0), short_vector(1);
  int setups = 0;
  const auto system = fixed_system(Status::success, Status::success, Status::success, true, setups);
  expect_invalid_argument([&] { (void)newton.solve(system, short_vector, w, 1e-8, false, stats); },
                          "z has size 1");
  expect_invalid_argument([&] { (void)newton.solve(system, z, short_vector, 1e-8, false, stats); },
                          "weights has size 1");
  expect_invalid_argument([&] { (void)newton.solve(system, z, w, 0.0, false, stats); }, "tol = 0");
  expect_invalid_argument([&] { (void)newton.solve(NewtonSystem{}, z, w, 1e-8, false, stats); },
                          "system.residual and system.solve are required");
}

TEST(ErrorWeights, AreTheInverseOfTheMixedTolerance) {
  const std::vector<double> y{1.0, -100.0, 0.0};
  std::vector<double> w(3);
  odekit::error_weights(y, 1e-3, 1e-6, w);
  EXPECT_DOUBLE_EQ(w[0], 1 / (1e-6 + 1e-3));
  EXPECT_DOUBLE_EQ(w[1], 1 / (1e-6 + 1e-1));
  EXPECT_DOUBLE_EQ(w[2], 1e6);
  odekit::error_weights(y, 0.0, odekit::AbsoluteTolerance{1.0, 2.0, 4.0}, w);
  EXPECT_EQ(w, (std::vector<double>{1.0, 0.5, 0.25}));
  EXPECT_DOUBLE_EQ(odekit::wrms_norm(std::vector<double>{2.0, 2.0, 2.0}, w),
                   std::sqrt((4.0 + 1.0 + 0.25) / 3));
  expect_invalid_argument(
      [&] {
        odekit::error_weights(y, 0.0, odekit::AbsoluteTolerance{1.0, 2.0}, w);
      },
      "atol has size 2");
  expect_invalid_argument([&] { odekit::error_weights(y, 1e-3, odekit::AbsoluteTolerance{}, w); },
                          "atol is not set");
}

}  // namespace
