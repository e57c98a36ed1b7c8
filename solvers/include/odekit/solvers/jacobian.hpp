#pragma once
// Jacobians J = df/dy and products J v of a right-hand side f(t, y, p, dydt), for stiff
// methods and Newton-Krylov solvers. A JacobianWorkspace is made once per solve: it picks
// how each derivative is obtained, allocates every buffer, and then evaluates without
// allocating.
//
//   method             dense J                    sparse J (pattern declared)       J v
//   user               f.jac into a dense view    f.jac into a sparse view          f.jvp
//   dual               ceil(n / N) sweeps of      ceil(colours / N) sweeps of       one sweep of
//                      Dual<T, N>                 Dual<T, N>                        Dual<T, 1>
//   finite_difference  n + 1 evaluations          colours + 1 evaluations           2 evaluations
//
// (The "+ 1" is f(t, y) itself, skipped when the caller passes it as fy.) Work is counted in
// Stats: njac per Jacobian, njvp per product, nf per evaluation of f (a dual sweep is one).
// See docs/jacobians.md.

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "odekit/core/derivatives.hpp"
#include "odekit/core/dual.hpp"
#include "odekit/core/format.hpp"
#include "odekit/core/jacobian_view.hpp"
#include "odekit/core/sparsity.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/solvers/colouring.hpp"

namespace odekit {

struct JacobianOptions {
  /// How J = df/dy is obtained, dense and sparse.
  DerivativeMethod jac = DerivativeMethod::automatic;
  /// How products J v are obtained.
  DerivativeMethod jvp = DerivativeMethod::automatic;
  /// How df/dt is obtained: dual (f accepts a dual time) or finite_difference; automatic
  /// picks dual when f accepts it. There is no user member for it.
  DerivativeMethod time = DerivativeMethod::automatic;
  /// Typical magnitude of the state, for finite-difference steps: column j is perturbed by
  /// sqrt(eps) * max(|y_j|, typical_y) (Dennis & Schnabel, Numerical Methods for
  /// Unconstrained Optimization and Nonlinear Equations, 1983, Sec. 5.4).
  double typical_y = 1.0;
};

template <class F, class T = double, int N = 8>
class JacobianWorkspace {
 public:
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using SparseMatrix = Eigen::SparseMatrix<T, Eigen::ColMajor>;
  /// The dual number of a Jacobian sweep: N columns (or colours) at once.
  using Chunk = Dual<T, N>;
  /// The dual number of a JVP: one direction.
  using Direction = Dual<T, 1>;

  /// The sparsity pattern, when declared, comes from f.jac_sparsity().
  JacobianWorkspace(const F& f, std::size_t n, JacobianOptions options = {})
      : JacobianWorkspace(declared_pattern(f), n, options) {}

  /// An explicit pattern (overrides f.jac_sparsity()).
  JacobianWorkspace(const F&, std::size_t n, SparsityPattern pattern, JacobianOptions options = {})
      : JacobianWorkspace(std::optional<SparsityPattern>(std::move(pattern)), n, options) {}

  std::size_t size() const noexcept { return m_n; }
  DerivativeMethod jac_method() const noexcept { return m_jac_method; }
  DerivativeMethod sparse_jac_method() const noexcept { return m_sparse_method; }
  DerivativeMethod jvp_method() const noexcept { return m_jvp_method; }
  DerivativeMethod time_method() const noexcept { return m_time_method; }
  bool has_pattern() const noexcept { return m_pattern.has_value(); }
  const SparsityPattern& pattern() const {
    if (!m_pattern) throw std::logic_error("this JacobianWorkspace has no sparsity pattern");
    return *m_pattern;
  }
  /// Column colouring of the pattern (empty without one, and when f's own sparse jac is used).
  const ColumnColouring& colouring() const noexcept { return m_colouring; }

