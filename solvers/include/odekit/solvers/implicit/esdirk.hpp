#pragma once
// The ESDIRK engine: a method is an ESDIRK tableau (implicit/tableaus/) plus one line,
// using TRBDF2 = Esdirk<tableaus::TRBDF2>. A tableau with an explicit partner
// (explicit_tableau, an additive pair) also solves SplitOdeProblem{f_stiff, f_nonstiff, ...}
// as an IMEX method: f_stiff through the ESDIRK, f_nonstiff through the explicit tableau.
//
// Stage i > 0 solves, for z_i = h F_i (F_i the stiff stage derivative),
//   G(z_i) = z_i - h f_stiff(t0 + c_i h, base_i + gamma z_i) = 0,
//   base_i = y0 + sum_{j<i} (a_ij z_j + a^E_ij h f_nonstiff(t0 + c_j h, Y_j)),
// by simplified Newton with W = I - h gamma J (odekit::Newton with its defaults: kappa = 0.1,
// 7 iterations), starting from a Hermite predictor built from the earlier stages (below). y1 = y0 +
// sum_j b_j h (F_j + F^E_j). The error estimate sum_j b_err_j h (F_j + F^E_j) is filtered through
// W^-1 (Shampine's smoothing, as in Hosea & Shampine 1996), which keeps it bounded on stiff
// components.
//
// Jacobian and factorisation reuse (Hairer & Wanner, Solving ODEs II, IV.8, with the
// thresholds of OrdinaryDiffEq.jl's NLNewton: slow convergence above a rate of 1/5, a new W
// when h gamma moved by more than 1/5):
//   - J = df_stiff/dy is evaluated at a step's (t0, y0) only when there is none yet, when the
//     previous step's Newton iterations converged slowly (rate > 1/5) or failed, or when
//     Newton's stale-Jacobian retry asks for it; otherwise the old J serves stages and steps.
//   - W is re-factored when J is new or h gamma differs from the factored one by more
//     than 20%; otherwise the old W serves (Newton then converges a little slower).
//   - A failed Newton solve (after the retry with a fresh J) fails the step recoverably: the
//     integrator retries with a quarter of the step.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/norms.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/split_problem.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/linear_solvers/newton.hpp"
#include "odekit/solvers/butcher_tableau.hpp"
#include "odekit/solvers/explicit_rk.hpp"
#include "odekit/solvers/implicit/esdirk_tableau.hpp"
#include "odekit/solvers/implicit/linearization.hpp"
#include "odekit/solvers/implicit/stage_sum.hpp"

namespace odekit {

namespace detail {

/// The explicit partner of an additive pair, when the tableau has one.
template <class Tab>
concept HasExplicitPartner = requires {
  Tab::explicit_tableau;
};

template <class Tab>
constexpr bool explicit_partner_is_valid() {
  if constexpr (HasExplicitPartner<Tab>) {
    return tableau_check::is_explicit(Tab::explicit_tableau) &&
           tableau_check::rows_sum_to_c(Tab::explicit_tableau) &&
           tableau_check::low_order_conditions_hold(Tab::explicit_tableau) &&
           esdirk_check::is_additive_pair(Tab::tableau, Tab::explicit_tableau);
  } else {
    return true;
  }
}

}  // namespace detail

template <class Tab>
struct Esdirk {
  static constexpr auto& tableau = Tab::tableau;
  static constexpr std::string_view name = Tab::name;
  static constexpr int stages = tableau.stages;
  static constexpr int order = tableau.order;
  static constexpr int error_order = tableau.error_order;
  static constexpr bool is_adaptive = tableau_check::has_error_estimate(tableau);
  static constexpr int dense_order = Tab::dense.order;
  /// Accepts a SplitOdeProblem (the tableau has an explicit partner).
  static constexpr bool imex = detail::HasExplicitPartner<Tab>;
  /// The diagonal coefficient: W = I - gamma dt J.
  static constexpr double gamma = static_cast<double>(tableau.a[1][1]);

  static_assert(esdirk_check::is_esdirk(tableau),
                "not an ESDIRK: explicit first stage, constant diagonal, nothing above it");
  static_assert(tableau_check::rows_sum_to_c(tableau), "rows of a do not sum to c");
  static_assert(tableau_check::weights_sum_to_one(tableau) &&
                    tableau_check::error_weights_sum_to_zero(tableau),
                "weights b do not sum to 1 or b_err not to 0");
  static_assert(tableau_check::low_order_conditions_hold(tableau) &&
                    tableau_check::low_order_conditions_hold(esdirk_check::embedded(tableau)),
                "b or b - b_err misses an order condition (up to order 4)");
  static_assert(Tab::dense.extra_stages == 0 &&
                    tableau_check::dense_is_consistent(tableau, Tab::dense),
                "dense output coefficients are inconsistent with the tableau");
  static_assert(detail::explicit_partner_is_valid<Tab>(),
                "the explicit tableau is not an order-4 additive partner of the implicit one");

