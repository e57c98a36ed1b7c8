#pragma once
// Euler–Maruyama (Maruyama 1955; Kloeden & Platen, Numerical Solution of SDEs, 1992, 9.1):
// y1 = y + f(t, y) h + g(t, y) dW. Itô; strong order 0.5 (1.0 for additive noise), weak
// order 1; every noise kind.

#include <cstddef>
#include <string_view>
#include <vector>

#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/methods/method_defaults.hpp"

namespace odekit {

struct EulerMaruyama : detail::FixedStepMethod {
  static constexpr std::string_view name = "EulerMaruyama";
  static constexpr Interpretation interpretation = Interpretation::ito;
  static constexpr double strong_order = 0.5;

  template <class Problem>
  class Stepper : public detail::StepperBase<Problem> {
    using Base = detail::StepperBase<Problem>;
    using Base::m_s;

   public:
    using typename Base::T;
    explicit Stepper(const Problem& pr) : Base(pr), m_k(m_s.d), m_g(m_s.g_size()), m_gdw(m_s.d) {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T*, T* y1, bool, T,
                   const AbsoluteTolerance&, T& err, SdeStats& stats) noexcept {
      detail::eval_drift(pr, t, y, m_k.data(), stats);
      detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
      if (m_s.general()) {
        detail::noise_times(m_s, m_g.data(), dW, m_gdw.data());
        for (std::size_t i = 0; i < m_s.d; ++i) {
          detail::by_register(
              y1[i], [&](auto at) { return at(y[i]) + at(dt) * at(m_k[i]) + at(m_gdw[i]); });
        }
      } else {  // G dW is g_i dW_w(i): one pass per component
        for (std::size_t i = 0; i < m_s.d; ++i) {
          const T& w = dW[m_s.w(i)];
          detail::by_register(
              y1[i], [&](auto at) { return at(y[i]) + at(dt) * at(m_k[i]) + at(m_g[i]) * at(w); });
        }
      }
      return this->finish(y1, err);
    }

   private:
    std::vector<T> m_k, m_g, m_gdw;
  };
};

}  // namespace odekit
