#pragma once
// SdeIntegrator: the stepping loop of an SDE method on a Brownian path, the SDE counterpart of
// solvers/integrator.hpp (same shape: buffers made once in the constructor, step() takes one
// accepted step and never allocates, failures are statuses; the retries after NaN or Inf and
// the outcome are the shared FailureBudget and Outcome).
//
// Each attempt asks the path for dW (and H when the method needs it) on [t, t + dt]. A
// rejected step retries a shorter interval with the same start on the same path, so with a
// VirtualBrownianTree rejections never bias the noise (no need for the rejection sampling
// with memory of Rackauckas & Nie 2017).
//
// Step-size control: the project's PIController (pi_controller.hpp). SDE error estimates of
// the order-1.5 methods scale like h^1.5 and are noisy, so the defaults are those of error
// order 1 (k = 2: beta1 = 0.35, beta2 = 0.2, growth at most 10x): slower growth than
// k = 1.5 would give, in exchange for fewer rejections. Steps are shortened to land exactly
// on save times and on t1 (within 1% of them they are stretched instead: no sliver steps);
// fixed steps stay on their grid t0 + k dt, a save time inside a step splitting it in two.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/core/norms.hpp"
#include "odekit/core/status.hpp"
#include "odekit/sde/brownian_path.hpp"
#include "odekit/sde/detail/step_stops.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solution.hpp"
#include "odekit/sde/validate_sde_options.hpp"
#include "odekit/solvers/failure_budget.hpp"
#include "odekit/solvers/outcome.hpp"
#include "odekit/solvers/pi_controller.hpp"
#include "odekit/solvers/step_settings.hpp"

namespace odekit {

template <class Problem, class Method, BrownianPath Path>
class SdeIntegrator {
 public:
  using T = typename Problem::value_type;
  using Stepper = typename Method::template Stepper<Problem>;

  /// Validates the problem, method, path and options (std::invalid_argument naming the
  /// argument on misuse). The path is not owned and must outlive the integrator.
  SdeIntegrator(Problem problem, Method method, const Path& path, const SdeOptions& options)
      : m_problem(std::move(problem)),
        m_method(method),
        m_path(&path),
        m_n((validate(m_problem), m_problem.size())),
        m_m(m_problem.brownian_dim()),
        m_stepper(m_problem),
        m_controller(options.control, 1) {
    detail::validate_sde_options(options, m_problem, Method::name, Method::supports,
                                 Method::is_adaptive, Method::needs_levy_area,
                                 detail::sde_path_info(path));
    m_control = options.control;
    m_set = detail::StepSettings<T>(options, Method::is_adaptive);
    m_t = m_tprev = m_problem.t0();
    m_t_end = m_problem.t1();
    m_y = m_yprev = m_ynew = m_problem.y0;
    m_dw_path.resize(m_m);
    m_h_path.resize(m_m);
    m_dw.resize(m_m);
    m_h.resize(m_m);
    const T span = m_t_end - m_t;
    m_dt0 = std::min(options.dt ? static_cast<T>(*options.dt) : span / 100, m_set.dtmax);
    m_dt = m_dt0;
    m_stops = m_set.adaptive ? detail::StepStops<T>(options.saveat, m_t_end)
                             : detail::StepStops<T>(options.saveat, m_t, m_t_end, m_dt0);
    m_stepper.start(m_problem, m_t, m_y.data(), m_stats);
  }

  /// Starts over from (t0, y0) on `path` (same type, dimension and span as the one validated
  /// at construction), keeping the buffers: an ensemble reuses one integrator per thread.
  void restart(const Path& path) noexcept {
    m_path = &path;
    m_controller = PIController<T>(m_control, 1);
    m_attempts = 0;
    m_failures = {};
    m_outcome = {};
    m_t = m_tprev = m_problem.t0();
    m_stops.restart();
    std::copy(m_problem.y0.begin(), m_problem.y0.end(), m_y.begin());
    m_dt = m_dt0;
    m_stats = SdeStats{};
    m_stepper.start(m_problem, m_t, m_y.data(), m_stats);
  }