  template <class T>
  static constexpr Interpolant<T> interpolant{Tab::dense.description, dense_order, stages,
                                              &detail::evaluate_rk_dense<Tab, T>};

  template <class Problem>
  class Stepper {
   public:
    using T = typename Problem::value_type;
    static_assert(detail::require_double_precision<Problem>());
    static constexpr bool split = is_split_problem_v<Problem>;

    Stepper(const Problem& problem, const Options& options)
        : m_n(problem.y0.size()),
          m_lin(std::make_unique<Linearization<Problem>>(problem, options)),
          m_newton(m_n),
          m_z(S * m_n),
          m_ze(split ? S * m_n : 0),
          m_base(m_n),
          m_point(m_n),
          m_fval(m_n),
          m_weights(m_n),
          m_err(m_n),
          m_dense(S * m_n),
          m_fs0(m_n),
          m_fn0(split ? m_n : 0),
          m_f0(split ? m_n : 0) {}

    std::size_t size() const noexcept { return m_n; }
    const Linearization<Problem>& linearization() const noexcept { return *m_lin; }

    void start(Problem& pr, T t0, const T* y0, Stats& stats) {
      eval_at_start(pr, t0, y0, stats);
      if constexpr (split) {
        for (std::size_t k = 0; k < m_n; ++k) m_f0[k] = m_fs0[k] + m_fn0[k];
      }
    }

    const T* f_current() const noexcept { return split ? m_f0.data() : m_fs0.data(); }

    /// f_stiff + f_nonstiff at (t, y), for the integrator's initial step.
    void rhs(Problem& pr, T t, const T* y, T* out, Stats& stats) requires split {
      detail::eval_rhs(pr.f_stiff, t, y, pr.p, out, m_n, stats);
      detail::eval_rhs(pr.f_nonstiff, t, y, pr.p, m_fval.data(), m_n, stats);
      for (std::size_t k = 0; k < m_n; ++k) out[k] += m_fval[k];
    }

    Status attempt(Problem& pr, T t, T dt, const T* y, T* y1, bool estimate_error, T rtol,
                   const AbsoluteTolerance& atol, T& err2, Stats& stats) {
      m_dense_valid = false;
      err2 = 0;
      m_pr = &pr;
      m_stats = &stats;
      m_t = t;
      m_y = y;
      m_h = dt;
      m_hg = dt * static_cast<T>(gamma);
      if (!m_f0_valid) eval_at_start(pr, t, y, stats);
      newton_weights(y, rtol, atol);
      for (std::size_t k = 0; k < m_n; ++k) m_z[k] = dt * m_fs0[k];
      if constexpr (split) {
        for (std::size_t k = 0; k < m_n; ++k) m_ze[k] = dt * m_fn0[k];
      }
      // Lambdas holding only `this` fit in std::function's own storage: no allocation.
      const NewtonSystem system{
          .residual = [this](std::span<const double> z,
                             std::span<double> F) { return residual(z, F); },
          .setup = [this](bool stale, bool& current) { return setup(stale, current); },
          .solve = [this](std::span<const double> b, std::span<double> x,
                          double tol) { return m_lin->solve(*m_pr, b, x, tol, *m_stats); },
      };
      bool slow = false;
      for (int i = 1; i < S; ++i) {
        m_ti = t + static_cast<T>(c[i]) * dt;
        detail::stage_sum(m_base.data(), y, AI[i], i, m_z.data(), m_n);
        if constexpr (split) detail::add_stages(m_base.data(), T(1), AE[i], i, m_ze.data(), m_n);
        T* zi = stage(m_z, i);
        detail::stage_sum(zi, nullptr, P[i], i, m_z.data(), m_n);
        if constexpr (split) detail::add_stages(zi, T(1), PE[i], i, m_ze.data(), m_n);
        const Status s = m_newton.solve(system, std::span<T>(zi, m_n), m_weights, 1.0, true, stats);
        if (s != Status::success) {
          m_refresh_jac = true;
          return s;
        }
        slow = slow || m_newton.last().rate > kSlowRate;
        if constexpr (split) {
          for (std::size_t k = 0; k < m_n; ++k) m_point[k] = m_base[k] + gamma * zi[k];
          T* zei = stage(m_ze, i);
          detail::eval_rhs(pr.f_nonstiff, m_ti, m_point.data(), pr.p, zei, m_n, stats);
          for (std::size_t k = 0; k < m_n; ++k) zei[k] *= dt;
        }
      }
      m_refresh_jac = slow;
      detail::stage_sum(y1, y, B, S, m_z.data(), m_n);
      if constexpr (split) detail::add_stages(y1, T(1), B, S, m_ze.data(), m_n);
      if (estimate_error) {
        detail::stage_sum(m_fval.data(), nullptr, Berr, S, m_z.data(), m_n);
        if constexpr (split) detail::add_stages(m_fval.data(), T(1), Berr, S, m_ze.data(), m_n);
        const Status s = m_lin->solve(pr, m_fval, m_err, detail::linear_tolerance(rtol), stats);
        if (s != Status::success) return s;
      }
      return detail::step_outcome(estimate_error ? m_err.data() : nullptr, y, y1, m_n, rtol, atol,
                                  err2);
    }

