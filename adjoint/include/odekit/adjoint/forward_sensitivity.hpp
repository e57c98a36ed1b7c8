#pragma once
// Forward sensitivities: the solve of y together with S = dy/d(y0, p), the n x (n + np)
// matrix that obeys S' = (df/dy) S + [0 | df/dp], S(t0) = [I | 0] (the augmented system of
// Dickinson & Gelinas, J. Comput. Phys. 21 (1976) 123-143). One evaluation of f with
// Dual<double, N> states seeded by N columns of S, and parameters seeded where the column
// is a parameter's, yields f and N columns of (df/dy) S + df/dp at once (Rackauckas et al.,
// "A comparison of automatic differentiation and continuous sensitivity analysis for
// derivatives of differential equation solutions", 2018, call this forward-mode
// sensitivity with the Jacobian-vector products of duals). A running cost adds q' = r and
// its sensitivities s_q' = (dr/dy) S + [0 | dr/dp]. Every component, S included, is under
// the method's error control, so gradients are as accurate as y.
//
// Implicit methods get the augmented system's Jacobian, block lower triangular:
//
//   [ J              ]      J = df/dy,
//   [ H_0   J        ]      H_d = d(J S_d + df/dp_d)/dy  (second derivatives of f),
//   [ H_1       J    ]
//   [ ...         ...]
//
// all blocks with the pattern P of J (f's jac_sparsity(), else dense), declared as the
// augmented jac_sparsity() together with its diagonal blocks (jac_block_sizes()): W then
// repeats the state's I - gamma J on its diagonal, which BlockTriangularLU factors once per
// setup (KLU would factor every copy). J and every H_d come from evaluations of f on
// Dual<Dual<double, N>, 8>, the inner partials seeded by N columns of S and the outer ones by
// 8 colours of P. A running cost's rows hold dr/dy only (its second derivatives are not
// available), so q and its sensitivities see an approximate Jacobian.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "odekit/adjoint/detail/dual_sweep.hpp"
#include "odekit/adjoint/detail/extend_atol.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/core/sparsity.hpp"
#include "odekit/solvers/colouring.hpp"
#include "odekit/solvers/solve.hpp"

namespace odekit::detail {

/// f accepts Dual<Dual<double, N>, 8> states and parameters for every chunk width N: the
/// augmented Jacobian's second derivatives are then available.
template <class F>
concept SecondDerivativesByDuals = RhsAcceptsDualParams < F,
        Dual<double, 2>,
8 > &&RhsAcceptsDualParams<F, Dual<double, 4>, 8>&& RhsAcceptsDualParams<F, Dual<double, 8>, 8>;

/// The augmented right-hand side z = (y, S, q, s_q) -> z', for one chunk width N; virtual
/// so that the augmented problem's type (and its integrator) does not depend on N.
class ForwardSensitivityKernel {
 public:
  virtual ~ForwardSensitivityKernel() = default;
  virtual void evaluate(double t, const double* z, double* dz) = 0;
  /// Evaluates J, the blocks H_d and dr/dy at z into `blocks` and `ry`.
  virtual void linearize(double t, const double* z) = 0;
  Stats stats;  ///< evaluations of f (a dual sweep is one)
  /// The pattern P of df/dy.
  SparsityPattern pattern;
  /// After linearize(): J, then H_0, ..., H_{dirs-1}, each nnz(P) values in P's order.
  std::vector<double> blocks;
  /// After linearize(): dr/dy (with a running cost).
  std::vector<double> ry;
  /// Where each entry of the augmented Jacobian sits in a sparse view's values, relative to
  /// its first entry (found once).
  std::vector<std::ptrdiff_t> slots;
  MatrixIndex first_entry{};
  /// The first exception of the running cost (thrown inside the noexcept steps): the
  /// right-hand side returns NaN instead and forward_sensitivity rethrows it.
  std::exception_ptr error;
};

template <class F, int N>
class ForwardSensitivityKernelN final : public ForwardSensitivityKernel {
 public:
  ForwardSensitivityKernelN(const F& f, std::span<const double> p, std::size_t n,
                            const LossTerms& loss)
      : m_f(&f),
        m_p(p),
        m_n(n),
        m_dirs(n + p.size()),
        m_loss(&loss),
        m_sweep(n, p.size(), n),
        m_ry(loss.has_running() ? n : 0),
        m_rp(loss.has_running() ? p.size() : 0) {
    pattern = state_pattern(f, n);
    ry.resize(m_ry.size());
  }