  /// A sparse matrix with the pattern's structure, for sparse_jacobian (allocates).
  SparseMatrix make_sparse_matrix() const {
    const SparsityPattern& sp = pattern();
    std::vector<Eigen::Triplet<T>> entries;
    entries.reserve(sp.nonzeros());
    for (std::size_t j = 0; j < m_n; ++j) {
      for (std::size_t k = sp.col_starts()[j]; k < sp.col_starts()[j + 1]; ++k) {
        entries.emplace_back(static_cast<int>(sp.row_indices()[k]), static_cast<int>(j), T(0));
      }
    }
    SparseMatrix J(static_cast<Eigen::Index>(m_n), static_cast<Eigen::Index>(m_n));
    J.setFromTriplets(entries.begin(), entries.end());  // keeps the explicit zeros
    J.makeCompressed();
    return J;
  }

  /// J = df/dy at (t, y) into an n x n matrix, ignoring any sparsity pattern. fy = f(t, y)
  /// saves one evaluation for finite differences (may be empty).
  void dense_jacobian(const F& f, T t, std::span<const T> y, std::span<const T> p,
                      Eigen::Ref<Matrix> J, Stats& stats, std::span<const T> fy = {}) {
    require_sizes(y, fy);
    if (static_cast<std::size_t>(J.rows()) != m_n || static_cast<std::size_t>(J.cols()) != m_n) {
      throw std::invalid_argument("J is " + std::to_string(J.rows()) + " x " +
                                  std::to_string(J.cols()) + ": expected " + std::to_string(m_n) +
                                  " x " + std::to_string(m_n));
    }
    ++stats.njac;
    switch (m_jac_method) {
      case DerivativeMethod::user:
        if constexpr (HasJac<F, T>) {
          J.setZero();
          DenseJacobianView<T> view(J.data(), m_n, static_cast<std::size_t>(J.outerStride()));
          f.jac(t, y, p, view);
        }
        return;
      case DerivativeMethod::dual:
        if constexpr (RhsAcceptsDual<F, T, N>) dense_by_duals(f, t, y, p, J, stats);
        return;
      default:
        dense_by_differences(f, t, y, p, J, stats, fy);
        return;
    }
  }

  /// J = df/dy at (t, y) into J's values; J must have the pattern's structure (make it with
  /// make_sparse_matrix()). A user jac writing an entry outside the pattern throws
  /// std::invalid_argument naming the entry.
  void sparse_jacobian(const F& f, T t, std::span<const T> y, std::span<const T> p, SparseMatrix& J,
                       Stats& stats, std::span<const T> fy = {}) {
    require_sizes(y, fy);
    require_structure(J);
    ++stats.njac;
    T* values = J.valuePtr();
    switch (m_sparse_method) {
      case DerivativeMethod::user:
        if constexpr (HasSparseJac<F, T>) {
          std::fill(values, values + m_pattern->nonzeros(), T(0));
          SparseJacobianView<T> view(*m_pattern, values);
          f.jac(t, y, p, view);
        }
        return;
      case DerivativeMethod::dual:
        if constexpr (RhsAcceptsDual<F, T, N>) sparse_by_duals(f, t, y, p, values, stats);
        return;
      default:
        sparse_by_differences(f, t, y, p, values, stats, fy);
        return;
    }
  }

  /// Jv = (df/dy)(t, y) v. fy = f(t, y) saves one evaluation for finite differences.
  void jvp(const F& f, T t, std::span<const T> y, std::span<const T> p, std::span<const T> v,
           std::span<T> Jv, Stats& stats, std::span<const T> fy = {}) {
    require_sizes(y, fy);
    require_size(v.size(), "v");
    require_size(Jv.size(), "Jv");
    ++stats.njvp;
    switch (m_jvp_method) {
      case DerivativeMethod::user:
        if constexpr (HasJvp<F, T>) f.jvp(t, y, p, v, Jv);
        return;
      case DerivativeMethod::dual:
        if constexpr (RhsAcceptsDual<F, T, 1>) {
          for (std::size_t j = 0; j < m_n; ++j) {
            m_dir_y[j] = Direction(y[j]);
            m_dir_y[j].partials[0] = v[j];
          }
          call<Direction>(f, t, m_dir_y, p, m_dir_f, stats);
          for (std::size_t i = 0; i < m_n; ++i) Jv[i] = m_dir_f[i].partials[0];
        }
        return;
      default:
        jvp_by_differences(f, t, y, p, v, Jv, stats, fy);
        return;
    }
  }

