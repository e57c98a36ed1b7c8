// odekit::CVODE_BDF: the same result as CVODE called directly, the stiff reference problems,
// its linear solvers, dense output and saveat through CVodeGetDky, the mapping of counters and
// failures, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit_test/errors.hpp>
#include <odekit_test/prothero_robinson.hpp>
#include <odekit_test/stiff_references.hpp>

#include "baselines/cvode_bdf.hpp"

namespace {

using odekit::CVODE_BDF;
using odekit::CvodeJacobian;
using odekit::LinSolve;
using odekit::Precond;
using odekit::Status;

// ---------------------------------------------------------------------------------------------
// Through odekit, CVODE with its own difference-quotient Jacobian takes exactly the steps it
// takes when called directly with the same settings (benchmarks/baselines/cvode_bdf.hpp: one
// CVode call in CV_NORMAL mode instead of odekit's CV_ONE_STEP calls, tstop = t1 in both).

class CvodeSameAsDirect : public ::testing::TestWithParam<std::string> {};

template <class Problem>
void expect_same_as_direct(const Problem& problem, double rtol, double atol, LinSolve linsolve) {
  const auto direct =
      odekit_bench::run_cvode_bdf(problem, rtol, atol,
                                  linsolve == LinSolve::gmres ? odekit_bench::CvodeLinear::gmres
                                                              : odekit_bench::CvodeLinear::dense);
  ASSERT_TRUE(direct.ok);
  const auto sol =
      odekit::solve(problem, CVODE_BDF{.jacobian = CvodeJacobian::difference_quotients},
                    {.rtol = rtol,
                     .atol = atol,
                     .max_steps = 10'000'000,
                     .save_everystep = false,
                     .linsolve = linsolve,
                     .krylov_dim = 5});  // SPGMR's default maxl
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.stats.naccept, direct.steps);
  EXPECT_EQ(sol.stats.nf, direct.nf);
  EXPECT_EQ(sol.stats.njac, direct.njac);
  for (std::size_t i = 0; i < direct.y.size(); ++i) {
    EXPECT_NEAR(sol.y.back()[i], direct.y[i], 1e-15 * std::abs(direct.y[i])) << "component " << i;
  }
}

TEST_P(CvodeSameAsDirect, DenseDifferenceQuotients) {
  namespace pr = odekit::problems;
  const std::string& name = GetParam();
  const double rtol = 1e-8;
  if (name == "ROBER") expect_same_as_direct(pr::rober(), rtol, 1e-14, LinSolve::dense);
  if (name == "HIRES") expect_same_as_direct(pr::hires(), rtol, 1e-12, LinSolve::dense);
  if (name == "VanDerPol") expect_same_as_direct(pr::van_der_pol(), rtol, 1e-8, LinSolve::dense);
  if (name == "POLLU") expect_same_as_direct(pr::pollu(), rtol, 1e-12, LinSolve::dense);
}

INSTANTIATE_TEST_SUITE_P(Bari, CvodeSameAsDirect,
                         ::testing::ValuesIn(odekit_test::kStiffReferenceProblems),
                         [](const auto& info) { return info.param; });

TEST(CvodeSameAsDirect, MatrixFreeGmres) {
  expect_same_as_direct(odekit::problems::hires(), 1e-8, 1e-12, LinSolve::gmres);
}

// ---------------------------------------------------------------------------------------------
// The Bari reference problems at rtol 1e-8 (atol scaled per problem, see
// stiff_references.hpp), with odekit's Jacobians (analytic for HIRES and POLLU, dual numbers
// for ROBER and Van der Pol).

class CvodeReference : public ::testing::TestWithParam<std::string> {};

