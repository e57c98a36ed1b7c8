#pragma once
// The stepping loop of odekit::BDF: variable order (1 to 5), quasi-constant step size, in the
// backward-difference form of Shampine & Reichelt ("The MATLAB ODE Suite", SIAM J. Sci.
// Comput. 18 (1997), Section 2), with the Newton and Jacobian-reuse strategy of CVODE (Hindmarsh
// et al., ACM TOMS 31 (2005); CVODE user guide, "Mathematical considerations").
//
// Each step of order k and size h predicts y0 = P(t_n + h) from the backward differences, then
// solves alpha_k d + sum_j gamma_j D_j = h f(t_n + h, y0 + d) for the correction d by
// simplified Newton with W = I - c J, c = h / alpha_k (coefficients.hpp). The local error is
// error_k * d. The step size stays constant for k + 1 steps after a change, so that the
// differences D_{k+1}, D_{k+2} estimate the errors of orders k - 1 and k + 1; then the order
// whose estimate allows the largest step is taken (step factors with ode15s' safety biases 1.3,
// 1.2, 1.4 for orders k - 1, k, k + 1, growth at most 10x), and the difference array is
// re-evaluated on the new grid.
//
// Jacobian and factorisation reuse: J is kept until Newton fails with it (Newton's own
// stale-Jacobian retry), a step failed, or it served max_jacobian_age steps; W = I - c J is
// factored again only when c moved by more than 30% since the last factorisation (CVODE's
// dgmax), and solves with an older factorisation are scaled by 2 / (1 + c / c_factored) (CVODE's
// correction for stiff components). All buffers are made in the constructor; step() never
// allocates.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/norms.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/linear_solvers/newton.hpp"
#include "odekit/solvers/bdf/coefficients.hpp"
#include "odekit/solvers/bdf/difference_array.hpp"
#include "odekit/solvers/bdf/interpolant.hpp"
#include "odekit/solvers/bdf/method.hpp"
#include "odekit/solvers/failure_budget.hpp"
#include "odekit/solvers/implicit/linearization.hpp"
#include "odekit/solvers/initial_step.hpp"
#include "odekit/solvers/outcome.hpp"
#include "odekit/solvers/validate_options.hpp"

namespace odekit::detail {

template <class Problem>
class BdfSolver {
 public:
  using T = double;

  /// Validates the problem, options and method (std::invalid_argument on misuse), evaluates
  /// f(t0, y0) and picks the first step.
  BdfSolver(Problem problem, const BDF& method, const Options& options)
      : m_problem(checked(std::move(problem), method, options)),
        m_method(method),
        m_coef(method.ndf ? kNdfCoefficients : kBdfCoefficients),
        m_n(m_problem.y0.size()),
        m_lin(m_problem, options),
        m_newton(m_n, NewtonOptions{.max_iterations = method.max_newton_iterations}),
        m_D(m_n, method.max_order),
        m_ypred(m_n),
        m_psi(m_n),
        m_z(m_n),
        m_w(m_n),
        m_yiter(m_n),
        m_fz(m_n),
        m_yprev(m_problem.y0) {
    m_system.residual = [this](std::span<const double> z, std::span<double> F) {
      return residual(z, F);
    };
    m_system.setup = [this](bool stale, bool& current) { return setup(stale, current); };
    m_system.solve = [this](std::span<const double> b, std::span<double> x, double tol) {
      return solve_linear(b, x, tol);
    };
    m_adaptive = options.adaptive;
    m_rtol = *options.rtol;
    m_atol = options.atol;
    m_dtmin = options.dtmin;
    m_dtmax = options.dtmax;
    m_max_steps = options.max_steps;
    m_t = m_tprev = m_problem.t0();
    m_t_end = m_problem.t1();
    m_dir = m_t_end > m_t ? 1.0 : -1.0;

    const double* y0 = m_problem.y0.data();
    eval_rhs(m_problem.f, m_t, y0, m_problem.p, m_fz.data(), m_n, m_stats);
    if (!all_finite(m_fz.data(), m_n)) {
      m_outcome.fail(Status::rhs_not_finite, m_t);
      return;
    }
    double h = 0;
    if (options.dt0) {
      h = *options.dt0;
    } else {
      auto rhs = [this](double t, const double* y, double* out) {
        eval_rhs(m_problem.f, t, y, m_problem.p, out, m_n, m_stats);
      };
      h = initial_step(rhs, m_t, m_t_end, y0, m_fz.data(), m_yiter.data(), m_ypred.data(), m_n, 1,
                       m_rtol, m_atol, m_dtmax);
    }
    m_h = m_h_next = m_dir * std::min(h, m_dtmax);
    m_D.start(y0, m_fz.data(), m_h);
    error_weights(m_problem.y0, m_rtol, m_atol, m_w);
  }

