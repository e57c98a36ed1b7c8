#pragma once
// Column colouring for sparse Jacobians (Curtis, Powell & Reid, J. Inst. Math. Appl. 13
// (1974) 117-119): columns that share no nonzero row ("structurally orthogonal") can be
// perturbed together, so one finite-difference or dual sweep per colour recovers all of
// their entries. Finding such groups is distance-2 colouring of the bipartite row/column
// graph (Gebremedhin, Manne & Pothen, SIAM Review 47 (2005) 629-705); the greedy colouring
// in natural column order used here is the classic choice of Curtis-Powell-Reid and
// Coleman & More (SIAM J. Numer. Anal. 20 (1983) 187-209). It needs at least as many
// colours as the densest row has nonzeros, and for stencils it usually stays close to that.

#include <cstddef>
#include <vector>

#include "odekit/core/sparsity.hpp"

namespace odekit {

struct ColumnColouring {
  /// Number of colours (sweeps).
  std::size_t count = 0;
  /// Colour of each column, in [0, count).
  std::vector<std::size_t> colour;
  /// Columns grouped by colour: colour c holds columns[group_starts[c] .. group_starts[c+1]).
  std::vector<std::size_t> group_starts;
  std::vector<std::size_t> columns;
};

/// Greedy distance-2 colouring: each column takes the smallest colour not used by any column
/// that shares a row with it. O(sum over rows of nnz(row)^2) time.
inline ColumnColouring colour_columns(const SparsityPattern& pattern) {
  const std::size_t n = pattern.size();
  const auto col_starts = pattern.col_starts();
  const auto rows = pattern.row_indices();

  // The row-wise (CSR) structure: which columns each row touches.
  std::vector<std::size_t> row_starts(n + 1, 0), row_cols(pattern.nonzeros());
  for (const std::size_t i : rows) ++row_starts[i + 1];
  for (std::size_t i = 0; i < n; ++i) row_starts[i + 1] += row_starts[i];
  std::vector<std::size_t> fill(row_starts.begin(), row_starts.end() - 1);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t k = col_starts[j]; k < col_starts[j + 1]; ++k) row_cols[fill[rows[k]]++] = j;
  }

  ColumnColouring result;
  result.colour.assign(n, 0);
  // forbidden[c] == j + 1 marks colour c as taken by a neighbour of column j (no reset needed).
  std::vector<std::size_t> forbidden(n + 1, 0);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t k = col_starts[j]; k < col_starts[j + 1]; ++k) {
      const std::size_t i = rows[k];
      for (std::size_t m = row_starts[i]; m < row_starts[i + 1]; ++m) {
        const std::size_t other = row_cols[m];
        if (other < j) forbidden[result.colour[other]] = j + 1;
      }
    }
    std::size_t c = 0;
    while (forbidden[c] == j + 1) ++c;
    result.colour[j] = c;
    if (c + 1 > result.count) result.count = c + 1;
  }

  result.group_starts.assign(result.count + 1, 0);
  for (const std::size_t c : result.colour) ++result.group_starts[c + 1];
  for (std::size_t c = 0; c < result.count; ++c) {
    result.group_starts[c + 1] += result.group_starts[c];
  }
  result.columns.resize(n);
  std::vector<std::size_t> next(result.group_starts.begin(), result.group_starts.end() - 1);
  for (std::size_t j = 0; j < n; ++j) result.columns[next[result.colour[j]]++] = j;
  return result;
}

}  // namespace odekit