  void linearize(double t, const double* z) override {
    if constexpr (SecondDerivativesByDuals<F>) {
      using Inner = Dual<double, N>;
      using Nested = Dual<Inner, 8>;
      const std::size_t n = m_n, nnz = pattern.nonzeros();
      if (blocks.empty()) {
        m_colouring = colour_columns(pattern);
        blocks.resize((1 + m_dirs) * nnz);
        m_ny.resize(n);
        m_np.resize(m_p.size());
        m_nout.resize(n);
      }
      const auto starts = pattern.col_starts();
      const auto rows = pattern.row_indices();
      const ColumnColouring& c = m_colouring;
      const double* S = z + n;
      for (std::size_t first = 0; first < m_dirs; first += N) {
        const std::size_t width = std::min<std::size_t>(N, m_dirs - first);
        for (std::size_t c0 = 0; c0 < c.count; c0 += 8) {
          const std::size_t c1 = std::min<std::size_t>(c0 + 8, c.count);
          for (std::size_t j = 0; j < n; ++j) {
            Inner v(z[j]);
            for (std::size_t k = 0; k < width; ++k) v.partials[k] = S[j + n * (first + k)];
            m_ny[j] = Nested(v);
          }
          for (std::size_t j = 0; j < m_p.size(); ++j) {
            Inner v(m_p[j]);
            if (first + width > n + j && n + j >= first) v.partials[n + j - first] = 1;
            m_np[j] = Nested(v);
          }
          for (std::size_t g = c.group_starts[c0]; g < c.group_starts[c1]; ++g) {
            const std::size_t col = c.columns[g];
            m_ny[col].partials[c.colour[col] - c0] = Inner(1.0);
          }
          (*m_f)(Inner(t), std::span<const Nested>(m_ny), std::span<const Nested>(m_np),
                 std::span<Nested>(m_nout));
          ++stats.nf;
          for (std::size_t g = c.group_starts[c0]; g < c.group_starts[c1]; ++g) {
            const std::size_t col = c.columns[g], slot = c.colour[col] - c0;
            for (std::size_t k = starts[col]; k < starts[col + 1]; ++k) {
              const Inner& d = m_nout[rows[k]].partials[slot];
              if (first == 0) blocks[k] = d.value;
              for (std::size_t m = 0; m < width; ++m)
                blocks[(1 + first + m) * nnz + k] = d.partials[m];
            }
          }
        }
      }
      if (m_loss->has_running()) m_loss->running(t, std::span<const double>(z, n), m_p, ry, m_rp);
    }
  }

  void evaluate(double t, const double* z, double* dz) override {
    const std::size_t n = m_n;
    const std::span<const double> y(z, n);
    const double* S = z + n;  // column d of S at S + n d
    for (std::size_t first = 0; first < m_dirs; first += N) {
      const std::size_t width = std::min<std::size_t>(N, m_dirs - first);
      m_sweep.reset(y, m_p);
      for (std::size_t k = 0; k < width; ++k) {
        const std::size_t d = first + k;
        for (std::size_t j = 0; j < n; ++j) m_sweep.y()[j].partials[k] = S[j + n * d];
        if (d >= n) m_sweep.p()[d - n].partials[k] = 1;
      }
      const auto out = m_sweep.evaluate(*m_f, t, stats);
      if (first == 0)
        for (std::size_t i = 0; i < n; ++i) dz[i] = out[i].value;
      for (std::size_t k = 0; k < width; ++k) {
        double* col = dz + n + n * (first + k);
        for (std::size_t i = 0; i < n; ++i) col[i] = out[i].partials[k];
      }
    }
    if (m_loss->has_running()) {
      const std::size_t q = n + n * m_dirs;
      try {
        dz[q] = m_loss->running(t, y, m_p, m_ry, m_rp);
      } catch (...) {
        if (!error) error = std::current_exception();
        dz[q] = std::numeric_limits<double>::quiet_NaN();
        return;
      }
      for (std::size_t d = 0; d < m_dirs; ++d) {
        double acc = d >= n ? m_rp[d - n] : 0.0;
        for (std::size_t j = 0; j < n; ++j) acc += m_ry[j] * S[j + n * d];
        dz[q + 1 + d] = acc;
      }
    }
  }

