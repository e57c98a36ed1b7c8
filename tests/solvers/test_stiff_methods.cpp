// Faults and bad input of the stiff one-step methods (a singular iteration matrix, Newton
// divergence, options they cannot serve), the work they count, and the ways to call them:
// solve() with each linear solver, the IMEX split, and manual stepping with an Integrator.
// (A problem in float or long double is a compile-time error: tests/compile_fail.)
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit_test/methods.hpp>

namespace {

namespace pr = odekit::problems;

#define EXPECT_MENTIONS(text, fragment) \
  EXPECT_NE(std::string(text).find(fragment), std::string::npos) << (text)

/// y_k' = p_k y_k: J = diag(p), and y_k(0) = 0 but for the last component (p = -1).
auto diagonal = [](auto, const auto& y, const auto& p, auto&& dydt) {
  for (std::size_t k = 0; k < y.size(); ++k) dydt[k] = p[k] * y[k];
};

/// The diagonal problem whose W = I - gamma dt J is singular at the step sizes dt0 / 4^k,
/// k < count: J has the eigenvalue 1 / (gamma dt0 / 4^k) for each.
template <class Method>
auto singular_at(double dt0, int count) {
  std::vector<double> p, y0;
  double dt = dt0;
  for (int k = 0; k < count; ++k, dt *= 0.25) {
    p.push_back(1 / (dt * Method::gamma));  // the product the stepper forms, inverted
    y0.push_back(0);
  }
  p.push_back(-1);
  y0.push_back(1);
  return odekit::OdeProblem{diagonal, y0, {0.0, 1.0}, p};
}

template <class M>
class StiffMethods : public ::testing::Test {};
TYPED_TEST_SUITE(StiffMethods, odekit_test::StiffMethods, odekit_test::MethodName);

TYPED_TEST(StiffMethods, SingularIterationMatrixShrinksTheStep) {
  const double dt0 = 1.0 / 64;
  const auto sol = odekit::solve(singular_at<TypeParam>(dt0, 1), TypeParam{},
                                 {.rtol = 1e-6, .atol = 1e-9, .dt0 = dt0});
  ASSERT_TRUE(sol.ok()) << sol.message();
  EXPECT_GE(sol.stats.nreject, 1);
  EXPECT_EQ(sol.t[1], dt0 / 4);  // the retry after the singular W
  EXPECT_NEAR(sol.y.back()[1], std::exp(-1.0), 1e-5);
  EXPECT_EQ(sol.y.back()[0], 0.0);
}

TYPED_TEST(StiffMethods, IterationMatrixSingularAtEveryStepEndsWithAClearMessage) {
  // Singular at dt0 and at each of the 20 retries with a quarter of the step.
  const double dt0 = 1.0 / 64;
  const auto sol = odekit::solve(singular_at<TypeParam>(dt0, 21), TypeParam{},
                                 {.rtol = 1e-6, .atol = 1e-9, .dt0 = dt0});
  EXPECT_EQ(sol.status, odekit::Status::linear_solve_failed);
  EXPECT_MENTIONS(sol.message(), "in the step from t = 0");
  EXPECT_MENTIONS(sol.message(), "the iteration matrix stayed singular");
  EXPECT_EQ(sol.t, (std::vector<double>{0.0}));
  EXPECT_EQ(sol.stats.nreject, 21);
  EXPECT_EQ(sol.stats.naccept, 0);
}

TYPED_TEST(StiffMethods, FixedStepsStopAtTheFirstSingularMatrix) {
  const double dt0 = 1.0 / 64;
  const auto sol =
      odekit::solve(singular_at<TypeParam>(dt0, 1), TypeParam{}, {.dt0 = dt0, .adaptive = false});
  EXPECT_EQ(sol.status, odekit::Status::linear_solve_failed);
  EXPECT_EQ(sol.t.size(), 1u);
}

// Newton on y' = -k y^3 from y = 1 with a step far too large: the Jacobian at y0 is a poor
// W for the stage, whose value is near 0, and the simplified iteration fails; smaller steps
// converge and the solve goes on.
TEST(StiffFaults, NewtonDivergenceShrinksTheStep) {
  auto cubic = [](auto, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = -p[0] * y[0] * y[0] * y[0];
  };
  const odekit::OdeProblem problem{cubic, {1.0}, {0.0, 10.0}, {1e3}};
  for (const auto& sol :
       {odekit::solve(problem, odekit::KenCarp4{}, {.rtol = 1e-6, .atol = 1e-9, .dt0 = 1.0}),
        odekit::solve(problem, odekit::TRBDF2{}, {.rtol = 1e-6, .atol = 1e-9, .dt0 = 1.0})}) {
    ASSERT_TRUE(sol.ok()) << sol.message();
    EXPECT_GE(sol.stats.nnewton_fail, 1) << sol.method;
    EXPECT_GE(sol.stats.nreject, 1) << sol.method;
    EXPECT_NEAR(sol.y.back()[0], 1 / std::sqrt(1 + 2e3 * 10.0), 1e-5) << sol.method;
  }
}

// A Jacobian with the wrong sign (the classic bug in a hand-written jac): simplified Newton
// diverges at every step size the integrator tries.
struct WrongSignJacobian {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    dydt[0] = -p[0] * y[0];
  }
  template <class T, class Y, class P, class View>
  void jac(T, const Y&, const P& p, View&& J) const {
    J(0, 0) = p[0];
  }
};

