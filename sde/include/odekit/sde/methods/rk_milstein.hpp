#pragma once
// The derivative-free Runge–Kutta Milstein method (Kloeden & Platen 1992, (11.1.5) Itô and
// (11.1.7) Stratonovich) for scalar, diagonal and additive noise: g'g is replaced by a
// difference of diffusions at a supporting value,
//
//   ybar = y + f h + g sqrt(h)
//   Itô:          y1 = y + f h + g dW + (g(ybar) - g(y)) (dW^2 - h) / (2 sqrt(h))
//   Stratonovich: y1 = y + f h + g dW + (g(ybar) - g(y))  dW^2      / (2 sqrt(h))
//
// componentwise with dW_i (dW_0 for scalar noise). Strong order 1.0, weak order 1.

#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include "odekit/core/norms.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"

namespace odekit {

template <Interpretation I>
struct RKMilstein {
  static constexpr std::string_view name =
      I == Interpretation::ito ? "ItoRKMilstein" : "StratonovichRKMilstein";
  static constexpr Interpretation interpretation = I;
  static constexpr double strong_order = 1.0;
  static constexpr double weak_order = 1.0;
  static constexpr bool is_adaptive = false;
  static constexpr bool needs_levy_area = false;
  static constexpr bool supports(Noise::Kind k) noexcept { return k != Noise::Kind::general; }

  template <class Problem>
  class Stepper {
   public:
    using T = typename Problem::value_type;
    explicit Stepper(const Problem& pr)
        : m_s(detail::NoiseShape::of(pr)), m_k(m_s.d), m_g(m_s.d), m_gbar(m_s.d), m_ybar(m_s.d) {}

    void start(Problem&, T, const T*, SdeStats&) noexcept {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T*, T* y1, bool, T,
                   const AbsoluteTolerance&, T& err, SdeStats& stats) noexcept {
      using std::sqrt;
      const std::size_t d = m_s.d;
      const T sq = sqrt(dt);
      detail::eval_drift(pr, t, y, m_k.data(), stats);
      detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
      for (std::size_t i = 0; i < d; ++i) m_ybar[i] = y[i] + dt * m_k[i] + sq * m_g[i];
      detail::eval_diffusion(pr, m_s, t, m_ybar.data(), m_gbar.data(), stats);
      const T ito = I == Interpretation::ito ? dt : T(0);
      const T scale = T(1) / (2 * sq);
      for (std::size_t i = 0; i < d; ++i) {
        const T w = dW[m_s.w(i)];
        y1[i] = y[i] + dt * m_k[i] + m_g[i] * w + (m_gbar[i] - m_g[i]) * (w * w - ito) * scale;
      }
      err = 0;
      return detail::all_finite(y1, d) ? Status::success : Status::rhs_not_finite_recoverable;
    }

    void accept() noexcept {}

   private:
    detail::NoiseShape m_s;
    std::vector<T> m_k, m_g, m_gbar, m_ybar;
  };
};

using ItoRKMilstein = RKMilstein<Interpretation::ito>;
using StratonovichRKMilstein = RKMilstein<Interpretation::stratonovich>;

}  // namespace odekit