TEST_P(CvodeReference, SixDigitsAtRtol1e8) {
  const auto out = odekit_test::solve_reference_problem(GetParam(), CVODE_BDF{}, 1e-8);
  ASSERT_TRUE(out.solution.ok()) << out.solution.message();
  const odekit::Stats& s = out.solution.stats;
  RecordProperty("mescd", odekit::detail::num(out.mescd));
  RecordProperty("work", odekit_test::work_summary(s));
  EXPECT_GE(out.mescd, 6.0);
  EXPECT_EQ(out.solution.method, "CVODE_BDF");
  // The mapped counters are consistent: CVODE reuses J and its factorisation, and solves once
  // per Newton iteration.
  EXPECT_LT(10 * s.njac, s.naccept);
  EXPECT_LT(s.nfactor, s.naccept);
  EXPECT_GE(s.nfactor, s.njac);
  EXPECT_EQ(s.nlinsolve, s.nnewton);
  EXPECT_GE(s.nnewton, s.naccept);
  EXPECT_GE(s.nreject, s.nnewton_fail > 0 ? 1 : 0);
}

INSTANTIATE_TEST_SUITE_P(Bari, CvodeReference,
                         ::testing::ValuesIn(odekit_test::kStiffReferenceProblems),
                         [](const auto& info) { return info.param; });

// ---------------------------------------------------------------------------------------------
// Linear solvers: KLU with odekit's sparse Jacobian and matrix-free SPGMR agree with dense LU
// on the 2D Brusselator (N = 8).

class CvodeLinearSolvers : public ::testing::TestWithParam<LinSolve> {};

TEST_P(CvodeLinearSolvers, AgreeWithDenseLU) {
  const auto out = odekit_test::brusselator_against_dense_lu(CVODE_BDF{}, {.linsolve = GetParam()});
  ASSERT_TRUE(out.solution.ok()) << out.solution.message();
  const odekit::Stats& s = out.solution.stats;
  RecordProperty("difference_in_tolerances", odekit::detail::num(out.difference));
  EXPECT_LT(out.difference, 10.0);
  if (GetParam() == LinSolve::gmres) {
    EXPECT_GT(s.nlinear_iter, 0);
    EXPECT_EQ(s.njvp, s.nlinear_iter);
    EXPECT_EQ(s.njac, 0);
  } else {
    EXPECT_GT(s.njac, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(KluAndGmres, CvodeLinearSolvers,
                         ::testing::Values(LinSolve::sparse, LinSolve::gmres, LinSolve::automatic),
                         [](const auto& info) {
                           return info.param == LinSolve::sparse  ? std::string("sparse")
                                  : info.param == LinSolve::gmres ? std::string("gmres")
                                                                  : std::string("automatic");
                         });

TEST(CvodeTolerances, PerComponentAbsoluteTolerances) {
  const auto problem = odekit::problems::rober();
  // Loose for y2 (~1e-5 at most) and tight elsewhere, against one scalar that is tight for all.
  const auto per = odekit::solve(
      problem, CVODE_BDF{}, {.rtol = 1e-8, .atol = {1e-14, 1e-6, 1e-14}, .save_everystep = false});
  const auto scalar =
      odekit::solve(problem, CVODE_BDF{}, {.rtol = 1e-8, .atol = 1e-14, .save_everystep = false});
  ASSERT_TRUE(per.ok() && scalar.ok());
  EXPECT_LT(per.stats.naccept, scalar.stats.naccept);
}

// ---------------------------------------------------------------------------------------------
// Dense output and saveat from CVODE's interpolating polynomial, on a stiff linear problem
// with a known solution.

TEST(CvodeDenseOutput, FollowsTheSolutionAndMatchesSaveat) {
  const std::vector<double> ts{0.0, 0.3, 1.0, 1.234, 2.5, 3.0};
  const auto sol = odekit::solve(odekit_test::prothero_robinson(), CVODE_BDF{},
                                 {.rtol = 1e-8, .atol = 1e-10, .saveat = ts, .dense = true});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t, ts);
  EXPECT_EQ(static_cast<long>(sol.dense().segments()), sol.stats.naccept);
  const double worst = odekit_test::max_dense_output_error(sol);
  RecordProperty("max_dense_error", odekit::detail::num(worst));
  EXPECT_LT(worst, 1e-6);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    // saveat (CVodeGetDky) and the stored Taylor coefficients are the same polynomial.
    EXPECT_NEAR(sol.y[i][0], sol(ts[i])[0], 1e-13);
    EXPECT_NEAR(sol.y[i][1], sol(ts[i])[1], 1e-13);
  }
  EXPECT_MENTIONS(sol.dense().interpolant(0).name, "CVODE interpolating polynomial");
}

// Backward in time with a given first step: dt0 is a magnitude, as for odekit's methods.
TEST(CvodeDenseOutput, BackwardWithAnInitialStep) {
  auto decay = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  const odekit::OdeProblem problem{decay, {1.0}, {2.0, 0.0}};
  const auto sol = odekit::solve(problem, CVODE_BDF{}, {.rtol = 1e-8, .atol = 1e-10, .dt0 = 1e-4});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t.back(), 0.0);
  EXPECT_NEAR(sol.y.back()[0], std::exp(2.0), 1e-5);
}

