#pragma once
// J = [df/dy | df/dp], the m x (n + np) Jacobian of f in its states and parameters, by
// dual numbers: dense, N directions per evaluation of f, or, when f declares its sparsity,
// one evaluation per N colours of structurally orthogonal columns (Curtis, Powell & Reid,
// J. Inst. Math. Appl. 13 (1974) 117-119; the colouring of solvers/colouring.hpp). Adjoints
// use it for w^T J (vjp.hpp) and for the transposed Jacobian of the reverse system
// (adjoint_rhs.hpp).
//
// f.param_sparsity(), an optional member, lists the (row i, parameter j) entries of df/dp
// that may be nonzero; without it a sparse J takes df/dp as dense.

#include <Eigen/Core>
#include <algorithm>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "odekit/adjoint/detail/dual_sweep.hpp"
#include "odekit/core/derivatives.hpp"
#include "odekit/core/jacobian_view.hpp"
#include "odekit/core/sparsity.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/solvers/colouring.hpp"

namespace odekit {

template <class F>
concept HasParamSparsity = requires(const F& f) {
  { f.param_sparsity() } -> std::convertible_to<std::vector<MatrixIndex>>;
};

/// The pattern of [df/dy | df/dp] held as an (n + np)-square pattern whose rows >= n are
/// empty (parameter j is column n + j), from f.jac_sparsity() and f.param_sparsity(); none
/// when f declares no jac_sparsity(). Throws std::invalid_argument naming a param_sparsity()
/// entry outside the n x np matrix.
template <class F>
std::optional<SparsityPattern> state_param_pattern(const F& f, std::size_t n, std::size_t np) {
  if constexpr (HasJacSparsity<F>) {
    std::vector<MatrixIndex> entries = SparsityPattern(f.jac_sparsity()).entries();
    if constexpr (HasParamSparsity<F>) {
      for (const MatrixIndex& e : f.param_sparsity()) {
        if (e.row >= n || e.col >= np) {
          throw std::invalid_argument("param_sparsity(): (" + std::to_string(e.row) + ", " +
                                      std::to_string(e.col) + ") lies outside the " +
                                      std::to_string(n) + " x " + std::to_string(np) +
                                      " matrix df/dp");
        }
        entries.push_back({e.row, n + e.col});
      }
    } else {
      for (std::size_t j = 0; j < np; ++j)
        for (std::size_t i = 0; i < n; ++i) entries.push_back({i, n + j});
    }
    return SparsityPattern(n + np, entries);
  } else {
    return std::nullopt;
  }
}

template <class T = double, int N = 8>
class StateParamJacobian {
 public:
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  /// n states, np parameters, m outputs; with a pattern from state_param_pattern() the
  /// sparse evaluation is available (m must then be n). With state_by_jac (dense, m = n),
  /// the columns of df/dy come from f.jac and only those of df/dp from dual numbers.
  StateParamJacobian(std::size_t n, std::size_t np, std::size_t m,
                     std::optional<SparsityPattern> pattern, bool state_by_jac = false)
      : m_n(n),
        m_np(np),
        m_m(m),
        m_state_by_jac(state_by_jac && !pattern && m == n),
        m_sweep(n, np, m),
        m_pattern(std::move(pattern)) {
    if (m_pattern) {
      m_full = colour_columns(*m_pattern);
      std::vector<MatrixIndex> state;
      for (const MatrixIndex& e : m_pattern->entries())
        if (e.col < n) state.push_back(e);
      m_state = colour_columns(SparsityPattern(n, state));
      m_values.resize(m_pattern->nonzeros());
    } else {
      m_dense.resize(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(n + np));
    }
  }

  bool is_sparse() const noexcept { return m_pattern.has_value(); }
  const SparsityPattern& pattern() const { return *m_pattern; }
  std::size_t states() const noexcept { return m_n; }
  std::size_t parameters() const noexcept { return m_np; }

  /// Evaluates columns [0, cols) of J at (t, y, p): cols = n for df/dy alone, n + np for both.
  template <class F>
  void evaluate(const F& f, T t, std::span<const T> y, std::span<const T> p, std::size_t cols,
                Stats& stats) {
    if (m_pattern) {
      evaluate_sparse(f, t, y, p, cols == m_n ? m_state : m_full, stats);
    } else {
      evaluate_dense(f, t, y, p, cols, stats);
    }
  }