  /// ft = df/dt at (t, y): one sweep with a dual time, or a forward difference with step
  /// sqrt(eps) * max(|t|, time_scale, 1e-5), time_scale being the caller's time step (so
  /// that near t = 0 the step is not below the round-off of the solve's own times). fy =
  /// f(t, y) saves one evaluation for the difference.
  void time_derivative(const F& f, T t, std::span<const T> y, std::span<const T> p, std::span<T> ft,
                       Stats& stats, std::span<const T> fy = {}, T time_scale = 0) {
    require_sizes(y, fy);
    require_size(ft.size(), "ft");
    if constexpr (RhsAcceptsDualTime<F, T>) {
      if (m_time_method == DerivativeMethod::dual) {
        Direction td(t);
        td.partials[0] = 1;
        for (std::size_t j = 0; j < m_n; ++j) m_dir_y[j] = Direction(y[j]);
        f(td, std::span<const Direction>(m_dir_y), p, std::span<Direction>(m_dir_f));
        ++stats.nf;
        for (std::size_t i = 0; i < m_n; ++i) ft[i] = m_dir_f[i].partials[0];
        return;
      }
    }
    using std::abs;
    const T* f0 = base_value(f, t, y, p, fy, stats);
    const T h = m_root_eps * std::max({abs(t), abs(time_scale), T(1e-5)});
    call<T>(f, t + h, y, p, m_f1, stats);
    for (std::size_t i = 0; i < m_n; ++i) ft[i] = (m_f1[i] - f0[i]) / h;
  }

 private:
  static std::optional<SparsityPattern> declared_pattern(const F& f) {
    if constexpr (HasJacSparsity<F>) {
      return SparsityPattern(f.jac_sparsity());
    } else {
      return std::nullopt;
    }
  }

  JacobianWorkspace(std::optional<SparsityPattern> pattern, std::size_t n,
                    const JacobianOptions& options)
      : m_n(n),
        m_pattern(std::move(pattern)),
        m_typical(static_cast<T>(options.typical_y)),
        m_root_eps(std::sqrt(std::numeric_limits<T>::epsilon())) {
    if (n == 0) throw std::invalid_argument("n is 0: the state needs at least one component");
    if (!(options.typical_y > 0) || !std::isfinite(options.typical_y)) {
      throw std::invalid_argument("options.typical_y = " + detail::num(options.typical_y) +
                                  ": it must be positive and finite");
    }
    if (m_pattern && m_pattern->size() != n) {
      throw std::invalid_argument("pattern is " + std::to_string(m_pattern->size()) + " x " +
                                  std::to_string(m_pattern->size()) + " but the state has " +
                                  std::to_string(n) + " components");
    }
    m_jac_method = resolve(options.jac, HasJac<F, T>, RhsAcceptsDual<F, T, N>, "options.jac",
                           "jac(t, y, p, J)");
    m_sparse_method = m_jac_method;
    if (m_pattern) {
      m_sparse_method = resolve(options.jac, HasSparseJac<F, T>, RhsAcceptsDual<F, T, N>,
                                "options.jac", "jac(t, y, p, J) accepting a SparseJacobianView");
      // Only sweeps of duals or differences need the colouring (f's own jac does not).
      if (m_sparse_method != DerivativeMethod::user) m_colouring = colour_columns(*m_pattern);
    }
    m_jvp_method = resolve(options.jvp, HasJvp<F, T>, RhsAcceptsDual<F, T, 1>, "options.jvp",
                           "jvp(t, y, p, v, Jv)");
    m_time_method = resolve(options.time, false, RhsAcceptsDualTime<F, T>, "options.time",
                            "for df/dt (odekit has none: use dual or finite_difference)");

    using enum DerivativeMethod;
    if (m_jac_method == dual || m_sparse_method == dual) {
      m_chunk_y.resize(n);
      m_chunk_f.resize(n);
    }
    if (m_jvp_method == dual || m_time_method == dual) {
      m_dir_y.resize(n);
      m_dir_f.resize(n);
    }
    if (m_jac_method == finite_difference || m_sparse_method == finite_difference ||
        m_jvp_method == finite_difference || m_time_method == finite_difference) {
      m_y1.resize(n);
      m_f0.resize(n);
      m_f1.resize(n);
      m_step.resize(n);
    }
  }

