#pragma once
// Milstein's method (Milstein 1974; Kloeden & Platen 1992, 10.3) for scalar, diagonal and
// additive noise, with the derivative term g'g computed exactly by forward-mode dual numbers
// (one diffusion call seeded along g; see dual.hpp, so g must be written generically):
//
//   Itô:          y1_i = y_i + f_i h + g_i dW_i + (g'g)_i (dW_i^2 - h) / 2
//   Stratonovich: y1_i = y_i + f_i h + g_i dW_i + (g'g)_i  dW_i^2      / 2
//
// where (g'g)_i = sum_j dg_i/dy_j g_j (for diagonal noise g_i depends on y_i only, so this
// is dg_i/dy_i g_i) and dW_i is dW_0 for scalar noise. Strong order 1.0, weak order 1.
// General noise would need Lévy areas: use EulerMaruyama or EulerHeun there.

#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "odekit/core/dual.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/interpretation.hpp"
#include "odekit/sde/methods/method_defaults.hpp"

namespace odekit {

template <Interpretation I>
struct Milstein : detail::FixedStepMethod {
  static constexpr std::string_view name =
      I == Interpretation::ito ? "ItoMilstein" : "StratonovichMilstein";
  static constexpr Interpretation interpretation = I;
  static constexpr double strong_order = 1.0;
  static constexpr bool supports(Noise::Kind k) noexcept { return k != Noise::Kind::general; }

  template <class Problem>
  class Stepper : public detail::StepperBase<Problem> {
    using Base = detail::StepperBase<Problem>;
    using Base::m_s;

   public:
    using typename Base::T;
    explicit Stepper(const Problem& pr)
        : Base(pr), m_k(m_s.d), m_g(m_s.d), m_yd(m_s.d), m_gd(m_s.d) {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T*, T* y1, bool, T,
                   const AbsoluteTolerance&, T& err, SdeStats& stats) noexcept {
      const std::size_t d = m_s.d;
      detail::eval_drift(pr, t, y, m_k.data(), stats);
      detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
      const bool additive = m_s.kind == Noise::Kind::additive;  // g' = 0
      if (!additive) {
        // g'g: the diffusion at y + eps g, differentiated in eps.
        for (std::size_t i = 0; i < d; ++i) {
          m_yd[i] = Dual<T, 1>(y[i]);
          m_yd[i].partials[0] = m_g[i];  // seeded along g: the derivative is g' g
        }
        pr.g(t, std::span<const Dual<T, 1>>(m_yd), std::span<const T>(pr.p.data(), pr.p.size()),
             DiffusionView<Dual<T, 1>>(m_gd.data(), d, 1));
        ++stats.ng;
      }
      const T ito = I == Interpretation::ito ? dt : T(0);
      for (std::size_t i = 0; i < d; ++i) {
        const T w = dW[m_s.w(i)];
        const T ggp = additive ? T(0) : m_gd[i].partials[0];
        y1[i] = y[i] + dt * m_k[i] + m_g[i] * w + T(0.5) * ggp * (w * w - ito);
      }
      return this->finish(y1, err);
    }

   private:
    std::vector<T> m_k, m_g;
    std::vector<Dual<T, 1>> m_yd, m_gd;
  };
};

using ItoMilstein = Milstein<Interpretation::ito>;
using StratonovichMilstein = Milstein<Interpretation::stratonovich>;

}  // namespace odekit
