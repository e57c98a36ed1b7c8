#pragma once
// LinearOperator: a square operator y = A x, the "A" that a LinearSolver sets up and solves
// with. An operator may also expose the matrix it applies, assembled dense or sparse
// (column-major); direct solvers and matrix-based preconditioners need one, Krylov solvers
// only need apply().

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <cstddef>
#include <functional>
#include <span>

#include "odekit/core/status.hpp"

namespace odekit {

/// Which assembled form of the operator a solver or preconditioner needs in setup().
enum class MatrixRequirement {
  matrix_free,      ///< apply() is enough
  dense_or_sparse,  ///< dense_matrix() or sparse_matrix()
  sparse,           ///< sparse_matrix()
};

class LinearOperator {
 public:
  virtual ~LinearOperator() = default;

  /// Number of rows (= columns).
  virtual std::size_t size() const noexcept = 0;

  /// y = A x. x and y must have size() entries and must not overlap (std::invalid_argument
  /// otherwise). A matrix-free operator returns its callback's status (a recoverable status
  /// lets the integrator retry with a smaller step).
  Status apply(std::span<const double> x, std::span<double> y) const;

  /// The assembled matrix, when the operator has one (nullptr otherwise).
  virtual const Eigen::MatrixXd* dense_matrix() const noexcept { return nullptr; }
  virtual const Eigen::SparseMatrix<double>* sparse_matrix() const noexcept { return nullptr; }

  /// Whether this operator can serve a solver with requirement r.
  bool satisfies(MatrixRequirement r) const noexcept;

 protected:
  /// apply() after its checks: sizes are right and x, y do not overlap.
  virtual Status do_apply(std::span<const double> x, std::span<double> y) const = 0;
};

/// A dense matrix as an operator. matrix() may be changed in place between setups; its size
/// must stay square.
class DenseMatrixOperator final : public LinearOperator {
 public:
  /// Throws std::invalid_argument when A is empty or not square.
  explicit DenseMatrixOperator(Eigen::MatrixXd A);

  std::size_t size() const noexcept override { return static_cast<std::size_t>(m_A.rows()); }
  const Eigen::MatrixXd* dense_matrix() const noexcept override { return &m_A; }
  Eigen::MatrixXd& matrix() noexcept { return m_A; }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override;
  Eigen::MatrixXd m_A;
};

/// A sparse matrix (compressed column storage) as an operator. matrix() may have its values
/// changed in place between setups; a changed pattern is detected by the solvers (it costs a
/// new symbolic analysis), and the matrix must stay compressed.
class SparseMatrixOperator final : public LinearOperator {
 public:
  /// Throws std::invalid_argument when A is empty or not square. A is compressed here.
  explicit SparseMatrixOperator(Eigen::SparseMatrix<double> A);

  std::size_t size() const noexcept override { return static_cast<std::size_t>(m_A.rows()); }
  const Eigen::SparseMatrix<double>* sparse_matrix() const noexcept override { return &m_A; }
  Eigen::SparseMatrix<double>& matrix() noexcept { return m_A; }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override;
  Eigen::SparseMatrix<double> m_A;
};

namespace detail {

inline Eigen::Map<const Eigen::VectorXd> as_eigen(std::span<const double> v) noexcept {
  return {v.data(), static_cast<Eigen::Index>(v.size())};
}
inline Eigen::Map<Eigen::VectorXd> as_eigen(std::span<double> v) noexcept {
  return {v.data(), static_cast<Eigen::Index>(v.size())};
}
inline bool overlap(std::span<const double> a, std::span<const double> b) noexcept {
  const std::less<const double*> before;  // a total order, also across unrelated arrays
  return before(a.data(), b.data() + b.size()) && before(b.data(), a.data() + a.size());
}
/// Throws std::invalid_argument "<where>: <argument> has size m, expected n".
void require_size(const char* where, const char* argument, std::size_t size, std::size_t n);
/// Throws std::invalid_argument "<where>: <argument> is r x c, expected a non-empty square
/// matrix".
void require_square(const char* where, const char* argument, Eigen::Index rows, Eigen::Index cols);

}  // namespace detail

}  // namespace odekit