  static DerivativeMethod resolve(DerivativeMethod asked, bool has_user, bool accepts_dual,
                                  const char* option, const char* member) {
    using enum DerivativeMethod;
    switch (asked) {
      case automatic:
        return has_user ? user : accepts_dual ? dual : finite_difference;
      case user:
        if (!has_user) {
          throw std::invalid_argument(std::string(option) + " is user, but f has no member " +
                                      member + ": add it, or choose another method");
        }
        return user;
      case dual:
        if (!accepts_dual) {
          throw std::invalid_argument(
              std::string(option) +
              " is dual, but f cannot be called with Dual states: write f generically "
              "(auto parameters), or choose finite_difference");
        }
        return dual;
      case finite_difference:
        return finite_difference;
    }
    throw std::invalid_argument(std::string(option) + " is not a DerivativeMethod");
  }

  void require_size(std::size_t size, const char* argument) const {
    if (size != m_n) {
      throw std::invalid_argument(std::string(argument) + " has " + std::to_string(size) +
                                  " entries: expected the state size " + std::to_string(m_n));
    }
  }
  void require_sizes(std::span<const T> y, std::span<const T> fy) const {
    require_size(y.size(), "y");
    if (!fy.empty()) require_size(fy.size(), "fy");
  }

  void require_structure(const SparseMatrix& J) const {
    const SparsityPattern& sp = pattern();
    bool same = static_cast<std::size_t>(J.rows()) == m_n &&
                static_cast<std::size_t>(J.cols()) == m_n && J.isCompressed() &&
                static_cast<std::size_t>(J.nonZeros()) == sp.nonzeros();
    for (std::size_t j = 0; same && j <= m_n; ++j) {
      same = static_cast<std::size_t>(J.outerIndexPtr()[j]) == sp.col_starts()[j];
    }
    for (std::size_t k = 0; same && k < sp.nonzeros(); ++k) {
      same = static_cast<std::size_t>(J.innerIndexPtr()[k]) == sp.row_indices()[k];
    }
    if (!same) {
      throw std::invalid_argument(
          "J does not have the structure of the sparsity pattern: make it with "
          "make_sparse_matrix()");
    }
  }

  /// One evaluation of f with states of type S (T, or a dual number for a sweep).
  template <class S>
  static void call(const F& f, T t, std::span<const S> y, std::span<const T> p, std::span<S> dydt,
                   Stats& stats) {
    f(t, y, p, dydt);
    ++stats.nf;
  }

  /// f(t, y), taken from fy when the caller has it.
  const T* base_value(const F& f, T t, std::span<const T> y, std::span<const T> p,
                      std::span<const T> fy, Stats& stats) {
    if (!fy.empty()) return fy.data();
    call<T>(f, t, y, p, m_f0, stats);
    return m_f0.data();
  }

  /// The forward-difference step of component j, rounded so that y_j + h is exact.
  T step_for(T yj) const {
    using std::abs;
    const T h = m_root_eps * std::max(abs(yj), m_typical);
    const T shifted = yj + (yj < 0 ? -h : h);  // step away from zero
    return shifted - yj;
  }

  void dense_by_duals(const F& f, T t, std::span<const T> y, std::span<const T> p,
                      Eigen::Ref<Matrix>& J, Stats& stats) {
    for (std::size_t first = 0; first < m_n; first += N) {
      const std::size_t width = std::min<std::size_t>(N, m_n - first);
      for (std::size_t j = 0; j < m_n; ++j) m_chunk_y[j] = Chunk(y[j]);
      for (std::size_t k = 0; k < width; ++k) m_chunk_y[first + k].partials[k] = T(1);
      call<Chunk>(f, t, m_chunk_y, p, m_chunk_f, stats);
      for (std::size_t k = 0; k < width; ++k) {
        const auto col = static_cast<Eigen::Index>(first + k);
        for (std::size_t i = 0; i < m_n; ++i) {
          J(static_cast<Eigen::Index>(i), col) = m_chunk_f[i].partials[k];
        }
      }
    }
  }

