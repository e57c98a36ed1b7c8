// What each linear solver and preconditioner does beyond the common contract (that is in
// test_linear_solver_conformance.cpp): DenseLU's pivot test, SparseLU's reuse of its symbolic
// analysis and pivots, GMRES's options and failure modes, the preconditioners' algebra, and
// the factory.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include <odekit/linear_solvers/dense_lu.hpp>
#include <odekit/linear_solvers/factory.hpp>
#include <odekit/linear_solvers/gmres.hpp>
#include <odekit/linear_solvers/iteration_matrix.hpp>
#include <odekit/linear_solvers/sparse_lu.hpp>

#include "test_matrices.hpp"

namespace {

using odekit::Status;
using odekit_test::span;
using odekit_test::SparseMatrix;

template <class Call>
void expect_invalid_argument(Call&& call, const std::string& needle) {
  try {
    call();
    ADD_FAILURE() << "expected std::invalid_argument mentioning \"" << needle << "\"";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// DenseLU

TEST(DenseLU, FactorsASparseOperatorToo) {
  const SparseMatrix A = odekit_test::convection_diffusion_2d(5, 1.0);
  odekit::DenseLU lu;
  const odekit::SparseMatrixOperator op(A);
  ASSERT_EQ(lu.setup(op), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(25, 1);
  Eigen::VectorXd x(25);
  ASSERT_EQ(lu.solve(span(b), span(x), 0), Status::success);
  EXPECT_LE(odekit_test::relative_residual(A, x, b), 1e-14);
}

TEST(DenseLU, NonFiniteMatrixIsRecoverableAndALaterSetupRecovers) {
  Eigen::MatrixXd M = Eigen::MatrixXd(odekit_test::random_diagonally_dominant(6, 2));
  odekit::DenseMatrixOperator A(M);
  A.matrix()(3, 1) = std::numeric_limits<double>::quiet_NaN();
  odekit::DenseLU lu;
  EXPECT_EQ(lu.setup(A), Status::linear_solve_failed_recoverable);
  const Eigen::VectorXd b = Eigen::VectorXd::Ones(6);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(6, 5.0);
  EXPECT_EQ(lu.solve(span(b), span(x), 0), Status::linear_solve_failed_recoverable);
  EXPECT_EQ(x, Eigen::VectorXd::Constant(6, 5.0));  // finite x is left alone

  A.matrix() = M;
  ASSERT_EQ(lu.setup(A), Status::success);
  EXPECT_EQ(lu.solve(span(b), span(x), 0), Status::success);
  EXPECT_LE((M * x - b).norm(), 1e-14);
}

TEST(DenseLU, IllConditionedButRegularMatrixIsSolved) {
  // Condition number ~1e10: far from the singularity test's n * eps, still solvable.
  Eigen::MatrixXd M = Eigen::MatrixXd(odekit_test::random_diagonally_dominant(8, 3));
  M.row(5) *= 1e-10;
  odekit::DenseLU lu;
  const odekit::DenseMatrixOperator op(M);
  ASSERT_EQ(lu.setup(op), Status::success);
  const Eigen::VectorXd x_true = odekit_test::random_vector(8, 4);
  const Eigen::VectorXd b = M * x_true;
  Eigen::VectorXd x(8);
  ASSERT_EQ(lu.solve(span(b), span(x), 0), Status::success);
  EXPECT_LE((x - x_true).norm(), 1e-12);
}

// ---------------------------------------------------------------------------------------------
// SparseLU (KLU)

TEST(SparseLU, ReusesTheSymbolicAnalysisAndPivotsWhileThePatternStays) {
  const SparseMatrix J = odekit_test::stiff_chemistry_jacobian(200, 11);
  odekit::SparseIterationMatrix W(J);
  odekit::SparseLU lu;
  const Eigen::VectorXd b = odekit_test::random_vector(200, 2);
  Eigen::VectorXd x(200);
  for (const double gamma : {1e-3, 2e-3, 5e-4, 1e-3}) {
    W.form(gamma);
    ASSERT_EQ(lu.setup(W), Status::success);
    ASSERT_EQ(lu.solve(span(b), span(x), 0), Status::success);
    EXPECT_LE(odekit_test::relative_residual(*W.sparse_matrix(), x, b), 1e-14);
  }
  EXPECT_EQ(lu.symbolic_analyses(), 1);
  EXPECT_EQ(lu.pivoting_factorisations(), 1);
  EXPECT_EQ(lu.stats().nfactor, 4);
}

TEST(SparseLU, AnalysesANewPatternAgain) {
  odekit::SparseLU lu;
  const odekit::SparseMatrixOperator small(odekit_test::laplacian_2d(4));
  const odekit::SparseMatrixOperator larger(odekit_test::laplacian_2d(5));
  const odekit::SparseMatrixOperator same_pattern(odekit_test::convection_diffusion_2d(5, 1));
  ASSERT_EQ(lu.setup(small), Status::success);
  ASSERT_EQ(lu.setup(larger), Status::success);
  ASSERT_EQ(lu.setup(same_pattern), Status::success);
  EXPECT_EQ(lu.symbolic_analyses(), 2);
  EXPECT_EQ(lu.size(), 25u);
}

TEST(SparseLU, PivotsAfreshWhenTheOldPivotsGoStale) {
  // The first factorisation pivots on a_00 = 10; with a_00 = 1e-14 that pivot would lose
  // every digit, and the pivot-ratio test sends SparseLU back to partial pivoting.
  odekit::SparseMatrixOperator A(
      odekit_test::from_triplets(2, {{0, 0, 10.0}, {0, 1, 1.0}, {1, 0, 1.0}, {1, 1, 1.0}}));
  odekit::SparseLU lu;
  ASSERT_EQ(lu.setup(A), Status::success);
  A.matrix().coeffRef(0, 0) = 1e-14;
  ASSERT_EQ(lu.setup(A), Status::success);
  EXPECT_EQ(lu.pivoting_factorisations(), 2);
  const Eigen::VectorXd b = Eigen::VectorXd::Ones(2);
  Eigen::VectorXd x(2);
  ASSERT_EQ(lu.solve(span(b), span(x), 0), Status::success);
  EXPECT_LE(odekit_test::relative_residual(A.matrix(), x, b), 1e-15);
}

TEST(SparseLU, UncompressedMatrixIsMisuse) {
  odekit::SparseMatrixOperator A(odekit_test::laplacian_2d(3));
  A.matrix().coeffRef(0, 8) = 1.0;  // inserting leaves Eigen's matrix uncompressed
  odekit::SparseLU lu;
  expect_invalid_argument([&] { (void)lu.setup(A); }, "makeCompressed");
}

// ---------------------------------------------------------------------------------------------
// GMRES

TEST(Gmres, MissingTheToleranceIsRecoverableAndReportsTheResidual) {
  const SparseMatrix A = odekit_test::laplacian_2d(12);
  odekit::Gmres gmres({.restart = 5, .max_iterations = 12});
  const odekit::SparseMatrixOperator op(A);
  ASSERT_EQ(gmres.setup(op), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(144, 3);
  Eigen::VectorXd x(144);
  EXPECT_EQ(gmres.solve(span(b), span(x), 1e-12), Status::linear_solve_not_converged);
  EXPECT_EQ(gmres.last().iterations, 12);
  EXPECT_TRUE(x.allFinite());
  // The reported residual is that of the x handed back.
  EXPECT_NEAR(gmres.last().residual_norm, odekit_test::relative_residual(A, x, b), 1e-12);
  EXPECT_GT(gmres.last().residual_norm, 1e-12);
  EXPECT_LT(gmres.last().residual_norm, 1.0);
}

TEST(Gmres, RestartsAndStillConverges) {
  const SparseMatrix A = odekit_test::convection_diffusion_2d(10, 1.5);
  const Eigen::VectorXd b = odekit_test::random_vector(100, 4);
  Eigen::VectorXd x(100);
  for (const int restart : {3, 10, 100}) {
    odekit::Gmres gmres({.restart = restart, .max_iterations = 2000});
    const odekit::SparseMatrixOperator op(A);
    ASSERT_EQ(gmres.setup(op), Status::success);
    ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success) << "restart " << restart;
    EXPECT_LE(odekit_test::relative_residual(A, x, b), 1.01e-10) << "restart " << restart;
  }
}

TEST(Gmres, StartsFromTheGivenGuessWhenAsked) {
  const SparseMatrix A = odekit_test::laplacian_2d(6);
  const odekit::SparseMatrixOperator op(A);
  const Eigen::VectorXd x_true = odekit_test::random_vector(36, 5);
  const Eigen::VectorXd b = A * x_true;
  odekit::Gmres gmres;
  ASSERT_EQ(gmres.setup(op), Status::success);
  // With the default zero guess, whatever x holds is ignored.
  Eigen::VectorXd x = Eigen::VectorXd::Constant(36, std::numeric_limits<double>::quiet_NaN());
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success);
  const long from_zero = gmres.last().iterations;
  EXPECT_GT(from_zero, 1);

  gmres.set_zero_guess(false);
  x = x_true;
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success);
  EXPECT_EQ(gmres.last().iterations, 0);
  x = x_true + 1e-6 * odekit_test::random_vector(36, 6);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success);
  EXPECT_LT(gmres.last().iterations, from_zero);
}

TEST(Gmres, ReorthogonalisationGivesTheSameSolution) {
  const SparseMatrix A = odekit_test::convection_diffusion_2d(8, 3.0);
  const Eigen::VectorXd b = odekit_test::random_vector(64, 7);
  Eigen::VectorXd x1(64), x2(64);
  odekit::Gmres plain({.restart = 64});
  odekit::Gmres twice({.restart = 64, .reorthogonalize = true});
  const odekit::SparseMatrixOperator op(A);
  ASSERT_EQ(plain.setup(op), Status::success);
  ASSERT_EQ(twice.setup(op), Status::success);
  ASSERT_EQ(plain.solve(span(b), span(x1), 1e-12), Status::success);
  ASSERT_EQ(twice.solve(span(b), span(x2), 1e-12), Status::success);
  EXPECT_LE((x1 - x2).norm(), 1e-10 * x1.norm());
  EXPECT_LE(twice.last().iterations, plain.last().iterations);
}

TEST(Gmres, IdentityTakesOneIteration) {
  SparseMatrix I(10, 10);
  I.setIdentity();
  odekit::Gmres gmres;
  const odekit::SparseMatrixOperator op(I);
  ASSERT_EQ(gmres.setup(op), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(10, 8);
  Eigen::VectorXd x(10);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-14), Status::success);
  EXPECT_EQ(gmres.last().iterations, 1);
  EXPECT_LE((x - b).norm(), 1e-15);
}