  /// The dense J of the last evaluation (m x (n + np); only evaluated columns are valid).
  const Matrix& dense() const noexcept { return m_dense; }
  /// The sparse J's values in the pattern's order.
  std::span<const T> values() const noexcept { return m_values; }

  /// out = J(:, 0 : out.size())^T w from the last evaluation.
  void transpose_times(std::span<const T> w, std::span<T> out) const {
    if (m_pattern) {
      const auto starts = m_pattern->col_starts();
      const auto rows = m_pattern->row_indices();
      for (std::size_t j = 0; j < out.size(); ++j) {
        T acc = 0;
        for (std::size_t k = starts[j]; k < starts[j + 1]; ++k) acc += m_values[k] * w[rows[k]];
        out[j] = acc;
      }
    } else {
      // Column j of the column-major J is contiguous: a dot product per column.
      const T* J = m_dense.data();
      for (std::size_t j = 0; j < out.size(); ++j, J += m_m) {
        T acc = 0;
        for (std::size_t i = 0; i < m_m; ++i) acc += J[i] * w[i];
        out[j] = acc;
      }
    }
  }

 private:
  template <class F>
  void evaluate_dense(const F& f, T t, std::span<const T> y, std::span<const T> p, std::size_t cols,
                      Stats& stats) {
    std::size_t from = 0;
    if constexpr (HasJac<F, T>) {
      if (m_state_by_jac) {
        m_dense.leftCols(static_cast<Eigen::Index>(m_n)).setZero();
        DenseJacobianView<T> view(m_dense.data(), m_n, m_m);
        f.jac(t, y, p, view);
        ++stats.njac;
        from = m_n;
      }
    }
    for (std::size_t first = from; first < cols; first += N) {
      const std::size_t width = std::min<std::size_t>(N, cols - first);
      m_sweep.reset(y, p);
      for (std::size_t k = 0; k < width; ++k) seed(first + k, k);
      const auto out = m_sweep.evaluate(f, t, stats);
      for (std::size_t k = 0; k < width; ++k) {
        const auto col = static_cast<Eigen::Index>(first + k);
        for (std::size_t i = 0; i < m_m; ++i) {
          m_dense(static_cast<Eigen::Index>(i), col) = out[i].partials[k];
        }
      }
    }
  }

  template <class F>
  void evaluate_sparse(const F& f, T t, std::span<const T> y, std::span<const T> p,
                       const ColumnColouring& c, Stats& stats) {
    const auto starts = m_pattern->col_starts();
    const auto rows = m_pattern->row_indices();
    for (std::size_t first = 0; first < c.count; first += N) {
      const std::size_t last = std::min<std::size_t>(first + N, c.count);
      m_sweep.reset(y, p);
      for (std::size_t g = c.group_starts[first]; g < c.group_starts[last]; ++g) {
        seed(c.columns[g], c.colour[c.columns[g]] - first);
      }
      const auto out = m_sweep.evaluate(f, t, stats);
      for (std::size_t g = c.group_starts[first]; g < c.group_starts[last]; ++g) {
        const std::size_t j = c.columns[g];
        const std::size_t slot = c.colour[j] - first;
        for (std::size_t k = starts[j]; k < starts[j + 1]; ++k) {
          m_values[k] = out[rows[k]].partials[slot];
        }
      }
    }
  }

  /// Direction d of the (y, p) space seeds partial k.
  void seed(std::size_t d, std::size_t k) {
    if (d < m_n) {
      m_sweep.y()[d].partials[k] = T(1);
    } else {
      m_sweep.p()[d - m_n].partials[k] = T(1);
    }
  }

  std::size_t m_n, m_np, m_m;
  bool m_state_by_jac;
  detail::DualSweep<T, N> m_sweep;
  std::optional<SparsityPattern> m_pattern;
  ColumnColouring m_full, m_state;  // colourings of [df/dy | df/dp] and of df/dy alone
  Matrix m_dense;
  std::vector<T> m_values;
};

}  // namespace odekit