  /// Takes one accepted step (retrying rejected ones internally). Returns success, or a
  /// terminal status; after reaching t1 further calls return success without stepping.
  Status step() noexcept {
    if (done()) return status();
    for (;;) {
      if (m_attempts >= m_set.max_steps) return m_outcome.fail(Status::max_steps_reached, m_t);
      const auto [dt, t1] = m_stops.plan(m_t, m_dt);
      if (m_t + dt == m_t) return m_outcome.fail(m_failures.terminal(), m_t);
      ++m_attempts;
      draw(m_t, t1);
      T err = 0;
      const Status s =
          m_stepper.attempt(m_problem, m_t, t1 - m_t, m_y.data(), m_dw.data(), m_h.data(),
                            m_ynew.data(), m_set.adaptive, m_set.rtol, m_set.atol, err, m_stats);
      if (s == Status::success && (!m_set.adaptive || err <= T(1))) {
        accept(t1, dt, err);
        return Status::success;
      }
      ++m_stats.nreject;
      if (s != Status::success) {
        // NaN or Inf from the drift or the diffusion: adaptive methods retry with smaller
        // steps a few times (a steep but finite region), fixed steps stop here.
        if (!m_set.adaptive || !m_failures.record(s)) return m_outcome.fail(terminal_of(s), m_t);
        m_dt = dt * m_controller.reject_failure();
      } else {
        m_dt = dt * m_controller.reject(err);
      }
      if (m_dt < m_set.dtmin) return m_outcome.fail(Status::dt_below_min, m_t);
    }
  }

  /// Steps until t1 or a failure.
  Status run() noexcept {
    while (!done()) step();
    return status();
  }

  bool done() const noexcept { return m_outcome.done(); }
  Status status() const noexcept { return m_outcome.status(); }
  T t() const noexcept { return m_t; }
  T t_prev() const noexcept { return m_tprev; }
  std::span<const T> y() const noexcept { return m_y; }
  /// The step size the next step will try.
  T dt_next() const noexcept { return m_dt; }
  const SdeStats& stats() const noexcept { return m_stats; }
  const Problem& problem() const noexcept { return m_problem; }
  const Path& path() const noexcept { return *m_path; }
  Stepper& stepper() noexcept { return m_stepper; }
  std::size_t size() const noexcept { return m_n; }
  T failure_time() const noexcept { return m_outcome.failure_time(); }
  static constexpr std::string_view method_name() noexcept { return Method::name; }

 private:
  void draw(T s, T t) noexcept {
    if constexpr (Method::needs_levy_area) {
      m_path->increment(static_cast<double>(s), static_cast<double>(t), m_dw_path, m_h_path);
    } else {
      m_path->increment(static_cast<double>(s), static_cast<double>(t), m_dw_path);
    }
    for (std::size_t k = 0; k < m_m; ++k) {
      m_dw[k] = static_cast<T>(m_dw_path[k]);
      m_h[k] = static_cast<T>(m_h_path[k]);
    }
  }

  void accept(T t1, T dt, T err) noexcept {
    m_tprev = m_t;
    m_t = t1;
    std::swap(m_yprev, m_y);
    std::swap(m_y, m_ynew);
    m_stepper.accept();
    ++m_stats.naccept;
    m_failures.accepted();
    if (m_set.adaptive) m_dt = std::min(dt * m_controller.accept(err), m_set.dtmax);
    if (m_t == m_t_end) m_outcome.finish();
  }

  Problem m_problem;
  Method m_method;
  const Path* m_path;
  std::size_t m_n, m_m;
  Stepper m_stepper;
  PIController<T> m_controller;
  StepControl m_control;
  detail::StepSettings<T> m_set;
  long m_attempts = 0;
  detail::FailureBudget m_failures;
  detail::Outcome<T> m_outcome;
  T m_t{}, m_tprev{}, m_t_end{}, m_dt{}, m_dt0{};
  detail::StepStops<T> m_stops;
  std::vector<T> m_y, m_yprev, m_ynew, m_dw, m_h;
  std::vector<double> m_dw_path, m_h_path;
  SdeStats m_stats;
};

}  // namespace odekit