  void sparse_by_duals(const F& f, T t, std::span<const T> y, std::span<const T> p, T* values,
                       Stats& stats) {
    const ColumnColouring& c = m_colouring;
    const auto col_starts = m_pattern->col_starts();
    const auto rows = m_pattern->row_indices();
    // Colours [first, last) share a sweep, colour first + k seeding partial k.
    for (std::size_t first = 0; first < c.count; first += N) {
      const std::size_t last = std::min<std::size_t>(first + N, c.count);
      for (std::size_t j = 0; j < m_n; ++j) {
        m_chunk_y[j] = Chunk(y[j]);
        if (c.colour[j] >= first && c.colour[j] < last) {
          m_chunk_y[j].partials[c.colour[j] - first] = T(1);
        }
      }
      call<Chunk>(f, t, m_chunk_y, p, m_chunk_f, stats);
      for (std::size_t m = c.group_starts[first]; m < c.group_starts[last]; ++m) {
        const std::size_t j = c.columns[m];
        const std::size_t slot = c.colour[j] - first;
        for (std::size_t k = col_starts[j]; k < col_starts[j + 1]; ++k) {
          values[k] = m_chunk_f[rows[k]].partials[slot];
        }
      }
    }
  }

  void dense_by_differences(const F& f, T t, std::span<const T> y, std::span<const T> p,
                            Eigen::Ref<Matrix>& J, Stats& stats, std::span<const T> fy) {
    const T* f0 = base_value(f, t, y, p, fy, stats);
    std::copy(y.begin(), y.end(), m_y1.begin());
    for (std::size_t j = 0; j < m_n; ++j) {
      const T h = step_for(y[j]);
      m_y1[j] = y[j] + h;
      call<T>(f, t, m_y1, p, m_f1, stats);
      m_y1[j] = y[j];
      const auto col = static_cast<Eigen::Index>(j);
      for (std::size_t i = 0; i < m_n; ++i) {
        J(static_cast<Eigen::Index>(i), col) = (m_f1[i] - f0[i]) / h;
      }
    }
  }

  void sparse_by_differences(const F& f, T t, std::span<const T> y, std::span<const T> p, T* values,
                             Stats& stats, std::span<const T> fy) {
    const T* f0 = base_value(f, t, y, p, fy, stats);
    const ColumnColouring& c = m_colouring;
    const auto col_starts = m_pattern->col_starts();
    const auto rows = m_pattern->row_indices();
    std::copy(y.begin(), y.end(), m_y1.begin());
    for (std::size_t colour = 0; colour < c.count; ++colour) {
      const std::size_t begin = c.group_starts[colour], end = c.group_starts[colour + 1];
      for (std::size_t m = begin; m < end; ++m) {
        const std::size_t j = c.columns[m];
        m_step[j] = step_for(y[j]);
        m_y1[j] = y[j] + m_step[j];
      }
      call<T>(f, t, m_y1, p, m_f1, stats);
      for (std::size_t m = begin; m < end; ++m) {
        const std::size_t j = c.columns[m];
        for (std::size_t k = col_starts[j]; k < col_starts[j + 1]; ++k) {
          values[k] = (m_f1[rows[k]] - f0[rows[k]]) / m_step[j];
        }
        m_y1[j] = y[j];
      }
    }
  }

  /// Jv ~ (f(y + h v) - f(y)) / h with a perturbation h v of relative size sqrt(eps), one of
  /// the step choices surveyed by Knoll & Keyes (J. Comput. Phys. 193 (2004) 357-397).
  void jvp_by_differences(const F& f, T t, std::span<const T> y, std::span<const T> p,
                          std::span<const T> v, std::span<T> Jv, Stats& stats,
                          std::span<const T> fy) {
    using std::sqrt;
    T vv = 0, yy = 0;
    for (std::size_t j = 0; j < m_n; ++j) {
      vv += v[j] * v[j];
      yy += y[j] * y[j];
    }
    if (vv == 0) {
      std::fill(Jv.begin(), Jv.end(), T(0));
      return;
    }
    const T* f0 = base_value(f, t, y, p, fy, stats);
    const T h = m_root_eps * std::max(sqrt(yy), m_typical) / sqrt(vv);
    for (std::size_t j = 0; j < m_n; ++j) m_y1[j] = y[j] + h * v[j];
    call<T>(f, t, m_y1, p, m_f1, stats);
    for (std::size_t i = 0; i < m_n; ++i) Jv[i] = (m_f1[i] - f0[i]) / h;
  }