    /// The next step starts at (t1, y1), where J is not; a stiffly accurate method without
    /// an explicit part has f(t1, y1) = F_{S-1}, the last stage derivative.
    void accept() noexcept {
      m_jac_here = false;
      if constexpr (fsal) {
        const T* last = stage(m_z, S - 1);
        for (std::size_t k = 0; k < m_n; ++k) m_fs0[k] = last[k] / m_h;
      } else {
        m_f0_valid = false;
      }
    }

    /// The stage derivatives F_j (+ F^E_j) of the last accepted step, for the interpolant.
    void ensure_dense(Problem&, T, T, const T*, Stats&) noexcept {
      if (m_dense_valid) return;
      const T scale = m_h == 0 ? 0 : 1 / m_h;  // no step yet: the constant interpolant
      for (std::size_t k = 0; k < S * m_n; ++k) {
        m_dense[k] = (split ? m_z[k] + m_ze[k] : m_z[k]) * scale;
      }
      m_dense_valid = true;
    }

    std::span<const T> stored() const noexcept { return m_dense; }

   private:
    static constexpr int S = stages;
    static constexpr auto AI = detail::to_double(tableau.a);
    static constexpr auto B = detail::to_double(tableau.b);
    static constexpr auto Berr = detail::to_double(tableau.b_err);
    static constexpr auto c = detail::to_double(tableau.c);
    /// The implicit tableau's a, or the explicit partner's (zero for an OdeProblem).
    static constexpr const std::array<std::array<long double, S>, S>& coefficients(
        bool explicit_part) {
      if constexpr (split) {
        if (explicit_part) return Tab::explicit_tableau.a;
      }
      return explicit_part ? kZero : tableau.a;
    }
    static constexpr std::array<std::array<long double, S>, S> kZero{};
    static constexpr auto AE = detail::to_double(coefficients(true));
    /// Stage predictors z_i^0 = sum_{l<i} (P_il z_l + PE_il z^E_l): the stage value that
    /// the cubic Hermite interpolant of (t0, y0, F_0) and (t0 + c_j h, Y_j, F_j) takes at
    /// t0 + c_i h, j being the earlier stage with the largest c_j > 0 (none: the explicit Euler
    /// value y0 + c_i h F_0), solved for z_i through Y_i = base_i + gamma z_i. Predicting
    /// the stage value rather than F_i keeps the guess good on stiff components.
    static constexpr auto predictor(bool explicit_part) {
      std::array<std::array<double, S>, S> P{};
      const auto& a = coefficients(explicit_part);
      for (int i = 1; i < S; ++i) {
        int j = 0;
        for (int l = 1; l < i; ++l)
          if (tableau.c[l] > tableau.c[j]) j = l;
        // Hermite basis at s = c_i / c_j on [0, c_j]: Y = y0 + h01 (Y_j - y0) + c_j h (h10 F_0
        // + h11 F_j), with Y_j - y0 = sum_l a_jl z_l and base_i - y0 = sum_l a_il z_l.
        const long double cj = tableau.c[j], s = j == 0 ? 0 : tableau.c[i] / cj;
        const long double h10 = s * s * s - 2 * s * s + s;
        const long double h01 = 3 * s * s - 2 * s * s * s;
        const long double h11 = s * s * s - s * s;
        for (int l = 0; l < i; ++l) {
          long double w = -a[i][l];
          if (j == 0) {
            if (l == 0) w += tableau.c[i];
          } else {
            w += h01 * a[j][l];
            if (l == 0) w += cj * h10;
            if (l == j) w += cj * h11;
          }
          P[i][l] = static_cast<double>(w / tableau.a[1][1]);
        }
      }
      return P;
    }
    static constexpr auto P = predictor(false);
    static constexpr auto PE = predictor(true);
    static constexpr bool fsal = !split && esdirk_check::is_stiffly_accurate(tableau);
    static constexpr double kSlowRate = 0.2;
    static constexpr double kRefactor = 0.2;
    /// Newton's tolerance when a fixed-step solve gives none (rtol = atol = 0).
    static constexpr double kDefaultNewtonTolerance = 1e-12;