TEST(Gmres, PassesAFailingOperatorsStatusOn) {
  int calls = 0;
  odekit::MatrixFreeIterationMatrix W(4, [&calls](std::span<const double>, std::span<double> Jv) {
    std::fill(Jv.begin(), Jv.end(), 0.0);
    return ++calls < 3 ? Status::success : Status::rhs_not_finite_recoverable;
  });
  W.form(1.0);  // W = I - J with J = 0 until the JVP fails
  odekit::Gmres gmres;
  ASSERT_EQ(gmres.setup(W), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(4, 9);
  Eigen::VectorXd x(4);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success);
  EXPECT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::rhs_not_finite_recoverable);
  EXPECT_TRUE(x.allFinite());
}

TEST(Gmres, BadOptionsThrowNamingTheOption) {
  expect_invalid_argument([] { odekit::Gmres({.restart = 0}); }, "restart = 0");
  expect_invalid_argument([] { odekit::Gmres({.max_iterations = -1}); }, "max_iterations = -1");
}

TEST(Gmres, NameSaysRestartReorthogonalisationAndPreconditioner) {
  EXPECT_EQ(odekit::Gmres().name(), "GMRES(30)");
  EXPECT_EQ(
      odekit::Gmres({.restart = 20, .reorthogonalize = true}, std::make_unique<odekit::ILU0>())
          .name(),
      "GMRES(20)[reorth]+ILU(0)");
}

