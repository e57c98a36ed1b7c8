#pragma once
// AutoSwitch<NonStiff, Stiff>: a method that steps with an explicit method while the problem
// is non-stiff and with a stiff one while it is stiff, switching both ways as often as the
// problem changes character. odekit::Default is AutoSwitch<Tsit5, Rodas5P>.
//
// Both directions rest on rho, the largest eigenvalue magnitude of df/dy at the current
// point, estimated by a few power iterations with difference-quotient Jacobian-vector
// products (warm-started from the last estimate), and compared with the explicit method's
// real stability boundary b (3.51 for Tsit5):
// - while explicit, every `nonstiff_check_interval` accepted steps, and sooner when the
//   stages' own estimate (ExplicitRK::Stepper::stiffness_estimate, free with every step) says
//   a step sat near b: dt * rho above `stiff_fraction` * b on two checks in a row means the
//   step size is held by stability, not accuracy, and the stiff method takes over;
// - while stiff, every `stiff_check_interval` accepted steps: dt * rho below
//   `nonstiff_fraction` * b on two checks in a row, for the step the stiff method is about to
//   take, means the explicit method could take that step stably at a fraction of the cost.
// The gap between the two fractions keeps the choice from flapping.
//
// Every switch is counted in Stats::nswitch and recorded (time and method) in the solution's
// `switches`. Each segment of the dense output uses the interpolant of the method that took
// its step. The stiff method's workspace (its Jacobian and W) is allocated at the first switch
// to it, so non-stiff problems never pay for a Jacobian; its options are checked up front.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/method_switch.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/split_problem.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/solvers/implicit/linearization.hpp"

namespace odekit {

namespace detail {

/// "Auto(Tsit5, Rodas5P)" at compile time.
template <std::string_view const& A, std::string_view const& B>
struct AutoSwitchName {
  static constexpr auto chars = [] {
    constexpr std::string_view head = "Auto(", mid = ", ", tail = ")";
    std::array<char, head.size() + A.size() + mid.size() + B.size() + tail.size()> out{};
    std::size_t k = 0;
    for (std::string_view part : {head, A, mid, B, tail})
      for (char c : part) out[k++] = c;
    return out;
  }();
  static constexpr std::string_view value{chars.data(), chars.size()};
};

}  // namespace detail

template <class NonStiff, class Stiff>
struct AutoSwitch {
  static_assert(NonStiff::detects_stiffness,
                "the non-stiff method of AutoSwitch must offer a stiffness estimate (Tsit5, DP5)");
  static_assert(NonStiff::is_adaptive && Stiff::is_adaptive,
                "both methods of AutoSwitch must estimate their error");

  static constexpr std::string_view name =
      detail::AutoSwitchName<NonStiff::name, Stiff::name>::value;
  static constexpr int order = std::min(NonStiff::order, Stiff::order);
  static constexpr int error_order = std::min(NonStiff::error_order, Stiff::error_order);
  static constexpr bool is_adaptive = true;
  static constexpr int dense_order = std::min(NonStiff::dense_order, Stiff::dense_order);

  /// Accepted steps between eigenvalue estimates while explicit and while stiff.
  static constexpr int nonstiff_check_interval = 16;
  static constexpr int stiff_check_interval = 8;
  /// dt * rho above this fraction of the boundary: the explicit step is held by stability.
  static constexpr double stiff_fraction = 0.7;
  /// dt * rho below this fraction of the boundary: the explicit method can take the step.
  static constexpr double nonstiff_fraction = 0.5;
  /// A stage estimate above this fraction of the boundary asks for an early check.
  static constexpr double cue_fraction = 0.9;
  /// Power iterations per eigenvalue estimate.
  static constexpr int power_iterations = 6;

  template <class Problem>
  class Stepper {
   public:
    using T = typename Problem::value_type;
    using NonStiffStepper = typename NonStiff::template Stepper<Problem>;
    using StiffStepper = typename Stiff::template Stepper<Problem>;
    static_assert(!is_split_problem_v<Problem>,
                  "AutoSwitch takes an OdeProblem: a SplitOdeProblem needs an IMEX method");

    Stepper(const Problem& problem, const Options& options)
        : m_n(problem.y0.size()),
          m_options(stiff_options(options)),
          m_nonstiff(problem, options),
          m_v(m_n),
          m_w(m_n),
          m_f0(m_n) {
      Linearization<Problem>::check_options(m_n, options);
      // A deterministic, non-symmetric start for the power iteration.
      for (std::size_t i = 0; i < m_n; ++i) {
        m_v[i] = (i % 2 == 0 ? T(1) : T(-1)) * (T(1) + T(0.1) * static_cast<T>(i % 7));
      }
      m_switches.reserve(64);
    }

    std::size_t size() const noexcept { return m_n; }

    void start(Problem& pr, T t0, const T* y0, Stats& stats) {
      m_nonstiff.start(pr, t0, y0, stats);
    }

    const T* f_current() const noexcept {
      return m_stiff_active ? m_stiff->f_current() : m_nonstiff.f_current();
    }

