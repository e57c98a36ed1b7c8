#pragma once
// The reverse of a Rosenbrock step: the exact derivative of the step of
// rosenbrock_tableau.hpp with its size h held fixed. For the step from (t, y), with J = df/dy
// and f_t = df/dt at (t, y, p), hg = h gamma and W = I - hg J:
//
//   Y_i = y + sum_{j<i} a_ij u_j,   F_i = f(t + c_i h, Y_i)   (F_0 = f(t, y)),
//   W u_i = r_i = hg (F_i + sum_j e_ij F_j) + sum_{j<i} gamma C_ij u_j + h hg d_i f_t,
//   y1 = y + sum_j m_j u_j,
//
// the cotangents ubar_j of the stages start at m_j ybar1 (plus the dense output's weights for
// saves inside the step) and, from the last stage down,
//
//   rbar_i = W^-T ubar_i,   Fbar_i += hg rbar_i,   Fbar_j += hg e_ij rbar_i,
//   ubar_j += gamma C_ij rbar_i,   ftbar += h hg d_i rbar_i,
//   Ybar_i = (df/dy)(Y_i)^T Fbar_i, pbar += (df/dp)(Y_i)^T Fbar_i,   ubar_j += a_ij Ybar_i,
//
// (stage 0's vjp joins the last term). What W, f_t and F_0 contribute through their
// dependence on (y, p) is the gradient of
//
//   psi(y, p) = sum_i hg rbar_i^T J(y, p) u_i + ftbar^T f_t(y, p) + Fbar_0^T f(t, y, p),
//
// one vector-Jacobian product of DirectionalDerivativeSum (second derivatives by nested dual
// numbers). W^T is factored by the same kind of linear solver as W: the quadrature adjoint's
// right-hand side is the linear map -J^T, so its Linearization with gamma = -hg forms
// I - hg J^T. A running cost is integrated by Gauss–Legendre quadrature over the step's dense
// output, differentiated like saves inside the step.
//
// The gradient is that of the discrete solve when the forward pass's J and f_t are exact (f's
// jac, dual numbers, or the coloured sparse Jacobian; with jac = finite_difference the
// forward W holds a difference Jacobian the reverse pass does not see) and, with GMRES, up to
// the linear solver's tolerance.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "odekit/adjoint/adjoint_rhs.hpp"
#include "odekit/adjoint/directional_derivative_sum.hpp"
#include "odekit/adjoint/discrete_adjoint_step.hpp"
#include "odekit/adjoint/gauss_legendre.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/vjp.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/solvers/implicit/linearization.hpp"
#include "odekit/solvers/implicit/rosenbrock.hpp"
#include "odekit/solvers/implicit/stage_sum.hpp"

namespace odekit {

template <class Tab>
struct DiscreteAdjointStep<Rosenbrock<Tab>> {
  static constexpr bool available = true;
  /// Directions of the second-derivative term: one per stage and the time.
  static constexpr int directions = Rosenbrock<Tab>::stages + 1;
  template <class F>
  static constexpr bool accepts = RhsAcceptsNestedDuals<F, directions>;
  static constexpr const char* requirement =
      "its reverse step differentiates the Jacobian, so f must accept nested dual numbers "
      "(Dual<Dual<double, 8>, K>) for t, y and p: write f generically";

  template <class Problem>
  class Engine {
   public:
    using Method = Rosenbrock<Tab>;
    using F = typename Problem::function_type;
    using Transposed = OdeProblem<QuadratureAdjointRhs<F>>;
    static constexpr int S = Method::stages;
    static constexpr int D = Tab::tableau.dense_terms;

    Engine(const Problem& problem, const Options& options, VjpWorkspace<F>& vjp,
           const detail::LossTerms& loss)
        : m_stepper(problem, options),
          m_vjp(&vjp),
          m_loss(&loss),
          m_n(problem.y0.size()),
          m_np(problem.p.size()),
          m_rtol(options.rtol.value_or(0)),
          m_tol(detail::linear_tolerance(m_rtol)),
          m_ctx(std::make_unique<AdjointContext<F>>(problem.f, problem.p, m_n, vjp, loss)),
          m_transposed(QuadratureAdjointRhs<F>{m_ctx.get()}, std::vector<double>(m_n, 0.0),
                       {problem.t0(), problem.t1()}, {}),
          m_lin(std::make_unique<Linearization<Transposed>>(m_transposed, transposed(options))),
          m_curvature(problem.f, m_n, m_np),
          m_curvature_vjp(m_curvature, m_n, m_np),
          m_rule(gauss_legendre(nodes_for_order(Method::dense_order))),
          m_ystart(m_n),
          m_y1(m_n),
          m_point(m_n),
          m_g(m_n),
          m_yb(m_n),
          m_Ybar(m_n),
          m_pbar(m_np),
          m_zero(m_n, 0.0),
          m_ones(m_n, 1.0),
          m_ry(loss.has_running() ? m_n : 0),
          m_rp(loss.has_running() ? m_np : 0),
          m_ubar(S * m_n),
          m_rbar(S * m_n),
          m_Fbar(S * m_n),
          m_ftbar(m_n) {
      m_ctx->state_at = [this](double, std::span<double> out) {
        std::copy(m_ystart.begin(), m_ystart.end(), out.begin());
      };
    }

