#pragma once
// The SRA engine: Rößler's stochastic Runge–Kutta schemes of strong order 1.5 for SDEs with
// additive noise g(t) (tableaus/sra.hpp gives the scheme and the coefficients). For additive
// noise the Itô and Stratonovich solutions coincide.
//
// Error estimate (Rackauckas & Nie 2017, natural embedding, as in sri.hpp): per component
//   E_D = h |sum_i alpha_i f_i - f_1|,   E_N = |sum_i beta2_i g(t + c1_i h) I_(1,0)/h|
// and err = RMS_i((E_D + E_N)_i / (atol_i + rtol max(|y_i|, |y1_i|))).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include "odekit/core/norms.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/tableaus/sra.hpp"

namespace odekit {

template <class Tab>
struct Sra {
  static constexpr std::string_view name = Tab::name;
  static constexpr Interpretation interpretation = Interpretation::both;
  static constexpr double strong_order = 1.5;
  static constexpr double weak_order = 2.0;
  static constexpr bool is_adaptive = true;
  static constexpr bool needs_levy_area = true;
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
  class Stepper {
   public:
    using T = typename Problem::value_type;
    explicit Stepper(const Problem& pr)
        : m_s(detail::NoiseShape::of(pr)),
          m_k(static_cast<std::size_t>(S) * m_s.d),
          m_g(static_cast<std::size_t>(S) * m_s.d),
          m_h0(m_s.d),
          m_chi(m_s.m) {}

    void start(Problem&, T, const T*, SdeStats&) noexcept {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T* H, T* y1,
                   bool estimate_error, T rtol, const AbsoluteTolerance& atol, T& err,
                   SdeStats& stats) noexcept {
      using std::abs;
      using std::sqrt;
      const std::size_t d = m_s.d;
      for (std::size_t k = 0; k < m_s.m; ++k) m_chi[k] = dW[k] / 2 + H[k];  // I_(1,0)/h
      for (int i = 0; i < S; ++i) {
        if (diffusion_used(i)) {
          detail::eval_diffusion(pr, m_s, t + static_cast<T>(tab.c1[i]) * dt, y,
                                 &m_g[static_cast<std::size_t>(i) * d], stats);
        }
      }
      for (int i = 0; i < S; ++i) {
        for (std::size_t c = 0; c < d; ++c) {
          T a0 = 0, b0 = 0;
          for (int j = 0; j < i; ++j) {
            a0 += static_cast<T>(tab.A0[i][j]) * m_k[static_cast<std::size_t>(j) * d + c];
            b0 += static_cast<T>(tab.B0[i][j]) * m_g[static_cast<std::size_t>(j) * d + c];
          }
          m_h0[c] = y[c] + dt * a0 + m_chi[m_s.w(c)] * b0;
        }
        detail::eval_drift(pr, t + static_cast<T>(tab.c0(i)) * dt, m_h0.data(),
                           &m_k[static_cast<std::size_t>(i) * d], stats);
      }
      T sum = 0;
      for (std::size_t c = 0; c < d; ++c) {
        const std::size_t w = m_s.w(c);
        T drift = 0, noise = 0, high = 0;
        for (int i = 0; i < S; ++i) {
          const T gi = diffusion_used(i) ? m_g[static_cast<std::size_t>(i) * d + c] : T(0);
          drift += static_cast<T>(tab.alpha[i]) * m_k[static_cast<std::size_t>(i) * d + c];
          noise += static_cast<T>(tab.beta1[i]) * dW[w] * gi;
          high += static_cast<T>(tab.beta2[i]) * m_chi[w] * gi;
        }
        y1[c] = y[c] + dt * drift + noise + high;
        if (estimate_error) {
          const T e = abs(dt * (drift - m_k[c])) + abs(high);
          const T scale = static_cast<T>(atol[c]) + rtol * std::max(abs(y[c]), abs(y1[c]));
          sum += (e / scale) * (e / scale);
        }
      }
      err = estimate_error ? sqrt(sum / static_cast<T>(d)) : T(0);
      if (!detail::all_finite(y1, d) || !detail::all_finite(&err, 1)) {
        return Status::rhs_not_finite_recoverable;
      }
      return Status::success;
    }

    void accept() noexcept {}

   private:
    detail::NoiseShape m_s;
    std::vector<T> m_k, m_g, m_h0, m_chi;
  };
};

using SRA1 = Sra<tableaus::SRA1>;
using SOSRA = Sra<tableaus::SOSRA>;

}  // namespace odekit
