#pragma once
// Integrator: the stepping loop of a one-step method, usable on its own (manual stepping)
// and driven by solve(). All buffers are made in the constructor; step() never allocates.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/method_switch.hpp"
#include "odekit/core/norms.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/split_problem.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/solvers/failure_budget.hpp"
#include "odekit/solvers/initial_step.hpp"
#include "odekit/solvers/outcome.hpp"
#include "odekit/solvers/pi_controller.hpp"
#include "odekit/solvers/step_settings.hpp"
#include "odekit/solvers/validate_options.hpp"

namespace odekit {

namespace detail {

/// Methods that split f into implicit and explicit parts declare `static constexpr bool imex =
/// true`.
template <class Method>
concept accepts_split_problem = requires {
  requires Method::imex;
};

}  // namespace detail

template <class Problem, class Method>
class Integrator {
 public:
  using T = typename Problem::value_type;
  using Stepper = typename Method::template Stepper<Problem>;
  static_assert(!is_split_problem_v<Problem> || detail::accepts_split_problem<Method>,
                "a SplitOdeProblem needs an IMEX method (KenCarp4): other methods take an "
                "OdeProblem whose f is f_stiff + f_nonstiff");

  /// Validates the problem and options (std::invalid_argument on misuse) and evaluates
  /// f(t0, y0).
  // The state pointers point into m_state: moving keeps them valid, copying would not.
  Integrator(const Integrator&) = delete;
  Integrator& operator=(const Integrator&) = delete;
  Integrator(Integrator&&) noexcept = default;
  Integrator& operator=(Integrator&&) noexcept = default;

  Integrator(Problem problem, Method method, const Options& options)
      : m_problem(std::move(problem)),
        m_method(method),
        m_n(m_problem.y0.size()),
        m_stepper(checked(m_problem, options), options),
        m_controller(options.control, std::max(Method::error_order, 1)) {
    m_set = detail::StepSettings<T>(options, Method::is_adaptive);
    m_t = m_tprev = m_problem.t0();
    m_t_end = m_problem.t1();
    m_dir = m_t_end > m_t ? T(1) : T(-1);
    // One buffer for the current, previous, candidate and scratch states.
    m_state.resize(4 * m_n);
    m_y = m_state.data();
    m_yprev = m_y + m_n;
    m_ynew = m_yprev + m_n;
    m_scratch = m_ynew + m_n;
    std::copy(m_problem.y0.begin(), m_problem.y0.end(), m_y);
    std::copy(m_problem.y0.begin(), m_problem.y0.end(), m_yprev);

    m_stepper.start(m_problem, m_t, m_y, m_stats);
    if (!detail::all_finite(m_stepper.f_current(), m_n)) {
      m_outcome.fail(Status::rhs_not_finite, m_t);
      return;
    }
    T dt;
    if (options.dt0) {
      dt = static_cast<T>(*options.dt0);
    } else {
      auto rhs = [this](T t, const T* y, T* out) { full_rhs(t, y, out); };
      dt = detail::initial_step(rhs, m_t, m_t_end, m_y, m_stepper.f_current(), m_ynew, m_scratch,
                                m_n, Method::order, m_set.rtol, m_set.atol, m_set.dtmax);
    }
    m_dt = m_dir * std::min(dt, m_set.dtmax);
  }

  /// Whether a step can throw: implicit steppers let misuse found while stepping through (a
  /// jac writing outside its declared sparsity pattern), explicit ones cannot throw.
  static constexpr bool nothrow_step = noexcept(std::declval<Stepper&>().attempt(
      std::declval<Problem&>(), T{}, T{}, nullptr, nullptr, false, T{},
      std::declval<const AbsoluteTolerance&>(), std::declval<T&>(), std::declval<Stats&>()));

  /// Takes one accepted step (retrying rejected ones internally). Returns success, or a
  /// terminal status; after reaching t1 further calls return success without stepping.
  Status step() noexcept(nothrow_step) {
    if (done()) return status();
    for (;;) {
      if (m_attempts >= m_set.max_steps) return m_outcome.fail(Status::max_steps_reached, m_t);
      T dt = m_dt;
      bool last = false;
      // Stretch the step to t1 when within 1% of it (Hairer's rule): no sliver steps.
      if (m_dir * (m_t + T(1.01) * dt - m_t_end) >= 0) {
        dt = m_t_end - m_t;
        last = true;
      }
      if (m_t + dt == m_t) return m_outcome.fail(m_failures.terminal(), m_t);
      ++m_attempts;
      T err2 = 0;  // the squared scaled error norm
      const Status s = m_stepper.attempt(m_problem, m_t, dt, m_y, m_ynew, m_set.adaptive,
                                         m_set.rtol, m_set.atol, err2, m_stats);
      if (s == Status::success && (!m_set.adaptive || err2 <= T(1))) {
        accept(dt, last, err2);
        return Status::success;
      }
      ++m_stats.nreject;
      if (is_terminal(s)) return m_outcome.fail(s, m_t);
      if (s != Status::success) {
        // A recoverable failure: retry with much smaller steps, within the budget.
        if (!m_set.adaptive || !m_failures.record(s)) return m_outcome.fail(terminal_of(s), m_t);
        m_dt = dt * m_controller.reject_failure();
      } else {
        m_dt = dt * m_controller.reject_squared(err2);
      }
      if (std::abs(m_dt) < m_set.dtmin) return m_outcome.fail(Status::dt_below_min, m_t);
    }
  }

