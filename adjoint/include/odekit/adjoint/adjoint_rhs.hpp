#pragma once
// Right-hand sides of the continuous adjoint equations, solved backward from t1 to t0 by the
// forward method. For L = sum_i l_i(y(t_i)) + integral r(t, y, p) dt (Cao, Li, Petzold &
// Serban, SIAM J. Sci. Comput. 24 (2003) 1076-1089):
//
//   lambda' = -(df/dy)^T lambda - (dr/dy)^T,   mu' = -(df/dp)^T lambda - (dr/dp)^T,
//   lambda(t1) = 0, mu(t1) = 0, lambda jumps by dl_i/dy at each t_i;
//   dL/dy0 = lambda(t0), dL/dp = mu(t0).
//
//   QuadratureAdjointRhs     lambda (n);   mu by quadrature outside the solve
//   InterpolatingAdjointRhs  (lambda, mu) (n + np)
//   BacksolveAdjointRhs      (y, lambda, mu) (2n + np), y' = f solved backward with them
//
// The first two are linear in their state with Jacobian J_adj = -[df/dy | df/dp]^T (rows
// of mu below those of lambda), which they expose as jac, jvp and jac_sparsity members: the
// transposed Linearization a stiff reverse solve factors W = I - gamma J_adj with
// (dense: the transpose; sparse: the transposed pattern; matrix-free: J_adj v = -vjp(v)).
// The backsolve system's Jacobian has second-derivative terms and is left to the Jacobian
// workspace's fallback.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/state_param_jacobian.hpp"
#include "odekit/adjoint/vjp.hpp"
#include "odekit/core/jacobian_view.hpp"
#include "odekit/core/sparsity.hpp"
#include "odekit/core/stats.hpp"

namespace odekit {

/// What the reverse right-hand sides share: f, p, the vjp source, the loss, y(t) and the
/// work counters of the reverse pass. Owned by gradient(); the right-hand sides point to it.
template <class F>
struct AdjointContext {
  AdjointContext(const F& f_, std::span<const double> p_, std::size_t n_, VjpWorkspace<F>& vjp_,
                 const detail::LossTerms& loss_)
      : f(&f_),
        p(p_),
        n(n_),
        np(p_.size()),
        vjp(&vjp_),
        loss(&loss_),
        y(n_),
        wJy(n_),
        wJp(p_.size()),
        ry(n_),
        rp(p_.size()) {}

  const F* f;
  std::span<const double> p;
  std::size_t n, np;
  VjpWorkspace<F>* vjp;
  const detail::LossTerms* loss;
  /// y(t) for the interpolating and quadrature adjoints (dense output of the forward pass).
  std::function<void(double, std::span<double>)> state_at;
  /// Evaluations of f and vjps made by the reverse pass.
  Stats stats;
  std::vector<double> y, wJy, wJp, ry, rp;
  /// The first exception the loss threw inside a reverse solve (whose steps are noexcept):
  /// the right-hand side returns NaN instead, and gradient() rethrows it after the solve.
  std::exception_ptr error;
  /// Jacobians for the transposed Jacobian, made on first use.
  std::optional<StateParamJacobian<double>> dense_jacobian, sparse_jacobian;

  /// wJy = -(df/dy)^T w - (dr/dy)^T and, unless wJp is empty, wJp = -(df/dp)^T w - (dr/dp)^T
  /// at (t, y).
  void adjoint_rates(double t, std::span<const double> yt, std::span<const double> w,
                     std::span<double> dlam, std::span<double> dmu) {
    vjp->vjp(*f, t, yt, p, w, dlam, dmu, stats);
    for (double& v : dlam) v = -v;
    for (double& v : dmu) v = -v;
    if (loss->has_running()) {
      try {
        loss->running(t, yt, p, ry, rp);
      } catch (...) {
        if (!error) error = std::current_exception();
        std::fill(dlam.begin(), dlam.end(), std::numeric_limits<double>::quiet_NaN());
        return;
      }
      for (std::size_t j = 0; j < n; ++j) dlam[j] -= ry[j];
      for (std::size_t j = 0; j < dmu.size(); ++j) dmu[j] -= rp[j];
    }
  }