// ---------------------------------------------------------------------------------------------
// Preconditioners

TEST(ILU0, IsTheExactLUWhenThereIsNoFillIn) {
  // A tridiagonal matrix has no fill-in: ILU(0) = LU, so preconditioned GMRES needs one step.
  odekit_test::Triplets t;
  for (int i = 0; i < 30; ++i) {
    t.emplace_back(i, i, 2.5 + 0.1 * i);
    if (i > 0) t.emplace_back(i, i - 1, -1.0);
    if (i < 29) t.emplace_back(i, i + 1, -1.3);
  }
  const SparseMatrix A = odekit_test::from_triplets(30, t);
  odekit::Gmres gmres({}, std::make_unique<odekit::ILU0>());
  const odekit::SparseMatrixOperator op(A);
  ASSERT_EQ(gmres.setup(op), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(30, 10);
  Eigen::VectorXd x(30);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-12), Status::success);
  EXPECT_EQ(gmres.last().iterations, 1);
}

TEST(ILU0, ReproducesAOnItsPattern) {
  // The defining property of ILU(0): (L U)_ij = a_ij wherever a_ij is in the pattern
  // (Saad, 10.3.2). M = L U is recovered column by column from M^{-1}.
  const SparseMatrix A = odekit_test::convection_diffusion_2d(4, 2.0);
  odekit::ILU0 ilu;
  const odekit::SparseMatrixOperator op(A);
  ASSERT_EQ(ilu.setup(op), Status::success);
  Eigen::MatrixXd M_inverse(16, 16);
  for (int j = 0; j < 16; ++j) {
    const Eigen::VectorXd e = Eigen::VectorXd::Unit(16, j);
    Eigen::VectorXd column(16);
    ASSERT_EQ(ilu.apply(span(e), span(column)), Status::success);
    M_inverse.col(j) = column;
  }
  const Eigen::MatrixXd M = M_inverse.inverse();
  for (int j = 0; j < 16; ++j) {
    for (SparseMatrix::InnerIterator it(A, j); it; ++it) {
      EXPECT_NEAR(M(it.row(), j), it.value(), 1e-12) << "(" << it.row() << ", " << j << ")";
    }
  }
  // ... and it is not A: the fill-in it dropped shows outside the pattern.
  EXPECT_GT((M - Eigen::MatrixXd(A)).norm(), 1e-3);
}

