#pragma once
// Reversible Heun (Kidger, Foster, Li & Lyons, "Efficient and accurate gradients for neural
// SDEs", NeurIPS 2021, Algorithm 1): carries an auxiliary state yhat with its drift and
// diffusion, and is algebraically reversible, so a backward pass can reconstruct every step
// exactly (up to round-off) without storing the forward trajectory:
//
//   yhat1 = 2 y - yhat + f(t, yhat) h + g(t, yhat) dW
//   y1    = y + (f(t, yhat) + f(t + h, yhat1)) h / 2 + (g(t, yhat) + g(t + h, yhat1)) dW / 2
//
// and back (reverse()): yhat = 2 y1 - yhat1 - f(t + h, yhat1) h - g(t + h, yhat1) dW, then
// y = y1 - (f(t, yhat) + f(t + h, yhat1)) h / 2 - (g(t, yhat) + g(t + h, yhat1)) dW / 2.
// Stratonovich; one drift and one diffusion evaluation per step; strong order 0.5 for
// general noise, 1.0 for additive noise; every noise kind.

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/methods/method_defaults.hpp"

namespace odekit {

struct ReversibleHeun : detail::FixedStepMethod {
  static constexpr std::string_view name = "ReversibleHeun";
  static constexpr Interpretation interpretation = Interpretation::stratonovich;
  static constexpr double strong_order = 0.5;

  template <class Problem>
  class Stepper : public detail::StepperBase<Problem> {
    using Base = detail::StepperBase<Problem>;
    using Base::m_s;

   public:
    using typename Base::T;
    explicit Stepper(const Problem& pr)
        : Base(pr),
          m_yhat(m_s.d),
          m_f(m_s.d),
          m_g(m_s.g_size()),
          m_yhat1(m_s.d),
          m_f1(m_s.d),
          m_g1(m_s.g_size()),
          m_gdw(m_s.d),
          m_gavg(m_s.g_size()) {}

    /// yhat = y0 with its drift and diffusion.
    void start(Problem& pr, T t0, const T* y0, SdeStats& stats) noexcept {
      std::copy_n(y0, m_s.d, m_yhat.data());
      detail::eval_drift(pr, t0, y0, m_f.data(), stats);
      detail::eval_diffusion(pr, m_s, t0, y0, m_g.data(), stats);
    }

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T*, T* y1, bool, T,
                   const AbsoluteTolerance&, T& err, SdeStats& stats) noexcept {
      const std::size_t d = m_s.d;
      detail::noise_times(m_s, m_g.data(), dW, m_gdw.data());
      for (std::size_t i = 0; i < d; ++i)
        m_yhat1[i] = 2 * y[i] - m_yhat[i] + m_f[i] * dt + m_gdw[i];
      detail::eval_drift(pr, t + dt, m_yhat1.data(), m_f1.data(), stats);
      detail::eval_diffusion(pr, m_s, t + dt, m_yhat1.data(), m_g1.data(), stats);
      average_step(dt, dW, y, y1, T(1));
      err = 0;
      return detail::all_finite(y1, d) && detail::all_finite(m_yhat1.data(), d)
                 ? Status::success
                 : Status::rhs_not_finite_recoverable;
    }

    void accept() noexcept {
      std::swap(m_yhat, m_yhat1);
      std::swap(m_f, m_f1);
      std::swap(m_g, m_g1);
    }

    /// Undoes the accepted step from (t, y) to (t + dt, y1) driven by dW: writes y and
    /// restores the auxiliary state at t. Never allocates.
    void reverse(Problem& pr, T t, T dt, const T* y1, const T* dW, T* y, SdeStats& stats) noexcept {
      const std::size_t d = m_s.d;
      // The current auxiliary state belongs to t + dt: move it to the "1" slots.
      std::swap(m_yhat, m_yhat1);
      std::swap(m_f, m_f1);
      std::swap(m_g, m_g1);
      detail::noise_times(m_s, m_g1.data(), dW, m_gdw.data());
      for (std::size_t i = 0; i < d; ++i)
        m_yhat[i] = 2 * y1[i] - m_yhat1[i] - m_f1[i] * dt - m_gdw[i];
      detail::eval_drift(pr, t, m_yhat.data(), m_f.data(), stats);
      detail::eval_diffusion(pr, m_s, t, m_yhat.data(), m_g.data(), stats);
      average_step(dt, dW, y1, y, T(-1));
    }

    /// The auxiliary state yhat at the current time.
    std::span<const T> auxiliary() const noexcept { return m_yhat; }

   private:
    /// out = in + sign * ((f + f1) dt / 2 + (g + g1) dW / 2).
    void average_step(T dt, const T* dW, const T* in, T* out, T sign) noexcept {
      for (std::size_t j = 0; j < m_g.size(); ++j) m_gavg[j] = T(0.5) * (m_g[j] + m_g1[j]);
      detail::noise_times(m_s, m_gavg.data(), dW, m_gdw.data());
      for (std::size_t i = 0; i < m_s.d; ++i) {
        out[i] = in[i] + sign * (T(0.5) * (m_f[i] + m_f1[i]) * dt + m_gdw[i]);
      }
    }
    std::vector<T> m_yhat, m_f, m_g, m_yhat1, m_f1, m_g1, m_gdw, m_gavg;
  };
};

}  // namespace odekit