    Status attempt(Problem& pr, T t, T dt, const T* y, T* y1, bool estimate_error, T rtol,
                   const AbsoluteTolerance& atol, T& err2, Stats& stats) {
      const int interval = m_stiff_active ? stiff_check_interval : nonstiff_check_interval;
      if (m_since_check >= interval || (m_cue && m_since_check >= 2)) {
        m_since_check = 0;
        m_cue = false;
        const T ratio = std::abs(dt) * spectral_radius(pr, t, y, stats) /
                        static_cast<T>(NonStiff::stability_boundary);
        const bool other =
            m_stiff_active ? ratio < T(nonstiff_fraction) : ratio > T(stiff_fraction);
        m_votes = other ? m_votes + 1 : 0;
        if (m_votes >= 2) switch_to(!m_stiff_active, pr, t, y, stats);
      }
      if (m_stiff_active) {
        return m_stiff->attempt(pr, t, dt, y, y1, estimate_error, rtol, atol, err2, stats);
      }
      m_dt = dt;
      return m_nonstiff.attempt(pr, t, dt, y, y1, estimate_error, rtol, atol, err2, stats);
    }

    void accept() noexcept {
      ++m_since_check;
      if (m_stiff_active) {
        m_stiff->accept();
        return;
      }
      m_nonstiff.accept();
      const T held = std::abs(m_dt) * m_nonstiff.stiffness_estimate(m_dt);
      if (held > T(cue_fraction * NonStiff::stability_boundary)) m_cue = true;
    }

    void ensure_dense(Problem& pr, T t, T dt, const T* y, Stats& stats) {
      if (m_stiff_active) {
        m_stiff->ensure_dense(pr, t, dt, y, stats);
      } else {
        m_nonstiff.ensure_dense(pr, t, dt, y, stats);
      }
    }

    std::span<const T> stored() const noexcept {
      return m_stiff_active ? m_stiff->stored() : m_nonstiff.stored();
    }

    /// The interpolant of the method that took the last accepted step.
    const Interpolant<T>& interpolant() const noexcept {
      return m_stiff_active ? Stiff::template interpolant<T> : NonStiff::template interpolant<T>;
    }

    /// The switches so far, in order.
    std::span<const MethodSwitch> switches() const noexcept { return m_switches; }

   private:
    static Options stiff_options(const Options& o) {
      Options copy = o;
      copy.saveat = {};  // the stepper never saves: no need to hold the save times twice
      return copy;
    }

    /// Hands the step at (t, y) to the other method; its f(t, y) is evaluated afresh.
    void switch_to(bool stiff, Problem& pr, T t, const T* y, Stats& stats) {
      m_votes = m_since_check = 0;
      m_cue = false;
      if (stiff) {
        if (!m_stiff) m_stiff = std::make_unique<StiffStepper>(pr, m_options);
        m_stiff->start(pr, t, y, stats);
      } else {
        m_nonstiff.start(pr, t, y, stats);
      }
      m_stiff_active = stiff;
      ++stats.nswitch;
      m_switches.push_back({static_cast<double>(t), stiff ? Stiff::name : NonStiff::name});
    }

    /// Largest eigenvalue magnitude of df/dy at (t, y) by power iteration, each product by a
    /// forward difference along the current unit vector.
    T spectral_radius(Problem& pr, T t, const T* y, Stats& stats) {
      detail::eval_rhs(pr.f, t, y, pr.p, m_f0.data(), m_n, stats);
      T ynorm = 0;
      for (std::size_t i = 0; i < m_n; ++i) ynorm += y[i] * y[i];
      const T eps = std::sqrt(std::numeric_limits<T>::epsilon()) * std::max(T(1), std::sqrt(ynorm));
      T rho = 0;
      for (int it = 0; it < power_iterations; ++it) {
        if (!normalize(m_v)) return T(0);
        for (std::size_t i = 0; i < m_n; ++i) m_w[i] = y[i] + eps * m_v[i];
        detail::eval_rhs(pr.f, t, m_w.data(), pr.p, m_v.data(), m_n, stats);
        T norm2 = 0;
        for (std::size_t i = 0; i < m_n; ++i) {
          m_v[i] = (m_v[i] - m_f0[i]) / eps;
          norm2 += m_v[i] * m_v[i];
        }
        rho = std::sqrt(norm2);
      }
      return std::isfinite(rho) ? rho : T(0);
    }

    /// Scales v to unit length; false when it vanished or is not finite (the estimate is
    /// then skipped: the stiff method keeps going).
    static bool normalize(std::vector<T>& v) {
      T norm2 = 0;
      for (T x : v) norm2 += x * x;
      if (!(norm2 > T(0)) || !std::isfinite(norm2)) {
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = i % 2 == 0 ? T(1) : T(-1);
        return false;
      }
      const T scale = T(1) / std::sqrt(norm2);
      for (T& x : v) x *= scale;
      return true;
    }

    std::size_t m_n;
    Options m_options;  // for the stiff stepper, made at the first switch
    NonStiffStepper m_nonstiff;
    std::unique_ptr<StiffStepper> m_stiff;
    bool m_stiff_active = false;
    bool m_cue = false;  // the stages hint at stiffness: check before the interval is up
    int m_since_check = 0, m_votes = 0;
    T m_dt{};
    std::vector<T> m_v, m_w, m_f0;
    std::vector<MethodSwitch> m_switches;
  };
};

}  // namespace odekit
