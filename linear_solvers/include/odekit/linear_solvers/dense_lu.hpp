#pragma once
// DenseLU: LU factorisation with partial (row) pivoting of a dense matrix, Eigen's
// PartialPivLU. Cost: (2/3) n^3 flops per setup, 2 n^2 per solve; the choice for small
// systems (n up to a few hundred) and for dense Jacobians.
//
// Partial rather than full pivoting: it is about twice as fast, as stable in practice for the
// iteration matrices W = I - gamma J it serves, and its solve allocates nothing. Partial
// pivoting does not reveal rank, so setup() tests the pivots instead: a non-finite entry, or
// a pivot below n * eps * (largest pivot) (a reciprocal condition number that low leaves no
// correct digit), is reported as a singular matrix (linear_solve_failed_recoverable).

#include <Eigen/LU>

#include "odekit/linear_solvers/linear_solver.hpp"

namespace odekit {

class DenseLU final : public LinearSolver {
 public:
  DenseLU() : LinearSolver("DenseLU") {}

  /// A dense operator is factored as is; a sparse one is copied into dense storage first.
  MatrixRequirement requirement() const noexcept override {
    return MatrixRequirement::dense_or_sparse;
  }

 private:
  Status do_setup(const LinearOperator& A) override;
  Status do_solve(std::span<const double> b, std::span<double> x, double tol) override;

  Eigen::PartialPivLU<Eigen::MatrixXd> m_lu;
};

namespace detail {

/// The pivot test of DenseLU::setup: finite factors, and no pivot below n * eps * (largest).
bool regular_lu(const Eigen::PartialPivLU<Eigen::MatrixXd>& lu) noexcept;

}  // namespace detail

}  // namespace odekit
