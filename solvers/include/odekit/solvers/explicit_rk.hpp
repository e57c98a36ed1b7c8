#pragma once
// The generic explicit Runge–Kutta engine. A method is a tableau (see tableaus/) plus one
// line: using Tsit5 = ExplicitRK<tableaus::Tsit5>. Stage sums are unrolled at compile time
// and skip zero coefficients, so the generic engine is as fast as hand-written code.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/norms.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit {

namespace detail {

/// acc += C * v, with C a compile-time constant; nothing at all when C is zero (a runtime
/// 0 * v could not be dropped by the compiler because of NaN and Inf).
template <long double C, class T>
inline void add_weighted(T& acc, T v) noexcept {
  if constexpr (C == 1) {
    acc += v;
  } else if constexpr (C != 0) {
    acc += static_cast<T>(C) * v;
  }
}

/// The coefficient rows an explicit RK step uses, gathered in one constexpr matrix:
/// rows [0, S + E) are the stages (a of the tableau, then the extra dense-output stages),
/// row S + E is b and row S + E + 1 is b_err.
template <class Tab>
struct RKRows {
  static constexpr int S = Tab::tableau.stages;
  static constexpr int E = Tab::dense.extra_stages;
  static constexpr int total = S + E;
  static constexpr int b_row = total;
  static constexpr int err_row = total + 1;

  static constexpr auto make() {
    std::array<std::array<long double, total>, total + 2> rows{};
    for (int i = 0; i < S; ++i)
      for (int j = 0; j < S; ++j) rows[i][j] = Tab::tableau.a[i][j];
    for (int e = 0; e < E; ++e)
      for (int j = 0; j < total; ++j) rows[S + e][j] = Tab::dense.a[e][j];
    for (int j = 0; j < S; ++j) {
      rows[b_row][j] = Tab::tableau.b[j];
      rows[err_row][j] = Tab::tableau.b_err[j];
    }
    return rows;
  }
  static constexpr auto rows = make();

  static constexpr long double c(int i) { return i < S ? Tab::tableau.c[i] : Tab::dense.c[i - S]; }
};

/// out[j] = base[j] + dt * sum_{l < L} rows[R][l] * k_l[j] (base may be null: no base).
template <class Tab, int R, class T, std::size_t... L>
inline void stage_combination(T* out, const T* base, T dt, const T* k, std::size_t n,
                              std::index_sequence<L...>) noexcept {
  using Rows = RKRows<Tab>;
  for (std::size_t j = 0; j < n; ++j) {
    T acc = 0;
    (add_weighted<Rows::rows[R][L]>(acc, k[L * n + j]), ...);
    out[j] = base ? base[j] + dt * acc : dt * acc;
  }
}

/// y(t0 + theta dt) = y0 + dt * sum_l b_l(theta) k_l for an RK method's dense coefficients.
template <class Tab, class T>
void evaluate_rk_dense(T theta, T dt, const T* y0, const T* k, std::size_t n, T* out) {
  constexpr auto& d = Tab::dense;
  constexpr int total = RKRows<Tab>::total;
  constexpr int D = d.degree;
  std::array<T, total> w{};
  for (int l = 0; l < total; ++l) {
    T acc = 0;
    for (int m = D - 1; m >= 0; --m) acc = (acc + static_cast<T>(d.b_theta[l][m])) * theta;
    w[l] = acc;
  }
  for (std::size_t j = 0; j < n; ++j) {
    T acc = 0;
    for (int l = 0; l < total; ++l) acc += w[l] * k[l * n + j];
    out[j] = y0[j] + dt * acc;
  }
}

}  // namespace detail

/// An explicit Runge–Kutta method defined by the tableau tag Tab (see tableaus/*.hpp).
/// Holds no state: the per-solve buffers live in its Stepper.
template <class Tab>
struct ExplicitRK {
  using tableau_tag = Tab;
  static constexpr std::string_view name = Tab::name;
  static constexpr int stages = Tab::tableau.stages;
  static constexpr int extra_stages = Tab::dense.extra_stages;
  static constexpr int order = Tab::tableau.order;
  static constexpr int error_order = Tab::tableau.error_order;
  static constexpr bool fsal = tableau_check::is_fsal(Tab::tableau);
  static constexpr bool is_adaptive = tableau_check::has_error_estimate(Tab::tableau);
  static constexpr int dense_order = Tab::dense.order;