  BdfSolver(const BdfSolver&) = delete;
  BdfSolver& operator=(const BdfSolver&) = delete;

  Status step() noexcept {
    if (done()) return status();
    for (;;) {
      if (m_attempts >= m_max_steps) return m_outcome.fail(Status::max_steps_reached, m_t);
      double h = m_h_next;
      bool last = false;
      // Stretch the step to t1 when within 1% of it (Hairer's rule): no sliver steps.
      if (m_dir * (m_t + 1.01 * h - m_t_end) >= 0) {
        h = m_t_end - m_t;
        last = true;
      }
      if (m_t + h == m_t) return m_outcome.fail(m_failures.terminal(), m_t);
      set_step(h, m_k_next);
      ++m_attempts;
      double err = 0;
      const Status s = attempt(last ? m_t_end : m_t + h, err);
      if (s == Status::success && (!m_adaptive || err <= 1)) {
        accept(err, last);
        return Status::success;
      }
      ++m_stats.nreject;
      if (is_terminal(s)) return m_outcome.fail(s, m_t);
      double factor = 0;
      if (s != Status::success) {
        // Newton or the linear solver failed even with a fresh Jacobian: much smaller steps,
        // and a Jacobian at the new point (CVODE's convergence-failure response).
        if (!m_adaptive || !m_failures.record(s)) return m_outcome.fail(terminal_of(s), m_t);
        factor = 0.25;
        m_force_jacobian = true;
      } else {
        // Error test failure (CVODE's response): shrink by the error estimate, at least to
        // 0.2 from the second failure in a row, and fall back to order 1 from the third.
        ++m_error_failures;
        factor = std::max(0.1, 0.9 * std::pow(err, -1.0 / (m_k + 1)));
        if (m_error_failures >= 2) factor = std::min(factor, 0.2);
        if (m_error_failures >= 3) m_k_next = 1;
      }
      m_h_next = h * factor;
      if (std::abs(m_h_next) < m_dtmin) return m_outcome.fail(Status::dt_below_min, m_t);
    }
  }

  bool done() const noexcept { return m_outcome.done(); }
  Status status() const noexcept { return m_outcome.status(); }
  double t() const noexcept { return m_t; }
  double t_prev() const noexcept { return m_tprev; }
  std::span<const double> y() const noexcept { return {m_D.row(0), m_n}; }
  double dt_next() const noexcept { return m_h_next; }
  int order() const noexcept { return m_k; }
  const Stats& stats() const noexcept { return m_stats; }
  const Problem& problem() const noexcept { return m_problem; }
  std::size_t size() const noexcept { return m_n; }
  double failure_time() const noexcept { return m_outcome.failure_time(); }
  std::string_view method_name() const noexcept { return m_method.name(); }
  std::string_view failure_note() const noexcept { return {}; }

  /// y(tq) for tq in [t_prev, t] from the last step's backward-difference polynomial.
  void interpolate(double tq, std::span<double> out) const noexcept {
    const double theta = m_t == m_tprev ? 0.0 : (tq - m_tprev) / (m_t - m_tprev);
    kBdfInterpolants[m_k - 1].evaluate(theta, m_h, m_yprev.data(), m_D.row(1), m_n, out.data());
  }

