// LinearOperator and the iteration matrix W = I - gamma J in its dense, sparse and matrix-free
// forms: what they apply, how W is re-formed for a new gamma without touching J, and what
// misuse throws.
#include <gtest/gtest.h>

#include <string>

#include <odekit/linear_solvers/iteration_matrix.hpp>
#include <odekit/linear_solvers/linear_operator.hpp>

#include <odekit_test/allocation_counter.hpp>
#include "test_matrices.hpp"

namespace {

using odekit::MatrixRequirement;
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

/// A Jacobian with some diagonal entries missing from its pattern: W must add them.
SparseMatrix jacobian_without_some_diagonals() {
  odekit_test::Triplets t{{0, 0, -2.0}, {1, 0, 1.0}, {0, 2, 3.0},  {2, 1, -4.0}, {3, 3, -5.0},
                          {3, 1, 0.5},  {1, 3, 2.0}, {4, 4, -1.0}, {0, 4, 7.0}};
  return odekit_test::from_triplets(5, t);  // no (1, 1), no (2, 2)
}

Eigen::MatrixXd identity_minus(double gamma, const Eigen::MatrixXd& J) {
  return Eigen::MatrixXd::Identity(J.rows(), J.cols()) - gamma * J;
}

TEST(MatrixOperators, ApplyTheirMatrixAndExposeIt) {
  const SparseMatrix A = odekit_test::convection_diffusion_2d(4, 1.0);
  const Eigen::VectorXd x = odekit_test::random_vector(16, 1);
  Eigen::VectorXd y(16);

  const odekit::SparseMatrixOperator sparse(A);
  ASSERT_EQ(sparse.apply(span(x), span(y)), Status::success);
  EXPECT_LE((y - A * x).norm(), 1e-14);
  EXPECT_EQ(sparse.size(), 16u);
  EXPECT_NE(sparse.sparse_matrix(), nullptr);
  EXPECT_EQ(sparse.dense_matrix(), nullptr);
  EXPECT_TRUE(sparse.satisfies(MatrixRequirement::sparse));

  const odekit::DenseMatrixOperator dense{Eigen::MatrixXd(A)};
  ASSERT_EQ(dense.apply(span(x), span(y)), Status::success);
  EXPECT_LE((y - A * x).norm(), 1e-14);
  EXPECT_NE(dense.dense_matrix(), nullptr);
  EXPECT_EQ(dense.sparse_matrix(), nullptr);
  EXPECT_TRUE(dense.satisfies(MatrixRequirement::dense_or_sparse));
  EXPECT_FALSE(dense.satisfies(MatrixRequirement::sparse));
}

TEST(MatrixOperators, MisuseThrowsNamingTheArgument) {
  expect_invalid_argument([] { odekit::DenseMatrixOperator(Eigen::MatrixXd(2, 3)); }, "A is 2 x 3");
  expect_invalid_argument([] { odekit::SparseMatrixOperator(SparseMatrix(0, 0)); }, "A is 0 x 0");
  const odekit::SparseMatrixOperator A(odekit_test::laplacian_2d(3));
  Eigen::VectorXd x(9), y(9), short_vector(8);
  expect_invalid_argument([&] { (void)A.apply(span(short_vector), span(y)); }, "x has size 8");
  expect_invalid_argument([&] { (void)A.apply(span(x), span(short_vector)); }, "y has size 8");
  expect_invalid_argument([&] { (void)A.apply(span(x), span(x)); }, "y overlaps x");
}

TEST(DenseIterationMatrix, FormsIdentityMinusGammaJAndReformsWithoutJ) {
  odekit::DenseIterationMatrix W(5);
  EXPECT_EQ(*W.dense_matrix(), Eigen::MatrixXd::Identity(5, 5));  // J = 0, gamma = 0
  const Eigen::MatrixXd J = Eigen::MatrixXd(jacobian_without_some_diagonals());
  W.jacobian() = J;
  W.form(0.25);
  EXPECT_EQ(W.gamma(), 0.25);
  EXPECT_LE((*W.dense_matrix() - identity_minus(0.25, J)).norm(), 1e-15);
  W.form(-3.0);  // a new gamma: J stays, W follows
  EXPECT_EQ(W.jacobian(), J);
  EXPECT_LE((*W.dense_matrix() - identity_minus(-3.0, J)).norm(), 1e-14);

  const Eigen::VectorXd x = odekit_test::random_vector(5, 2);
  Eigen::VectorXd y(5);
  ASSERT_EQ(W.apply(span(x), span(y)), Status::success);
  EXPECT_LE((y - identity_minus(-3.0, J) * x).norm(), 1e-13);
}

TEST(SparseIterationMatrix, AddsTheDiagonalToJsPatternAndMatchesTheDenseForm) {
  const SparseMatrix J = jacobian_without_some_diagonals();
  odekit::SparseIterationMatrix W(J);
  W.form(0.5);
  const SparseMatrix& Ws = *W.sparse_matrix();
  EXPECT_TRUE(Ws.isCompressed());
  EXPECT_EQ(Ws.nonZeros(), J.nonZeros() + 2);
  EXPECT_LE((Eigen::MatrixXd(Ws) - identity_minus(0.5, Eigen::MatrixXd(J))).norm(), 1e-15);
  for (int i = 0; i < 5; ++i) EXPECT_NE(Ws.coeff(i, i), 0.0);
}

TEST(SparseIterationMatrix, ReformingKeepsThePatternAndAllocatesNothing) {
  odekit::SparseIterationMatrix W(odekit_test::stiff_chemistry_jacobian(50, 3));
  W.form(0.1);
  const SparseMatrix before = *W.sparse_matrix();
  const long allocations = odekit_test::allocations();
  W.form(0.01);
  W.jacobian().coeffs() *= 2;  // a new Jacobian, same pattern
  W.form(0.02);
  if (odekit_test::can_count_allocations()) {
    EXPECT_EQ(odekit_test::allocations() - allocations, 0);
  }
  const SparseMatrix& after = *W.sparse_matrix();
  ASSERT_EQ(after.nonZeros(), before.nonZeros());
  EXPECT_TRUE(std::equal(before.innerIndexPtr(), before.innerIndexPtr() + before.nonZeros(),
                         after.innerIndexPtr()));
  // 0.02 * 2 J = 0.04 J
  const Eigen::MatrixXd J = Eigen::MatrixXd(odekit_test::stiff_chemistry_jacobian(50, 3));
  EXPECT_LE((Eigen::MatrixXd(after) - identity_minus(0.04, J)).norm(),
            1e-14 * identity_minus(0.04, J).norm());
}

TEST(SparseIterationMatrix, FollowsAChangedPatternOfJ) {
  odekit::SparseIterationMatrix W(jacobian_without_some_diagonals());
  W.jacobian().coeffRef(2, 2) = 10.0;  // a new entry (on a diagonal W had added)
  W.jacobian().coeffRef(4, 0) = -6.0;  // and a new off-diagonal one
  W.form(0.5);
  const Eigen::MatrixXd J = Eigen::MatrixXd(W.jacobian());
  EXPECT_EQ(J(2, 2), 10.0);
  EXPECT_LE((Eigen::MatrixXd(*W.sparse_matrix()) - identity_minus(0.5, J)).norm(), 1e-15);
}

TEST(MatrixFreeIterationMatrix, AppliesWWithOneCountedJvp) {
  const SparseMatrix J = odekit_test::stiff_chemistry_jacobian(30, 4);
  odekit::MatrixFreeIterationMatrix W(30, [&J](std::span<const double> v, std::span<double> Jv) {
    odekit::detail::as_eigen(Jv).noalias() = J * odekit::detail::as_eigen(v);
    return Status::success;
  });
  EXPECT_EQ(W.dense_matrix(), nullptr);
  EXPECT_EQ(W.sparse_matrix(), nullptr);
  EXPECT_TRUE(W.satisfies(MatrixRequirement::matrix_free));
  EXPECT_FALSE(W.satisfies(MatrixRequirement::dense_or_sparse));
  W.form(0.01);
  const Eigen::VectorXd x = odekit_test::random_vector(30, 5);
  Eigen::VectorXd y(30);
  ASSERT_EQ(W.apply(span(x), span(y)), Status::success);
  ASSERT_EQ(W.apply(span(x), span(y)), Status::success);
  EXPECT_LE((y - identity_minus(0.01, Eigen::MatrixXd(J)) * x).norm(), 1e-12 * y.norm());
  EXPECT_EQ(W.stats().njvp, 2);
}

TEST(MatrixFreeIterationMatrix, PassesTheJvpStatusOn) {
  odekit::MatrixFreeIterationMatrix W(3, [](std::span<const double>, std::span<double>) {
    return Status::rhs_not_finite_recoverable;
  });
  Eigen::VectorXd x = Eigen::VectorXd::Ones(3), y(3);
  EXPECT_EQ(W.apply(span(x), span(y)), Status::rhs_not_finite_recoverable);
}

TEST(IterationMatrices, MisuseThrowsNamingTheArgument) {
  expect_invalid_argument([] { odekit::DenseIterationMatrix(0); }, "n = 0");
  expect_invalid_argument([] { odekit::SparseIterationMatrix(SparseMatrix(3, 4)); }, "J is 3 x 4");
  expect_invalid_argument([] { odekit::MatrixFreeIterationMatrix(3, {}); }, "jvp is empty");
  odekit::DenseIterationMatrix W(2);
  expect_invalid_argument([&] { W.form(std::nan("")); }, "gamma = nan");
}

}  // namespace
