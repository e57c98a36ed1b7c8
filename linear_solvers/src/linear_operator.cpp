#include "odekit/linear_solvers/linear_operator.hpp"

#include <stdexcept>
#include <string>

namespace odekit {

namespace detail {

void require_size(const char* where, const char* argument, std::size_t size, std::size_t n) {
  if (size != n) {
    throw std::invalid_argument(std::string(where) + ": " + argument + " has size " +
                                std::to_string(size) + ", expected " + std::to_string(n) +
                                " (the operator's size)");
  }
}

void require_square(const char* where, const char* argument, Eigen::Index rows, Eigen::Index cols) {
  if (rows == 0 || rows != cols) {
    throw std::invalid_argument(std::string(where) + ": " + argument + " is " +
                                std::to_string(rows) + " x " + std::to_string(cols) +
                                ", expected a non-empty square matrix");
  }
}

}  // namespace detail

Status LinearOperator::apply(std::span<const double> x, std::span<double> y) const {
  detail::require_size("LinearOperator::apply", "x", x.size(), size());
  detail::require_size("LinearOperator::apply", "y", y.size(), size());
  if (detail::overlap(x, y)) {
    throw std::invalid_argument("LinearOperator::apply: y overlaps x, pass separate vectors");
  }
  return do_apply(x, y);
}

bool LinearOperator::satisfies(MatrixRequirement r) const noexcept {
  switch (r) {
    case MatrixRequirement::matrix_free:
      return true;
    case MatrixRequirement::dense_or_sparse:
      return dense_matrix() != nullptr || sparse_matrix() != nullptr;
    case MatrixRequirement::sparse:
      return sparse_matrix() != nullptr;
  }
  return false;
}

DenseMatrixOperator::DenseMatrixOperator(Eigen::MatrixXd A) : m_A(std::move(A)) {
  detail::require_square("DenseMatrixOperator", "A", m_A.rows(), m_A.cols());
}

Status DenseMatrixOperator::do_apply(std::span<const double> x, std::span<double> y) const {
  detail::as_eigen(y).noalias() = m_A * detail::as_eigen(x);
  return Status::success;
}

SparseMatrixOperator::SparseMatrixOperator(Eigen::SparseMatrix<double> A) : m_A(std::move(A)) {
  detail::require_square("SparseMatrixOperator", "A", m_A.rows(), m_A.cols());
  m_A.makeCompressed();
}

Status SparseMatrixOperator::do_apply(std::span<const double> x, std::span<double> y) const {
  detail::as_eigen(y).noalias() = m_A * detail::as_eigen(x);
  return Status::success;
}

}  // namespace odekit
