#pragma once
// The reverse of an explicit Runge–Kutta step, stage by stage (the discrete adjoint of
// Hager, Numer. Math. 87 (2000) 247-282; Sandu, "On the properties of Runge–Kutta discrete
// adjoints", ICCS 2006). For the step
//
//   Y_i = y + dt sum_j a_ij k_j,  k_i = f(t + c_i dt, Y_i),  y1 = y + dt sum_i b_i k_i
//
// and cotangents ybar1 of y1 (plus ybar_o of interpolated outputs y(theta_o) = y + dt sum_i
// b_i(theta_o) k_i), with kbar_i the cotangent of k_i:
//
//   kbar_i = dt (b_i ybar1 + sum_o b_i(theta_o) ybar_o) + dt sum_{l > i} a_li Ybar_l
//   Ybar_i = (df/dy)(Y_i)^T kbar_i,  pbar += (df/dp)(Y_i)^T kbar_i
//   ybar   = ybar1 + sum_o ybar_o + sum_i Ybar_i,
//
// taken from the last stage down, one vjp per stage whose kbar_i can be nonzero (FSAL's last
// stage and the dense-output stages are skipped unless an output needs them). A running
// cost r adds r(Y_i) with weight dt b_i: the quadrature the method itself applies to the
// augmented equation q' = r. Stage inputs are recomputed with the engine's own stage sums,
// so the vjps see the forward pass's points exactly.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "odekit/adjoint/discrete_adjoint_step.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/vjp.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/solvers/explicit_rk.hpp"

namespace odekit {

template <class Tab>
struct DiscreteAdjointStep<ExplicitRK<Tab>> {
  static constexpr bool available = true;
  /// Any f with a vjp source (vjp.hpp checks it).
  template <class F>
  static constexpr bool accepts = true;
  static constexpr const char* requirement = "";

  template <class Problem>
  class Engine {
   public:
    using Method = ExplicitRK<Tab>;
    using F = typename Problem::function_type;
    using Rows = detail::RKRows<Tab>;
    static constexpr int S = Method::stages;
    static constexpr int total = Rows::total;

    Engine(const Problem& problem, const Options& options, VjpWorkspace<F>& vjp,
           const detail::LossTerms& loss)
        : m_stepper(problem, options),
          m_vjp(&vjp),
          m_loss(&loss),
          m_n(problem.y0.size()),
          m_np(problem.p.size()),
          m_y1(m_n),
          m_Y(m_n),
          m_Ybar(m_n),
          m_g(m_n),
          m_pbar(m_np),
          m_ry(loss.has_running() ? m_n : 0),
          m_rp(loss.has_running() ? m_np : 0),
          m_kbar(static_cast<std::size_t>(total) * m_n) {}

    Status advance(Problem& pr, double t, double dt, const double* y, double* y1, Stats& stats) {
      double err = 0;
      m_stepper.start(pr, t, y, stats);
      return m_stepper.attempt(pr, t, dt, y, y1, false, 0.0, m_atol, err, stats);
    }

    void reverse(Problem& pr, double t, double dt, const double* y,
                 std::span<const SaveInStep> saves, double* ybar, double* pbar, double& value,
                 Stats& stats) {
      advance(pr, t, dt, y, m_y1.data(), stats);
      bool inside = false;
      for (const SaveInStep& s : saves) inside = inside || !s.at_end;
      if (inside) m_stepper.ensure_dense(pr, t, dt, y, stats);
      const double* k = m_stepper.stored().data();
      for (int l = 0; l < total; ++l) m_k[l] = k + static_cast<std::size_t>(l) * m_n;

      for (const SaveInStep& s : saves) {
        if (!s.at_end) continue;
        value += m_loss->at_save(s.index, s.t, m_y1, m_g);
        for (std::size_t j = 0; j < m_n; ++j) ybar[j] += m_g[j];
      }
      for (int l = 0; l < total; ++l) {
        const double b = l < S ? static_cast<double>(Rows::rows[Rows::b_row][l]) : 0.0;
        m_active[l] = b != 0;
        double* kb = kbar(l);
        for (std::size_t j = 0; j < m_n; ++j) kb[j] = dt * b * ybar[j];
      }
      for (const SaveInStep& s : saves) {
        if (!s.at_end) add_output(s, t, dt, y, ybar, value);
      }
      sweep<total - 1>(pr, t, dt, y, ybar, pbar, value, stats);
    }