    /// The step from (t, y) as the forward pass took it: J, f_t and f(t, y) at that point
    /// (accept() tells the stepper the next call is at another point).
    Status advance(Problem& pr, double t, double dt, const double* y, double* y1, Stats& stats) {
      double err = 0;
      m_stepper.start(pr, t, y, stats);
      const Status s = m_stepper.attempt(pr, t, dt, y, y1, false, m_rtol, m_atol, err, stats);
      m_stepper.accept();
      return s;
    }

    /// The first failure of a reverse step (a W^T that would not factor or solve).
    Status status() const noexcept { return m_status; }

    void reverse(Problem& pr, double t, double dt, const double* y,
                 std::span<const SaveInStep> saves, double* ybar, double* pbar, double& value,
                 Stats& stats) {
      const std::size_t n = m_n;
      if (const Status s = advance(pr, t, dt, y, m_y1.data(), stats); s != Status::success) {
        return fail(s, ybar);
      }
      const double* u = m_stepper.stage_vectors().data();
      const double hg = dt * Method::gamma;

      for (const SaveInStep& s : saves) {
        if (!s.at_end) continue;
        value += m_loss->at_save(s.index, s.t, m_y1, m_g);
        for (std::size_t j = 0; j < n; ++j) ybar[j] += m_g[j];
      }
      std::copy_n(ybar, n, m_yb.begin());
      for (int j = 0; j < S; ++j) {
        double* ub = ubar(j);
        for (std::size_t k = 0; k < n; ++k) ub[k] = M[j] * ybar[k];
      }
      const bool inside =
          std::any_of(saves.begin(), saves.end(), [](const SaveInStep& s) { return !s.at_end; });
      if (inside || m_loss->has_running()) m_stepper.ensure_dense(pr, t, dt, y, stats);
      for (const SaveInStep& s : saves) {
        if (s.at_end) continue;
        const double theta = (s.t - t) / dt;
        interpolate(theta, dt, y);
        value += m_loss->at_save(s.index, s.t, m_point, m_g);
        add_output(theta, 1.0);
      }
      if (m_loss->has_running()) add_running_cost(pr, t, dt, y, value, pbar);

      // W^T at (t, y).
      std::copy_n(y, n, m_ystart.begin());
      if (const Status s = m_lin->update_jacobian(m_transposed, t, m_zero, m_zero, stats);
          s != Status::success) {
        return fail(s, ybar);
      }
      if (const Status s = m_lin->factor(m_transposed, -hg, stats); s != Status::success) {
        return fail(s, ybar);
      }
      std::fill(m_Fbar.begin(), m_Fbar.end(), 0.0);
      std::fill(m_ftbar.begin(), m_ftbar.end(), 0.0);
      const std::span<const double> p(pr.p);
      for (int i = S - 1; i >= 0; --i) {
        double* rb = rbar(i);
        if (error_only_stage(Tab::tableau, i)) {
          std::fill_n(rb, n, 0.0);
          continue;
        }
        if (const Status s = m_lin->solve(m_transposed, std::span<const double>(ubar(i), n),
                                          std::span<double>(rb, n), m_tol, stats);
            s != Status::success) {
          return fail(s, ybar);
        }
        axpy(hg, rb, Fbar(i));
        for (int j = 0; j < i; ++j) {
          if (E[i][j] != 0) axpy(hg * E[i][j], rb, Fbar(j));
          if (GC[i][j] != 0) axpy(GC[i][j], rb, ubar(j));
        }
        if (d[i] != 0) axpy(dt * hg * d[i], rb, m_ftbar.data());
        if (i == 0) continue;  // F_0 joins the second-derivative term at (t, y)
        detail::stage_sum(m_point.data(), y, A[i], i, u, n);
        m_vjp->vjp(pr.f, t + c[i] * dt, m_point, p, std::span<const double>(Fbar(i), n), m_Ybar,
                   m_pbar, stats);
        for (std::size_t k = 0; k < m_np; ++k) pbar[k] += m_pbar[k];
        axpy(1.0, m_Ybar.data(), m_yb.data());
        for (int j = 0; j < i; ++j) {
          if (A[i][j] != 0) axpy(A[i][j], m_Ybar.data(), ubar(j));
        }
      }

      // psi's gradient: directions (0, u_i) weighted by hg rbar_i, (1, 0) by ftbar, f by Fbar_0.
      for (int i = 0; i < S; ++i) {
        const bool skip = error_only_stage(Tab::tableau, i);
        std::copy_n(skip ? m_zero.data() : u + static_cast<std::size_t>(i) * n, n,
                    m_curvature.v(i).begin());
        const double* rb = rbar(i);
        for (std::size_t k = 0; k < n; ++k) m_curvature.w(i)[k] = hg * rb[k];
      }
      m_curvature.tau(S) = 1;
      std::copy(m_ftbar.begin(), m_ftbar.end(), m_curvature.w(S).begin());
      std::copy_n(Fbar(0), n, m_curvature.wf().begin());
      m_curvature_vjp.vjp(m_curvature, t, std::span<const double>(y, n), p, m_ones, m_Ybar, m_pbar,
                          stats);
      for (std::size_t k = 0; k < m_np; ++k) pbar[k] += m_pbar[k];
      for (std::size_t k = 0; k < n; ++k) ybar[k] = m_yb[k] + m_Ybar[k];
      detail::add_evaluations(stats, m_ctx->stats);
      m_ctx->stats = Stats{};
    }