  static_assert(tableau_check::is_explicit(Tab::tableau), "tableau is not explicit");
  static_assert(tableau_check::rows_sum_to_c(Tab::tableau), "rows of a do not sum to c");
  static_assert(tableau_check::weights_sum_to_one(Tab::tableau), "weights b do not sum to 1");
  static_assert(tableau_check::error_weights_sum_to_zero(Tab::tableau),
                "error weights b_err do not sum to 0");
  static_assert(tableau_check::dense_is_consistent(Tab::tableau, Tab::dense),
                "dense output coefficients are inconsistent with the tableau");

  template <class T>
  static constexpr Interpolant<T> interpolant{Tab::dense.description, Tab::dense.order,
                                              detail::RKRows<Tab>::total,
                                              &detail::evaluate_rk_dense<Tab, T>};

  /// Per-solve workspace and step logic for problem type Problem.
  template <class Problem>
  class Stepper {
   public:
    using T = typename Problem::value_type;
    static constexpr int S = stages;
    static constexpr int total = stages + extra_stages;
    /// Index of a stage equal to f(t1, y1), reusable as the next step's k_0 (-1: none).
    static constexpr int f_end_stage = [] {
      if (fsal) return S - 1;
      for (int e = 0; e < extra_stages; ++e) {
        bool same = Tab::dense.c[e] == 1;
        for (int l = 0; l < S + extra_stages; ++l)
          same = same && Tab::dense.a[e][l] == (l < S ? Tab::tableau.b[l] : 0.0L);
        if (same) return S + e;
      }
      return -1;
    }();

    explicit Stepper(std::size_t n)
        : m_n(n), m_k(static_cast<std::size_t>(total) * n), m_dense_tmp(extra_stages > 0 ? n : 0) {}

    std::size_t size() const noexcept { return m_n; }

    /// Computes k_0 = f(t0, y0) at the start of a solve.
    void start(Problem& pr, T t0, const T* y0, Stats& stats) noexcept {
      detail::eval_rhs(pr.f, t0, y0, pr.p, m_k.data(), m_n, stats);
      m_k0_state = K0::valid;
    }

    /// f(t, y) at the current point (valid after start or accept).
    const T* f_current() const noexcept { return m_k.data(); }
    /// Refreshes k_0 = f(t, y) if the last step left it pending.
    void ensure_k0(Problem& pr, T t, const T* y, Stats& stats) noexcept {
      if (m_k0_state == K0::valid) return;
      if (m_k0_state == K0::in_stage) {
        std::copy_n(m_k.data() + static_cast<std::size_t>(m_k0_source) * m_n, m_n, m_k.data());
      } else {
        detail::eval_rhs(pr.f, t, y, pr.p, m_k.data(), m_n, stats);
      }
      m_k0_state = K0::valid;
    }

    /// One step of size dt from (t, y): writes y1 and, when estimate_error is set (adaptive
    /// methods only), the scaled error norm in err (zero otherwise). Never allocates.
    Status attempt(Problem& pr, T t, T dt, const T* y, T* y1, bool estimate_error, T rtol,
                   const AbsoluteTolerance& atol, T& err, Stats& stats) noexcept {
      ensure_k0(pr, t, y, stats);
      m_extra_valid = false;
      compute_stages<1>(pr, t, dt, y, y1, stats);
      if constexpr (!fsal) {
        detail::stage_combination<Tab, detail::RKRows<Tab>::b_row>(y1, y, dt, m_k.data(), m_n,
                                                                   std::make_index_sequence<S>{});
      }
      err = 0;
      if constexpr (is_adaptive) {
        if (estimate_error) {
          err = error_norm(dt, y, y1, rtol, atol);
          return std::isfinite(err) ? Status::success : Status::rhs_not_finite_recoverable;
        }
      }
      if (!detail::all_finite(y1, m_n)) return Status::rhs_not_finite_recoverable;
      return Status::success;
    }