TEST(Preconditioners, ZeroDiagonalOrPivotIsRecoverable) {
  // a_00 = 0: Jacobi has nothing to divide by, and ILU(0)'s first pivot is zero.
  const odekit::SparseMatrixOperator A(
      odekit_test::from_triplets(3, {{0, 1, 1.0}, {1, 0, 1.0}, {1, 1, 2.0}, {2, 2, 1.0}}));
  EXPECT_EQ(odekit::Jacobi().setup(A), Status::linear_solve_failed_recoverable);
  EXPECT_EQ(odekit::ILU0().setup(A), Status::linear_solve_failed_recoverable);
  odekit::Gmres gmres({}, std::make_unique<odekit::Jacobi>());
  EXPECT_EQ(gmres.setup(A), Status::linear_solve_failed_recoverable);
  EXPECT_EQ(gmres.stats().nfactor, 1);
}

TEST(Preconditioners, JacobiOnADiagonalMatrixIsExact) {
  SparseMatrix D(6, 6);
  for (int i = 0; i < 6; ++i) D.insert(i, i) = 1.0 + i * i;
  odekit::Gmres gmres({}, std::make_unique<odekit::Jacobi>());
  const odekit::DenseMatrixOperator op{Eigen::MatrixXd(D)};
  ASSERT_EQ(gmres.setup(op), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(6, 11);
  Eigen::VectorXd x(6);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-14), Status::success);
  EXPECT_EQ(gmres.last().iterations, 1);
}

