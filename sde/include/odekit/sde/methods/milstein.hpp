#pragma once
// Milstein's method (Milstein 1974; Kloeden & Platen 1992, 10.3) for scalar, diagonal and
// additive noise, with the derivative term g'g computed exactly by forward-mode dual numbers
// (see dual.hpp, so g must be written generically): for diagonal noise (and one component) one
// diffusion call on duals gives both g and g'g, for scalar noise on several components a second
// call seeded along g does:
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
#include <type_traits>
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
      if (m_s.kind == Noise::Kind::additive) {  // g' = 0
        detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
      } else if (m_s.kind == Noise::Kind::diagonal || d == 1) {
        // g_i depends on y_i only: one call with every partial seeded 1 gives g_i and dg_i/dy_i.
        for (std::size_t i = 0; i < d; ++i) {  // Dual<T, 1>::variable(y[i], 0), in place
          m_yd[i].value = y[i];
          m_yd[i].partials[0] = T(1);
        }
        diffusion_of_duals(pr, t, stats);
      } else {
        // Scalar noise on several components: g'g is the derivative of g along g itself.
        detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
        for (std::size_t i = 0; i < d; ++i) {
          m_yd[i] = Dual<T, 1>(y[i]);
          m_yd[i].partials[0] = m_g[i];
        }
        diffusion_of_duals(pr, t, stats);
      }
      const bool additive = m_s.kind == Noise::Kind::additive;
      // On diagonal noise (or one component) the dual call gave g_i as its value and dg_i/dy_i
      // as its partial, times g_i (g'g)_i; on scalar noise the partial is (g'g)_i already.
      const bool times_g = !additive && (m_s.kind == Noise::Kind::diagonal || d == 1);
      const T ito = I == Interpretation::ito ? dt : T(0);
      for (std::size_t i = 0; i < d; ++i) {
        const T& w = dW[m_s.w(i)];
        const T& g = times_g ? m_gd[i].value : m_g[i];
        const T& partial = m_gd[i].partials[0];
        detail::by_register(y1[i], [&](auto at) {
          using V = std::remove_cvref_t<decltype(at(w))>;
          const V ggp = additive ? V(0) : times_g ? at(partial) * at(g) : at(partial);
          return at(y[i]) + at(dt) * at(m_k[i]) + at(g) * at(w) +
                 V(0.5) * ggp * (at(w) * at(w) - at(ito));
        });
      }
      return this->finish(y1, err);
    }

   private:
    /// m_gd = g(t, m_yd) on dual numbers.
    void diffusion_of_duals(Problem& pr, T t, SdeStats& stats) noexcept {
      pr.g(t, std::span<const Dual<T, 1>>(m_yd), std::span<const T>(pr.p.data(), pr.p.size()),
           DiffusionView<Dual<T, 1>>(m_gd.data(), m_s.d, 1));
      ++stats.ng;
    }

    std::vector<T> m_k, m_g;
    std::vector<Dual<T, 1>> m_yd, m_gd;
  };
};

using ItoMilstein = Milstein<Interpretation::ito>;
using StratonovichMilstein = Milstein<Interpretation::stratonovich>;

}  // namespace odekit
