// The LinearSolver contract, checked for every implementation (SUNDIALS test_sunlinsol.c,
// Eigen's check_sparse_square_solving): solves to the requested tolerance on systems of the
// kinds the integrators produce, repeated setups with changed values, no allocation in
// solve(), singular matrices reported as recoverable without NaN, misuse thrown with the
// argument named, and the work counted.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <tuple>

#include <odekit/linear_solvers/dense_lu.hpp>
#include <odekit/linear_solvers/gmres.hpp>
#include <odekit/linear_solvers/iteration_matrix.hpp>
#include <odekit/linear_solvers/sparse_lu.hpp>

#include <odekit_test/allocation_counter.hpp>
#include "test_matrices.hpp"

namespace {

using odekit::LinearOperator;
using odekit::LinearSolver;
using odekit::Status;
using odekit_test::span;
using odekit_test::SparseMatrix;

/// How the test hands a matrix to the solver: the solvers accept several forms, and each
/// case below exercises one.
enum class Form { dense, sparse, matrix_free };

/// An operator that only applies a matrix: what a user's matrix-free operator looks like.
class MatrixFreeOperator final : public LinearOperator {
 public:
  explicit MatrixFreeOperator(SparseMatrix A) : m_A(std::move(A)) {}
  std::size_t size() const noexcept override { return static_cast<std::size_t>(m_A.rows()); }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override {
    odekit::detail::as_eigen(y).noalias() = m_A * odekit::detail::as_eigen(x);
    return Status::success;
  }
  SparseMatrix m_A;
};

/// Forward Gauss-Seidel, M = D + L, as a user preconditioner on the assembled sparse matrix.
std::unique_ptr<odekit::Preconditioner> gauss_seidel() {
  auto matrix = std::make_shared<const SparseMatrix*>(nullptr);
  auto setup = [matrix](const LinearOperator& A) {
    const SparseMatrix& M = *A.sparse_matrix();
    for (Eigen::Index i = 0; i < M.rows(); ++i) {
      if (M.coeff(i, i) == 0) return Status::linear_solve_failed_recoverable;
    }
    *matrix = &M;
    return Status::success;
  };
  auto apply = [matrix](std::span<const double> r, std::span<double> z) {
    auto Z = odekit::detail::as_eigen(z);
    Z = odekit::detail::as_eigen(r);
    (*matrix)->triangularView<Eigen::Lower>().solveInPlace(Z);
    return Status::success;
  };
  return std::make_unique<odekit::UserPreconditioner>(
      setup, apply, odekit::MatrixRequirement::sparse, "Gauss-Seidel");
}

struct SolverCase {
  std::string name;
  std::function<std::unique_ptr<LinearSolver>()> make;
  Form form;
  bool iterative;
};

odekit::GmresOptions gmres_options(bool reorthogonalize = false) {
  return {.restart = 30, .max_iterations = 3000, .reorthogonalize = reorthogonalize};
}

void PrintTo(const SolverCase& c, std::ostream* os) {
  *os << c.name;
}

std::vector<SolverCase> solver_cases() {
  using odekit::Gmres;
  return {
      {"DenseLU", [] { return std::make_unique<odekit::DenseLU>(); }, Form::dense, false},
      {"SparseLU", [] { return std::make_unique<odekit::SparseLU>(); }, Form::sparse, false},
      {"Gmres", [] { return std::make_unique<Gmres>(gmres_options()); }, Form::matrix_free, true},
      {"GmresJacobi",
       [] { return std::make_unique<Gmres>(gmres_options(), std::make_unique<odekit::Jacobi>()); },
       Form::dense, true},
      {"GmresILU0",
       [] { return std::make_unique<Gmres>(gmres_options(), std::make_unique<odekit::ILU0>()); },
       Form::sparse, true},
      {"GmresUser", [] { return std::make_unique<Gmres>(gmres_options(), gauss_seidel()); },
       Form::sparse, true},
      {"GmresReorthJacobi",
       [] {
         return std::make_unique<Gmres>(gmres_options(true), std::make_unique<odekit::Jacobi>());
       },
       Form::sparse, true},
  };
}

/// A system A x = b. When J is set, A = I - gamma J and the operator is an IterationMatrix.
struct Problem {
  std::string name;
  SparseMatrix A;
  SparseMatrix J;
  double gamma = 0;
};

void PrintTo(const Problem& p, std::ostream* os) {
  *os << p.name;
}

std::vector<Problem> problems() {
  const SparseMatrix J = odekit_test::stiff_chemistry_jacobian(100, 7);
  const double gamma = 0.05;
  SparseMatrix I(J.rows(), J.cols());
  I.setIdentity();
  return {
      {"DenseDiagonallyDominant", odekit_test::random_diagonally_dominant(80, 1), {}, 0},
      {"Laplacian2D", odekit_test::laplacian_2d(16), {}, 0},
      {"ConvectionDiffusion2D", odekit_test::convection_diffusion_2d(16, 2.0), {}, 0},
      {"StiffChemistryW", SparseMatrix(I - gamma * J), J, gamma},
  };
}

/// The operator for a problem in the form a solver case asks for.
std::unique_ptr<LinearOperator> make_operator(const Problem& p, Form form) {
  if (p.J.size() == 0) {
    switch (form) {
      case Form::dense:
        return std::make_unique<odekit::DenseMatrixOperator>(Eigen::MatrixXd(p.A));
      case Form::sparse:
        return std::make_unique<odekit::SparseMatrixOperator>(p.A);
      case Form::matrix_free:
        return std::make_unique<MatrixFreeOperator>(p.A);
    }
  }
  std::unique_ptr<odekit::IterationMatrix> W;
  switch (form) {
    case Form::dense: {
      auto dense = std::make_unique<odekit::DenseIterationMatrix>(p.J.rows());
      dense->jacobian() = Eigen::MatrixXd(p.J);
      W = std::move(dense);
      break;
    }
    case Form::sparse:
      W = std::make_unique<odekit::SparseIterationMatrix>(p.J);
      break;
    case Form::matrix_free: {
      const SparseMatrix J = p.J;
      W = std::make_unique<odekit::MatrixFreeIterationMatrix>(
          J.rows(), [J](std::span<const double> v, std::span<double> Jv) {
            odekit::detail::as_eigen(Jv).noalias() = J * odekit::detail::as_eigen(v);
            return Status::success;
          });
      break;
    }
  }
  W->form(p.gamma);
  return W;
}

// ---------------------------------------------------------------------------------------------
// Solving, per solver and problem.

class ConformanceSolve : public ::testing::TestWithParam<std::tuple<SolverCase, Problem>> {};

TEST_P(ConformanceSolve, SolvesToTheRequestedTolerance) {
  const auto& [c, p] = GetParam();
  auto solver = c.make();
  const auto A = make_operator(p, c.form);
  ASSERT_EQ(solver->setup(*A), Status::success);
  const Eigen::Index n = p.A.rows();
  for (const double tol : {1e-4, 1e-10}) {
    const Eigen::VectorXd b = odekit_test::random_vector(static_cast<int>(n), 3);
    Eigen::VectorXd x(n);
    ASSERT_EQ(solver->solve(span(b), span(x), tol), Status::success) << "tol = " << tol;
    const double residual = odekit_test::relative_residual(p.A, x, b);
    if (c.iterative) {
      // The Givens estimate GMRES stops on equals the true residual up to rounding.
      EXPECT_LE(residual, 1.01 * tol) << "tol = " << tol;
      EXPECT_NEAR(solver->last().residual_norm, residual, 0.01 * tol + 1e-14);
      EXPECT_GT(solver->last().iterations, 0);
    } else {
      EXPECT_LE(residual, 1e-13);
      EXPECT_EQ(solver->last().iterations, 0);
    }
    EXPECT_EQ(solver->last().status, Status::success);
  }
}

std::string case_name(const ::testing::TestParamInfo<ConformanceSolve::ParamType>& info) {
  return std::get<0>(info.param).name + "_" + std::get<1>(info.param).name;
}

INSTANTIATE_TEST_SUITE_P(AllSolvers, ConformanceSolve,
                         ::testing::Combine(::testing::ValuesIn(solver_cases()),
                                            ::testing::ValuesIn(problems())),
                         case_name);

// ---------------------------------------------------------------------------------------------
// The rest of the contract, per solver, on W = I - gamma J of the chemistry problem.

class Conformance : public ::testing::TestWithParam<SolverCase> {
 protected:
  Problem w = problems().back();
};

TEST_P(Conformance, RepeatedSetupsFollowChangedValues) {
  const SolverCase& c = GetParam();
  auto solver = c.make();
  auto A = make_operator(w, c.form);
  auto& W = dynamic_cast<odekit::IterationMatrix&>(*A);
  const Eigen::VectorXd b = odekit_test::random_vector(100, 5);
  Eigen::VectorXd x(100);
  SparseMatrix I(100, 100);
  I.setIdentity();
  // A new gamma re-forms W from the same J (a new step size with the Jacobian reused).
  for (const double gamma : {0.05, 0.002, 0.02, 0.05}) {
    W.form(gamma);
    ASSERT_EQ(solver->setup(W), Status::success) << "gamma = " << gamma;
    ASSERT_EQ(solver->solve(span(b), span(x), 1e-10), Status::success) << "gamma = " << gamma;
    const SparseMatrix Wg = I - gamma * w.J;
    EXPECT_LE(odekit_test::relative_residual(Wg, x, b), c.iterative ? 1.01e-10 : 1e-13)
        << "gamma = " << gamma;
  }
}

TEST_P(Conformance, SolveAllocatesNothing) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  const SolverCase& c = GetParam();
  auto solver = c.make();
  auto A = make_operator(w, c.form);
  ASSERT_EQ(solver->setup(*A), Status::success);
  const Eigen::VectorXd b1 = odekit_test::random_vector(100, 1);
  const Eigen::VectorXd b2 = odekit_test::random_vector(100, 2);
  Eigen::VectorXd x(100);
  ASSERT_EQ(solver->solve(span(b1), span(x), 1e-8), Status::success);
  const long before = odekit_test::allocations();
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(solver->solve(span(i % 2 ? b1 : b2), span(x), 1e-8), Status::success);
  }
  EXPECT_EQ(odekit_test::allocations() - before, 0);
}