   private:
    double* kbar(int l) noexcept { return m_kbar.data() + static_cast<std::size_t>(l) * m_n; }

    /// A save at theta inside the step: y(theta) = y + dt sum_l b_l(theta) k_l.
    void add_output(const SaveInStep& s, double t, double dt, const double* y, double* ybar,
                    double& value) {
      constexpr auto& d = Tab::dense;
      const double theta = (s.t - t) / dt;
      std::array<double, total> w{};
      for (int l = 0; l < total; ++l) {
        double acc = 0;
        for (int m = d.degree - 1; m >= 0; --m) {
          acc = (acc + static_cast<double>(d.b_theta[l][m])) * theta;
        }
        w[l] = acc;
      }
      for (std::size_t j = 0; j < m_n; ++j) {
        double acc = 0;
        for (int l = 0; l < total; ++l) acc += w[l] * m_k[l][j];
        m_Y[j] = y[j] + dt * acc;
      }
      value += m_loss->at_save(s.index, s.t, m_Y, m_g);
      for (int l = 0; l < total; ++l) {
        if (w[l] == 0) continue;
        m_active[l] = true;
        double* kb = kbar(l);
        for (std::size_t j = 0; j < m_n; ++j) kb[j] += dt * w[l] * m_g[j];
      }
      for (std::size_t j = 0; j < m_n; ++j) ybar[j] += m_g[j];
    }

    /// Stage I's reverse, then the stages before it.
    template <int I>
    void sweep(Problem& pr, double t, double dt, const double* y, double* ybar, double* pbar,
               double& value, Stats& stats) {
      if constexpr (I >= 0) {
        constexpr double b = I < S ? static_cast<double>(Rows::rows[Rows::b_row][I]) : 0.0;
        const bool running = m_loss->has_running() && b != 0;
        if (m_active[I] || running) {
          detail::stage_combination<Tab, I, 0>(m_Y.data(), y, dt, m_k.data(), m_n);
          const double ti = t + static_cast<double>(Rows::c(I)) * dt;
          const std::span<const double> p(pr.p);
          std::fill(m_Ybar.begin(), m_Ybar.end(), 0.0);
          if (m_active[I]) {
            m_vjp->vjp(pr.f, ti, m_Y, p, std::span<const double>(kbar(I), m_n), m_Ybar, m_pbar,
                       stats);
            for (std::size_t j = 0; j < m_np; ++j) pbar[j] += m_pbar[j];
          }
          if (running) {
            value += dt * b * m_loss->running(ti, m_Y, p, m_ry, m_rp);
            for (std::size_t j = 0; j < m_n; ++j) m_Ybar[j] += dt * b * m_ry[j];
            for (std::size_t j = 0; j < m_np; ++j) pbar[j] += dt * b * m_rp[j];
          }
          using Terms = detail::RowTerms<Tab, I>;
          for (int term = 0; term < Terms::count; ++term) {
            const int l = Terms::index[term];
            const double a = dt * static_cast<double>(Terms::row[l]);
            m_active[l] = true;
            double* kb = kbar(l);
            for (std::size_t j = 0; j < m_n; ++j) kb[j] += a * m_Ybar[j];
          }
          for (std::size_t j = 0; j < m_n; ++j) ybar[j] += m_Ybar[j];
        }
        sweep<I - 1>(pr, t, dt, y, ybar, pbar, value, stats);
      }
    }

    typename Method::template Stepper<Problem> m_stepper;
    VjpWorkspace<F>* m_vjp;
    const detail::LossTerms* m_loss;
    std::size_t m_n, m_np;
    AbsoluteTolerance m_atol{0.0};
    std::vector<double> m_y1, m_Y, m_Ybar, m_g, m_pbar, m_ry, m_rp, m_kbar;
    std::array<const double*, total> m_k{};
    std::array<bool, total> m_active{};
  };
};

}  // namespace odekit