// ---------------------------------------------------------------------------------------------
// Manual stepping through the Integrator.

TEST(CvodeIntegrator, StepsByHandAndSurvivesAMove) {
  const auto problem = odekit::problems::hires();
  odekit::Integrator integ(problem, CVODE_BDF{}, {.rtol = 1e-8, .atol = 1e-12});
  for (int i = 0; i < 50; ++i) ASSERT_EQ(integ.step(), Status::success);
  EXPECT_GE(integ.order(), 2);
  EXPECT_GT(integ.dt_next(), 0);
  EXPECT_GT(integ.t(), integ.t_prev());
  std::vector<double> mid(problem.size());
  integ.interpolate(0.5 * (integ.t() + integ.t_prev()), mid);
  auto moved = std::move(integ);  // CVODE's user data points at the heap state
  EXPECT_EQ(moved.run(), Status::success);
  EXPECT_EQ(moved.t(), problem.t1());
  EXPECT_GE(odekit::problems::mescd(moved.y(), odekit::problems::hires_reference, 1e-8, 1e-12),
            6.0);
}

// ---------------------------------------------------------------------------------------------
// CVODE's failures become odekit statuses, with CVODE's own message in the solution's message.

TEST(CvodeFailures, MaxSteps) {
  const auto sol = odekit::solve(odekit::problems::rober(), CVODE_BDF{},
                                 {.rtol = 1e-6, .atol = 1e-12, .max_steps = 10});
  EXPECT_EQ(sol.status, Status::max_steps_reached);
  EXPECT_MENTIONS(sol.message(), "max_steps = 10 reached");
}

TEST(CvodeFailures, NonFiniteRightHandSide) {
  auto nan = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = std::numeric_limits<double>::quiet_NaN() * y[0];
  };
  odekit::OdeProblem problem{nan, {1.0}, {0.0, 1.0}};
  const auto sol = odekit::solve(problem, CVODE_BDF{}, {.rtol = 1e-6, .atol = 1e-8});
  EXPECT_EQ(sol.status, Status::rhs_not_finite);
  EXPECT_MENTIONS(sol.message(), "CVODE returned CV_FIRST_RHSFUNC_ERR");
  EXPECT_EQ(sol.t.back(), 0.0);  // kept up to the failure
}

TEST(CvodeFailures, NewtonFailureAtTheSmallestStep) {
  // ROBER's start needs steps far below dtmin = 1e-3: Newton fails at |h| = hmin.
  const auto sol = odekit::solve(odekit::problems::rober(), CVODE_BDF{},
                                 {.rtol = 1e-6, .atol = 1e-12, .dtmin = 1e-3});
  EXPECT_EQ(sol.status, Status::newton_failed);
  EXPECT_MENTIONS(sol.message(), "CV_CONV_FAILURE");
  EXPECT_MENTIONS(sol.message(), "the corrector convergence test failed");
  EXPECT_GE(sol.stats.nnewton_fail, 1);
}

