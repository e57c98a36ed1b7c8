#include "odekit/linear_solvers/iteration_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "odekit/core/format.hpp"

namespace odekit {

void IterationMatrix::require_finite_gamma(double gamma) {
  if (!std::isfinite(gamma)) {
    throw std::invalid_argument("IterationMatrix::form: gamma = " + detail::num(gamma) +
                                ", expected a finite value");
  }
}

DenseIterationMatrix::DenseIterationMatrix(std::size_t n) {
  if (n == 0) throw std::invalid_argument("DenseIterationMatrix: n = 0, expected n >= 1");
  const auto m = static_cast<Eigen::Index>(n);
  m_J = Eigen::MatrixXd::Zero(m, m);
  m_W = Eigen::MatrixXd::Identity(m, m);
}

void DenseIterationMatrix::form(double gamma) {
  require_finite_gamma(gamma);
  m_gamma = gamma;
  m_W = -gamma * m_J;
  m_W.diagonal().array() += 1.0;
}

Status DenseIterationMatrix::do_apply(std::span<const double> x, std::span<double> y) const {
  detail::as_eigen(y).noalias() = m_W * detail::as_eigen(x);
  return Status::success;
}

SparseIterationMatrix::SparseIterationMatrix(Eigen::SparseMatrix<double> J) : m_J(std::move(J)) {
  detail::require_square("SparseIterationMatrix", "J", m_J.rows(), m_J.cols());
  m_J.makeCompressed();
  build_pattern();
  form(0.0);
}

void SparseIterationMatrix::build_pattern() {
  const Eigen::Index n = m_J.cols();
  // W's pattern: each column of J with its diagonal entry merged in (row indices sorted).
  Eigen::SparseMatrix<double> W(n, n);
  Eigen::VectorXi per_column(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    bool has_diagonal = false;
    for (Eigen::SparseMatrix<double>::InnerIterator it(m_J, j); it; ++it) {
      has_diagonal = has_diagonal || it.row() == j;
    }
    per_column[j] = static_cast<int>(m_J.col(j).nonZeros()) + (has_diagonal ? 0 : 1);
  }
  W.reserve(per_column);
  for (Eigen::Index j = 0; j < n; ++j) {
    bool diagonal_done = false;
    for (Eigen::SparseMatrix<double>::InnerIterator it(m_J, j); it; ++it) {
      if (!diagonal_done && it.row() > j) {
        W.insert(j, j) = 0;
        diagonal_done = true;
      }
      W.insert(it.row(), j) = 0;
      diagonal_done = diagonal_done || it.row() == j;
    }
    if (!diagonal_done) W.insert(j, j) = 0;
  }
  W.makeCompressed();

  m_J_to_W.resize(static_cast<std::size_t>(m_J.nonZeros()));
  m_diagonal.resize(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) {
    int w = W.outerIndexPtr()[j];
    for (int k = m_J.outerIndexPtr()[j]; k < m_J.outerIndexPtr()[j + 1]; ++k) {
      while (W.innerIndexPtr()[w] != m_J.innerIndexPtr()[k]) ++w;
      m_J_to_W[static_cast<std::size_t>(k)] = w;
    }
    for (w = W.outerIndexPtr()[j]; W.innerIndexPtr()[w] != j;) ++w;
    m_diagonal[static_cast<std::size_t>(j)] = w;
  }
  m_W = std::move(W);
  m_J_pattern.assign(m_J);
}

void SparseIterationMatrix::form(double gamma) {
  require_finite_gamma(gamma);
  if (!m_J.isCompressed()) m_J.makeCompressed();
  if (!m_J_pattern.matches(m_J)) {
    detail::require_square("SparseIterationMatrix::form", "J", m_J.rows(), m_J.cols());
    build_pattern();
  }
  m_gamma = gamma;
  double* w = m_W.valuePtr();
  const double* j = m_J.valuePtr();
  std::fill(w, w + m_W.nonZeros(), 0.0);
  for (std::size_t k = 0; k < m_J_to_W.size(); ++k) w[m_J_to_W[k]] = -gamma * j[k];
  for (const int d : m_diagonal) w[d] += 1.0;
}

Status SparseIterationMatrix::do_apply(std::span<const double> x, std::span<double> y) const {
  detail::as_eigen(y).noalias() = m_W * detail::as_eigen(x);
  return Status::success;
}

MatrixFreeIterationMatrix::MatrixFreeIterationMatrix(std::size_t n, JvpFunction jvp)
    : m_n(n), m_jvp(std::move(jvp)) {
  if (n == 0) throw std::invalid_argument("MatrixFreeIterationMatrix: n = 0, expected n >= 1");
  if (!m_jvp) throw std::invalid_argument("MatrixFreeIterationMatrix: jvp is empty");
}

void MatrixFreeIterationMatrix::form(double gamma) {
  require_finite_gamma(gamma);
  m_gamma = gamma;
}

Status MatrixFreeIterationMatrix::do_apply(std::span<const double> x, std::span<double> y) const {
  ++m_stats.njvp;
  if (const Status s = m_jvp(x, y); s != Status::success) return s;
  detail::as_eigen(y) = detail::as_eigen(x) - m_gamma * detail::as_eigen(y);
  return Status::success;
}

PreconditionedMatrixFreeIterationMatrix::PreconditionedMatrixFreeIterationMatrix(
    std::unique_ptr<IterationMatrix> assembled, JvpFunction jvp)
    : m_assembled(std::move(assembled)),
      m_free(m_assembled ? m_assembled->size() : 0, std::move(jvp)) {}

void PreconditionedMatrixFreeIterationMatrix::form(double gamma) {
  m_free.form(gamma);
  m_assembled->form(gamma);
  m_gamma = gamma;
}

Status PreconditionedMatrixFreeIterationMatrix::do_apply(std::span<const double> x,
                                                         std::span<double> y) const {
  return m_free.apply(x, y);
}

}  // namespace odekit
