#pragma once
// The Rosenbrock engine: a method is a RosenbrockTableau (implicit/tableaus/) plus one line,
// using Rodas5P = Rosenbrock<tableaus::Rodas5P>. See rosenbrock_tableau.hpp for the stage
// equations.
//
// Work per step attempt: one Jacobian J and one df/dt at (t, y), one factorisation of
// W = I - h gamma J, one linear solve per stage (the error-only stage of Rosenbrock23 is
// skipped when no error is estimated) and an f evaluation per stage after the first. A
// rejected step is retried from the same (t, y), so J and df/dt are kept and only W is
// re-factored with the new step; f(t, y) is evaluated once per point, or reused from the last
// stage when that stage sits at (t1, y1) (Rosenbrock23).

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
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/solvers/implicit/linearization.hpp"
#include "odekit/solvers/implicit/rosenbrock_tableau.hpp"
#include "odekit/solvers/implicit/stage_sum.hpp"

namespace odekit {

namespace detail {

/// y(t0 + theta dt) = y0 + theta (Delta + (1 - theta) (D_1 + theta (D_2 + ...))) from
/// stored = [Delta = y1 - y0, D_1, ..., D_D] (the Rodas form, see rosenbrock_tableau.hpp).
template <int D, class T>
void evaluate_rosenbrock_dense(T theta, T, const T* y0, const T* stored, std::size_t n, T* out) {
  for (std::size_t k = 0; k < n; ++k) {
    T acc = stored[static_cast<std::size_t>(D) * n + k];
    for (int r = D - 1; r >= 1; --r)
      acc = stored[static_cast<std::size_t>(r) * n + k] + theta * acc;
    out[k] = y0[k] + theta * (stored[k] + (1 - theta) * acc);
  }
}

}  // namespace detail

template <class Tab>
struct Rosenbrock {
  static constexpr auto& tableau = Tab::tableau;
  static constexpr std::string_view name = Tab::name;
  static constexpr int stages = tableau.stages;
  static constexpr int order = tableau.order;
  static constexpr int error_order = tableau.error_order;
  static constexpr bool is_adaptive = true;
  static constexpr int dense_order = tableau.dense_order;
  /// The diagonal coefficient: W = I - gamma dt J.
  static constexpr double gamma = static_cast<double>(tableau.gamma);

  static_assert(rosenbrock_check::strictly_lower(tableau),
                "a, C and e must be strictly lower triangular and gamma > 0");
  static_assert(rosenbrock_check::stage_coefficients_consistent(tableau),
                "c and d are inconsistent with a, C and gamma");
  static_assert(rosenbrock_check::classical_weights(tableau, tableau.m) &&
                    rosenbrock_check::order_conditions_hold(tableau, tableau.m, order),
                "the weights m miss an order condition of the method's order (up to 4)");
  static_assert(!rosenbrock_check::classical_weights(tableau,
                                                     rosenbrock_check::embedded_weights(tableau)) ||
                    rosenbrock_check::order_conditions_hold(
                        tableau, rosenbrock_check::embedded_weights(tableau), error_order),
                "the embedded weights m - m_err miss an order condition of error_order");
  static_assert(rosenbrock_check::dense_is_consistent(tableau),
                "the dense-output coefficients H are inconsistent");

  template <class T>
  static constexpr Interpolant<T> interpolant{
      tableau.dense_description, dense_order, tableau.dense_terms + 1,
      &detail::evaluate_rosenbrock_dense<tableau.dense_terms, T>};

  template <class Problem>
  class Stepper {
   public:
    using T = typename Problem::value_type;
    static_assert(detail::require_double_precision<Problem>());

    Stepper(const Problem& problem, const Options& options)
        : m_n(problem.y0.size()),
          m_lin(std::make_unique<Linearization<Problem>>(problem, options)),
          m_u(S * m_n),
          m_f(keeps_f ? S * m_n : m_n),
          m_f0(m_n),
          m_ft(m_n),
          m_point(m_n),
          m_rhs(m_n),
          m_dense((D + 1) * m_n) {}

    std::size_t size() const noexcept { return m_n; }
    const Linearization<Problem>& linearization() const noexcept { return *m_lin; }

    void start(Problem& pr, T t0, const T* y0, Stats& stats) {
      detail::eval_rhs(pr.f, t0, y0, pr.p, m_f0.data(), m_n, stats);
      m_f0_valid = true;
    }

    const T* f_current() const noexcept { return m_f0.data(); }