 private:
  /// f's declared pattern, or the dense one.
  static SparsityPattern state_pattern(const F& f, std::size_t n) {
    if constexpr (HasJacSparsity<F>) {
      return SparsityPattern(f.jac_sparsity());
    } else {
      std::vector<MatrixIndex> all;
      all.reserve(n * n);
      for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) all.push_back({i, j});
      return SparsityPattern(n, all);
    }
  }

  const F* m_f;
  std::span<const double> m_p;
  std::size_t m_n, m_dirs;
  const LossTerms* m_loss;
  DualSweep<double, N> m_sweep;
  std::vector<double> m_ry, m_rp;
  ColumnColouring m_colouring;
  std::vector<Dual<Dual<double, N>, 8>> m_ny, m_np, m_nout;
};

struct ForwardSensitivityRhs {
  ForwardSensitivityKernel* kernel;
  void operator()(double t, std::span<const double> z, std::span<const double>,
                  std::span<double> dz) const {
    kernel->evaluate(t, z.data(), dz.data());
  }
};

/// The augmented right-hand side with its block Jacobian, for implicit methods (when f
/// accepts nested dual numbers).
struct ForwardSensitivityRhsWithJacobian : ForwardSensitivityRhs {
  std::size_t n, dirs;
  bool running;

  template <class View>
  void jac(double t, std::span<const double> z, std::span<const double>, View&& J) const {
    kernel->linearize(t, z.data());
    const std::size_t nblocks = kernel->blocks.size();
    auto value = [&](std::size_t v) {
      return v < nblocks ? kernel->blocks[v] : kernel->ry[v - nblocks];
    };
    if constexpr (std::is_same_v<std::remove_cvref_t<View>, SparseJacobianView<double>>) {
      // The view finds each entry by a binary search: find them once, then write directly
      // (the view's values are the pattern's nonzeros in order).
      std::vector<std::ptrdiff_t>& slots = kernel->slots;
      if (slots.empty()) {
        entries([&](std::size_t i, std::size_t j, std::size_t) {
          if (slots.empty()) kernel->first_entry = {i, j};
          slots.push_back(&J(i, j) - &J(kernel->first_entry.row, kernel->first_entry.col));
        });
      }
      double* first = &J(kernel->first_entry.row, kernel->first_entry.col);
      std::size_t e = 0;
      entries([&](std::size_t, std::size_t, std::size_t v) { first[slots[e++]] = value(v); });
    } else {
      entries([&](std::size_t i, std::size_t j, std::size_t v) { J(i, j) = value(v); });
    }
  }

  /// 1 + dirs blocks of n (y, then S column by column), then 1 + dirs rows of a running cost.
  std::vector<std::size_t> jac_block_sizes() const {
    std::vector<std::size_t> sizes(1 + dirs, n);
    if (running) sizes.resize(sizes.size() + 1 + dirs, 1);
    return sizes;
  }

  SparsityPattern jac_sparsity() const {
    std::vector<MatrixIndex> e;
    entries([&](std::size_t i, std::size_t j, std::size_t) { e.push_back({i, j}); });
    return SparsityPattern(n * (1 + dirs) + (running ? 1 + dirs : 0), e);
  }

 private:
  /// Calls fn(row, col, v) for each entry of the augmented Jacobian, v indexing its value:
  /// blocks[v], or ry[v - blocks.size()] (rows of a running cost; v then counts from
  /// (1 + dirs) nnz(P)).
  template <class Fn>
  void entries(Fn&& fn) const {
    const SparsityPattern& P = kernel->pattern;
    const auto starts = P.col_starts();
    const auto rows = P.row_indices();
    const std::size_t nnz = P.nonzeros();
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t k = starts[j]; k < starts[j + 1]; ++k) {
        const std::size_t i = rows[k];
        fn(i, j, k);
        for (std::size_t d = 0; d < dirs; ++d) {
          fn(n + n * d + i, j, (1 + d) * nnz + k);
          fn(n + n * d + i, n + n * d + j, k);
        }
      }
    }
    if (running) {
      const std::size_t q = n + n * dirs, r = (1 + dirs) * nnz;
      for (std::size_t j = 0; j < n; ++j) {
        fn(q, j, r + j);
        for (std::size_t d = 0; d < dirs; ++d) fn(q + 1 + d, n + n * d + j, r + j);
      }
    }
  }
};

