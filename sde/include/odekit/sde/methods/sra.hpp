#pragma once
// The SRA engine: Rößler's stochastic Runge–Kutta schemes of strong order 1.5 for SDEs with
// additive noise g(t) (tableaus/sra.hpp gives the scheme and the coefficients). For additive
// noise the Itô and Stratonovich solutions coincide.
//
// Error estimate (Rackauckas & Nie 2017, natural embedding, as in sri.hpp): per component
//   E_D = h |sum_i alpha_i f_i - f_1|,   E_N = |sum_i beta2_i g(t + c1_i h) I_(1,0)/h|
// and err = RMS_i((E_D + E_N)_i / (atol_i + rtol max(|y_i|, |y1_i|))).

#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/detail/static_for.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/methods/method_defaults.hpp"
#include "odekit/sde/tableaus/sra.hpp"

namespace odekit {

template <class Tab>
struct Sra : detail::StochasticRungeKutta {
  static constexpr std::string_view name = Tab::name;
  static constexpr Interpretation interpretation = Interpretation::both;
  static constexpr bool supports(Noise::Kind k) noexcept { return k == Noise::Kind::additive; }

  static constexpr auto& tab = Tab::tableau;
  static constexpr int S = tab.stages;

  /// Whether g(t + c1_i h) is used at all.
  static constexpr bool diffusion_used(int i) {
    if (tab.beta1[i] != 0 || tab.beta2[i] != 0) return true;
    for (int j = 0; j < S; ++j)
      if (tab.B0[j][i] != 0) return true;
    return false;
  }

  template <class Problem>
  class Stepper : public detail::StepperBase<Problem> {
    using Base = detail::StepperBase<Problem>;
    using Base::m_s;

   public:
    using typename Base::T;
    explicit Stepper(const Problem& pr)
        : Base(pr),
          m_k(static_cast<std::size_t>(S) * m_s.d),
          m_g(static_cast<std::size_t>(S) * m_s.d),
          m_h0(m_s.d),
          m_chi(m_s.m) {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T* H, T* y1,
                   bool estimate_error, T rtol, const AbsoluteTolerance& atol, T& err,
                   SdeStats& stats) noexcept {
      using std::abs;
      const std::size_t d = m_s.d;
      for (std::size_t k = 0; k < m_s.m; ++k) m_chi[k] = dW[k] / 2 + H[k];  // I_(1,0)/h
      // Stages, unrolled: the coefficients are constants in the working precision and zero
      // terms are not computed.
      detail::static_for<S>([&]<int i>() {
        if constexpr (diffusion_used(i)) {
          detail::eval_diffusion(pr, this->m_s, t + static_cast<T>(tab.c1[i]) * dt, y,
                                 &m_g[static_cast<std::size_t>(i) * d], stats);
        }
      });
      detail::static_for<S>([&]<int i>() {
        const T* input = y;  // a stage without terms starts from y
        if constexpr (tableaus::row_has_terms(tab.A0[i]) || tableaus::row_has_terms(tab.B0[i])) {
          for (std::size_t c = 0; c < d; ++c) {
            T a0 = 0, b0 = 0;
            detail::static_for<i>([&]<int j>() {
              if constexpr (tab.A0[i][j] != 0) {
                a0 += static_cast<T>(tab.A0[i][j]) * m_k[static_cast<std::size_t>(j) * d + c];
              }
              if constexpr (tab.B0[i][j] != 0) {
                b0 += static_cast<T>(tab.B0[i][j]) * m_g[static_cast<std::size_t>(j) * d + c];
              }
            });
            m_h0[c] = y[c] + dt * a0 + m_chi[this->m_s.w(c)] * b0;
          }
          input = m_h0.data();
        }
        detail::eval_drift(pr, t + static_cast<T>(tab.c0(i)) * dt, input,
                           &m_k[static_cast<std::size_t>(i) * d], stats);
      });
      T sum = 0;
      for (std::size_t c = 0; c < d; ++c) {
        const std::size_t w = m_s.w(c);
        T drift = 0, noise = 0, high = 0;
        detail::static_for<S>([&]<int i>() {
          if constexpr (tab.alpha[i] != 0) {
            drift += static_cast<T>(tab.alpha[i]) * m_k[static_cast<std::size_t>(i) * d + c];
          }
          if constexpr (diffusion_used(i)) {
            const T gi = m_g[static_cast<std::size_t>(i) * d + c];
            if constexpr (tab.beta1[i] != 0) noise += static_cast<T>(tab.beta1[i]) * dW[w] * gi;
            if constexpr (tab.beta2[i] != 0) high += static_cast<T>(tab.beta2[i]) * m_chi[w] * gi;
          }
        });
        y1[c] = y[c] + dt * drift + noise + high;
        if (estimate_error) {
          detail::add_scaled_error(abs(dt * (drift - m_k[c])) + abs(high), y[c], y1[c], atol[c],
                                   rtol, sum);
        }
      }
      return detail::finish_estimated(y1, d, estimate_error, sum, err);
    }

   private:
    std::vector<T> m_k, m_g, m_h0, m_chi;
  };
};

using SRA1 = Sra<tableaus::SRA1>;
using SOSRA = Sra<tableaus::SOSRA>;

}  // namespace odekit