  /// The Jacobian [df/dy | df/dp] at y(t), columns [0, cols), dense or sparse.
  StateParamJacobian<double>& jacobian_at(double t, std::size_t cols, bool sparse) {
    auto& jac = sparse ? sparse_jacobian : dense_jacobian;
    if (!jac) {
      jac.emplace(n, np, n, sparse ? state_param_pattern(*f, n, np) : std::nullopt,
                  vjp->method() == VjpMethod::jac);
    }
    state_at(t, y);
    if constexpr (RhsAcceptsDualParams<F, double, 8>) {
      jac->evaluate(*f, t, y, p, cols, stats);  // njac is counted by the caller
    }
    return *jac;
  }
};

namespace detail {

inline SparsityPattern transposed(const SparsityPattern& pattern, std::size_t size) {
  std::vector<MatrixIndex> entries = pattern.entries();
  for (MatrixIndex& e : entries) e = {e.col, e.row};
  return SparsityPattern(size, entries);
}

/// Writes J_adj = -J(:, 0:cols)^T into a dense or sparse view (rows of the view are J's
/// columns).
template <class View>
void write_negated_transpose(const StateParamJacobian<double>& J, std::size_t n, std::size_t cols,
                             View& out) {
  if constexpr (std::is_same_v<std::remove_cvref_t<View>, SparseJacobianView<double>>) {
    const auto starts = J.pattern().col_starts();
    const auto rows = J.pattern().row_indices();
    const auto values = J.values();
    for (std::size_t c = 0; c < cols; ++c) {
      for (std::size_t k = starts[c]; k < starts[c + 1]; ++k) out(c, rows[k]) = -values[k];
    }
  } else {
    for (std::size_t c = 0; c < cols; ++c) {
      for (std::size_t i = 0; i < n; ++i) {
        out(c, i) = -J.dense()(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c));
      }
    }
  }
}

}  // namespace detail

/// lambda' = -(df/dy)^T lambda - (dr/dy)^T with y(t) interpolated.
template <class F>
struct QuadratureAdjointRhs {
  AdjointContext<F>* ctx;

  void operator()(double t, std::span<const double> lam, std::span<const double>,
                  std::span<double> dlam) const {
    ctx->state_at(t, ctx->y);
    ctx->adjoint_rates(t, ctx->y, lam, dlam, {});
  }

  /// J_adj v = -(df/dy)^T v: one vjp.
  void jvp(double t, std::span<const double>, std::span<const double>, std::span<const double> v,
           std::span<double> Jv) const {
    ctx->state_at(t, ctx->y);
    ctx->vjp->vjp(*ctx->f, t, ctx->y, ctx->p, v, Jv, {}, ctx->stats);
    for (double& x : Jv) x = -x;
  }

  template <class View>
  void jac(double t, std::span<const double>, std::span<const double>,
           View&& J) const requires RhsAcceptsDualParams<F, double, 8> {
    constexpr bool sparse = std::is_same_v<std::remove_cvref_t<View>, SparseJacobianView<double>>;
    detail::write_negated_transpose(ctx->jacobian_at(t, ctx->n, sparse), ctx->n, ctx->n, J);
  }

  SparsityPattern jac_sparsity() const requires HasJacSparsity<F> {
    return detail::transposed(SparsityPattern(ctx->f->jac_sparsity()), ctx->n);
  }
};

/// (lambda, mu)' with y(t) interpolated.
template <class F>
struct InterpolatingAdjointRhs {
  AdjointContext<F>* ctx;

  void operator()(double t, std::span<const double> z, std::span<const double>,
                  std::span<double> dz) const {
    const std::size_t n = ctx->n;
    ctx->state_at(t, ctx->y);
    ctx->adjoint_rates(t, ctx->y, z.first(n), dz.first(n), dz.subspan(n));
  }

  /// J_adj v = -(v_lambda^T [df/dy | df/dp])^T: one vjp (mu does not feed back).
  void jvp(double t, std::span<const double>, std::span<const double>, std::span<const double> v,
           std::span<double> Jv) const {
    const std::size_t n = ctx->n;
    ctx->state_at(t, ctx->y);
    ctx->vjp->vjp(*ctx->f, t, ctx->y, ctx->p, v.first(n), Jv.first(n), Jv.subspan(n), ctx->stats);
    for (double& x : Jv) x = -x;
  }

  template <class View>
  void jac(double t, std::span<const double>, std::span<const double>,
           View&& J) const requires RhsAcceptsDualParams<F, double, 8> {
    constexpr bool sparse = std::is_same_v<std::remove_cvref_t<View>, SparseJacobianView<double>>;
    const std::size_t cols = ctx->n + ctx->np;
    detail::write_negated_transpose(ctx->jacobian_at(t, cols, sparse), ctx->n, cols, J);
  }

  SparsityPattern jac_sparsity() const requires HasJacSparsity<F> {
    const std::size_t size = ctx->n + ctx->np;
    return detail::transposed(*state_param_pattern(*ctx->f, ctx->n, ctx->np), size);
  }
};

/// (y, lambda, mu)' with y solved backward along with the adjoint.
template <class F>
struct BacksolveAdjointRhs {
  AdjointContext<F>* ctx;

  void operator()(double t, std::span<const double> z, std::span<const double>,
                  std::span<double> dz) const {
    const std::size_t n = ctx->n;
    const auto y = z.first(n);
    (*ctx->f)(t, y, ctx->p, dz.first(n));
    ++ctx->stats.nf;
    ctx->adjoint_rates(t, y, z.subspan(n, n), dz.subspan(n, n), dz.subspan(2 * n));
  }
};

}  // namespace odekit
