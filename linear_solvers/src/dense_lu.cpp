#include "odekit/linear_solvers/dense_lu.hpp"

#include <limits>

namespace odekit {

Status DenseLU::do_setup(const LinearOperator& A) {
  if (const Eigen::MatrixXd* dense = A.dense_matrix()) {
    m_lu.compute(*dense);
  } else {
    m_lu.compute(*A.sparse_matrix());  // copied into the factor's dense storage
  }
  ++m_stats.nfactor;
  return detail::regular_lu(m_lu) ? Status::success : Status::linear_solve_failed_recoverable;
}

bool detail::regular_lu(const Eigen::PartialPivLU<Eigen::MatrixXd>& lu) noexcept {
  // A NaN or Inf in A survives somewhere in the factors; a tiny pivot means singular.
  if (!lu.matrixLU().allFinite()) return false;
  const auto pivots = lu.matrixLU().diagonal().cwiseAbs();
  const double largest = pivots.maxCoeff();
  const double n = static_cast<double>(pivots.size());
  return largest > 0 && pivots.minCoeff() > n * std::numeric_limits<double>::epsilon() * largest;
}

Status DenseLU::do_solve(std::span<const double> b, std::span<double> x, double) {
  detail::as_eigen(x) = m_lu.solve(detail::as_eigen(b));
  return Status::success;
}

}  // namespace odekit
