#pragma once
// CvodeSolver<Problem>: the Integrator interface over a CvodeSession. It owns the problem and
// odekit's Jacobian workspace, hands CVODE callbacks into them, steps CVODE one internal step
// at a time (CV_ONE_STEP with tstop = t1, so that saveat, dense output and failures go through
// detail::drive() as for every method) and maps CVODE's counters to Stats.

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <cstddef>
#include <exception>
#include <optional>
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
#include "odekit/solvers/implicit/linearization.hpp"
#include "odekit/solvers/jacobian.hpp"
#include "odekit/solvers/outcome.hpp"
#include "odekit/solvers/validate_options.hpp"
#include "odekit/sundials/cvode_interpolant.hpp"
#include "odekit/sundials/cvode_method.hpp"
#include "odekit/sundials/cvode_session.hpp"

namespace odekit::detail {

template <class Problem>
class CvodeSolver {
 public:
  using T = double;
  using F = typename Problem::function_type;
  static_assert(std::is_same_v<typename Problem::value_type, double>,
                "CVODE_BDF works in double precision (SUNDIALS' realtype)");

  /// Validates the problem, options and method (std::invalid_argument on misuse) and sets
  /// CVODE up.
  CvodeSolver(Problem problem, const CVODE_BDF& method, const Options& options)
      : m_problem(checked(std::move(problem), method, options)),
        m_method(method),
        m_n(m_problem.y0.size()),
        m_jac(m_problem.f, m_n, JacobianOptions{.jac = options.jac, .jvp = options.jac}),
        m_kind(linear_solver(options, m_jac.has_pattern(), m_n, method)),
        m_Js(m_kind == LinSolve::sparse ? m_jac.make_sparse_matrix()
                                        : typename JacobianWorkspace<F>::SparseMatrix()),
        m_session(settings(options), callbacks()),
        m_yprev(m_problem.y0),
        m_taylor(static_cast<std::size_t>(kMaxOrder + 1) * m_n) {
    m_max_steps = options.max_steps;
    m_t = m_tprev = m_problem.t0();
    m_t_end = m_problem.t1();
    refresh_stats();
  }

  CvodeSolver(const CvodeSolver&) = delete;
  CvodeSolver& operator=(const CvodeSolver&) = delete;

  Status step() noexcept {
    if (done()) return status();
    if (m_session.attempts() >= m_max_steps) {
      return m_outcome.fail(Status::max_steps_reached, m_t);
    }
    std::copy(m_session.y().begin(), m_session.y().end(), m_yprev.begin());
    Status s = m_session.step();
    refresh_stats();
    if (m_callback_error) {  // an exception from f or odekit's Jacobian, caught at the C edge
      m_session.set_note(*m_callback_error);
      s = Status::external_solver_failed;
    }
    if (s != Status::success) return m_outcome.fail(s, m_t);
    m_tprev = m_t;
    m_t = m_session.t();
    if (m_t == m_t_end) m_outcome.finish();
    return Status::success;
  }

  bool done() const noexcept { return m_outcome.done(); }
  Status status() const noexcept { return m_outcome.status(); }
  double t() const noexcept { return m_t; }
  double t_prev() const noexcept { return m_tprev; }
  std::span<const double> y() const noexcept { return m_session.y(); }
  double dt_next() const { return m_session.next_step(); }
  int order() const { return m_session.last_order(); }
  const Stats& stats() const noexcept { return m_stats; }
  const Problem& problem() const noexcept { return m_problem; }
  std::size_t size() const noexcept { return m_n; }
  double failure_time() const noexcept { return m_outcome.failure_time(); }
  std::string_view method_name() const noexcept { return CVODE_BDF::name; }
  std::string_view failure_note() const noexcept { return m_session.note(); }

  /// y(tq) for tq in [t_prev, t], from CVODE's interpolating polynomial.
  void interpolate(double tq, std::span<double> out) { m_session.dky(tq, 0, out); }

  /// Appends the last step: the Taylor coefficients of CVODE's polynomial at its end.
  void push_dense(DenseOutput<double>& dense) {
    const int q = m_session.last_order();
    const double h = m_t - m_tprev;
    double scale = 1;  // h^j / j!
    for (int j = 0; j <= q; ++j) {
      const std::span<double> cj(m_taylor.data() + static_cast<std::size_t>(j) * m_n, m_n);
      m_session.dky(m_t, j, cj);
      for (double& v : cj) v *= scale;
      scale *= h / (j + 1);
    }
    dense.push(m_tprev, h, m_yprev, m_taylor, kCvodeInterpolants[q - 1]);
  }

 private:
  static constexpr int kMaxOrder = 5;

  static Problem checked(Problem problem, const CVODE_BDF& method, const Options& options) {
    validate(problem);
    method.validate();
    validate_options(options, static_cast<double>(problem.t0()), static_cast<double>(problem.t1()),
                     problem.y0.size(), CVODE_BDF::name, true);
    if (!options.adaptive) {
      throw std::invalid_argument(
          "adaptive = false: CVODE_BDF always adapts its step; use BDF for fixed steps");
    }
    return problem;
  }