  /// Appends the last step (its D_1..D_k) to a dense output.
  void push_dense(DenseOutput<double>& dense) const {
    dense.push(m_tprev, m_t - m_tprev, m_yprev,
               std::span<const double>(m_D.row(1), static_cast<std::size_t>(m_k) * m_n),
               kBdfInterpolants[m_k - 1]);
  }

 private:
  // W is factored again when c = h / alpha_k moved by more than this fraction (CVODE's dgmax).
  static constexpr double kMaxGammaChange = 0.3;
  static constexpr double kMaxGrowth = 10;

  static Problem checked(Problem problem, const BDF& method, const Options& options) {
    validate(problem);
    method.validate();
    validate_options(options, static_cast<double>(problem.t0()), static_cast<double>(problem.t1()),
                     problem.y0.size(), method.name(), true);
    if (!options.rtol || !options.atol.is_set()) {
      throw std::invalid_argument(std::string(options.rtol ? "atol" : "rtol") +
                                  " is not set: " + std::string(method.name()) +
                                  " needs tolerances also with adaptive = false, for its "
                                  "Newton iteration, e.g. {.rtol = 1e-8, .atol = 1e-10}");
    }
    return problem;
  }

  /// Moves the difference array to spacing h (re-evaluating it on the new grid) and order k.
  void set_step(double h, int k) noexcept {
    if (h != m_h) {
      m_D.change_step(k, h / m_h);
      m_h = h;
      m_n_equal = 0;
    }
    m_k = k;
  }

  /// Predicts and corrects y at t_new = t + h; err is the scaled local error estimate.
  Status attempt(double t_new, double& err) noexcept {
    m_D.predict(m_k, m_coef, m_ypred.data(), m_psi.data());
    m_c = m_h / m_coef.alpha[m_k];
    m_t_new = t_new;
    m_fz_valid = false;
    std::fill(m_z.begin(), m_z.end(), 0.0);
    const bool call_setup = m_force_jacobian || !m_lin.has_jacobian() ||
                            m_jac_age >= m_method.max_jacobian_age ||
                            std::abs(m_c / m_lin.gamma() - 1) > kMaxGammaChange;
    const Status s = m_newton.solve(m_system, m_z, m_w, 1 / m_coef.error[m_k], call_setup, m_stats);
    if (s != Status::success) return s;
    err = m_coef.error[m_k] * wrms_norm(m_z, m_w);
    return Status::success;
  }

  /// Newton's residual F(z) = z + psi - c f(t_new, y_pred + z).
  Status residual(std::span<const double> z, std::span<double> F) noexcept {
    if (!m_fz_valid) iterate_f(z);
    m_fz_valid = false;
    for (std::size_t i = 0; i < m_n; ++i) F[i] = z[i] + m_psi[i] - m_c * m_fz[i];
    return Status::success;
  }

  /// f at the iterate y_pred + z, into m_fz.
  void iterate_f(std::span<const double> z) noexcept {
    for (std::size_t i = 0; i < m_n; ++i) m_yiter[i] = m_ypred[i] + z[i];
    eval_rhs(m_problem.f, m_t_new, m_yiter.data(), m_problem.p, m_fz.data(), m_n, m_stats);
  }

  /// Re-forms and factors W = I - c J, evaluating J at the iterate first when Newton reports
  /// it stale, after a failed step, or when it is too old. The f evaluated there is kept for
  /// the residual that follows at the same iterate.
  Status setup(bool stale, bool& current) noexcept {
    current = stale || m_force_jacobian || !m_lin.has_jacobian() ||
              m_jac_age >= m_method.max_jacobian_age;
    if (current) {
      iterate_f(m_z);
      m_fz_valid = true;
      if (!all_finite(m_fz.data(), m_n)) return Status::rhs_not_finite_recoverable;
      const Status s = m_lin.update_jacobian(m_problem, m_t_new, m_yiter, m_fz, m_stats);
      if (s != Status::success) return s;
      m_jac_age = 0;
      m_force_jacobian = false;
      m_newton.reset();
    }
    return m_lin.factor(m_problem, m_c, m_stats);
  }

