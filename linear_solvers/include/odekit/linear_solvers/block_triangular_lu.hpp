#pragma once
// BlockTriangularLU: a direct solver for a block lower-triangular matrix with small diagonal
// blocks,
//
//   A = [ D_0              ]
//       [ L_10  D_1        ]
//       [ L_20  L_21  D_2  ]
//       [ ...            ...]
//
// setup() factors each diagonal block D_b by dense LU with partial pivoting (the pivot test of
// DenseLU); a block equal to the one before it (same size, same values) shares its factors.
// solve() runs block forward substitution, x_b = D_b^{-1} (b_b - sum_{c<b} L_bc x_c): one pass
// over A's entries plus the small dense solves. Consecutive blocks that share their factors
// and do not couple to each other are solved together, as one matrix right-hand side.
//
// Forward sensitivities give such matrices: the augmented system's W = I - gamma J_aug repeats
// the state's W on its diagonal once per direction (n + np times), each coupled only to the
// state's block. A general sparse LU factors every copy and solves them one by one; here one
// small factorisation per setup serves them all, and their solves are one multi-column solve.
//
// The block sizes are fixed at construction. setup() throws std::invalid_argument when A's
// size is not their sum, or when A has an entry above the diagonal blocks (naming it). A
// singular block is reported as linear_solve_failed_recoverable.

#include <cstddef>
#include <vector>

#include <Eigen/Dense>

#include "odekit/linear_solvers/linear_solver.hpp"
#include "odekit/linear_solvers/sparse_pattern.hpp"

namespace odekit {

class BlockTriangularLU final : public LinearSolver {
 public:
  /// block_sizes: the diagonal blocks' sizes, top to bottom. Throws std::invalid_argument when
  /// it is empty or has a zero.
  explicit BlockTriangularLU(std::vector<std::size_t> block_sizes);

  MatrixRequirement requirement() const noexcept override { return MatrixRequirement::sparse; }
  /// Diagonal blocks factored by the last setup() (the others shared a factorisation).
  std::size_t distinct_blocks() const noexcept { return m_distinct; }
  /// Groups of blocks solved together by the last setup()'s solves (at most the blocks).
  std::size_t solve_groups() const noexcept { return m_group_starts.size() - 1; }

 private:
  Status do_setup(const LinearOperator& A) override;
  Status do_solve(std::span<const double> b, std::span<double> x, double tol) override;
  /// Checks that A is block lower-triangular and finds which blocks each block reads (once
  /// per pattern).
  void analyse_pattern(const Eigen::SparseMatrix<double>& M);

  std::vector<std::size_t> m_starts;  // block b spans rows and columns [m_starts[b], m_starts[b+1])
  std::vector<std::size_t> m_block_of_row;
  std::vector<std::size_t> m_factor_of;  // the factor of block b, an index into m_factors
  std::vector<Eigen::PartialPivLU<Eigen::MatrixXd>> m_factors;
  std::size_t m_distinct = 0;
  // Groups [m_group_starts[g], m_group_starts[g+1]) of blocks: same factors, no coupling.
  std::vector<std::size_t> m_group_starts;
  std::vector<std::size_t> m_latest_coupling;  // per block: 1 + the last block it reads, or 0
  detail::SparsePattern m_pattern;             // the pattern analyse_pattern() checked
  Eigen::MatrixXd m_scratch;                   // a block being extracted, in its top-left corner
  Eigen::VectorXd m_rhs;                       // a group's right-hand sides during solve()
  const Eigen::SparseMatrix<double>* m_A = nullptr;
};

}  // namespace odekit
