#pragma once
// One evaluation of f with dual-number states and parameters: the building block of the
// Jacobian [df/dy | df/dp] (unit seeds) and of forward sensitivities (seeds from S).

#include <cstddef>
#include <span>
#include <vector>

#include "odekit/core/dual.hpp"
#include "odekit/core/stats.hpp"

namespace odekit {

/// f(t, y, p, out) with y, p and out spans of Dual<T, N>: a generic f (auto parameters).
template <class F, class T, int N>
concept RhsAcceptsDualParams = requires(const F& f, T t, std::span<const Dual<T, N>> y,
                                        std::span<const Dual<T, N>> p, std::span<Dual<T, N>> out) {
  f(t, y, p, out);
};

namespace detail {

template <class T, int N>
class DualSweep {
 public:
  using D = Dual<T, N>;

  /// n states, np parameters, m outputs.
  DualSweep(std::size_t n, std::size_t np, std::size_t m) : m_y(n), m_p(np), m_out(m) {}

  /// Sets the values, all partials zero; seed them through y() and p() before evaluate().
  void reset(std::span<const T> y, std::span<const T> p) {
    for (std::size_t j = 0; j < m_y.size(); ++j) m_y[j] = D(y[j]);
    for (std::size_t j = 0; j < m_p.size(); ++j) m_p[j] = D(p[j]);
  }
  D* y() noexcept { return m_y.data(); }
  D* p() noexcept { return m_p.data(); }

  /// f at the seeded point; counts one evaluation in stats.nf.
  template <class F>
  std::span<const D> evaluate(const F& f, T t, Stats& stats) {
    f(t, std::span<const D>(m_y), std::span<const D>(m_p), std::span<D>(m_out));
    ++stats.nf;
    return m_out;
  }

 private:
  std::vector<D> m_y, m_p, m_out;
};

}  // namespace detail

}  // namespace odekit