TEST(StiffFaults, NewtonFailingAtEveryStepSizeEndsWithAdvice) {
  const odekit::OdeProblem problem{WrongSignJacobian{}, {1.0}, {0.0, 1.0}, {1e20}};
  for (const auto& sol :
       {odekit::solve(problem, odekit::KenCarp4{}, {.rtol = 1e-6, .atol = 1e-9, .dt0 = 0.1}),
        odekit::solve(problem, odekit::TRBDF2{}, {.rtol = 1e-6, .atol = 1e-9, .dt0 = 0.1})}) {
    EXPECT_EQ(sol.status, odekit::Status::newton_failed) << sol.method;
    EXPECT_MENTIONS(sol.message(), "newton_failed in the step from t = 0");
    EXPECT_MENTIONS(sol.message(), "check the Jacobian");
    EXPECT_EQ(sol.stats.nnewton_fail, 21) << sol.method;
  }
}

TYPED_TEST(StiffMethods, OptionsTheLinearSolverCannotServeAreErrors) {
  const auto problem = pr::rober();
  auto error_of = [&](const odekit::Options& o) -> std::string {
    try {
      (void)odekit::solve(problem, TypeParam{}, o);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no error)";
  };
  const odekit::Options tol{.rtol = 1e-6, .atol = 1e-10};
  odekit::Options o = tol;
  o.linsolve = odekit::LinSolve::sparse;
  EXPECT_MENTIONS(error_of(o), "linsolve = sparse needs the sparsity of df/dy");
  o = tol;
  o.preconditioner = odekit::Precond::jacobi;
  EXPECT_MENTIONS(error_of(o), "preconditioner is set but linsolve is not gmres");
  o = tol;
  o.jac = odekit::DerivativeMethod::user;
  EXPECT_MENTIONS(error_of(o), "options.jac is user, but f has no member jac");
  EXPECT_MENTIONS(error_of({.atol = 1e-10}), "rtol is not set: " + std::string(TypeParam::name));
  EXPECT_MENTIONS(error_of({.adaptive = false}), "dt0 is not set");
}

// A jac that writes outside its declared pattern is misuse found while stepping: the
// exception goes through solve() (Integrator::step() is noexcept only for explicit methods).
struct JacOutsideItsPattern {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P&, D&& dydt) const {
    dydt[0] = -y[0] + y[1];
    dydt[1] = -y[1];
  }
  template <class T, class Y, class P, class View>
  void jac(T, const Y&, const P&, View&& J) const {
    J(0, 0) = -1;
    J(0, 1) = 1;  // not declared below
    J(1, 1) = -1;
  }
  odekit::SparsityPattern jac_sparsity() const { return {2, {{0, 0}, {1, 1}}}; }
};