template <class F>
std::unique_ptr<ForwardSensitivityKernel> make_forward_kernel(const F& f, std::span<const double> p,
                                                              std::size_t n,
                                                              const LossTerms& loss) {
  // The chunk: all directions in one sweep when they fit, else sweeps of 8.
  const std::size_t dirs = n + p.size();
  if (dirs <= 2) return std::make_unique<ForwardSensitivityKernelN<F, 2>>(f, p, n, loss);
  if (dirs <= 4) return std::make_unique<ForwardSensitivityKernelN<F, 4>>(f, p, n, loss);
  return std::make_unique<ForwardSensitivityKernelN<F, 8>>(f, p, n, loss);
}

template <class Problem, class Method>
void forward_sensitivity(const Problem& problem, const Method& method, const Options& options,
                         std::span<const double> save_t, const LossTerms& loss, Gradient& g) {
  using F = typename Problem::function_type;
  if constexpr (!RhsAcceptsDualParams<F, double, 8>) {
    throw std::invalid_argument(
        "ForwardSensitivity evaluates f with dual-number states and parameters, but f cannot "
        "be called with them: write f generically (auto parameters, also for p), or use an "
        "adjoint with f's vjp member");
  } else {
    const std::size_t n = problem.y0.size(), np = problem.p.size(), dirs = n + np;
    const bool running = loss.has_running();
    auto kernel = make_forward_kernel(problem.f, problem.p, n, loss);
    std::vector<double> z0(n * (1 + dirs) + (running ? 1 + dirs : 0), 0.0);
    std::copy(problem.y0.begin(), problem.y0.end(), z0.begin());
    for (std::size_t j = 0; j < n; ++j) z0[n + j + n * j] = 1;  // S(t0) = [I | 0]
    Options o = options;
    o.saveat.assign(save_t.begin(), save_t.end());
    if (running && o.saveat.back() != problem.t1()) o.saveat.push_back(problem.t1());
    o.save_everystep = false;
    o.dense = false;
    o.atol = extend_atol(options.atol, n, 1 + dirs, running ? 1 + dirs : 0);
    Solution sol;
    if constexpr (SecondDerivativesByDuals<F>) {
      const ForwardSensitivityRhsWithJacobian rhs{{kernel.get()}, n, dirs, running};
      sol = solve(OdeProblem(rhs, std::move(z0), problem.tspan, {}), method, o);
    } else {
      sol = solve(OdeProblem(ForwardSensitivityRhs{kernel.get()}, std::move(z0), problem.tspan, {}),
                  method, o);
    }
    if (kernel->error) std::rethrow_exception(kernel->error);
    g.stats = sol.stats;
    g.stats.nf = kernel->stats.nf;
    if (!sol.ok()) {
      g.fail(sol.status, sol.message());
      return;
    }
    std::vector<double> dL(n), grad(dirs, 0.0);
    double value = 0;
    for (std::size_t i = 0; i < save_t.size(); ++i) {
      const std::vector<double>& z = sol.y[i];
      value += loss.at_save(i, save_t[i], std::span<const double>(z).first(n), dL);
      for (std::size_t d = 0; d < dirs; ++d) {
        for (std::size_t j = 0; j < n; ++j) grad[d] += dL[j] * z[n + j + n * d];
      }
    }
    if (running) {
      const std::vector<double>& z = sol.y.back();
      const std::size_t q = n + n * dirs;
      value += z[q];
      for (std::size_t d = 0; d < dirs; ++d) grad[d] += z[q + 1 + d];
    }
    g.value = value;
    g.dy0.assign(grad.begin(), grad.begin() + static_cast<std::ptrdiff_t>(n));
    g.dp.assign(grad.begin() + static_cast<std::ptrdiff_t>(n), grad.end());
  }
}

}  // namespace odekit::detail
