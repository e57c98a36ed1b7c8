#include "odekit/linear_solvers/block_triangular_lu.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "odekit/linear_solvers/dense_lu.hpp"

namespace odekit {

namespace {

/// Whether the diagonal blocks [s, s + m) and [t, t + m) of M have the same entries (at the
/// same places within the block, with the same values). A column's entries within its
/// diagonal block come first, since none lies above it.
bool same_diagonal_block(const Eigen::SparseMatrix<double>& M, std::size_t s, std::size_t t,
                         std::size_t m) {
  const int* outer = M.outerIndexPtr();
  const int* inner = M.innerIndexPtr();
  const double* values = M.valuePtr();
  const auto end_s = static_cast<int>(s + m), end_t = static_cast<int>(t + m);
  for (std::size_t c = 0; c < m; ++c) {
    int i = outer[s + c], j = outer[t + c];
    for (; i < outer[s + c + 1] && inner[i] < end_s; ++i, ++j) {
      if (j == outer[t + c + 1] || inner[j] >= end_t ||
          inner[i] - static_cast<int>(s) != inner[j] - static_cast<int>(t) ||
          values[i] != values[j]) {
        return false;
      }
    }
    if (j < outer[t + c + 1] && inner[j] < end_t) return false;
  }
  return true;
}

}  // namespace

BlockTriangularLU::BlockTriangularLU(std::vector<std::size_t> block_sizes)
    : LinearSolver("BlockTriangularLU(" + std::to_string(block_sizes.size()) + " blocks)") {
  if (block_sizes.empty()) {
    throw std::invalid_argument("BlockTriangularLU: block_sizes is empty, expected at least one");
  }
  m_starts.assign(1, 0);
  std::size_t largest = 0;
  for (std::size_t b = 0; b < block_sizes.size(); ++b) {
    if (block_sizes[b] == 0) {
      throw std::invalid_argument("BlockTriangularLU: block_sizes[" + std::to_string(b) +
                                  "] is 0, expected a positive size");
    }
    m_starts.push_back(m_starts.back() + block_sizes[b]);
    m_block_of_row.insert(m_block_of_row.end(), block_sizes[b], b);
    largest = std::max(largest, block_sizes[b]);
  }
  m_factor_of.resize(block_sizes.size());
  m_latest_coupling.resize(block_sizes.size());
  m_group_starts.reserve(block_sizes.size() + 1);
  const auto most = static_cast<Eigen::Index>(largest);
  m_scratch.resize(most, most);
  m_rhs.resize(static_cast<Eigen::Index>(m_starts.back()));
}

void BlockTriangularLU::analyse_pattern(const Eigen::SparseMatrix<double>& M) {
  const int* outer = M.outerIndexPtr();
  const int* inner = M.innerIndexPtr();
  m_pattern = {};  // until the checks below pass
  std::fill(m_latest_coupling.begin(), m_latest_coupling.end(), 0);
  for (std::size_t b = 0; b + 1 < m_starts.size(); ++b) {
    const std::size_t s = m_starts[b], e = m_starts[b + 1];
    for (std::size_t c = s; c < e; ++c) {
      for (int k = outer[c]; k < outer[c + 1]; ++k) {
        const auto r = static_cast<std::size_t>(inner[k]);
        if (r < s) {
          throw std::invalid_argument(
              "BlockTriangularLU::setup: A has an entry at (" + std::to_string(r) + ", " +
              std::to_string(c) + "), above the diagonal block of column " + std::to_string(c) +
              " (rows " + std::to_string(s) + " to " + std::to_string(e - 1) +
              "): A is not block lower-triangular with these block sizes");
        }
        if (r >= e) {
          std::size_t& latest = m_latest_coupling[m_block_of_row[r]];
          latest = std::max(latest, b + 1);
        }
      }
    }
  }
  m_pattern.assign(M);
}

Status BlockTriangularLU::do_setup(const LinearOperator& A) {
  const Eigen::SparseMatrix<double>& M = *A.sparse_matrix();
  if (!M.isCompressed()) {
    throw std::invalid_argument(
        "BlockTriangularLU::setup: A's sparse matrix is not compressed; call makeCompressed() "
        "on it");
  }
  if (A.size() != m_starts.back()) {
    throw std::invalid_argument("BlockTriangularLU::setup: A has size " + std::to_string(A.size()) +
                                ", expected " + std::to_string(m_starts.back()) +
                                " (the sum of the block sizes)");
  }
  m_A = &M;
  ++m_stats.nfactor;
  const int* outer = M.outerIndexPtr();
  const int* inner = M.innerIndexPtr();
  const double* values = M.valuePtr();
  if (!m_pattern.matches(M)) analyse_pattern(M);
  m_distinct = 0;
  std::size_t factored = 0;  // the block the last factors came from
  for (std::size_t b = 0; b + 1 < m_starts.size(); ++b) {
    const std::size_t s = m_starts[b], e = m_starts[b + 1], m = e - s;
    if (m_distinct > 0 && m_starts[factored + 1] - m_starts[factored] == m &&
        same_diagonal_block(M, m_starts[factored], s, m)) {
      m_factor_of[b] = m_distinct - 1;
      continue;
    }
    if (m_factors.size() == m_distinct) m_factors.emplace_back();
    Eigen::PartialPivLU<Eigen::MatrixXd>& lu = m_factors[m_distinct];
    auto block =
        m_scratch.topLeftCorner(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(m));
    block.setZero();
    for (std::size_t c = s; c < e; ++c) {
      for (int k = outer[c]; k < outer[c + 1] && static_cast<std::size_t>(inner[k]) < e; ++k) {
        block(inner[k] - static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(c - s)) =
            values[k];
      }
    }
    lu.compute(block);  // a factor keeps its size from one setup to the next
    m_factor_of[b] = m_distinct++;
    factored = b;
    if (!detail::regular_lu(lu)) return Status::linear_solve_failed_recoverable;
  }
  // Block b joins the group before it when it has the same factors and reads no block of it.
  m_group_starts.assign(1, 0);
  for (std::size_t b = 1; b + 1 < m_starts.size(); ++b) {
    if (m_factor_of[b] != m_factor_of[b - 1] || m_latest_coupling[b] > m_group_starts.back()) {
      m_group_starts.push_back(b);
    }
  }
  m_group_starts.push_back(m_starts.size() - 1);
  return Status::success;
}

Status BlockTriangularLU::do_solve(std::span<const double> b, std::span<double> x, double) {
  std::copy(b.begin(), b.end(), m_rhs.data());
  const Eigen::SparseMatrix<double>& M = *m_A;
  const int* outer = M.outerIndexPtr();
  const int* inner = M.innerIndexPtr();
  const double* values = M.valuePtr();
  for (std::size_t g = 0; g + 1 < m_group_starts.size(); ++g) {
    // m_rhs holds b minus the blocks left of this group: solve its blocks at once (their
    // columns are contiguous), then eliminate them from the rows below.
    const std::size_t first = m_group_starts[g], last = m_group_starts[g + 1];
    const std::size_t s = m_starts[first], e = m_starts[last];
    const auto m = static_cast<Eigen::Index>(m_starts[first + 1] - s);
    const auto count = static_cast<Eigen::Index>(last - first);
    const Eigen::Map<const Eigen::MatrixXd> rhs(m_rhs.data() + s, m, count);
    Eigen::Map<Eigen::MatrixXd> X(x.data() + s, m, count);
    X.noalias() = m_factors[m_factor_of[first]].solve(rhs);
    for (std::size_t c = s; c < e; ++c) {
      const double xc = x[c];
      for (int k = outer[c + 1] - 1; k >= outer[c] && static_cast<std::size_t>(inner[k]) >= e;
           --k) {
        m_rhs[inner[k]] -= values[k] * xc;
      }
    }
  }
  return Status::success;
}

}  // namespace odekit