TEST(Preconditioners, UserCallbacksAreCalledAndTheirStatusesPassedOn) {
  int setups = 0, applies = 0;
  Status setup_status = Status::success;
  auto user = std::make_unique<odekit::UserPreconditioner>(
      [&](const odekit::LinearOperator&) {
        ++setups;
        return setup_status;
      },
      [&](std::span<const double> r, std::span<double> z) {
        ++applies;
        std::copy(r.begin(), r.end(), z.begin());
        return Status::success;
      });
  EXPECT_EQ(user->requirement(), odekit::MatrixRequirement::matrix_free);
  EXPECT_EQ(user->name(), "user");
  odekit::Gmres gmres({}, std::move(user));
  const odekit::SparseMatrixOperator A(odekit_test::laplacian_2d(3));
  ASSERT_EQ(gmres.setup(A), Status::success);
  const Eigen::VectorXd b = odekit_test::random_vector(9, 12);
  Eigen::VectorXd x(9);
  ASSERT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::success);
  EXPECT_EQ(setups, 1);
  EXPECT_EQ(applies, gmres.last().iterations + 1);  // one per iteration, one for the update
  setup_status = Status::user_stopped;
  EXPECT_EQ(gmres.setup(A), Status::user_stopped);
  EXPECT_EQ(gmres.solve(span(b), span(x), 1e-10), Status::linear_solve_failed_recoverable);
}

TEST(Preconditioners, UserCallbacksMustBeGiven) {
  const auto setup = [](const odekit::LinearOperator&) { return Status::success; };
  expect_invalid_argument([&] { odekit::UserPreconditioner(setup, {}); }, "apply is empty");
  expect_invalid_argument(
      [&] {
        odekit::UserPreconditioner(
            {}, [](std::span<const double>, std::span<double>) { return Status::success; });
      },
      "setup is empty");
}

// ---------------------------------------------------------------------------------------------
// Factory

TEST(Factory, MakesEachSolverByName) {
  EXPECT_EQ(odekit::make_linear_solver("dense")->name(), "DenseLU");
  EXPECT_EQ(odekit::make_linear_solver("sparse")->name(), "SparseLU(KLU)");
  EXPECT_EQ(odekit::make_linear_solver("gmres")->name(), "GMRES(30)");
  const auto gmres =
      odekit::make_linear_solver("gmres", {.gmres = {.restart = 15}, .preconditioner = "ilu0"});
  EXPECT_EQ(gmres->name(), "GMRES(15)+ILU(0)");
  EXPECT_EQ(gmres->requirement(), odekit::MatrixRequirement::sparse);
  EXPECT_EQ(odekit::make_linear_solver("gmres", {.preconditioner = "jacobi"})->name(),
            "GMRES(30)+Jacobi");
  EXPECT_EQ(odekit::make_preconditioner("none"), nullptr);
  EXPECT_EQ(odekit::make_preconditioner("ilu0")->name(), "ILU(0)");
}

TEST(Factory, UnknownNamesListTheChoices) {
  expect_invalid_argument([] { (void)odekit::make_linear_solver("klu"); },
                          "unknown solver \"klu\", expected \"dense\", \"sparse\" or \"gmres\"");
  expect_invalid_argument(
      [] { (void)odekit::make_linear_solver("gmres", {.preconditioner = "ilut"}); },
      "expected \"none\", \"jacobi\" or \"ilu0\"");
  expect_invalid_argument(
      [] { (void)odekit::make_linear_solver("dense", {.preconditioner = "jacobi"}); },
      "preconditioners apply to \"gmres\"");
}

}  // namespace