TEST(CvodeFailures, ErrorTestFailureAtTheSmallestStep) {
  auto decay = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  odekit::OdeProblem problem{decay, {1.0}, {0.0, 10.0}};
  const auto sol =
      odekit::solve(problem, CVODE_BDF{}, {.rtol = 1e-10, .atol = 1e-12, .dtmin = 0.5});
  EXPECT_EQ(sol.status, Status::dt_below_min);
  EXPECT_MENTIONS(sol.message(), "CV_ERR_FAILURE");
  EXPECT_GE(sol.stats.nreject, 1);
}

TEST(CvodeFailures, SingularIterationMatrix) {
  auto rank_one = [](auto, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = -p[0] * (y[0] + y[1]);
    dydt[1] = -p[0] * (y[0] + y[1]);
  };
  odekit::OdeProblem problem{rank_one, {1.0, -1.0}, {0.0, 1.0}, {1e300}};
  const auto sol = odekit::solve(problem, CVODE_BDF{}, {.rtol = 1e-6, .atol = 1e-8});
  // CVODE counts a failed factorisation as a convergence failure and retries with smaller
  // steps; when they do not help it reports CV_CONV_FAILURE.
  EXPECT_EQ(sol.status, Status::newton_failed);
  EXPECT_MENTIONS(sol.message(), "CVODE returned CV_CONV_FAILURE");
  EXPECT_EQ(sol.t.back(), 0.0);
}

TEST(CvodeFailures, AnExceptionInTheRightHandSideStopsAtTheCEdge) {
  auto throws = [](double t, std::span<const double> y, std::span<const double>,
                   std::span<double> dydt) {
    if (t > 0.5) throw std::runtime_error("model left its domain");
    dydt[0] = -y[0];
  };
  odekit::OdeProblem problem{throws, {1.0}, {0.0, 1.0}};
  const auto sol = odekit::solve(problem, CVODE_BDF{}, {.rtol = 1e-6, .atol = 1e-8});
  EXPECT_EQ(sol.status, Status::external_solver_failed);
  EXPECT_MENTIONS(sol.message(), "a callback threw: model left its domain");
}

// ---------------------------------------------------------------------------------------------
// Bad input: std::invalid_argument naming the argument.

std::string error_of(const odekit::Options& options, CVODE_BDF method = {}) {
  return odekit_test::invalid_argument_message(
      [&] { (void)odekit::solve(odekit::problems::brusselator_2d(4), method, options); });
}

TEST(CvodeBadInput, SettingsAndOptionsItCannotServe) {
  const odekit::Options tol{.rtol = 1e-6, .atol = 1e-9};
  EXPECT_MENTIONS(error_of(tol, {.max_order = 6}), "CVODE_BDF::max_order = 6: expected 1 to 5");
  EXPECT_MENTIONS(error_of(tol, {.max_nonlinear_iterations = 0}),
                  "CVODE_BDF::max_nonlinear_iterations = 0");
  EXPECT_MENTIONS(error_of({.rtol = 1e-6}), "atol is not set");
  EXPECT_MENTIONS(error_of({.rtol = 1e-6, .atol = 1e-9, .dt0 = 0.1, .adaptive = false}),
                  "adaptive = false: CVODE_BDF always adapts its step");
  EXPECT_MENTIONS(error_of({.rtol = 1e-6,
                            .atol = 1e-9,
                            .linsolve = LinSolve::gmres,
                            .preconditioner = Precond::ilu0}),
                  "preconditioner is set: CVODE_BDF runs GMRES matrix-free");
  EXPECT_MENTIONS(error_of({.rtol = 1e-6, .atol = 1e-9, .linsolve = LinSolve::sparse},
                           {.jacobian = CvodeJacobian::difference_quotients}),
                  "CVODE has no sparse difference-quotient Jacobian");
  EXPECT_MENTIONS(error_of({.rtol = 1e-6, .atol = {1e-9, 1e-9}}), "atol has 2 components");
}

}  // namespace
