#pragma once
// SparsityPattern: which entries of an n x n Jacobian df/dy may be nonzero.
//
// Stored in compressed sparse column (CSC) form, the layout of Eigen::SparseMatrix and of
// SUNDIALS' CSC matrices: the row indices of column j are row_indices()[col_starts()[j] ..
// col_starts()[j + 1]), sorted and without duplicates. It is built from (row, col) pairs
// in any order, duplicates allowed. A pattern must include every entry that can be nonzero
// anywhere the Jacobian is evaluated: a missing one silently corrupts coloured Jacobians
// (see check_sparsity in odekit/solvers/jacobian.hpp, which finds them).

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace odekit {

/// A (row, col) position in a matrix.
struct MatrixIndex {
  std::size_t row;
  std::size_t col;
  friend bool operator==(const MatrixIndex&, const MatrixIndex&) = default;
};

class SparsityPattern {
 public:
  SparsityPattern() = default;

  /// The pattern of an n x n matrix with the given entries. Throws std::invalid_argument
  /// naming the first entry outside the matrix.
  SparsityPattern(std::size_t n, std::span<const MatrixIndex> entries) : m_n(n) {
    std::vector<MatrixIndex> sorted(entries.begin(), entries.end());
    for (const MatrixIndex& e : sorted) {
      if (e.row >= n || e.col >= n) {
        throw std::invalid_argument("entries: (" + std::to_string(e.row) + ", " +
                                    std::to_string(e.col) + ") lies outside the " +
                                    std::to_string(n) + " x " + std::to_string(n) + " matrix");
      }
    }
    std::sort(sorted.begin(), sorted.end(), [](const MatrixIndex& a, const MatrixIndex& b) {
      return a.col != b.col ? a.col < b.col : a.row < b.row;
    });
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    m_col_starts.assign(n + 1, 0);
    m_rows.reserve(sorted.size());
    for (const MatrixIndex& e : sorted) {
      ++m_col_starts[e.col + 1];
      m_rows.push_back(e.row);
    }
    for (std::size_t j = 0; j < n; ++j) m_col_starts[j + 1] += m_col_starts[j];
  }
  SparsityPattern(std::size_t n, std::initializer_list<MatrixIndex> entries)
      : SparsityPattern(n, std::span<const MatrixIndex>(entries.begin(), entries.size())) {}

  /// Number of rows (and columns).
  std::size_t size() const noexcept { return m_n; }
  std::size_t nonzeros() const noexcept { return m_rows.size(); }
  /// n + 1 offsets into row_indices(); column j occupies [col_starts()[j], col_starts()[j+1]).
  std::span<const std::size_t> col_starts() const noexcept { return m_col_starts; }
  std::span<const std::size_t> row_indices() const noexcept { return m_rows; }

  /// Position of (row, col) in row_indices(), or nonzeros() when it is not in the pattern.
  std::size_t find(std::size_t row, std::size_t col) const noexcept {
    if (row >= m_n || col >= m_n) return nonzeros();
    const auto first = m_rows.begin() + static_cast<std::ptrdiff_t>(m_col_starts[col]);
    const auto last = m_rows.begin() + static_cast<std::ptrdiff_t>(m_col_starts[col + 1]);
    const auto it = std::lower_bound(first, last, row);
    return it != last && *it == row ? static_cast<std::size_t>(it - m_rows.begin()) : nonzeros();
  }
  bool contains(std::size_t row, std::size_t col) const noexcept {
    return find(row, col) != nonzeros();
  }

  /// Every entry, column by column.
  std::vector<MatrixIndex> entries() const {
    std::vector<MatrixIndex> out;
    out.reserve(nonzeros());
    for (std::size_t j = 0; j < m_n; ++j) {
      for (std::size_t k = m_col_starts[j]; k < m_col_starts[j + 1]; ++k) {
        out.push_back({m_rows[k], j});
      }
    }
    return out;
  }

  friend bool operator==(const SparsityPattern&, const SparsityPattern&) = default;

 private:
  std::size_t m_n = 0;
  std::vector<std::size_t> m_col_starts{0};
  std::vector<std::size_t> m_rows;
};

}  // namespace odekit
