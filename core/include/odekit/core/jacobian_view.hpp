#pragma once
// The views a user's jac(t, y, p, J) member writes into: J(i, j) = value sets df_i/dy_j.
// The library zeroes J before the call, so jac sets the nonzeros only. Write jac generically
// over the view (template <class J> ... J&& jac, or auto&&) so that one member fills both:
//   DenseJacobianView  — an n x n column-major matrix (an Eigen::MatrixXd underneath);
//   SparseJacobianView — the entries of a SparsityPattern; writing an entry outside the
//                        pattern throws std::invalid_argument naming it.

#include <cstddef>
#include <stdexcept>
#include <string>

#include "odekit/core/sparsity.hpp"

namespace odekit {

namespace detail {

[[noreturn]] inline void throw_entry_error(std::size_t row, std::size_t col, const char* why) {
  throw std::invalid_argument("jac wrote J(" + std::to_string(row) + ", " + std::to_string(col) +
                              "), " + why);
}

}  // namespace detail

template <class T>
class DenseJacobianView {
 public:
  /// Column-major storage: entry (i, j) at data[i + j * outer_stride].
  DenseJacobianView(T* data, std::size_t n, std::size_t outer_stride) noexcept
      : m_data(data), m_n(n), m_stride(outer_stride) {}

  T& operator()(std::size_t row, std::size_t col) const {
    if (row >= m_n || col >= m_n) {
      detail::throw_entry_error(row, col, "which lies outside the n x n Jacobian");
    }
    return m_data[row + col * m_stride];
  }

 private:
  T* m_data;
  std::size_t m_n;
  std::size_t m_stride;
};

template <class T>
class SparseJacobianView {
 public:
  /// values holds pattern.nonzeros() entries in the pattern's CSC order.
  SparseJacobianView(const SparsityPattern& pattern, T* values) noexcept
      : m_pattern(&pattern), m_values(values) {}

  /// A binary search in column col (O(log nnz per column)).
  T& operator()(std::size_t row, std::size_t col) const {
    const std::size_t k = m_pattern->find(row, col);
    if (k == m_pattern->nonzeros()) {
      detail::throw_entry_error(
          row, col,
          "which is not in the declared sparsity pattern: add it to jac_sparsity() (or to the "
          "pattern given to the JacobianWorkspace)");
    }
    return m_values[k];
  }

 private:
  const SparsityPattern* m_pattern;
  T* m_values;
};

}  // namespace odekit
