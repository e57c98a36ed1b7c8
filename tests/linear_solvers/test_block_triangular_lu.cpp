// BlockTriangularLU: solves block lower-triangular systems to rounding error (against the
// residual), shares the factors of equal diagonal blocks without being fooled by blocks that
// differ, keeps the LinearSolver contract (no allocation in solve() or in repeated setups,
// singular blocks recoverable, misuse thrown with the argument named), and is what implicit
// methods pick when f declares its Jacobian's blocks.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

#include <odekit/linear_solvers/block_triangular_lu.hpp>
#include <odekit/linear_solvers/iteration_matrix.hpp>
#include <odekit/odekit.hpp>

#include <odekit_test/allocation_counter.hpp>
#include <odekit_test/errors.hpp>
#include "test_matrices.hpp"

namespace {

using odekit::BlockTriangularLU;
using odekit::Status;
using odekit_test::span;
using odekit_test::SparseMatrix;
using odekit_test::Triplets;

/// Block lower-triangular, the shape of a forward-sensitivity W: `copies` diagonal blocks equal
/// to I - 0.05 J (J a stiff chemistry Jacobian of size m) below a first one, each coupled to
/// the first block column by a random dense block, then `scalars` 1 x 1 blocks reading the
/// first block. `perturbed` (when < copies) gets a different diagonal block.
SparseMatrix sensitivity_shaped(int m, int copies, int scalars, int perturbed = -1,
                                bool chained = false) {
  const SparseMatrix J = odekit_test::stiff_chemistry_jacobian(m, 7);
  const Eigen::MatrixXd W = Eigen::MatrixXd::Identity(m, m) - 0.05 * Eigen::MatrixXd(J);
  const Eigen::MatrixXd H = Eigen::MatrixXd(odekit_test::random_diagonally_dominant(m, 3));
  Triplets t;
  const int n = m * (1 + copies) + scalars;
  for (int b = 0; b <= copies; ++b) {
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < m; ++j) {
        const double w = W(i, j) + (perturbed >= 0 && b == perturbed + 1 && i == j ? 0.5 : 0.0);
        if (w != 0) t.emplace_back(b * m + i, b * m + j, w);
        // Each copy reads the first block, or (chained) the block just before it.
        if (b > 0) t.emplace_back(b * m + i, (chained ? b - 1 : 0) * m + j, 0.01 * b * H(i, j));
      }
    }
  }
  for (int s = 0; s < scalars; ++s) {
    const int r = m * (1 + copies) + s;
    t.emplace_back(r, r, 1.0);
    for (int j = 0; j < m; ++j) t.emplace_back(r, j, -0.1 * (s + 1));
  }
  return odekit_test::from_triplets(n, t);
}

std::vector<std::size_t> sizes(int m, int copies, int scalars) {
  std::vector<std::size_t> s(static_cast<std::size_t>(1 + copies), static_cast<std::size_t>(m));
  s.resize(s.size() + static_cast<std::size_t>(scalars), 1);
  return s;
}

TEST(BlockTriangularLU, SolvesToRoundingErrorAndFactorsEqualBlocksOnce) {
  const SparseMatrix A = sensitivity_shaped(20, 12, 13);
  const odekit::SparseMatrixOperator op(A);
  BlockTriangularLU solver(sizes(20, 12, 13));
  ASSERT_EQ(solver.setup(op), Status::success);
  EXPECT_EQ(solver.distinct_blocks(), 2u);  // the 13 blocks of 20, and the 13 scalar rows
  EXPECT_EQ(solver.solve_groups(), 3u);     // the first block, the 12 copies, the scalar rows
  const Eigen::VectorXd b = odekit_test::random_vector(static_cast<int>(A.rows()), 4);
  Eigen::VectorXd x(A.rows());
  ASSERT_EQ(solver.solve(span(b), span(x), 0.0), Status::success);
  EXPECT_LE(odekit_test::relative_residual(A, x, b), 1e-13);
  EXPECT_EQ(solver.stats().nfactor, 1);
  EXPECT_EQ(solver.stats().nlinsolve, 1);
}

TEST(BlockTriangularLU, ADifferentDiagonalBlockGetsItsOwnFactors) {
  const SparseMatrix A = sensitivity_shaped(20, 6, 0, /*perturbed=*/3);
  const odekit::SparseMatrixOperator op(A);
  BlockTriangularLU solver(sizes(20, 6, 0));
  ASSERT_EQ(solver.setup(op), Status::success);
  EXPECT_EQ(solver.distinct_blocks(), 3u);  // before, the perturbed block, after it
  EXPECT_EQ(solver.solve_groups(), 4u);     // the first block apart from the copies it feeds
  const Eigen::VectorXd b = odekit_test::random_vector(static_cast<int>(A.rows()), 5);
  Eigen::VectorXd x(A.rows());
  ASSERT_EQ(solver.solve(span(b), span(x), 0.0), Status::success);
  EXPECT_LE(odekit_test::relative_residual(A, x, b), 1e-13);
}

TEST(BlockTriangularLU, ChainedBlocksAreSolvedOneAfterAnother) {
  const SparseMatrix A = sensitivity_shaped(8, 9, 0, -1, /*chained=*/true);
  const odekit::SparseMatrixOperator op(A);
  BlockTriangularLU solver(sizes(8, 9, 0));
  ASSERT_EQ(solver.setup(op), Status::success);
  EXPECT_EQ(solver.distinct_blocks(), 1u);
  EXPECT_EQ(solver.solve_groups(), 10u);  // each block reads the one before it
  const Eigen::VectorXd b = odekit_test::random_vector(static_cast<int>(A.rows()), 7);
  Eigen::VectorXd x(A.rows());
  ASSERT_EQ(solver.solve(span(b), span(x), 0.0), Status::success);
  EXPECT_LE(odekit_test::relative_residual(A, x, b), 1e-13);
}