  std::size_t m_n;
  std::optional<SparsityPattern> m_pattern;
  ColumnColouring m_colouring;
  T m_typical;
  T m_root_eps;
  DerivativeMethod m_jac_method{};
  DerivativeMethod m_sparse_method{};
  DerivativeMethod m_jvp_method{};
  DerivativeMethod m_time_method{};
  std::vector<Chunk> m_chunk_y, m_chunk_f;
  std::vector<Direction> m_dir_y, m_dir_f;
  std::vector<T> m_y1, m_f0, m_f1, m_step;
};

/// What check_sparsity found. Empty lists: the pattern covers the Jacobian at that point.
struct SparsityReport {
  /// Nonzero entries of the Jacobian that the pattern lacks.
  std::vector<MatrixIndex> missing;
  /// Entries of the pattern whose coloured value differs from the dense one: a missing
  /// entry shared their sweep and was added into them.
  std::vector<MatrixIndex> corrupted;

  bool ok() const noexcept { return missing.empty() && corrupted.empty(); }

  /// One line listing the entries, e.g. for an assertion or a log.
  std::string message() const {
    if (ok()) return "the sparsity pattern covers every nonzero of the Jacobian";
    auto list = [](const std::vector<MatrixIndex>& entries) {
      std::string s;
      for (const MatrixIndex& e : entries) {
        s += (s.empty() ? "(" : ", (") + std::to_string(e.row) + ", " + std::to_string(e.col) + ")";
      }
      return s;
    };
    std::string m = "the sparsity pattern misses " + std::to_string(missing.size()) +
                    " nonzero(s): " + list(missing);
    if (!corrupted.empty()) {
      m += "; coloured entries corrupted by them: " + list(corrupted);
    }
    return m;
  }
};

/// Debug check of a declared pattern: compares the coloured sparse Jacobian with the dense
/// dual-number Jacobian at (t, y) and reports nonzeros outside the pattern. A structural
/// nonzero that happens to vanish at the point is invisible, so check at a generic point
/// (no zero components). Allocates; needs an f that accepts Dual states.
template <class F, class T = double, int N = 8>
SparsityReport check_sparsity(const F& f, T t, std::type_identity_t<std::span<const T>> y,
                              std::type_identity_t<std::span<const T>> p,
                              const SparsityPattern& pattern) {
  static_assert(RhsAcceptsDual<F, T, N>,
                "check_sparsity evaluates f with dual numbers: write f generically");
  using Workspace = JacobianWorkspace<F, T, N>;
  Workspace ws(f, y.size(), pattern, {.jac = DerivativeMethod::dual});
  Stats stats;
  typename Workspace::Matrix dense(y.size(), y.size());
  ws.dense_jacobian(f, t, y, p, dense, stats);
  typename Workspace::SparseMatrix sparse = ws.make_sparse_matrix();
  ws.sparse_jacobian(f, t, y, p, sparse, stats);

  using std::abs;
  SparsityReport report;
  const auto n = static_cast<Eigen::Index>(y.size());
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto row = static_cast<std::size_t>(i), col = static_cast<std::size_t>(j);
      if (dense(i, j) != T(0) && !pattern.contains(row, col)) report.missing.push_back({row, col});
    }
  }
  // Rounding may differ between the two sweeps; a merged entry differs by far more.
  const T tol = 64 * std::numeric_limits<T>::epsilon();
  const Eigen::Matrix<T, Eigen::Dynamic, 1> row_scale = dense.cwiseAbs().rowwise().maxCoeff();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (typename Workspace::SparseMatrix::InnerIterator it(sparse, j); it; ++it) {
      if (!(abs(it.value() - dense(it.row(), j)) <= tol * row_scale(it.row()))) {
        report.corrupted.push_back(
            {static_cast<std::size_t>(it.row()), static_cast<std::size_t>(j)});
      }
    }
  }
  return report;
}

}  // namespace odekit
