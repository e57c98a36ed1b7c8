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
#include "odekit/core/madd.hpp"
#include "odekit/core/norms.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit {

namespace detail {

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

/// The nonzero coefficients of row R of RKRows<Tab>, as (stage index) list.
template <class Tab, int R>
struct RowTerms {
  static constexpr auto& row = RKRows<Tab>::rows[R];
  static constexpr int count = [] {
    int c = 0;
    for (long double v : row) c += v != 0;
    return c;
  }();
  static constexpr auto index = [] {
    std::array<int, (count > 0 ? count : 1)> idx{};
    int c = 0;
    for (int l = 0; l < static_cast<int>(row.size()); ++l)
      if (row[l] != 0) idx[c++] = l;
    return idx;
  }();

  /// sum over the terms [0, Hi) of coefficient * k_l[j], accumulated from the oldest stage
  /// to the newest: the stages arrive in that order, so each term is added as soon as its
  /// stage is known.
  template <int Hi, class T, int I = 0>
  static T sum(const T* const* k, std::size_t j, T acc = T(0)) noexcept {
    constexpr long double c = row[index[I]];
    const T kj = k[index[I]][j];
    if constexpr (I == 0) {
      acc = c == 1 ? kj : static_cast<T>(c) * kj;
    } else {
      acc = madd(static_cast<T>(c), kj, acc);
    }
    if constexpr (I + 1 < Hi) {
      return sum<Hi, T, I + 1>(k, j, acc);
    } else {
      return acc;
    }
  }
};

/// out[j] = base[j] + dt * sum_l rows[R][l] * k_l[j], with k_l = k[l] the stage vectors.
/// N > 0 fixes the state size at compile time (fully unrolled loops for tiny systems);
/// N = 0 takes it from n. The newest stage is added last, scaled by dt beforehand: the rest
/// is summed while its right-hand side is evaluated, so it adds one fused multiply-add of
/// latency to the chain of stages.
template <class Tab, int R, std::size_t N, class T>
inline void stage_combination(T* out, const T* base, T dt, const T* const* k,
                              std::size_t n) noexcept {
  using Terms = RowTerms<Tab, R>;
  const std::size_t count = N > 0 ? N : n;
  if constexpr (Terms::count == 0) {
    for (std::size_t j = 0; j < count; ++j) out[j] = base[j];
  } else {
    constexpr int newest = Terms::index[Terms::count - 1];
    const T dt_newest = dt * static_cast<T>(Terms::row[newest]);
    for (std::size_t j = 0; j < count; ++j) {
      T rest = base[j];
      if constexpr (Terms::count > 1)
        rest = madd(dt, Terms::template sum<Terms::count - 1>(k, j), rest);
      out[j] = madd(dt_newest, k[newest][j], rest);
    }
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

/// Where the stability region of an explicit RK method meets the negative real axis: the
/// first z < 0 with |R(z)| = 1, for R(z) = 1 + sum_k (b^T A^(k-1) 1) z^k.
template <class Tab>
constexpr double real_stability_boundary() {
  constexpr auto& tab = Tab::tableau;
  constexpr int S = tab.stages;
  std::array<long double, S + 1> coeff{};  // R(z) = sum_k coeff[k] z^k
  std::array<long double, S> v{};          // A^(k-1) 1
  for (auto& x : v) x = 1;
  coeff[0] = 1;
  for (int k = 1; k <= S; ++k) {
    long double bv = 0;
    for (int i = 0; i < S; ++i) bv += tab.b[i] * v[i];
    coeff[k] = bv;
    std::array<long double, S> next{};
    for (int i = 0; i < S; ++i)
      for (int j = 0; j < i; ++j) next[i] += tab.a[i][j] * v[j];
    v = next;
  }
  auto outside = [&](long double z) {
    long double r = 0;
    for (int k = S; k >= 0; --k) r = r * z + coeff[k];
    return r > 1 || r < -1;
  };
  long double lo = 0, hi = 0;  // |R| <= 1 on [hi, 0), > 1 at lo
  for (long double z = -0.01L; z > -1000; z -= 0.01L) {
    if (outside(z)) {
      lo = z;
      break;
    }
    hi = z;
  }
  for (int it = 0; it < 80; ++it) {
    const long double mid = (lo + hi) / 2;
    (outside(mid) ? lo : hi) = mid;
  }
  return static_cast<double>(-hi);
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
  /// The last two stages share their time, so their difference measures df/dy along the
  /// step (Tsit5, DP5): the stepper offers stiffness_estimate().
  static constexpr bool detects_stiffness =
      stages >= 2 && Tab::tableau.c[stages - 1] == Tab::tableau.c[stages - 2];
  /// -z where the stability region meets the negative real axis (3.51 for Tsit5): a step is
  /// stable while dt times df/dy's largest eigenvalue magnitude stays below it.
  static constexpr double stability_boundary = detail::real_stability_boundary<Tab>();

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

    Stepper(const Problem& problem, const Options&)
        : m_n(problem.y0.size()),
          m_k(static_cast<std::size_t>(total) * m_n),
          m_dense_tmp(extra_stages > 0 ? m_n : 0) {
      for (int l = 0; l < total; ++l) m_stage[l] = m_k.data() + static_cast<std::size_t>(l) * m_n;
    }
    // The stage pointers point into m_k: a copy would point at the source's buffer, while a
    // move keeps the buffer (and so the pointers) valid.
    Stepper(const Stepper&) = delete;
    Stepper& operator=(const Stepper&) = delete;
    Stepper(Stepper&&) noexcept = default;
    Stepper& operator=(Stepper&&) noexcept = default;

    std::size_t size() const noexcept { return m_n; }

    /// Computes k_0 = f(t0, y0) at the start of a solve.
    void start(Problem& pr, T t0, const T* y0, Stats& stats) noexcept {
      detail::eval_rhs(pr.f, t0, y0, pr.p, m_k.data(), m_n, stats);
      m_k0_state = K0::valid;
    }

    /// f(t, y) at the current point (valid after start or accept).
    const T* f_current() const noexcept { return m_k.data(); }

    /// One step of size dt from (t, y): writes y1 and, when estimate_error is set (adaptive
    /// methods only), the square of the scaled error norm in err2 (zero otherwise). Never
    /// allocates.
    Status attempt(Problem& pr, T t, T dt, const T* y, T* y1, bool estimate_error, T rtol,
                   const AbsoluteTolerance& atol, T& err2, Stats& stats) noexcept {
      // Systems of one to four states get loops unrolled at compile time: for them the
      // loop bookkeeping would cost as much as the arithmetic.
      switch (m_n) {
        case 1:
          return attempt_sized<1>(pr, t, dt, y, y1, estimate_error, rtol, atol, err2, stats);
        case 2:
          return attempt_sized<2>(pr, t, dt, y, y1, estimate_error, rtol, atol, err2, stats);
        case 3:
          return attempt_sized<3>(pr, t, dt, y, y1, estimate_error, rtol, atol, err2, stats);
        case 4:
          return attempt_sized<4>(pr, t, dt, y, y1, estimate_error, rtol, atol, err2, stats);
        default: {
          // The compiler may keep this path out of line: its error comes back through a
          // local, so that err2 need not live in memory on the inlined paths above.
          T e2 = 0;
          const Status s =
              attempt_sized<0>(pr, t, dt, y, y1, estimate_error, rtol, atol, e2, stats);
          err2 = e2;
          return s;
        }
      }
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

    /// Estimate of the largest eigenvalue magnitude of df/dy along the last attempted step of
    /// size dt: ||k_s - k_{s-1}|| / ||g_s - g_{s-1}|| for the last two stages and their inputs
    /// g (Hairer & Wanner, Solving ODEs II, Sect. IV.2, "Automatic stiffness detection").
    T stiffness_estimate(T dt) const noexcept requires detects_stiffness {
      constexpr auto& a = Tab::tableau.a;
      T num = 0, den = 0;
      for (std::size_t j = 0; j < m_n; ++j) {
        T dg = 0;
        for (int l = 0; l < S - 1; ++l)
          dg += static_cast<T>(a[S - 1][l] - a[S - 2][l]) * m_stage[l][j];
        const T dk = m_stage[S - 1][j] - m_stage[S - 2][j];
        num += dk * dk;
        den += dg * dg;
      }
      den *= dt * dt;
      return den > T(0) ? std::sqrt(num / den) : T(0);
    }

   private:
    enum class K0 { pending, valid, in_stage };

    /// Makes stage 0 hold f(t, y) for the coming step.
    void ensure_k0(Problem& pr, T t, const T* y, Stats& stats) noexcept {
      const T* k0 = current_k0(pr, t, y, stats);
      if (k0 != m_stage[0]) std::copy_n(k0, m_n, m_stage[0]);
      m_k0_state = K0::valid;
    }

    /// Where f(t, y) for the coming step is: stage 0, the stage that held f(t1, y1) of the
    /// last step, or stage 0 after evaluating it now.
    const T* current_k0(Problem& pr, T t, const T* y, Stats& stats) noexcept {
      if (m_k0_state == K0::in_stage) return m_stage[m_k0_source];
      if (m_k0_state == K0::pending) detail::eval_rhs(pr.f, t, y, pr.p, m_stage[0], m_n, stats);
      return m_stage[0];
    }

    template <std::size_t N>
    ODEKIT_FLATTEN Status attempt_sized(Problem& pr, T t, T dt, const T* y, T* y1,
                                        bool estimate_error, T rtol, const AbsoluteTolerance& atol,
                                        T& err2, Stats& stats) noexcept {
      m_extra_valid = false;
      if constexpr (N > 0) {
        // Tiny systems keep their stages and the stage input on the stack, where the compiler
        // holds them in registers once the right-hand side is inlined (about 30% faster on
        // 2-state problems); they go back to m_k and y1 after the step. These instantiations
        // exist for every problem but run only for their own size, so GCC's bounds warnings
        // about a right-hand side of another size reading or writing past them are false
        // alarms and silenced here (the generic path below keeps them).
        std::array<std::array<T, N>, S> local{};
        std::array<T*, S> k;
        for (int l = 0; l < S; ++l) k[l] = local[l].data();
        std::array<T, N> y1_local{};
        ensure_k0(pr, t, y, stats);
        std::copy_n(m_stage[0], N, local[0].data());
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
        const Status s = step_stages<N>(pr, t, dt, y, y1_local.data(), k.data(), estimate_error,
                                        rtol, atol, err2, stats);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
        std::copy_n(y1_local.data(), N, y1);
        for (int l = 1; l < S; ++l) std::copy_n(local[l].data(), N, m_stage[l]);
        return s;
      } else {
        ensure_k0(pr, t, y, stats);
        return step_stages<N>(pr, t, dt, y, y1, m_stage.data(), estimate_error, rtol, atol, err2,
                              stats);
      }
    }

    template <std::size_t N>
    Status step_stages(Problem& pr, T t, T dt, const T* y, T* y1, T* const* k, bool estimate_error,
                       T rtol, const AbsoluteTolerance& atol, T& err2, Stats& stats) noexcept {
      compute_stages<1, N>(pr, t, dt, y, y1, k, stats);
      if constexpr (!fsal) {
        detail::stage_combination<Tab, detail::RKRows<Tab>::b_row, N>(y1, y, dt, k, m_n);
      }
      err2 = 0;
      if constexpr (is_adaptive) {
        if (estimate_error) {
          err2 = error_norm_squared<N>(dt, y, y1, k, rtol, atol);
          return std::isfinite(err2) ? Status::success : Status::rhs_not_finite_recoverable;
        }
      }
      if (!detail::all_finite(y1, N > 0 ? N : m_n)) return Status::rhs_not_finite_recoverable;
      return Status::success;
    }

    template <int I, std::size_t N>
    void compute_stages(Problem& pr, T t, T dt, const T* y, T* y1, T* const* k,
                        Stats& stats) noexcept {
      if constexpr (I < S) {
        // y1 doubles as the stage input: it is only written at the end (or, for FSAL
        // methods, by the last stage, whose input is y1 itself).
        detail::stage_combination<Tab, I, N>(y1, y, dt, k, m_n);
        detail::eval_rhs(pr.f, t + static_cast<T>(detail::RKRows<Tab>::c(I)) * dt, y1, pr.p, k[I],
                         m_n, stats);
        compute_stages<I + 1, N>(pr, t, dt, y, y1, k, stats);
      }
    }

    template <int I>
    void compute_extra(Problem& pr, T t, T dt, const T* y, Stats& stats) noexcept {
      if constexpr (I < total) {
        detail::stage_combination<Tab, I, 0>(m_dense_tmp.data(), y, dt, m_stage.data(), m_n);
        detail::eval_rhs(pr.f, t + static_cast<T>(detail::RKRows<Tab>::c(I)) * dt,
                         m_dense_tmp.data(), pr.p, m_stage[I], m_n, stats);
        compute_extra<I + 1>(pr, t, dt, y, stats);
      }
    }

    /// Square of the weighted RMS norm of err = dt * sum_l b_err_l k_l (never stored), NaN
    /// when y1 has a NaN or Inf (so one test covers both).
    template <std::size_t N>
    T error_norm_squared(T dt, const T* y, const T* y1, const T* const* k, T rtol,
                         const AbsoluteTolerance& atol) noexcept {
      const double* a = atol.values().data();
      return atol.is_scalar() ? error_norm_squared<N, true>(dt, y, y1, k, rtol, a)
                              : error_norm_squared<N, false>(dt, y, y1, k, rtol, a);
    }

    template <std::size_t N, bool ScalarAtol>
    T error_norm_squared(T dt, const T* y, const T* y1, const T* const* k, T rtol,
                         const double* atol) noexcept {
      using ErrTerms = detail::RowTerms<Tab, detail::RKRows<Tab>::err_row>;
      const T a0 = static_cast<T>(atol[0]);
      auto squared = [&](std::size_t j) {
        const T e = ErrTerms::template sum<ErrTerms::count>(k, j);
        const T a = ScalarAtol ? a0 : static_cast<T>(atol[j]);
        const T scale = detail::madd(rtol, std::max(std::abs(y[j]), std::abs(y1[j])), a);
        const T r = e * (dt / scale);  // dt / scale is known before the last stage
        return r * r;
      };
      const std::size_t count = N > 0 ? N : m_n;
      T sum = squared(0), poison = y1[0] * T(0);  // poison: NaN when y1 has a NaN or Inf
      for (std::size_t j = 1; j < count; ++j) {
        sum += squared(j);
        poison += y1[j] * T(0);
      }
      return poison == T(0) ? sum / static_cast<T>(count) : poison;
    }

    std::size_t m_n;
    std::vector<T> m_k;
    std::array<T*, total> m_stage{};  // m_stage[l]: stage l's vector inside m_k
    std::vector<T> m_dense_tmp;
    K0 m_k0_state = K0::pending;
    int m_k0_source = 0;
    bool m_extra_valid = false;
  };
};

}  // namespace odekit