TEST(BlockTriangularLU, FollowsAnIterationMatrixAcrossGammasWithoutAllocating) {
  const SparseMatrix A = sensitivity_shaped(10, 5, 6);
  odekit::SparseIterationMatrix W{A};  // W = I - gamma A, still block lower-triangular
  BlockTriangularLU solver(sizes(10, 5, 6));
  const Eigen::VectorXd b = odekit_test::random_vector(static_cast<int>(A.rows()), 6);
  Eigen::VectorXd x(A.rows());
  SparseMatrix I(A.rows(), A.cols());
  I.setIdentity();
  W.form(0.3);
  ASSERT_EQ(solver.setup(W), Status::success);
  long allocations = 0;  // in setup() and solve() only (the residual check allocates)
  for (const double gamma : {0.1, 0.02, 0.3}) {
    W.form(gamma);
    const long before = odekit_test::allocations();
    ASSERT_EQ(solver.setup(W), Status::success) << "gamma = " << gamma;
    ASSERT_EQ(solver.solve(span(b), span(x), 0.0), Status::success) << "gamma = " << gamma;
    allocations += odekit_test::allocations() - before;
    EXPECT_LE(odekit_test::relative_residual(SparseMatrix(I - gamma * A), x, b), 1e-13)
        << "gamma = " << gamma;
  }
  if (odekit_test::can_count_allocations()) {
    EXPECT_EQ(allocations, 0);
  }
}

TEST(BlockTriangularLU, SingularBlockIsRecoverableAndNeverNaN) {
  Triplets t{{0, 0, 2.0}, {1, 0, 1.0}, {1, 1, 1.0}, {2, 0, 1.0}, {3, 2, 1.0}, {3, 3, 1.0}};
  // Block {2, 3} = [[0, 0], [1, 1]] is singular.
  const odekit::SparseMatrixOperator op(odekit_test::from_triplets(4, t));
  BlockTriangularLU solver({2, 2});
  EXPECT_TRUE(odekit::is_recoverable(solver.setup(op)));
  const Eigen::VectorXd b = Eigen::VectorXd::Ones(4);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(4, 1.0);
  EXPECT_TRUE(odekit::is_recoverable(solver.solve(span(b), span(x), 0.0)));
  EXPECT_TRUE(x.allFinite());
}

TEST(BlockTriangularLU, MisuseIsThrownNamingWhatIsWrong) {
  EXPECT_MENTIONS(odekit_test::invalid_argument_message([] { BlockTriangularLU({}); }),
                  "block_sizes is empty");
  EXPECT_MENTIONS(odekit_test::invalid_argument_message([] {
                    BlockTriangularLU({3, 0});
                  }),
                  "block_sizes[1] is 0");
  const odekit::SparseMatrixOperator upper(odekit_test::from_triplets(
      4, {{0, 0, 1.0}, {1, 1, 1.0}, {1, 3, 2.0}, {2, 2, 1.0}, {3, 3, 1.0}}));
  EXPECT_MENTIONS(odekit_test::invalid_argument_message([&] {
                    BlockTriangularLU solver({2, 2});
                    (void)solver.setup(upper);
                  }),
                  "entry at (1, 3), above the diagonal block of column 3");
  EXPECT_MENTIONS(odekit_test::invalid_argument_message([&] {
                    BlockTriangularLU solver({2, 3});
                    (void)solver.setup(upper);
                  }),
                  "A has size 4, expected 5");
}

/// y' = -k y for a chain of two cells, the second fed by the first: df/dy is block lower
/// triangular with blocks {1, 1}, declared together with its sparsity.
struct Cascade {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P&, D&& dy) const {
    dy[0] = -1000.0 * y[0];
    dy[1] = 1000.0 * y[0] - 2.0 * y[1];
  }
  odekit::SparsityPattern jac_sparsity() const {
    return odekit::SparsityPattern(2, std::vector<odekit::MatrixIndex>{{0, 0}, {1, 0}, {1, 1}});
  }
  std::vector<std::size_t> jac_block_sizes() const { return {1, 1}; }
};

TEST(BlockTriangularLU, ImplicitMethodsUseItWhenFDeclaresTheBlocks) {
  odekit::OdeProblem problem{Cascade{}, {1.0, 0.0}, {0.0, 1.0}};
  odekit::Linearization<decltype(problem)> lin(problem, {.linsolve = odekit::LinSolve::sparse});
  EXPECT_EQ(lin.solver_name(), "BlockTriangularLU(2 blocks)");
  // The exact solution: y0 = e^{-1000 t}, y1 = 1000 / 998 (e^{-2 t} - e^{-1000 t}).
  const auto sol =
      odekit::solve(problem, odekit::Rodas5P{},
                    {.rtol = 1e-8, .atol = 1e-12, .linsolve = odekit::LinSolve::sparse});
  ASSERT_TRUE(sol.ok()) << sol.message();
  const double y1 = 1000.0 / 998.0 * (std::exp(-2.0) - std::exp(-1000.0));
  EXPECT_NEAR(sol.y.back()[1], y1, 1e-7 * y1);
}

}  // namespace