  /// Steps until t1 or a failure.
  Status run() noexcept(nothrow_step) {
    while (!done()) step();
    return status();
  }

  bool done() const noexcept { return m_outcome.done(); }
  Status status() const noexcept { return m_outcome.status(); }
  T t() const noexcept { return m_t; }
  T t_prev() const noexcept { return m_tprev; }
  std::span<const T> y() const noexcept { return {m_y, m_n}; }
  std::span<const T> y_prev() const noexcept { return {m_yprev, m_n}; }
  /// The step size the next step will try (signed).
  T dt_next() const noexcept { return m_dt; }
  /// The step size of the last accepted step (signed; t() - t_prev() up to rounding), which
  /// a replay of the step needs exactly (the discrete adjoint).
  T dt_last() const noexcept { return m_dt_last; }
  const Stats& stats() const noexcept { return m_stats; }
  const Problem& problem() const noexcept { return m_problem; }
  std::size_t size() const noexcept { return m_n; }
  /// Time at which a terminal failure happened.
  T failure_time() const noexcept { return m_outcome.failure_time(); }
  static constexpr std::string_view method_name() noexcept { return Method::name; }

  /// y(tq) for tq in [t_prev, t] from the last step's interpolant.
  void interpolate(T tq, std::span<T> out) {
    m_stepper.ensure_dense(m_problem, m_tprev, m_t - m_tprev, m_yprev, m_stats);
    const T h = m_t - m_tprev;
    const T theta = h == T(0) ? T(0) : (tq - m_tprev) / h;
    step_interpolant().evaluate(theta, h, m_yprev, m_stepper.stored().data(), m_n, out.data());
  }

  /// Appends the last step to a dense output.
  void push_dense(DenseOutput<T>& dense) {
    m_stepper.ensure_dense(m_problem, m_tprev, m_t - m_tprev, m_yprev, m_stats);
    dense.push(m_tprev, m_t - m_tprev, y_prev(), m_stepper.stored(), step_interpolant());
  }

  /// Where the method changed (the auto-switching default; empty for the others).
  std::span<const MethodSwitch> switches() const noexcept {
    if constexpr (requires { m_stepper.switches(); }) {
      return m_stepper.switches();
    } else {
      return {};
    }
  }

 private:
  /// Throws std::invalid_argument for a malformed problem or options, before any work.
  static const Problem& checked(const Problem& problem, const Options& options) {
    validate(problem);
    detail::validate_options(options, static_cast<double>(problem.t0()),
                             static_cast<double>(problem.t1()), problem.y0.size(), Method::name,
                             Method::is_adaptive);
    return problem;
  }

  /// The interpolant of the last step: the stepper's when it changes with the step (the
  /// auto-switching default), else the method's.
  const Interpolant<T>& step_interpolant() const noexcept {
    if constexpr (requires { m_stepper.interpolant(); }) {
      return m_stepper.interpolant();
    } else {
      return Method::template interpolant<T>;
    }
  }

  /// The whole right-hand side at (t, y): the stepper's own evaluation when it has one (an
  /// IMEX stepper sums the parts of a SplitOdeProblem), else f.
  void full_rhs(T t, const T* y, T* out) {
    if constexpr (requires { m_stepper.rhs(m_problem, t, y, out, m_stats); }) {
      m_stepper.rhs(m_problem, t, y, out, m_stats);
    } else {
      detail::eval_rhs(m_problem.f, t, y, m_problem.p, out, m_n, m_stats);
    }
  }

  void accept(T dt, bool last, T err2) noexcept {
    m_dt_last = dt;
    m_tprev = m_t;
    m_t = last ? m_t_end : m_t + dt;
    std::swap(m_yprev, m_y);
    std::swap(m_y, m_ynew);
    m_stepper.accept();
    ++m_stats.naccept;
    m_failures.accepted();
    T next = m_set.adaptive ? dt * m_controller.accept_squared(err2) : dt;
    if (last && !m_set.adaptive) next = m_dt;  // keep the user's fixed step, not the shortened one
    m_dt = std::clamp(next, -m_set.dtmax, m_set.dtmax);  // next has the direction's sign
    if (last) m_outcome.finish();
  }

  Problem m_problem;
  Method m_method;
  std::size_t m_n;
  Stepper m_stepper;
  PIController<T> m_controller;
  detail::StepSettings<T> m_set;
  long m_attempts = 0;
  detail::FailureBudget m_failures;
  T m_t{}, m_tprev{}, m_t_end{}, m_dir{1}, m_dt{}, m_dt_last{};
  std::vector<T> m_state;
  T *m_y = nullptr, *m_yprev = nullptr, *m_ynew = nullptr, *m_scratch = nullptr;
  Stats m_stats;
  detail::Outcome<T> m_outcome;
};

}  // namespace odekit