    T* stage(std::vector<T>& v, int i) noexcept {
      return v.data() + static_cast<std::size_t>(i) * m_n;
    }

    void eval_at_start(Problem& pr, T t, const T* y, Stats& stats) {
      detail::eval_rhs(implicit_rhs(pr), t, y, pr.p, m_fs0.data(), m_n, stats);
      if constexpr (split) detail::eval_rhs(pr.f_nonstiff, t, y, pr.p, m_fn0.data(), m_n, stats);
      m_f0_valid = true;
    }

    void newton_weights(const T* y, T rtol, const AbsoluteTolerance& atol) {
      const bool none = rtol == 0 && atol.is_scalar() && atol[0] == 0;
      for (std::size_t k = 0; k < m_n; ++k) {
        const T scale = none ? kDefaultNewtonTolerance * (1 + std::abs(y[k]))
                             : static_cast<T>(atol[k]) + rtol * std::abs(y[k]);
        m_weights[k] = 1 / scale;
      }
    }

    /// G(z) = z - h f_stiff(t_i, base_i + gamma z) for the stage being solved.
    Status residual(std::span<const double> z, std::span<double> G) {
      for (std::size_t k = 0; k < m_n; ++k) m_point[k] = m_base[k] + gamma * z[k];
      detail::eval_rhs(implicit_rhs(*m_pr), m_ti, m_point.data(), m_pr->p, m_fval.data(), m_n,
                       *m_stats);
      for (std::size_t k = 0; k < m_n; ++k) G[k] = z[k] - m_h * m_fval[k];
      return Status::success;
    }

    /// Newton's setup: a new J at (t0, y0) when one is due (see the header), a new
    /// factorisation when J is new or h gamma moved.
    Status setup(bool stale, bool& current) {
      if ((stale || m_refresh_jac || !m_lin->has_jacobian()) && !m_jac_here) {
        const Status s =
            m_lin->update_jacobian(*m_pr, m_t, std::span<const T>(m_y, m_n), m_fs0, *m_stats);
        if (s != Status::success) return s;
        m_jac_here = true;
        m_refresh_jac = false;
        m_w_hg = 0;
      }
      if (m_w_hg == 0 || (stale && m_w_hg != m_hg) || std::abs(m_hg / m_w_hg - 1) > kRefactor) {
        const Status s = m_lin->factor(*m_pr, m_hg, *m_stats);
        m_w_hg = s == Status::success ? m_hg : 0;
        if (s != Status::success) return s;
      }
      current = m_jac_here;
      return Status::success;
    }

    std::size_t m_n;
    // Held by pointer: its matrix-free operator refers to it, and the stepper must stay movable.
    std::unique_ptr<Linearization<Problem>> m_lin;
    Newton m_newton;
    // Stage vectors z_j = h F_j (implicit) and h F^E_j (explicit, split problems only).
    std::vector<T> m_z, m_ze;
    std::vector<T> m_base, m_point, m_fval, m_weights, m_err, m_dense;
    // f_stiff and f_nonstiff at the step's (t, y), and their sum (split problems).
    std::vector<T> m_fs0, m_fn0, m_f0;
    // The step being attempted, for the Newton callbacks.
    Problem* m_pr = nullptr;
    Stats* m_stats = nullptr;
    const T* m_y = nullptr;
    T m_t = 0, m_ti = 0, m_h = 0, m_hg = 0;
    T m_w_hg = 0;  // h gamma of the current factorisation (0: none)
    bool m_f0_valid = false;
    bool m_jac_here = false;     // J is at the current step's (t, y)
    bool m_refresh_jac = false;  // the next setup evaluates J (slow or failed convergence)
    bool m_dense_valid = false;
  };
};

}  // namespace odekit
