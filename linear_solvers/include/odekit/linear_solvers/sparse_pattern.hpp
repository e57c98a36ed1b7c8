#pragma once
// A copy of a compressed sparse matrix's pattern, so that whoever did work that depends only on
// the pattern (a symbolic factorisation, an ILU(0) structure, the pattern of W = I - gamma J)
// can tell in O(nnz) whether that work can be reused.

#include <Eigen/SparseCore>

#include <algorithm>
#include <vector>

namespace odekit::detail {

class SparsePattern {
 public:
  /// Whether A (compressed) has the pattern recorded by the last assign().
  bool matches(const Eigen::SparseMatrix<double>& A) const noexcept {
    if (A.rows() != m_rows || A.cols() != static_cast<Eigen::Index>(m_outer.size()) - 1 ||
        A.nonZeros() != static_cast<Eigen::Index>(m_inner.size())) {
      return false;
    }
    return std::equal(m_outer.begin(), m_outer.end(), A.outerIndexPtr()) &&
           std::equal(m_inner.begin(), m_inner.end(), A.innerIndexPtr());
  }

  /// Records A's pattern (A compressed). Allocates.
  void assign(const Eigen::SparseMatrix<double>& A) {
    m_rows = A.rows();
    m_outer.assign(A.outerIndexPtr(), A.outerIndexPtr() + A.cols() + 1);
    m_inner.assign(A.innerIndexPtr(), A.innerIndexPtr() + A.nonZeros());
  }

 private:
  Eigen::Index m_rows = -1;
  std::vector<int> m_outer, m_inner;
};

}  // namespace odekit::detail
