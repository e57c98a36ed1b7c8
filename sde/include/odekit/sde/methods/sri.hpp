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

#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <vector>

#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/detail/static_for.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/methods/method_defaults.hpp"
#include "odekit/sde/tableaus/sri.hpp"

namespace odekit {

template <class Tab>
struct Sri : detail::StochasticRungeKutta {
  static constexpr std::string_view name = Tab::name;
  static constexpr Interpretation interpretation = Interpretation::ito;
  static constexpr bool supports(Noise::Kind k) noexcept { return k != Noise::Kind::general; }

  static constexpr auto& tab = Tab::tableau;
  static constexpr int S = tab.stages;

  /// Stage i's drift input is y at time t (so f_i = f_1).
  static constexpr bool drift_is_first(int i) {
    return i > 0 && !tableaus::row_has_terms(tab.A0[i]) && !tableaus::row_has_terms(tab.B0[i]) &&
           tab.c0(i) == 0;
  }
  static constexpr bool diffusion_is_first(int i) {
    return i > 0 && !tableaus::row_has_terms(tab.A1[i]) && !tableaus::row_has_terms(tab.B1[i]) &&
           tab.c1(i) == 0;
  }
  /// The stage whose evaluation stage i's drift (diffusion) is: itself, or the first.
  static constexpr int drift_of(int i) { return drift_is_first(i) ? 0 : i; }
  static constexpr int diffusion_of(int i) { return diffusion_is_first(i) ? 0 : i; }

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
          m_h1(m_s.d),
          m_chi(4 * m_s.m) {}

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
        const T& w = dW[k];
        detail::by_register(chi1[k],
                            [&](auto at) { return (at(w) * at(w) - at(dt)) / (2 * at(sq)); });
        detail::by_register(chi2[k], [&](auto at) { return at(w) / 2 + at(H[k]); });
        detail::by_register(chi3[k], [&](auto at) {
          return (at(w) * at(w) * at(w) - 3 * at(dt) * at(w)) / (6 * at(dt));
        });
      }
      // Stages, unrolled: the coefficients are constants in the working precision, zero terms
      // are not computed, and a stage whose input is the step's start is not evaluated again.
      detail::static_for<S>([&]<int i>() {
        if constexpr (!drift_is_first(i)) {
          detail::eval_drift(pr, t + static_cast<T>(tab.c0(i)) * dt,
                             stage_input<i, true>(y, dt, chi2, sq, m_h0.data()), &m_k[i * d],
                             stats);
        }
        if constexpr (!diffusion_is_first(i)) {
          detail::eval_diffusion(pr, this->m_s, t + static_cast<T>(tab.c1(i)) * dt,
                                 stage_input<i, false>(y, dt, chi2, sq, m_h1.data()), &m_g[i * d],
                                 stats);
        }
      });
      T sum = 0;
      for (std::size_t c = 0; c < d; ++c) {
        if (estimate_error) {
          const Sums<T> s =
              sums(c, y, dt, dW, chi1, chi2, chi3, [](const T& x) -> const T& { return x; });
          y1[c] = s.y1;
          detail::add_scaled_error(abs(dt * (s.drift - m_k[c])) + abs(s.high), y[c], y1[c], atol[c],
                                   rtol, sum);
        } else {
          detail::by_register(y1[c],
                              [&](auto at) { return sums(c, y, dt, dW, chi1, chi2, chi3, at).y1; });
        }
      }
      return detail::finish_estimated(y1, d, estimate_error, sum, err);
    }

   private:
    template <class V>
    struct Sums {
      V drift, high, y1;
    };

    /// Component c of the step, on the values at(...) gives (whole values or one register of
    /// lanes): drift = sum alpha_i f_i, noise = sum (beta1_i dW + beta2_i chi1) g_i,
    /// high = sum (beta3_i chi2 + beta4_i chi3) g_i and y1 = y + h drift + noise + high.
    template <class At>
    auto sums(std::size_t c, const T* y, const T& dt, const T* dW, const T* chi1, const T* chi2,
              const T* chi3, At at) const noexcept {
      using V = std::remove_cvref_t<decltype(at(dt))>;
      const std::size_t d = m_s.d, w = m_s.w(c);
      V drift = 0, noise = 0, high = 0;
      detail::static_for<S>([&]<int i>() {
        const V ki = at(m_k[drift_of(i) * d + c]);
        const V gi = at(m_g[diffusion_of(i) * d + c]);
        if constexpr (tab.alpha[i] != 0) drift += V(tab.alpha[i]) * ki;
        if constexpr (tab.beta1[i] != 0 || tab.beta2[i] != 0) {
          noise += (V(tab.beta1[i]) * at(dW[w]) + V(tab.beta2[i]) * at(chi1[w])) * gi;
        }
        if constexpr (tab.beta3[i] != 0 || tab.beta4[i] != 0) {
          high += (V(tab.beta3[i]) * at(chi2[w]) + V(tab.beta4[i]) * at(chi3[w])) * gi;
        }
      });
      return Sums<V>{drift, high, at(y[c]) + at(dt) * drift + noise + high};
    }

    /// The input of stage i of the drift (Drift) or of the diffusion:
    /// y + h sum_j A_ij k_j + z sum_j B_ij g_j with (A, B, z) = (A0, B0, chi2) or (A1, B1, sqrt h),
    /// written to `out`; y itself when the row has no terms.
    template <int i, bool Drift>
    const T* stage_input(const T* y, T dt, const T* chi2, T sq, T* out) const noexcept {
      constexpr auto& A = Drift ? tab.A0 : tab.A1;
      constexpr auto& B = Drift ? tab.B0 : tab.B1;
      if constexpr (!tableaus::row_has_terms(A[i]) && !tableaus::row_has_terms(B[i])) {
        return y;
      } else {
        const std::size_t d = m_s.d;
        for (std::size_t c = 0; c < d; ++c) {
          // z: chi2 of the component's Brownian motion for the drift, sqrt(h) for the diffusion.
          const T& z = Drift ? chi2[m_s.w(c)] : sq;
          detail::by_register(out[c], [&](auto at) {
            using V = std::remove_cvref_t<decltype(at(dt))>;
            V a = 0, b = 0;
            detail::static_for<i>([&]<int j>() {
              if constexpr (A[i][j] != 0) a += V(A[i][j]) * at(m_k[drift_of(j) * d + c]);
              if constexpr (B[i][j] != 0) b += V(B[i][j]) * at(m_g[diffusion_of(j) * d + c]);
            });
            return at(y[c]) + at(dt) * a + at(z) * b;
          });
        }
        return out;
      }
    }

    std::vector<T> m_k, m_g, m_h0, m_h1, m_chi;
  };
};

using SRIW1 = Sri<tableaus::SRIW1>;
using SOSRI = Sri<tableaus::SOSRI>;

}  // namespace odekit
