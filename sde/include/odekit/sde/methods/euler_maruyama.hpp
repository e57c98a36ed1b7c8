#pragma once
// Euler–Maruyama (Maruyama 1955; Kloeden & Platen, Numerical Solution of SDEs, 1992, 9.1):
// y1 = y + f(t, y) h + g(t, y) dW. Itô; strong order 0.5 (1.0 for additive noise), weak
// order 1; every noise kind.

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

struct EulerMaruyama {
  static constexpr std::string_view name = "EulerMaruyama";
  static constexpr Interpretation interpretation = Interpretation::ito;
  static constexpr double strong_order = 0.5;
  static constexpr double weak_order = 1.0;
  static constexpr bool is_adaptive = false;
  static constexpr bool needs_levy_area = false;
  static constexpr bool supports(Noise::Kind) noexcept { return true; }

  template <class Problem>
  class Stepper {
   public:
    using T = typename Problem::value_type;
    explicit Stepper(const Problem& pr)
        : m_s(detail::NoiseShape::of(pr)), m_k(m_s.d), m_g(m_s.g_size()), m_gdw(m_s.d) {}

    void start(Problem&, T, const T*, SdeStats&) noexcept {}

    Status attempt(Problem& pr, T t, T dt, const T* y, const T* dW, const T*, T* y1, bool, T,
                   const AbsoluteTolerance&, T& err, SdeStats& stats) noexcept {
      detail::eval_drift(pr, t, y, m_k.data(), stats);
      detail::eval_diffusion(pr, m_s, t, y, m_g.data(), stats);
      detail::noise_times(m_s, m_g.data(), dW, m_gdw.data());
      for (std::size_t i = 0; i < m_s.d; ++i) y1[i] = y[i] + dt * m_k[i] + m_gdw[i];
      err = 0;
      return detail::all_finite(y1, m_s.d) ? Status::success : Status::rhs_not_finite_recoverable;
    }

    void accept() noexcept {}

   private:
    detail::NoiseShape m_s;
    std::vector<T> m_k, m_g, m_gdw;
  };
};

}  // namespace odekit
