#pragma once
// Preconditioners for the Krylov solvers: M ~ A, applied as z = M^{-1} r. GMRES applies them
// on the right (Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed., 9.3.2), so the
// residual it monitors is the true residual of A x = b whatever M is.
//
//   Jacobi       M = diag(A). O(n) setup and apply. Enough when A is diagonally dominant,
//                e.g. W = I - gamma J for small gamma or a stiff, weakly coupled J.
//   ILU0         incomplete LU with zero fill-in: L U restricted to A's pattern (Saad 10.3.2).
//                O(nnz * row length) setup, O(nnz) apply; much stronger on PDE-like matrices.
//   UserPreconditioner   the caller's setup and apply callbacks (block Jacobi, multigrid,
//                a physics-based M, ...).
//
// setup() may allocate on the first call and when the size or pattern changes; apply()
// never allocates.

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "odekit/core/status.hpp"
#include "odekit/linear_solvers/linear_operator.hpp"
#include "odekit/linear_solvers/sparse_pattern.hpp"

namespace odekit {

class Preconditioner {
 public:
  virtual ~Preconditioner() = default;

  virtual std::string_view name() const noexcept = 0;
  virtual MatrixRequirement requirement() const noexcept = 0;
  /// Builds M from A. Returns a recoverable failure when M would be singular (Jacobi and
  /// ILU0: a diagonal entry or pivot below 100 eps of its row's largest entry, or non-finite
  /// values). Callers check A's assembled form first.
  virtual Status setup(const LinearOperator& A) = 0;
  /// z = M^{-1} r; r and z have the size of the last setup and do not overlap.
  virtual Status apply(std::span<const double> r, std::span<double> z) const = 0;
};

class Jacobi final : public Preconditioner {
 public:
  std::string_view name() const noexcept override { return "Jacobi"; }
  MatrixRequirement requirement() const noexcept override {
    return MatrixRequirement::dense_or_sparse;
  }
  Status setup(const LinearOperator& A) override;
  Status apply(std::span<const double> r, std::span<double> z) const override;

 private:
  Eigen::VectorXd m_inverse_diagonal;
  Eigen::VectorXd m_row_scale;  // largest |a_ij| of each row
};

class ILU0 final : public Preconditioner {
 public:
  std::string_view name() const noexcept override { return "ILU(0)"; }
  MatrixRequirement requirement() const noexcept override { return MatrixRequirement::sparse; }
  Status setup(const LinearOperator& A) override;
  Status apply(std::span<const double> r, std::span<double> z) const override;

 private:
  void build_structure(const Eigen::SparseMatrix<double>& A);

  // L (unit lower, below the diagonal) and U (upper, with the diagonal) share one compressed
  // row storage with A's pattern: the row-oriented IKJ elimination needs rows.
  detail::SparsePattern m_pattern;  // the A the structure below was built for
  std::vector<int> m_row_start, m_column, m_diagonal;
  std::vector<int> m_from_csc;  // position in A's (column) values of each row-storage entry
  std::vector<double> m_values;
  std::vector<int> m_position;  // work: row-storage position of column j in the current row
};

/// The caller's preconditioner as two callbacks. `requirement` declares what setup needs from
/// the operator (GMRES checks it before calling setup).
class UserPreconditioner final : public Preconditioner {
 public:
  using SetupFunction = std::function<Status(const LinearOperator& A)>;
  using ApplyFunction = std::function<Status(std::span<const double> r, std::span<double> z)>;

  /// Throws std::invalid_argument when setup or apply is empty.
  UserPreconditioner(SetupFunction setup, ApplyFunction apply,
                     MatrixRequirement requirement = MatrixRequirement::matrix_free,
                     std::string name = "user");

  std::string_view name() const noexcept override { return m_name; }
  MatrixRequirement requirement() const noexcept override { return m_requirement; }
  Status setup(const LinearOperator& A) override { return m_setup(A); }
  Status apply(std::span<const double> r, std::span<double> z) const override {
    return m_apply(r, z);
  }

 private:
  SetupFunction m_setup;
  ApplyFunction m_apply;
  MatrixRequirement m_requirement;
  std::string m_name;
};

}  // namespace odekit