    /// One step of size dt from (t, y) into y1 (see the header comment for the work done).
    Status attempt(Problem& pr, T t, T dt, const T* y, T* y1, bool estimate_error, T rtol,
                   const AbsoluteTolerance& atol, T& err2, Stats& stats) {
      m_dense_valid = false;
      err2 = 0;
      const std::span<const T> ys(y, m_n);
      if (!m_f0_valid) {
        detail::eval_rhs(pr.f, t, y, pr.p, m_f0.data(), m_n, stats);
        m_f0_valid = true;
      }
      if (!m_jac_here) {
        if (const Status s = m_lin->update_jacobian(pr, t, ys, m_f0, stats); s != Status::success) {
          return s;
        }
        m_lin->time_derivative(pr, dt, m_ft, stats);
        m_jac_here = true;
      }
      const T hg = dt * static_cast<T>(gamma);
      if (const Status s = m_lin->factor(pr, hg, stats); s != Status::success) return s;
      const T tol = detail::linear_tolerance(rtol);
      if constexpr (keeps_f) std::copy_n(m_f0.data(), m_n, m_f.data());
      for (int i = 0; i < S; ++i) {
        const T* fi = m_f0.data();
        if (i > 0) {
          detail::stage_sum(m_point.data(), y, A[i], i, m_u.data(), m_n);
          detail::eval_rhs(pr.f, t + static_cast<T>(c[i]) * dt, m_point.data(), pr.p, f_slot(i),
                           m_n, stats);
          fi = f_slot(i);
        }
        if (error_only(i) && !estimate_error) continue;
        for (std::size_t k = 0; k < m_n; ++k) m_rhs[k] = hg * fi[k];
        if constexpr (keeps_f) detail::add_stages(m_rhs.data(), hg, E[i], i, m_f.data(), m_n);
        detail::add_stages(m_rhs.data(), T(1), GC[i], i, m_u.data(), m_n);
        if (d[i] != 0) {
          const T w = dt * hg * static_cast<T>(d[i]);
          for (std::size_t k = 0; k < m_n; ++k) m_rhs[k] += w * m_ft[k];
        }
        const std::span<T> ui(m_u.data() + static_cast<std::size_t>(i) * m_n, m_n);
        if (const Status s = m_lin->solve(pr, m_rhs, ui, tol, stats); s != Status::success) {
          return s;
        }
      }
      detail::stage_sum(y1, y, M, S, m_u.data(), m_n);
      if (estimate_error) detail::stage_sum(m_rhs.data(), nullptr, Merr, S, m_u.data(), m_n);
      return detail::step_outcome(estimate_error ? m_rhs.data() : nullptr, y, y1, m_n, rtol, atol,
                                  err2);
    }

    /// The next step starts at (t1, y1): a new point for J and df/dt, and f there is the last
    /// stage's when that stage sits at (t1, y1).
    void accept() noexcept {
      m_jac_here = false;
      if constexpr (fsal) {
        std::copy_n(f_slot(S - 1), m_n, m_f0.data());
      } else {
        m_f0_valid = false;
      }
    }

    /// Forms [y1 - y0, D_1, ..., D_D] of the last accepted step (no f evaluation).
    void ensure_dense(Problem&, T, T, const T*, Stats&) noexcept {
      if (m_dense_valid) return;
      detail::stage_sum(m_dense.data(), nullptr, M, S, m_u.data(), m_n);
      for (int r = 0; r < D; ++r) {
        detail::stage_sum(m_dense.data() + static_cast<std::size_t>(r + 1) * m_n, nullptr, H[r], S,
                          m_u.data(), m_n);
      }
      m_dense_valid = true;
    }

    std::span<const T> stored() const noexcept { return m_dense; }

    /// The stage vectors u_0, ..., u_{S-1} of the last attempt (S n values; an error-only
    /// stage skipped by a step without error estimation keeps its old value), which the
    /// reverse of the step (adjoint/rosenbrock_adjoint.hpp) needs.
    std::span<const T> stage_vectors() const noexcept { return m_u; }

   private:
    static constexpr int S = stages;
    static constexpr int D = tableau.dense_terms;
    static constexpr auto A = detail::to_double(tableau.a);
    static constexpr auto E = detail::to_double(tableau.e);
    static constexpr auto M = detail::to_double(tableau.m);
    static constexpr auto Merr = detail::to_double(tableau.m_err);
    static constexpr auto H = detail::to_double(tableau.H);
    static constexpr auto c = detail::to_double(tableau.c);
    static constexpr auto d = detail::to_double(tableau.d);
    /// gamma * C: the weights of earlier stages u_j in the right-hand side.
    static constexpr auto GC = [] {
      auto gc = detail::to_double(tableau.C);
      for (auto& row : gc)
        for (auto& v : row) v *= gamma;
      return gc;
    }();
    /// Some stage combines earlier f values (Rosenbrock23): keep every stage's f.
    static constexpr bool keeps_f = [] {
      for (int i = 0; i < S; ++i)
        if (!rosenbrock_check::classical_stage(tableau, i)) return true;
      return false;
    }();
    /// The last stage is at (t1, y1): its f is the next step's f(t, y).
    static constexpr bool fsal = [] {
      if (tableau.c[S - 1] != 1) return false;
      for (int j = 0; j < S; ++j)
        if (tableau.a[S - 1][j] != tableau.m[j]) return false;
      return true;
    }();

    static constexpr bool error_only(int i) { return error_only_stage(tableau, i); }

    /// Where stage i > 0 keeps its f value (with keeps_f, stage 0 holds a copy of f(t, y)).
    T* f_slot(int i) noexcept {
      return keeps_f ? m_f.data() + static_cast<std::size_t>(i) * m_n : m_f.data();
    }

    std::size_t m_n;
    // Held by pointer: its matrix-free operator refers to it, and the stepper must stay movable.
    std::unique_ptr<Linearization<Problem>> m_lin;
    std::vector<T> m_u, m_f, m_f0, m_ft, m_point, m_rhs, m_dense;
    bool m_f0_valid = false;
    bool m_jac_here = false;  // J and df/dt are at the current (t, y)
    bool m_dense_valid = false;
  };
};

}  // namespace odekit