TEST_P(Conformance, SetupWithUnchangedShapeAllocatesNothing) {
  if (!odekit_test::can_count_allocations()) GTEST_SKIP() << "allocations not countable here";
  const SolverCase& c = GetParam();
  auto solver = c.make();
  auto A = make_operator(w, c.form);
  auto& W = dynamic_cast<odekit::IterationMatrix&>(*A);
  ASSERT_EQ(solver->setup(W), Status::success);
  const long before = odekit_test::allocations();
  for (const double gamma : {0.04, 0.06, 0.05}) {
    W.form(gamma);
    ASSERT_EQ(solver->setup(W), Status::success);
  }
  EXPECT_EQ(odekit_test::allocations() - before, 0);
}

TEST_P(Conformance, SingularMatrixIsRecoverableAndNeverNaN) {
  const SolverCase& c = GetParam();
  // Row and column 7 are zero: singular for every method, structurally and numerically.
  odekit_test::Triplets t;
  for (int i = 0; i < 40; ++i) {
    if (i == 7) continue;
    t.emplace_back(i, i, 3.0);
    if (i + 1 < 40 && i + 1 != 7) t.emplace_back(i, i + 1, -1.0);
    if (i > 0 && i - 1 != 7) t.emplace_back(i, i - 1, -1.0);
  }
  const Problem singular{"Singular", odekit_test::from_triplets(40, t), {}, 0};
  auto solver = c.make();
  auto A = make_operator(singular, c.form);
  const Status setup = solver->setup(*A);
  EXPECT_TRUE(setup == Status::success || odekit::is_recoverable(setup)) << name(setup);
  const Eigen::VectorXd b = Eigen::VectorXd::Ones(40);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(40, 1.0);
  const Status s = solver->solve(span(b), span(x), 1e-10);
  EXPECT_TRUE(odekit::is_recoverable(s)) << name(s);
  EXPECT_TRUE(x.allFinite());
  EXPECT_EQ(solver->last().status, s);
}