  static LinSolve linear_solver(const Options& o, bool has_pattern, std::size_t n,
                                const CVODE_BDF& method) {
    const LinSolve kind = resolve_linsolve(o.linsolve, has_pattern, n);
    validate_linsolve(o, kind, has_pattern);
    if (o.preconditioner != Precond::none) {
      throw std::invalid_argument(
          "preconditioner is set: CVODE_BDF runs GMRES matrix-free without a preconditioner; "
          "use BDF for preconditioned GMRES");
    }
    if (kind == LinSolve::sparse && method.jacobian == CvodeJacobian::difference_quotients) {
      throw std::invalid_argument(
          "jacobian = difference_quotients with linsolve = sparse: CVODE has no sparse "
          "difference-quotient Jacobian; use jacobian = odekit");
    }
    return kind;
  }

  CvodeSettings settings(const Options& o) const {
    CvodeSettings s;
    s.y0 = m_problem.y0;
    s.t0 = m_problem.t0();
    s.t1 = m_problem.t1();
    s.rtol = *o.rtol;
    s.atol = o.atol.values();
    s.max_order = m_method.max_order;
    s.max_nonlinear_iterations = m_method.max_nonlinear_iterations;
    s.linear_solver = m_kind == LinSolve::sparse  ? CvodeLinearSolver::sparse
                      : m_kind == LinSolve::gmres ? CvodeLinearSolver::gmres
                                                  : CvodeLinearSolver::dense;
    s.krylov_dim = o.krylov_dim;
    if (m_kind == LinSolve::sparse) {
      s.col_starts = {m_Js.outerIndexPtr(), m_n + 1};
      s.row_indices = {m_Js.innerIndexPtr(), static_cast<std::size_t>(m_Js.nonZeros())};
    }
    s.dt0 = o.dt0.value_or(0);
    s.dtmin = o.dtmin;
    s.dtmax = o.dtmax;
    return s;
  }

  CvodeCallbacks callbacks() {
    CvodeCallbacks cb;
    cb.context = this;
    cb.rhs = &rhs;
    if (m_method.jacobian == CvodeJacobian::odekit) {
      cb.dense_jac = &dense_jac;
      cb.sparse_jac = &sparse_jac;
      cb.jvp = &jvp;
    }
    return cb;
  }

  // The callbacks: CVODE counts f evaluations itself (m_cvode_counts is not reported); f
  // evaluations inside odekit's Jacobians go to m_jacobian_work. Exceptions stop at the C edge.
  static CvodeSolver& of(void* context) { return *static_cast<CvodeSolver*>(context); }

  template <class Body>
  static int guarded(CvodeSolver& s, Body&& body) noexcept {
    try {
      return body();
    } catch (const std::exception& e) {
      s.m_callback_error = std::string("a callback threw: ") + e.what();
    } catch (...) {
      s.m_callback_error = "a callback threw an exception";
    }
    return -1;
  }

  static int rhs(void* context, double t, const double* y, double* ydot) {
    CvodeSolver& s = of(context);
    return guarded(s, [&] {
      eval_rhs(s.m_problem.f, t, y, s.m_problem.p, ydot, s.m_n, s.m_cvode_counts);
      return all_finite(ydot, s.m_n) ? 0 : 1;
    });
  }

  static int dense_jac(void* context, double t, const double* y, const double* fy, double* J) {
    CvodeSolver& s = of(context);
    return guarded(s, [&] {
      const auto n = static_cast<Eigen::Index>(s.m_n);
      Eigen::Map<Eigen::MatrixXd> Jm(J, n, n);
      s.m_jac.dense_jacobian(s.m_problem.f, t, {y, s.m_n}, s.m_problem.p, Jm, s.m_jacobian_work,
                             {fy, s.m_n});
      return Jm.allFinite() ? 0 : 1;
    });
  }

  static int sparse_jac(void* context, double t, const double* y, const double* fy,
                        double* values) {
    CvodeSolver& s = of(context);
    return guarded(s, [&] {
      s.m_jac.sparse_jacobian(s.m_problem.f, t, {y, s.m_n}, s.m_problem.p, s.m_Js,
                              s.m_jacobian_work, {fy, s.m_n});
      const auto nnz = static_cast<std::size_t>(s.m_Js.nonZeros());
      std::copy(s.m_Js.valuePtr(), s.m_Js.valuePtr() + nnz, values);
      return all_finite(values, nnz) ? 0 : 1;
    });
  }

  static int jvp(void* context, double t, const double* y, const double* fy, const double* v,
                 double* Jv) {
    CvodeSolver& s = of(context);
    return guarded(s, [&] {
      s.m_jac.jvp(s.m_problem.f, t, {y, s.m_n}, s.m_problem.p, {v, s.m_n}, {Jv, s.m_n},
                  s.m_jacobian_work, {fy, s.m_n});
      return all_finite(Jv, s.m_n) ? 0 : 1;
    });
  }

  void refresh_stats() {
    m_stats = m_session.stats();
    m_stats.nf += m_jacobian_work.nf;
  }

  Problem m_problem;
  CVODE_BDF m_method;
  std::size_t m_n;
  JacobianWorkspace<F> m_jac;
  LinSolve m_kind;
  typename JacobianWorkspace<F>::SparseMatrix m_Js;  // sparse J in the pattern CVODE gets
  Stats m_cvode_counts, m_jacobian_work, m_stats;
  std::optional<std::string> m_callback_error;
  CvodeSession m_session;
  std::vector<double> m_yprev, m_taylor;
  long m_max_steps = 0;
  double m_t = 0, m_tprev = 0, m_t_end = 0;
  Outcome<double> m_outcome;
};

}  // namespace odekit::detail
