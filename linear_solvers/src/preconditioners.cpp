#include "odekit/linear_solvers/preconditioners.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace odekit {

namespace {
// A pivot (or diagonal entry) below this fraction of its row's largest entry is treated as zero:
// dividing by it would amplify rounding errors by more than 1 / (100 eps). Relative to the row,
// so that the test does not depend on the matrix's scaling.
constexpr double negligible_pivot = 100 * std::numeric_limits<double>::epsilon();
}  // namespace

Status Jacobi::setup(const LinearOperator& A) {
  const auto n = static_cast<Eigen::Index>(A.size());
  m_inverse_diagonal.resize(n);
  m_row_scale.resize(n);
  if (const Eigen::MatrixXd* dense = A.dense_matrix()) {
    m_inverse_diagonal = dense->diagonal();
    m_row_scale = dense->cwiseAbs().rowwise().maxCoeff();
  } else {
    const Eigen::SparseMatrix<double>& M = *A.sparse_matrix();
    m_inverse_diagonal = M.diagonal();
    m_row_scale.setZero();
    for (Eigen::Index j = 0; j < n; ++j) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(M, j); it; ++it) {
        m_row_scale[it.row()] = std::max(m_row_scale[it.row()], std::abs(it.value()));
      }
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const double d = m_inverse_diagonal[i];
    if (!std::isfinite(d) || !(std::abs(d) > negligible_pivot * m_row_scale[i])) {
      return Status::linear_solve_failed_recoverable;
    }
    m_inverse_diagonal[i] = 1 / d;
  }
  return Status::success;
}

Status Jacobi::apply(std::span<const double> r, std::span<double> z) const {
  detail::as_eigen(z) = m_inverse_diagonal.cwiseProduct(detail::as_eigen(r));
  return Status::success;
}

void ILU0::build_structure(const Eigen::SparseMatrix<double>& A) {
  // Transpose A's column storage into row storage; a counting sort keeps the columns of each
  // row in increasing order, which the elimination and the triangular solves rely on.
  const int n = static_cast<int>(A.cols());
  const int nnz = static_cast<int>(A.nonZeros());
  const int* outer = A.outerIndexPtr();
  const int* inner = A.innerIndexPtr();
  m_row_start.assign(static_cast<std::size_t>(n) + 1, 0);
  for (int k = 0; k < nnz; ++k) ++m_row_start[static_cast<std::size_t>(inner[k]) + 1];
  for (int i = 0; i < n; ++i) m_row_start[i + 1] += m_row_start[i];
  m_column.resize(static_cast<std::size_t>(nnz));
  m_from_csc.resize(static_cast<std::size_t>(nnz));
  std::vector<int> next(m_row_start.begin(), m_row_start.end() - 1);
  for (int j = 0; j < n; ++j) {
    for (int k = outer[j]; k < outer[j + 1]; ++k) {
      const int p = next[static_cast<std::size_t>(inner[k])]++;
      m_column[static_cast<std::size_t>(p)] = j;
      m_from_csc[static_cast<std::size_t>(p)] = k;
    }
  }
  m_diagonal.assign(static_cast<std::size_t>(n), -1);
  for (int i = 0; i < n; ++i) {
    for (int p = m_row_start[i]; p < m_row_start[i + 1]; ++p) {
      if (m_column[p] == i) m_diagonal[i] = p;
    }
  }
  m_values.resize(static_cast<std::size_t>(nnz));
  m_position.assign(static_cast<std::size_t>(n), -1);
  m_pattern.assign(A);
}

Status ILU0::setup(const LinearOperator& A) {
  const Eigen::SparseMatrix<double>& M = *A.sparse_matrix();
  if (!M.isCompressed()) {
    throw std::invalid_argument(
        "ILU0::setup: A's sparse matrix is not compressed; call makeCompressed() on it");
  }
  if (!m_pattern.matches(M)) build_structure(M);
  const double* a = M.valuePtr();
  for (std::size_t p = 0; p < m_values.size(); ++p) m_values[p] = a[m_from_csc[p]];

  // IKJ elimination restricted to A's pattern (Saad, Algorithm 10.4): row i takes
  // a_ik /= a_kk for each k < i in its pattern, then a_ij -= a_ik a_kj for the j > k of row k
  // that are also in row i's pattern; fill-in outside the pattern is dropped.
  const int n = static_cast<int>(m_diagonal.size());
  for (int i = 0; i < n; ++i) {
    const int diag_i = m_diagonal[i];
    if (diag_i < 0) return Status::linear_solve_failed_recoverable;  // no a_ii: zero pivot
    double row_scale = 0;
    for (int p = m_row_start[i]; p < m_row_start[i + 1]; ++p) {
      m_position[m_column[p]] = p;
      row_scale = std::max(row_scale, std::abs(m_values[p]));
    }
    for (int p = m_row_start[i]; p < diag_i; ++p) {
      const int k = m_column[p];
      m_values[p] /= m_values[m_diagonal[k]];
      const double l_ik = m_values[p];
      for (int q = m_diagonal[k] + 1; q < m_row_start[k + 1]; ++q) {
        const int at = m_position[m_column[q]];
        if (at >= 0) m_values[at] -= l_ik * m_values[q];
      }
    }
    for (int p = m_row_start[i]; p < m_row_start[i + 1]; ++p) m_position[m_column[p]] = -1;
    const double pivot = m_values[diag_i];
    if (!std::isfinite(pivot) || !(std::abs(pivot) > negligible_pivot * row_scale)) {
      return Status::linear_solve_failed_recoverable;
    }
  }
  return Status::success;
}

Status ILU0::apply(std::span<const double> r, std::span<double> z) const {
  const int n = static_cast<int>(m_diagonal.size());
  for (int i = 0; i < n; ++i) {  // L y = r, L unit lower triangular
    double s = r[i];
    for (int p = m_row_start[i]; p < m_diagonal[i]; ++p) s -= m_values[p] * z[m_column[p]];
    z[i] = s;
  }
  for (int i = n - 1; i >= 0; --i) {  // U z = y
    double s = z[i];
    for (int p = m_diagonal[i] + 1; p < m_row_start[i + 1]; ++p) {
      s -= m_values[p] * z[m_column[p]];
    }
    z[i] = s / m_values[m_diagonal[i]];
  }
  return Status::success;
}

UserPreconditioner::UserPreconditioner(SetupFunction setup, ApplyFunction apply,
                                       MatrixRequirement requirement, std::string name)
    : m_setup(std::move(setup)),
      m_apply(std::move(apply)),
      m_requirement(requirement),
      m_name(std::move(name)) {
  if (!m_setup) throw std::invalid_argument("UserPreconditioner: setup is empty");
  if (!m_apply) throw std::invalid_argument("UserPreconditioner: apply is empty");
}

}  // namespace odekit