    /// Marks the step (t, y) -> (t + dt, y1) accepted: the next step's k_0 is taken from
    /// the FSAL stage when there is one, else evaluated (or taken from the dense stages).
    void accept() noexcept {
      if constexpr (fsal) {
        m_k0_state = K0::in_stage;
        m_k0_source = S - 1;
      } else if (f_end_stage >= 0 && m_extra_valid) {
        m_k0_state = K0::in_stage;
        m_k0_source = f_end_stage;
      } else {
        m_k0_state = K0::pending;
      }
    }

    /// Evaluates the extra dense-output stages of the last accepted step (once).
    void ensure_dense(Problem& pr, T t, T dt, const T* y, Stats& stats) noexcept {
      if constexpr (extra_stages > 0) {
        if (m_extra_valid) return;
        compute_extra<S>(pr, t, dt, y, stats);
        m_extra_valid = true;
        if (m_k0_state == K0::pending && f_end_stage >= 0) {
          m_k0_state = K0::in_stage;
          m_k0_source = f_end_stage;
        }
      }
    }

    /// Stage vectors of the last step (total * n values), valid after ensure_dense.
    std::span<const T> stored() const noexcept { return m_k; }

   private:
    enum class K0 { pending, valid, in_stage };

    template <int I>
    void compute_stages(Problem& pr, T t, T dt, const T* y, T* y1, Stats& stats) noexcept {
      if constexpr (I < S) {
        // y1 doubles as the stage input: it is only written at the end (or, for FSAL
        // methods, by the last stage, whose input is y1 itself).
        T* tmp = y1;
        detail::stage_combination<Tab, I>(tmp, y, dt, m_k.data(), m_n,
                                          std::make_index_sequence<I>{});
        detail::eval_rhs(pr.f, t + static_cast<T>(detail::RKRows<Tab>::c(I)) * dt, tmp, pr.p,
                         m_k.data() + static_cast<std::size_t>(I) * m_n, m_n, stats);
        compute_stages<I + 1>(pr, t, dt, y, y1, stats);
      }
    }

    template <int I>
    void compute_extra(Problem& pr, T t, T dt, const T* y, Stats& stats) noexcept {
      if constexpr (I < total) {
        detail::stage_combination<Tab, I>(m_dense_tmp.data(), y, dt, m_k.data(), m_n,
                                          std::make_index_sequence<I>{});
        detail::eval_rhs(pr.f, t + static_cast<T>(detail::RKRows<Tab>::c(I)) * dt,
                         m_dense_tmp.data(), pr.p, m_k.data() + static_cast<std::size_t>(I) * m_n,
                         m_n, stats);
        compute_extra<I + 1>(pr, t, dt, y, stats);
      }
    }

    /// Weighted RMS norm of err = dt * sum_l b_err_l k_l (never stored), NaN when y1 has a
    /// NaN or Inf (so one test covers both).
    T error_norm(T dt, const T* y, const T* y1, T rtol, const AbsoluteTolerance& atol) noexcept {
      const double* a = atol.values().data();
      return atol.is_scalar() ? error_norm<true>(dt, y, y1, rtol, a)
                              : error_norm<false>(dt, y, y1, rtol, a);
    }

    template <bool ScalarAtol>
    T error_norm(T dt, const T* y, const T* y1, T rtol, const double* atol) noexcept {
      using Rows = detail::RKRows<Tab>;
      T sum = 0, poison = 0;
      const T a0 = static_cast<T>(atol[0]);
      for (std::size_t j = 0; j < m_n; ++j) {
        T e = 0;
        [&]<std::size_t... L>(std::index_sequence<L...>) {
          (detail::add_weighted<Rows::rows[Rows::err_row][L]>(e, m_k[L * m_n + j]), ...);
        }
        (std::make_index_sequence<S>{});
        const T a = ScalarAtol ? a0 : static_cast<T>(atol[j]);
        const T scale = a + rtol * std::max(std::abs(y[j]), std::abs(y1[j]));
        const T r = dt * e / scale;
        sum += r * r;
        poison += y1[j] * T(0);  // NaN when y1[j] is NaN or Inf
      }
      return std::sqrt(sum / static_cast<T>(m_n)) + poison;
    }

    std::size_t m_n;
    std::vector<T> m_k;
    std::vector<T> m_dense_tmp;
    K0 m_k0_state = K0::pending;
    int m_k0_source = 0;
    bool m_extra_valid = false;
  };
};

}  // namespace odekit
