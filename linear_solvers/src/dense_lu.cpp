#include "odekit/linear_solvers/dense_lu.hpp"

#include <cmath>
#include <limits>

namespace odekit {

Status DenseLU::do_setup(const LinearOperator& A) {
  if (const Eigen::MatrixXd* dense = A.dense_matrix()) {
    if (!dense->allFinite()) return Status::linear_solve_failed_recoverable;
    m_lu.compute(*dense);
  } else {
    m_copy = *A.sparse_matrix();  // reuses m_copy's storage when the size is unchanged
    if (!m_copy.allFinite()) return Status::linear_solve_failed_recoverable;
    m_lu.compute(m_copy);
  }
  ++m_stats.nfactor;
  const auto pivots = m_lu.matrixLU().diagonal().cwiseAbs();
  const double largest = pivots.maxCoeff();
  const double n = static_cast<double>(pivots.size());
  if (!(largest > 0) || !std::isfinite(largest) ||
      pivots.minCoeff() <= n * std::numeric_limits<double>::epsilon() * largest) {
    return Status::linear_solve_failed_recoverable;
  }
  return Status::success;
}

Status DenseLU::do_solve(std::span<const double> b, std::span<double> x, double) {
  detail::as_eigen(x) = m_lu.solve(detail::as_eigen(b));
  return Status::success;
}

}  // namespace odekit