  Status solve_linear(std::span<const double> b, std::span<double> x, double tol) noexcept {
    const Status s = m_lin.solve(m_problem, b, x, tol, m_stats);
    const double ratio = m_c / m_lin.gamma();
    if (ratio != 1) {
      const double scale = 2 / (1 + ratio);
      for (double& v : x) v *= scale;
    }
    return s;
  }

  void accept(double err, bool last) noexcept {
    std::copy(m_D.row(0), m_D.row(0) + m_n, m_yprev.begin());
    m_D.accept(m_k, m_z.data());
    m_tprev = m_t;
    m_t = last ? m_t_end : m_t + m_h;
    ++m_stats.naccept;
    m_failures.accepted();
    m_error_failures = 0;
    ++m_n_equal;
    ++m_jac_age;
    error_weights(y(), m_rtol, m_atol, m_w);
    if (m_adaptive) {
      choose_order_and_step(err);
    } else {
      m_k_next = std::min(m_k + 1, m_method.max_order);  // fixed steps: raise the order to max
    }
    if (last) m_outcome.finish();
  }

  /// After k + 1 steps of size h: the order (k - 1, k or k + 1) whose error estimate allows
  /// the largest next step, and that step.
  void choose_order_and_step(double err) noexcept {
    const int k = m_k;
    if (m_n_equal < k + 1) return;
    auto factor = [](double e, int p, double bias) {
      return e == 0 ? kMaxGrowth : 1 / (bias * std::pow(e, 1.0 / p));
    };
    double best = factor(err, k + 1, 1.2);
    int k_best = k;
    if (k > 1) {
      const double e = m_coef.error[k - 1] * wrms_norm({m_D.row(k), m_n}, m_w);
      if (const double f = factor(e, k, 1.3); f > best) {
        best = f;
        k_best = k - 1;
      }
    }
    if (k < m_method.max_order) {
      const double e = m_coef.error[k + 1] * wrms_norm({m_D.row(k + 2), m_n}, m_w);
      if (const double f = factor(e, k + 2, 1.4); f > best) {
        best = f;
        k_best = k + 1;
      }
    }
    if (k_best == k && best <= 1) return;  // keep h: the error test decides
    m_k_next = k_best;
    m_h_next = m_dir * std::min(std::abs(m_h) * std::min(best, kMaxGrowth), m_dtmax);
    m_n_equal = 0;
  }

  Problem m_problem;
  BDF m_method;
  BdfCoefficients m_coef;
  std::size_t m_n;
  Linearization<Problem> m_lin;
  Newton m_newton;
  NewtonSystem m_system;
  BackwardDifferences m_D;
  std::vector<double> m_ypred, m_psi, m_z, m_w, m_yiter, m_fz, m_yprev;
  bool m_fz_valid = false;  // m_fz holds f at the current Newton iterate

  bool m_adaptive = true;
  double m_rtol = 0, m_dtmin = 0, m_dtmax = 0;
  AbsoluteTolerance m_atol;
  long m_max_steps = 0, m_attempts = 0;
  FailureBudget m_failures;
  int m_error_failures = 0;

  int m_k = 1, m_k_next = 1;  // order of the last (current) step and of the next
  int m_n_equal = 0;          // steps taken with the current h
  int m_jac_age = 0;          // steps since J was evaluated
  bool m_force_jacobian = false;
  double m_h = 0, m_h_next = 0, m_c = 0;
  double m_t = 0, m_tprev = 0, m_t_new = 0, m_t_end = 0, m_dir = 1;
  Stats m_stats;
  Outcome<double> m_outcome;
};

}  // namespace odekit::detail