TEST(StiffFaults, JacOutsideItsSparsityPatternThrowsThroughSolve) {
  const odekit::OdeProblem problem{JacOutsideItsPattern{}, {1.0, 1.0}, {0.0, 1.0}};
  const odekit::Options o{
      .rtol = 1e-6, .atol = 1e-9, .dt0 = 1e-3, .linsolve = odekit::LinSolve::sparse};
  try {
    (void)odekit::solve(problem, odekit::Rodas5P{}, o);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_MENTIONS(e.what(), "not in the declared sparsity pattern");
  }
  EXPECT_THROW((void)odekit::solve(problem, odekit::KenCarp4{}, o), std::invalid_argument);
}

TEST(StiffFaults, SplitProblemIsValidated) {
  auto part = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  const double nan = std::nan("");
  EXPECT_THROW((void)odekit::solve(odekit::SplitOdeProblem{part, part, {nan}, {0.0, 1.0}},
                                   odekit::KenCarp4{}, {.rtol = 1e-6, .atol = 1e-9}),
               std::invalid_argument);
  EXPECT_THROW((void)odekit::solve(odekit::SplitOdeProblem{part, part, {1.0}, {1.0, 1.0}},
                                   odekit::KenCarp4{}, {.rtol = 1e-6, .atol = 1e-9}),
               std::invalid_argument);
}

// Work counters: a Rosenbrock step attempt evaluates J and df/dt only at a new (t, y) and
// factors W once; a rejected step reuses J. On ROBER (autonomous, n = 3: one dual sweep for
// J and one for df/dt) with S stages and n_a accepted, n_r rejected steps, n_a + n_r attempts:
//   njac = n_a, nfactor = n_a + n_r, nlinsolve = S (n_a + n_r),
//   nf = 2 (f(t0, y0) and the initial-step probe) + 2 n_a (J and df/dt) + (S - 1)(n_a + n_r)
//        (the stages) + (n_a - 1) (f at each later point, unless the last stage gave it).
template <class Method>
void expect_rosenbrock_work(double rtol, bool last_stage_is_next_f) {
  const auto sol = odekit::solve(pr::rober(), Method{},
                                 {.rtol = rtol, .atol = 1e-4 * rtol, .save_everystep = false});
  ASSERT_TRUE(sol.ok()) << sol.message();
  const auto& s = sol.stats;
  const long S = Method::stages, attempts = s.naccept + s.nreject;
  EXPECT_GT(s.nreject, 0) << "no rejection: the reuse of J after one is not exercised";
  EXPECT_EQ(s.njac, s.naccept);
  EXPECT_EQ(s.nfactor, attempts);
  EXPECT_EQ(s.nlinsolve, S * attempts);
  EXPECT_EQ(s.nf,
            2 + 2 * s.naccept + (S - 1) * attempts + (last_stage_is_next_f ? 0 : s.naccept - 1));
  EXPECT_EQ(s.nnewton, 0);
}

TEST(StiffStats, RodasCountsOneJacobianPerPointAndOneFactorisationPerAttempt) {
  expect_rosenbrock_work<odekit::Rodas5P>(1e-8, false);
  expect_rosenbrock_work<odekit::Rodas4>(1e-8, false);
}

TEST(StiffStats, Rosenbrock23ReusesItsLastStageAsTheNextF) {
  expect_rosenbrock_work<odekit::Rosenbrock23>(1e-6, true);
}

TEST(StiffStats, EsdirkReusesJacobianAndFactorisationAcrossSteps) {
  for (const auto& sol : {odekit::solve(pr::hires(), odekit::KenCarp4{},
                                        {.rtol = 1e-8, .atol = 1e-12, .save_everystep = false}),
                          odekit::solve(pr::hires(), odekit::TRBDF2{},
                                        {.rtol = 1e-8, .atol = 1e-12, .save_everystep = false})}) {
    ASSERT_TRUE(sol.ok()) << sol.message();
    const auto& s = sol.stats;
    EXPECT_GT(s.nnewton, 0) << sol.method;
    EXPECT_LT(s.njac, s.naccept / 4) << sol.method;
    EXPECT_LT(s.nfactor, s.naccept / 2) << sol.method;
    // A linear solve per Newton iteration, plus one per error estimate.
    EXPECT_GE(s.nlinsolve, s.nnewton + s.naccept) << sol.method;
    // HIRES has a user jac: f is evaluated by Newton iterations and at the start only.
    EXPECT_EQ(s.nf, s.nnewton + 2) << sol.method;
  }
}

