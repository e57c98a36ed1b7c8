// odekit::BDF: convergence order, the stiff reference problems, every linear solver, dense
// output and saveat, Jacobian and factorisation reuse, manual stepping, bad input and faults.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit_test/convergence.hpp>
#include <odekit_test/prothero_robinson.hpp>
#include <odekit_test/stiff_references.hpp>

namespace {

using odekit::LinSolve;
using odekit::Precond;
using odekit::Status;

#define EXPECT_MENTIONS(text, fragment) \
  EXPECT_NE(std::string(text).find(fragment), std::string::npos) << (text)

// ---------------------------------------------------------------------------------------------
// Convergence order. Fixed steps (adaptive = false) keep the order of a BDF{.max_order = k}
// solve at k after a start-up that raises it by one per step from order 1, whose first history
// D_1 = h f(t0, y0) is only first-order accurate. On y' = 1.2 t^5 y, y = exp(0.2 t^6), the
// derivatives of orders 2 to 5 vanish at t0 = 0, so the start-up errors are O(h^6) and the
// global error shows the order of the formula itself (on a generic problem the start-up would
// cap it at 2). Errors at t = 1 and of the dense output in the middle of a step, for
// h = 1/40 .. 1/640; fitted slopes within 0.25 of k.

auto sextic = [](auto t, const auto& y, const auto&, auto&& dydt) {
  const auto t2 = t * t;
  dydt[0] = 1.2 * t2 * t2 * t * y[0];
};

struct OrderCase {
  int order;
  bool ndf;
};

class BdfOrder : public ::testing::TestWithParam<OrderCase> {};

TEST_P(BdfOrder, FixedStepsConvergeWithTheFormulasOrder) {
  const auto [k, ndf] = GetParam();
  std::vector<double> dts, end_errors, dense_errors;
  for (const int steps : {40, 80, 160, 320, 640}) {
    const double dt = 1.0 / steps;
    const double tq = 0.5 + 0.5 * dt;  // the middle of the step from 0.5
    odekit::OdeProblem problem{sextic, {1.0}, {0.0, 1.0}};
    const auto sol =
        odekit::solve(problem, odekit::BDF{.max_order = k, .ndf = ndf},
                      {.rtol = 1e-13, .atol = 1e-13, .dt0 = dt, .dense = true, .adaptive = false});
    ASSERT_TRUE(sol.ok()) << sol.message();
    EXPECT_EQ(sol.stats.naccept, steps);
    dts.push_back(dt);
    end_errors.push_back(std::abs(sol.y.back()[0] - std::exp(0.2)));
    dense_errors.push_back(std::abs(sol(tq)[0] - std::exp(0.2 * std::pow(tq, 6))));
  }
  const double end_slope = odekit_test::fitted_slope(dts, end_errors);
  const double dense_slope = odekit_test::fitted_slope(dts, dense_errors);
  RecordProperty("end_slope", odekit::detail::num(end_slope));
  RecordProperty("dense_slope", odekit::detail::num(dense_slope));
  EXPECT_NEAR(end_slope, k, 0.25);
  EXPECT_NEAR(dense_slope, k, 0.25);
}

INSTANTIATE_TEST_SUITE_P(
    Formulas, BdfOrder,
    ::testing::Values(OrderCase{1, false}, OrderCase{2, false}, OrderCase{3, false},
                      OrderCase{4, false}, OrderCase{5, false}, OrderCase{1, true},
                      OrderCase{2, true}, OrderCase{3, true}, OrderCase{4, true}),
    [](const auto& info) {
      return std::string(info.param.ndf ? "NDF" : "BDF") + std::to_string(info.param.order);
    });

// ---------------------------------------------------------------------------------------------
// The Bari reference problems at rtol 1e-8 (atol scaled per problem, see stiff_references.hpp):
// at least 6 significant digits (mescd), with the Jacobian and the factorisation of W reused
// over many steps.

class BdfReference : public ::testing::TestWithParam<std::string> {};

TEST_P(BdfReference, SixDigitsAtRtol1e8WithJacobianReuse) {
  for (const bool ndf : {false, true}) {
    const auto out =
        odekit_test::solve_reference_problem(GetParam(), odekit::BDF{.ndf = ndf}, 1e-8);
    ASSERT_TRUE(out.solution.ok()) << out.solution.message();
    const odekit::Stats& s = out.solution.stats;
    const std::string method = ndf ? "NDF" : "BDF";
    RecordProperty(method + "_mescd", odekit::detail::num(out.mescd));
    RecordProperty(method + "_work", odekit_test::work_summary(s));
    EXPECT_GE(out.mescd, 6.0) << method;
    EXPECT_LT(10 * s.njac, s.naccept) << method << ": " << odekit_test::work_summary(s);
    EXPECT_LT(2 * s.nfactor, s.naccept) << method << ": " << odekit_test::work_summary(s);
    EXPECT_GE(s.nfactor, s.njac);
    EXPECT_EQ(s.nlinsolve, s.nnewton);  // one direct solve per Newton iteration
    EXPECT_GE(s.nnewton, s.naccept);
  }
}

INSTANTIATE_TEST_SUITE_P(Bari, BdfReference,
                         ::testing::ValuesIn(odekit_test::kStiffReferenceProblems),
                         [](const auto& info) { return info.param; });

TEST(Bdf, RoberReachesTheEndOfItsLongSpan) {
  const auto sol = odekit::solve(odekit::problems::rober(), odekit::BDF{},
                                 {.rtol = 1e-8, .atol = 1e-14, .save_everystep = false});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t.back(), 1e11);
  // Mass is conserved by the formulas (linear invariants are kept by linear multistep methods).
  EXPECT_NEAR(sol.y.back()[0] + sol.y.back()[1] + sol.y.back()[2], 1.0, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Every linear solver gives the same solution, on the 2D Brusselator (N = 8, 128 states,
// declared sparsity).

struct SolverCase {
  const char* name;
  LinSolve linsolve;
  Precond preconditioner;
};

class BdfLinearSolvers : public ::testing::TestWithParam<SolverCase> {};

TEST_P(BdfLinearSolvers, AgreeWithDenseLU) {
  const SolverCase c = GetParam();
  odekit::Options options{.linsolve = c.linsolve, .preconditioner = c.preconditioner};
  if (c.preconditioner == Precond::user) {
    options.user_preconditioner = std::make_shared<odekit::Jacobi>();
  }
  const auto out = odekit_test::brusselator_against_dense_lu(odekit::BDF{}, options);
  ASSERT_TRUE(out.solution.ok()) << out.solution.message();
  RecordProperty("difference_in_tolerances", odekit::detail::num(out.difference));
  RecordProperty("work", odekit_test::work_summary(out.solution.stats));
  EXPECT_LT(out.difference, 10.0);
  if (c.linsolve == LinSolve::gmres) {
    EXPECT_GT(out.solution.stats.nlinear_iter, 0);
    EXPECT_GE(out.solution.stats.njvp, out.solution.stats.nlinear_iter);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllSolvers, BdfLinearSolvers,
    ::testing::Values(SolverCase{"automatic", LinSolve::automatic, Precond::none},
                      SolverCase{"sparse", LinSolve::sparse, Precond::none},
                      SolverCase{"gmres", LinSolve::gmres, Precond::none},
                      SolverCase{"gmres_jacobi", LinSolve::gmres, Precond::jacobi},
                      SolverCase{"gmres_ilu0", LinSolve::gmres, Precond::ilu0},
                      SolverCase{"gmres_user", LinSolve::gmres, Precond::user}),
    [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------------------------------------
// Dense output and saveat, on a stiff linear problem with a known solution.

TEST(BdfDenseOutput, FollowsTheSolutionBetweenSteps) {
  const auto sol = odekit::solve(odekit_test::prothero_robinson(), odekit::BDF{},
                                 {.rtol = 1e-8, .atol = 1e-10, .dense = true});
  ASSERT_TRUE(sol.ok()) << sol.message();
  ASSERT_TRUE(sol.has_dense());
  EXPECT_EQ(static_cast<long>(sol.dense().segments()), sol.stats.naccept);
  const double worst = odekit_test::max_dense_output_error(sol);
  RecordProperty("max_dense_error", odekit::detail::num(worst));
  EXPECT_LT(worst, 1e-6);
  // The interpolant passes through the saved step values, and names its order.
  for (std::size_t i = 0; i < sol.t.size(); ++i) {
    EXPECT_NEAR(sol(sol.t[i])[0], sol.y[i][0], 1e-14);
  }
  bool high_order = false;
  for (std::size_t s = 0; s < sol.dense().segments(); ++s) {
    const auto& kind = sol.dense().interpolant(s);
    EXPECT_GE(kind.order, 1);
    EXPECT_LE(kind.order, 5);
    high_order = high_order || kind.order >= 4;
  }
  EXPECT_TRUE(high_order);
  EXPECT_MENTIONS(sol.dense().interpolant(0).name, "BDF backward-difference");
}

TEST(BdfDenseOutput, SaveatTakesTheSamePolynomial) {
  const std::vector<double> ts{0.0, 0.3, 1.0, 1.234, 2.5, 3.0};
  const auto sol = odekit::solve(odekit_test::prothero_robinson(), odekit::BDF{},
                                 {.rtol = 1e-8, .atol = 1e-10, .saveat = ts, .dense = true});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t, ts);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    EXPECT_NEAR(sol.y[i][0], sol(ts[i])[0], 1e-15);
    EXPECT_NEAR(sol.y[i][1], std::sin(2 * ts[i]), 1e-6);
  }
}

TEST(Bdf, IntegratesBackwardInTime) {
  auto decay = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  odekit::OdeProblem problem{decay, {1.0}, {2.0, 0.0}};
  const auto sol = odekit::solve(problem, odekit::BDF{}, {.rtol = 1e-9, .atol = 1e-12});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_EQ(sol.t.back(), 0.0);
  EXPECT_NEAR(sol.y.back()[0], std::exp(2.0), 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Manual stepping through the Integrator.

TEST(BdfIntegrator, StepsByHandAndSurvivesAMove) {
  const auto problem = odekit::problems::hires();
  odekit::Integrator integ(problem, odekit::BDF{}, {.rtol = 1e-8, .atol = 1e-12});
  for (int i = 0; i < 50; ++i) ASSERT_EQ(integ.step(), Status::success);
  EXPECT_GE(integ.order(), 2);
  EXPECT_GT(integ.dt_next(), 0);
  EXPECT_GT(integ.t(), integ.t_prev());
  auto moved = std::move(integ);  // Newton's callbacks point at the heap state, not the handle
  EXPECT_EQ(moved.run(), Status::success);
  EXPECT_EQ(moved.t(), problem.t1());
  EXPECT_GE(odekit::problems::mescd(moved.y(), odekit::problems::hires_reference, 1e-8, 1e-12),
            6.0);
  EXPECT_EQ(moved.method_name(), "BDF");
}

TEST(BdfIntegrator, TheNdfVariantNamesItself) {
  const auto sol = odekit::solve(odekit::problems::hires(), odekit::BDF{.ndf = true},
                                 {.rtol = 1e-6, .atol = 1e-10, .save_everystep = false});
  EXPECT_EQ(sol.method, "NDF");
}

// ---------------------------------------------------------------------------------------------
// Bad input: std::invalid_argument naming the argument.

template <class Problem>
std::string error_of(const Problem& problem, const odekit::Options& options,
                     odekit::BDF method = {}) {
  try {
    (void)odekit::solve(problem, method, options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BdfBadInput, SettingsOutOfRange) {
  const auto problem = odekit::problems::hires();
  const odekit::Options tol{.rtol = 1e-6, .atol = 1e-9};
  EXPECT_MENTIONS(error_of(problem, tol, {.max_order = 0}), "BDF::max_order = 0: expected 1 to 5");
  EXPECT_MENTIONS(error_of(problem, tol, {.max_order = 6}), "BDF::max_order = 6");
  EXPECT_MENTIONS(error_of(problem, tol, {.max_newton_iterations = 0}),
                  "BDF::max_newton_iterations = 0");
  EXPECT_MENTIONS(error_of(problem, tol, {.max_jacobian_age = 0}), "BDF::max_jacobian_age = 0");
}

TEST(BdfBadInput, OptionsItCannotServe) {
  const auto problem = odekit::problems::hires();
  EXPECT_MENTIONS(error_of(problem, {.atol = 1e-9}), "rtol is not set");
  EXPECT_MENTIONS(error_of(problem, {.adaptive = false}), "dt0 is not set");
  EXPECT_MENTIONS(error_of(problem, {.dt0 = 0.1, .adaptive = false}),
                  "rtol is not set: BDF needs tolerances also with adaptive = false");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6, .atol = 1e-9, .linsolve = LinSolve::sparse}),
                  "linsolve = sparse needs the sparsity");
  EXPECT_MENTIONS(error_of(problem, {.rtol = 1e-6,
                                     .atol = 1e-9,
                                     .linsolve = LinSolve::gmres,
                                     .preconditioner = Precond::ilu0}),
                  "preconditioner = ilu0 needs the sparse W");
  EXPECT_MENTIONS(
      error_of(odekit::OdeProblem{sextic, {}, {0.0, 1.0}}, {.rtol = 1e-6, .atol = 1e-9}),
      "y0 is empty");
}

// ---------------------------------------------------------------------------------------------
// Faults: recoverable failures shrink the step; repeated ones end the solve with a terminal
// status and a message, keeping the solution up to the failure.

TEST(BdfFaults, SingularIterationMatrixIsRecoverable) {
  // y' = y: the first BDF1 step with dt0 = 1 has c = h / alpha_1 = 1, so W = 1 - c J = 0.
  auto growth = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = y[0];
    dydt[1] = -y[1];
  };
  odekit::OdeProblem problem{growth, {1.0, 1.0}, {0.0, 2.0}};
  const auto sol = odekit::solve(problem, odekit::BDF{}, {.rtol = 1e-8, .atol = 1e-10, .dt0 = 1.0});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_GE(sol.stats.nreject, 1);
  EXPECT_GE(sol.stats.nnewton_fail, 1);
  EXPECT_NEAR(sol.y.back()[0], std::exp(2.0), 1e-5);
}

TEST(BdfFaults, IterationMatrixThatStaysSingularEndsTheSolve) {
  // J = -a [[1, 1], [1, 1]] with a = 1e300: W = I - c J is singular in floating point for
  // every step size the integrator can reach.
  auto rank_one = [](auto, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = -p[0] * (y[0] + y[1]);
    dydt[1] = -p[0] * (y[0] + y[1]);
  };
  odekit::OdeProblem problem{rank_one, {1.0, -1.0}, {0.0, 1.0}, {1e300}};
  const auto sol = odekit::solve(problem, odekit::BDF{}, {.rtol = 1e-6, .atol = 1e-8});
  EXPECT_EQ(sol.status, Status::linear_solve_failed);
  EXPECT_MENTIONS(sol.message(), "the iteration matrix stayed singular");
  EXPECT_MENTIONS(sol.message(), "in the step from t = 0");
  EXPECT_EQ(sol.t.back(), 0.0);  // the solution is kept up to the failure
  EXPECT_GT(sol.stats.nreject, 10);
}

TEST(BdfFaults, NewtonFailureShrinksTheStep) {
  // dt0 = 1 on y' = -1e3 y^3: Newton cannot converge from the predictor in four iterations.
  auto cubic = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = -1e3 * y[0] * y[0] * y[0];
  };
  odekit::OdeProblem problem{cubic, {1.0}, {0.0, 1.0}};
  const auto sol = odekit::solve(problem, odekit::BDF{}, {.rtol = 1e-8, .atol = 1e-10, .dt0 = 1.0});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_GE(sol.stats.nnewton_fail, 1);
  EXPECT_NEAR(sol.y.back()[0], 1 / std::sqrt(1 + 2e3), 1e-8);
}

/// y' = -k y with a user Jacobian of the wrong sign: Newton diverges unless c k < 1/3.
struct WrongJacobian {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    dydt[0] = -p[0] * y[0];
  }
  template <class T, class Y, class P, class View>
  void jac(T, const Y&, const P& p, View&& J) const {
    J(0, 0) = p[0];
  }
};

TEST(BdfFaults, NewtonDivergenceEndsTheSolve) {
  odekit::OdeProblem problem{WrongJacobian{}, {1.0}, {0.0, 1.0}, {1e4}};
  const auto sol = odekit::solve(problem, odekit::BDF{}, {.rtol = 1e-6, .atol = 1e-8});
  EXPECT_EQ(sol.status, Status::newton_failed);
  EXPECT_MENTIONS(sol.message(), "Newton iteration failed repeatedly");
  EXPECT_GT(sol.t.back(), 0.0);
  EXPECT_LT(sol.t.back(), 1.0);
  EXPECT_GT(sol.stats.nnewton_fail, 10);
}

TEST(BdfFaults, NonFiniteRightHandSide) {
  auto blows_up = [](auto t, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = t > 0.5 ? std::numeric_limits<double>::quiet_NaN() * y[0] : -y[0];
  };
  odekit::OdeProblem problem{blows_up, {1.0}, {0.0, 1.0}};
  const auto sol = odekit::solve(problem, odekit::BDF{}, {.rtol = 1e-6, .atol = 1e-8});
  EXPECT_EQ(sol.status, Status::rhs_not_finite);
  EXPECT_NEAR(sol.t.back(), 0.5, 1e-6);
  EXPECT_NEAR(sol.y.back()[0], std::exp(-sol.t.back()), 1e-5);
}

TEST(BdfFaults, StepLimits) {
  const auto rober = odekit::problems::rober();
  const auto few =
      odekit::solve(rober, odekit::BDF{}, {.rtol = 1e-6, .atol = 1e-12, .max_steps = 10});
  EXPECT_EQ(few.status, Status::max_steps_reached);
  EXPECT_MENTIONS(few.message(), "max_steps = 10 reached");
  EXPECT_LE(few.stats.naccept + few.stats.nreject, 10);
  const auto big =
      odekit::solve(rober, odekit::BDF{}, {.rtol = 1e-6, .atol = 1e-12, .dtmin = 1e-3});
  EXPECT_EQ(big.status, Status::dt_below_min);
}

}  // namespace
