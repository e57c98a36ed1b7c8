#pragma once
// Euler–Heun for Stratonovich SDEs (Kloeden & Platen 1992; as in Diffrax's EulerHeun): the
// drift by Euler, the diffusion by the trapezoidal rule on a predictor,
//   y' = y + g(t, y) dW,   y1 = y + f(t, y) h + (g(t, y) + g(t + h, y')) dW / 2.
// Stratonovich; strong order 0.5 for general noise, 1.0 for commutative noise (scalar,
// diagonal, additive); every noise kind.

#include <cstddef>
#include <string_view>
#include <vector>

#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/methods/method_defaults.hpp"

namespace odekit {

struct EulerHeun : detail::FixedStepMethod {
  static constexpr std::string_view name = "EulerHeun";
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
          m_k(m_s.d),
          m_g(m_s.g_size()),
          m_g2(m_s.g_size()),
          m_gdw(m_s.d),
          m_pred(m_s.d) {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T*, T* y1, bool, T,
                   const AbsoluteTolerance&, T& err, SdeStats& stats) noexcept {
      const std::size_t d = m_s.d;
      detail::eval_drift(pr, t, y, m_k.data(), stats);
      detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
      detail::noise_times(m_s, m_g.data(), dW, m_gdw.data());
      for (std::size_t i = 0; i < d; ++i) m_pred[i] = y[i] + m_gdw[i];
      detail::eval_diffusion(pr, m_s, t + dt, m_pred.data(), m_g2.data(), stats);
      for (std::size_t j = 0; j < m_g.size(); ++j) m_g2[j] = T(0.5) * (m_g[j] + m_g2[j]);
      detail::noise_times(m_s, m_g2.data(), dW, m_gdw.data());
      for (std::size_t i = 0; i < d; ++i) y1[i] = y[i] + dt * m_k[i] + m_gdw[i];
      return this->finish(y1, err);
    }

   private:
    std::vector<T> m_k, m_g, m_g2, m_gdw, m_pred;
  };
};

}  // namespace odekit