// Every linear solver gives the same solution: the Brusselator on an 8 x 8 grid (128 states,
// with its sparsity pattern) to t = 1.5.
TYPED_TEST(StiffMethods, EveryLinearSolverGivesTheSameSolution) {
  auto problem = pr::brusselator_2d(8);
  problem.tspan = {0.0, 1.5};
  const odekit::Options base{.rtol = 1e-7, .atol = 1e-9, .save_everystep = false};
  std::vector<std::vector<double>> ends;
  for (const auto& [linsolve, precond] :
       {std::pair{odekit::LinSolve::dense, odekit::Precond::none},
        std::pair{odekit::LinSolve::sparse, odekit::Precond::none},
        std::pair{odekit::LinSolve::gmres, odekit::Precond::ilu0},
        std::pair{odekit::LinSolve::gmres, odekit::Precond::none}}) {
    odekit::Options o = base;
    o.linsolve = linsolve;
    o.preconditioner = precond;
    const auto sol = odekit::solve(problem, TypeParam{}, o);
    ASSERT_TRUE(sol.ok()) << sol.message();
    ends.push_back(sol.y.back());
  }
  for (std::size_t k = 1; k < ends.size(); ++k) {
    double worst = 0;
    for (std::size_t i = 0; i < ends[0].size(); ++i) {
      worst = std::max(worst, std::abs(ends[k][i] - ends[0][i]) / (1e-2 + std::abs(ends[0][i])));
    }
    EXPECT_LT(worst, 1e-5) << "linear solver " << k;
  }
}

// IMEX: KenCarp4 on a split problem (stiff linear diffusion-like part, non-stiff reaction)
// needs the Jacobian of f_stiff only, and agrees with the fully implicit solve.
TEST(StiffImex, SplitSolveAgreesWithTheFullyImplicitOne) {
  auto stiff = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = -1e3 * (y[0] - y[1]);
    dydt[1] = 1e3 * (y[0] - y[1]) - 1e3 * y[1];
  };
  auto reaction = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = 1 - y[0] * y[1];
    dydt[1] = y[0] * y[1] * 0.5;
  };
  auto whole = [stiff, reaction](auto t, const auto& y, const auto& p, auto&& dydt) {
    std::array<std::remove_cvref_t<decltype(dydt[0])>, 2> a, b;
    stiff(t, y, p, std::span(a));
    reaction(t, y, p, std::span(b));
    dydt[0] = a[0] + b[0];
    dydt[1] = a[1] + b[1];
  };
  const odekit::Options o{.rtol = 1e-8, .atol = 1e-10, .save_everystep = false};
  const auto split = odekit::solve(odekit::SplitOdeProblem{stiff, reaction, {1.0, 0.5}, {0.0, 5.0}},
                                   odekit::KenCarp4{}, o);
  const auto full =
      odekit::solve(odekit::OdeProblem{whole, {1.0, 0.5}, {0.0, 5.0}}, odekit::KenCarp4{}, o);
  ASSERT_TRUE(split.ok()) << split.message();
  ASSERT_TRUE(full.ok()) << full.message();
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(split.y.back()[i], full.y.back()[i], 1e-6);
  EXPECT_GT(split.stats.nnewton, 0);
}

