#pragma once
// The SRI engine: Rößler's stochastic Runge–Kutta schemes of strong order 1.5 for Itô SDEs
// with scalar or diagonal noise (tableaus/sri.hpp gives the scheme and the coefficients).
// A method is a tableau plus one line: using SRIW1 = Sri<tableaus::SRIW1>.
//
// Error estimate (adaptive stepping), after Rackauckas & Nie, "Adaptive methods for
// stochastic differential equations via natural embeddings and rejection sampling with
// memory", Discrete Contin. Dyn. Syst. B 22 (2017): the scheme without its order-1.5 terms
// is an embedded method of lower order, so per component
//   E_D = h |sum_i alpha_i f_i - f_1|                      (drift: the scheme minus Euler)
//   E_N = |sum_i (beta3_i I_(1,0)/h + beta4_i I_(1,1,1)/h) g_i|   (the order-1.5 noise terms)
// and err = RMS_i((E_D + E_N)_i / (atol_i + rtol max(|y_i|, |y1_i|))).
//
// A stage whose inputs equal the step's start (zero rows, c = 0) reuses f(t, y) or g(t, y)
// instead of evaluating it again (SRIW1: 2 drift and 4 diffusion evaluations per step).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include "odekit/core/norms.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/tableaus/sri.hpp"

namespace odekit {

template <class Tab>
struct Sri {
  static constexpr std::string_view name = Tab::name;
  static constexpr Interpretation interpretation = Interpretation::ito;
  static constexpr double strong_order = 1.5;
  static constexpr double weak_order = 2.0;
  static constexpr bool is_adaptive = true;
  static constexpr bool needs_levy_area = true;
  static constexpr bool supports(Noise::Kind k) noexcept { return k != Noise::Kind::general; }

  static constexpr auto& tab = Tab::tableau;
  static constexpr int S = tab.stages;

  /// Stage i's drift input is y at time t (so f_i = f_1).
  static constexpr bool drift_is_first(int i) {
    if (i == 0) return false;
    for (int j = 0; j < S; ++j)
      if (tab.A0[i][j] != 0 || tab.B0[i][j] != 0) return false;
    return tab.c0(i) == 0;
  }
  static constexpr bool diffusion_is_first(int i) {
    if (i == 0) return false;
    for (int j = 0; j < S; ++j)
      if (tab.A1[i][j] != 0 || tab.B1[i][j] != 0) return false;
    return tab.c1(i) == 0;
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
          m_h1(m_s.d),
          m_chi(4 * m_s.m) {
      // The coefficients in the working precision, once (not long double in the loops).
      for (int i = 0; i < S; ++i) {
        for (int j = 0; j < S; ++j) {
          m_A0[i][j] = static_cast<T>(tab.A0[i][j]);
          m_A1[i][j] = static_cast<T>(tab.A1[i][j]);
          m_B0[i][j] = static_cast<T>(tab.B0[i][j]);
          m_B1[i][j] = static_cast<T>(tab.B1[i][j]);
        }
        m_w[0][i] = static_cast<T>(tab.alpha[i]);
        m_w[1][i] = static_cast<T>(tab.beta1[i]);
        m_w[2][i] = static_cast<T>(tab.beta2[i]);
        m_w[3][i] = static_cast<T>(tab.beta3[i]);
        m_w[4][i] = static_cast<T>(tab.beta4[i]);
        m_c0[i] = static_cast<T>(tab.c0(i));
        m_c1[i] = static_cast<T>(tab.c1(i));
      }
    }

    void start(Problem&, T, const T*, SdeStats&) noexcept {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T* H, T* y1,
                   bool estimate_error, T rtol, const AbsoluteTolerance& atol, T& err,
                   SdeStats& stats) noexcept {
      using std::abs;
      using std::sqrt;
      const std::size_t d = m_s.d, m = m_s.m;
      const T sq = sqrt(dt);
      // chi1 = I_(1,1)/sqrt(h), chi2 = I_(1,0)/h, chi3 = I_(1,1,1)/h per Brownian component.
      T* chi1 = m_chi.data();
      T* chi2 = chi1 + m;
      T* chi3 = chi2 + m;
      for (std::size_t k = 0; k < m; ++k) {
        const T w = dW[k];
        chi1[k] = (w * w - dt) / (2 * sq);
        chi2[k] = w / 2 + H[k];
        chi3[k] = (w * w * w - 3 * dt * w) / (6 * dt);
      }
      for (int i = 0; i < S; ++i) {
        T* ki = &m_k[static_cast<std::size_t>(i) * d];
        T* gi = &m_g[static_cast<std::size_t>(i) * d];
        for (std::size_t c = 0; c < d; ++c) {
          T a0 = 0, a1 = 0, b0 = 0, b1 = 0;
          for (int j = 0; j < i; ++j) {
            const T kj = m_k[static_cast<std::size_t>(j) * d + c];
            const T gj = m_g[static_cast<std::size_t>(j) * d + c];
            a0 += m_A0[i][j] * kj;
            a1 += m_A1[i][j] * kj;
            b0 += m_B0[i][j] * gj;
            b1 += m_B1[i][j] * gj;
          }
          m_h0[c] = y[c] + dt * a0 + chi2[m_s.w(c)] * b0;
          m_h1[c] = y[c] + dt * a1 + sq * b1;
        }
        if (drift_is_first(i)) {
          std::copy_n(m_k.data(), d, ki);
        } else {
          detail::eval_drift(pr, t + m_c0[i] * dt, m_h0.data(), ki, stats);
        }
        if (diffusion_is_first(i)) {
          std::copy_n(m_g.data(), d, gi);
        } else {
          detail::eval_diffusion(pr, m_s, t + m_c1[i] * dt, m_h1.data(), gi, stats);
        }
      }
      T sum = 0;
      for (std::size_t c = 0; c < d; ++c) {
        const std::size_t w = m_s.w(c);
        T drift = 0, noise = 0, high = 0;
        for (int i = 0; i < S; ++i) {
          const T ki = m_k[static_cast<std::size_t>(i) * d + c];
          const T gi = m_g[static_cast<std::size_t>(i) * d + c];
          drift += m_w[0][i] * ki;
          noise += (m_w[1][i] * dW[w] + m_w[2][i] * chi1[w]) * gi;
          high += (m_w[3][i] * chi2[w] + m_w[4][i] * chi3[w]) * gi;
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
    std::vector<T> m_k, m_g, m_h0, m_h1, m_chi;
    std::array<std::array<T, S>, S> m_A0{}, m_A1{}, m_B0{}, m_B1{};
    std::array<std::array<T, S>, 5> m_w{};  // alpha, beta1 ... beta4
    std::array<T, S> m_c0{}, m_c1{};
  };
};

using SRIW1 = Sri<tableaus::SRIW1>;
using SOSRI = Sri<tableaus::SOSRI>;

}  // namespace odekit