TEST_P(Conformance, RankDeficientMatrixIsRecoverableAndNeverNaN) {
  const SolverCase& c = GetParam();
  // Every entry and diagonal is nonzero, but row 2 = row 0 + row 1: only the factorisation
  // (or the Krylov iteration) can tell. Jacobi-type set-ups succeed here.
  Eigen::MatrixXd M = Eigen::MatrixXd(odekit_test::random_diagonally_dominant(12, 9));
  M.row(2) = M.row(0) + M.row(1);
  const Problem deficient{"RankDeficient", M.sparseView(), {}, 0};
  auto solver = c.make();
  auto A = make_operator(deficient, c.form);
  const Status setup = solver->setup(*A);
  EXPECT_TRUE(setup == Status::success || odekit::is_recoverable(setup)) << name(setup);
  const Eigen::VectorXd b = odekit_test::random_vector(12, 4);  // not in the range
  Eigen::VectorXd x(12);
  const Status s = solver->solve(span(b), span(x), 1e-10);
  EXPECT_TRUE(odekit::is_recoverable(s)) << name(s);
  EXPECT_TRUE(x.allFinite());
}

TEST_P(Conformance, MisuseThrowsNamingTheArgument) {
  const SolverCase& c = GetParam();
  auto solver = c.make();
  Eigen::VectorXd b = Eigen::VectorXd::Ones(100), x(100), short_vector(99);
  EXPECT_THROW((void)solver->solve(span(b), span(x), 1e-8), std::logic_error);

  auto A = make_operator(w, c.form);
  ASSERT_EQ(solver->setup(*A), Status::success);
  const auto expect_invalid = [&](auto&& call, const std::string& needle) {
    try {
      call();
      ADD_FAILURE() << "expected std::invalid_argument mentioning \"" << needle << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_invalid([&] { (void)solver->solve(span(short_vector), span(x), 1e-8); }, "b has size 99");
  expect_invalid([&] { (void)solver->solve(span(b), span(short_vector), 1e-8); }, "x has size 99");
  expect_invalid([&] { (void)solver->solve(span(b), span(b), 1e-8); }, "x overlaps b");
  expect_invalid([&] { (void)solver->solve(span(b), span(x), -1.0); }, "tol = -1");
  if (solver->needs_assembled_matrix()) {
    const MatrixFreeOperator matrix_free(w.A);
    expect_invalid([&] { (void)solver->setup(matrix_free); }, "has no assembled matrix");
  }
}

TEST_P(Conformance, CountsItsWork) {
  const SolverCase& c = GetParam();
  auto solver = c.make();
  auto A = make_operator(w, c.form);
  const Eigen::VectorXd b = odekit_test::random_vector(100, 8);
  Eigen::VectorXd x(100);
  long iterations = 0;
  for (int setup = 0; setup < 2; ++setup) {
    ASSERT_EQ(solver->setup(*A), Status::success);
    for (int s = 0; s < 3; ++s) {
      ASSERT_EQ(solver->solve(span(b), span(x), 1e-9), Status::success);
      iterations += solver->last().iterations;
    }
  }
  // Direct solvers factor, and GMRES sets up its preconditioner (all of them here need a
  // matrix), on every setup.
  EXPECT_EQ(solver->stats().nfactor, solver->needs_assembled_matrix() ? 2 : 0);
  EXPECT_EQ(solver->stats().nlinsolve, 6);
  EXPECT_EQ(solver->stats().nlinear_iter, iterations);
  EXPECT_EQ(iterations > 0, c.iterative);
  EXPECT_EQ(solver->size(), 100u);
}

TEST_P(Conformance, ZeroRightHandSideGivesZero) {
  const SolverCase& c = GetParam();
  auto solver = c.make();
  auto A = make_operator(w, c.form);
  ASSERT_EQ(solver->setup(*A), Status::success);
  const Eigen::VectorXd b = Eigen::VectorXd::Zero(100);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(100, 3.0);
  ASSERT_EQ(solver->solve(span(b), span(x), 1e-10), Status::success);
  EXPECT_EQ(x.cwiseAbs().maxCoeff(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(AllSolvers, Conformance, ::testing::ValuesIn(solver_cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