// Rosenbrock methods need df/dt: exact by a dual time when f is generic in t, else a forward
// difference, still accurate to the tolerance.
TEST(StiffTime, RosenbrockOnARightHandSideWithADoubleTime) {
  auto f = [](double t, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = -p[0] * (y[0] - std::cos(t)) - std::sin(t);
  };
  const odekit::OdeProblem problem{f, {1.0}, {0.0, 5.0}, {1e4}};
  for (const auto& sol :
       {odekit::solve(problem, odekit::Rodas5P{}, {.rtol = 1e-8, .atol = 1e-10}),
        odekit::solve(problem, odekit::Rodas4{}, {.rtol = 1e-8, .atol = 1e-10})}) {
    ASSERT_TRUE(sol.ok()) << sol.message();
    for (std::size_t i = 0; i < sol.t.size(); ++i) {
      EXPECT_NEAR(sol.y[i][0], std::cos(sol.t[i]), 1e-8) << sol.method << " at t = " << sol.t[i];
    }
  }
}

/// |R(z)| of the method's stability function, from one step of size 1 on y' = A y with
/// A = [[x, -y], [y, x]] (the real form of y' = z y, z = x + i y).
template <class Method>
double stability(double x, double y) {
  auto rotation = [](auto, const auto& u, const auto& p, auto&& dudt) {
    dudt[0] = p[0] * u[0] - p[1] * u[1];
    dudt[1] = p[1] * u[0] + p[0] * u[1];
  };
  const odekit::OdeProblem problem{rotation, {1.0, 0.0}, {0.0, 1.0}, {x, y}};
  const auto sol = odekit::solve(problem, Method{}, {.dt0 = 1.0, .adaptive = false});
  EXPECT_TRUE(sol.ok()) << sol.message();
  return std::hypot(sol.y.back()[0], sol.y.back()[1]);
}

// A-stable (|R(z)| <= 1 in the left half-plane, sampled along rays and the imaginary axis)
// and L-stable (R(z) -> 0 as z -> -inf), as each method's source claims.
TYPED_TEST(StiffMethods, IsAStableAndLStable) {
  for (const double r : {0.1, 1.0, 10.0, 1e2, 1e4}) {
    for (const double angle : {0.0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.5707963267948966}) {
      EXPECT_LE(stability<TypeParam>(-r * std::cos(angle), r * std::sin(angle)), 1 + 1e-12)
          << "z = " << r << " exp(i (pi - " << angle << "))";
    }
  }
  EXPECT_LT(stability<TypeParam>(-1e8, 0), 1e-6);
  EXPECT_LT(stability<TypeParam>(-1e8, 1e3), 1e-6);
}

// Finite-difference Jacobians (a right-hand side that cannot take dual numbers, or
// jac = finite_difference) on badly scaled ROBER: the difference steps follow atol / rtol.
TEST(StiffJacobians, FiniteDifferenceJacobiansOnRober) {
  const odekit::Options o{.rtol = 1e-8,
                          .atol = 1e-12,
                          .save_everystep = false,
                          .jac = odekit::DerivativeMethod::finite_difference};
  for (const auto& sol : {odekit::solve(pr::rober(), odekit::Rodas5P{}, o),
                          odekit::solve(pr::rober(), odekit::KenCarp4{}, o)}) {
    ASSERT_TRUE(sol.ok()) << sol.message();
    EXPECT_GE(pr::mescd(sol.y.back(), pr::rober_reference, 1e-8, 1e-12), 6.0) << sol.method;
  }
}

TYPED_TEST(StiffMethods, ManualSteppingWithAnIntegratorAndItsInterpolant) {
  odekit::Integrator integ(pr::van_der_pol(), TypeParam{}, {.rtol = 1e-6, .atol = 1e-8});
  std::vector<double> mid(2);
  int steps = 0;
  while (!integ.done() && steps < 50) {
    ASSERT_EQ(integ.step(), odekit::Status::success);
    integ.interpolate(0.5 * (integ.t_prev() + integ.t()), mid);
    // The interpolant stays between the ends of a step, up to the curvature inside it.
    EXPECT_TRUE(std::isfinite(mid[0]) && std::isfinite(mid[1]));
    ++steps;
  }
  EXPECT_EQ(steps, 50);
  EXPECT_GT(integ.t(), 0.0);
  EXPECT_EQ(integ.method_name(), TypeParam::name);
}

}  // namespace