   private:
    static constexpr auto A = detail::to_double(Tab::tableau.a);
    static constexpr auto E = detail::to_double(Tab::tableau.e);
    static constexpr auto M = detail::to_double(Tab::tableau.m);
    static constexpr auto H = detail::to_double(Tab::tableau.H);
    static constexpr auto c = detail::to_double(Tab::tableau.c);
    static constexpr auto d = detail::to_double(Tab::tableau.d);
    static constexpr auto GC = [] {
      auto gc = detail::to_double(Tab::tableau.C);
      for (auto& row : gc)
        for (auto& v : row) v *= Method::gamma;
      return gc;
    }();

    /// The options of W^T's Linearization: the forward linear solver, with J^T from the
    /// transposed right-hand side's jac (exact) whatever the forward pass used.
    static Options transposed(Options o) {
      o.jac = DerivativeMethod::automatic;
      return o;
    }

    double* ubar(int j) noexcept { return m_ubar.data() + static_cast<std::size_t>(j) * m_n; }
    double* rbar(int j) noexcept { return m_rbar.data() + static_cast<std::size_t>(j) * m_n; }
    double* Fbar(int j) noexcept { return m_Fbar.data() + static_cast<std::size_t>(j) * m_n; }

    void axpy(double a, const double* x, double* y) const noexcept {
      for (std::size_t k = 0; k < m_n; ++k) y[k] += a * x[k];
    }

    void fail(Status s, double* ybar) {
      if (m_status == Status::success) m_status = s;
      std::fill_n(ybar, m_n, std::numeric_limits<double>::quiet_NaN());
    }

    /// y(t + theta dt) into m_point, by the method's own interpolant.
    void interpolate(double theta, double dt, const double* y) {
      Method::template interpolant<double>.evaluate(theta, dt, y, m_stepper.stored().data(), m_n,
                                                    m_point.data());
    }

    /// A cotangent `scale * m_g` of y(t + theta dt) = y + theta (sum_j m_j u_j + (1 - theta)
    /// sum_r theta^(r - 1) D_r), D_r = sum_j H_rj u_j: to y and to the stages.
    void add_output(double theta, double scale) {
      for (int j = 0; j < S; ++j) {
        double acc = 0, power = 1;
        for (int r = 0; r < D; ++r, power *= theta) acc += power * H[r][j];
        const double weight = scale * theta * (M[j] + (1 - theta) * acc);
        if (weight != 0) axpy(weight, m_g.data(), ubar(j));
      }
      axpy(scale, m_g.data(), m_yb.data());
    }

    /// The running cost over the step by Gauss–Legendre quadrature of the dense output.
    void add_running_cost(Problem& pr, double t, double dt, const double* y, double& value,
                          double* pbar) {
      for (std::size_t q = 0; q < m_rule.nodes.size(); ++q) {
        const double theta = m_rule.nodes[q], w = dt * m_rule.weights[q];
        interpolate(theta, dt, y);
        value += w * m_loss->running(t + theta * dt, m_point, pr.p, m_ry, m_rp);
        std::copy(m_ry.begin(), m_ry.end(), m_g.begin());
        add_output(theta, w);
        for (std::size_t k = 0; k < m_np; ++k) pbar[k] += w * m_rp[k];
      }
    }

    typename Method::template Stepper<Problem> m_stepper;
    VjpWorkspace<F>* m_vjp;
    const detail::LossTerms* m_loss;
    std::size_t m_n, m_np;
    // The forward pass's rtol: an iterative linear solver's tolerance derives from it, in the
    // replayed steps as in the forward ones, and in the transposed solves.
    double m_rtol, m_tol;
    AbsoluteTolerance m_atol{0.0};
    // Held by pointer: the transposed right-hand side and the Linearization's matrix-free
    // operator refer to them, and the engine stays movable.
    std::unique_ptr<AdjointContext<F>> m_ctx;
    Transposed m_transposed;
    std::unique_ptr<Linearization<Transposed>> m_lin;
    DirectionalDerivativeSum<F, directions> m_curvature;
    VjpWorkspace<DirectionalDerivativeSum<F, directions>> m_curvature_vjp;
    QuadratureRule m_rule;
    std::vector<double> m_ystart, m_y1, m_point, m_g, m_yb, m_Ybar, m_pbar, m_zero, m_ones, m_ry,
        m_rp, m_ubar, m_rbar, m_Fbar, m_ftbar;
    Status m_status = Status::success;
  };
};

}  // namespace odekit
