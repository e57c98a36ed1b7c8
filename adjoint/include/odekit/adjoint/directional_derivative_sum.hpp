#pragma once
// DirectionalDerivativeSum<F, K>: from f, K directions (tau_s, v_s) in (t, y) with weights
// w_s, and a weight w_f, the function of (y, p)
//
//   g(t, y, p) = w_f .* f(t, y, p) + sum_s w_s .* (df/dt tau_s + df/dy v_s),
//
// whose vector-Jacobian product with a vector of ones is the gradient in (y, p) of
//
//   psi = w_f^T f + sum_s w_s^T (df/d(t, y)) (tau_s, v_s):
//
// the terms of a reverse Rosenbrock step that come from W's and df/dt's dependence on y and
// p (second derivatives of f). A VjpWorkspace evaluates g with Dual<double, 8> numbers (dense
// or coloured); inside, f runs on Dual<Dual<double, 8>, K>, the inner partials carrying the K
// directions. g has f's sparsity (d2 f_i / dx dz is nonzero only where f_i depends on x), so
// f's jac_sparsity() and param_sparsity() serve its coloured Jacobian.

#include <cstddef>
#include <span>
#include <vector>

#include "odekit/adjoint/detail/dual_sweep.hpp"
#include "odekit/adjoint/state_param_jacobian.hpp"
#include "odekit/core/derivatives.hpp"
#include "odekit/core/dual.hpp"

namespace odekit {

/// f accepts nested dual numbers for t, y and p (second derivatives by forward mode).
template <class F, int K>
concept RhsAcceptsNestedDuals = requires(const F& f, Dual<Dual<double, 8>, K> t,
                                         std::span<const Dual<Dual<double, 8>, K>> y,
                                         std::span<const Dual<Dual<double, 8>, K>> p,
                                         std::span<Dual<Dual<double, 8>, K>> out) {
  f(t, y, p, out);
};

template <class F, int K>
class DirectionalDerivativeSum {
 public:
  using Outer = Dual<double, 8>;
  using Nested = Dual<Outer, K>;

  /// n states, np parameters; directions and weights start at zero.
  DirectionalDerivativeSum(const F& f, std::size_t n, std::size_t np)
      : m_f(&f), m_n(n), m_v(K * n), m_w(K * n), m_wf(n), m_y(n), m_p(np), m_out(n) {}

  /// The time part tau_s of direction s.
  double& tau(int s) noexcept { return m_tau[s]; }
  /// The state part v_s of direction s.
  std::span<double> v(int s) noexcept { return span_of(m_v, s); }
  /// The weights w_s of direction s.
  std::span<double> w(int s) noexcept { return span_of(m_w, s); }
  /// The weights w_f of f itself.
  std::span<double> wf() noexcept { return m_wf; }

  void operator()(double t, std::span<const Outer> y, std::span<const Outer> p,
                  std::span<Outer> out) const {
    Nested tn{Outer(t)};
    for (int s = 0; s < K; ++s) tn.partials[s] = Outer(m_tau[s]);
    for (std::size_t j = 0; j < m_n; ++j) {
      m_y[j] = Nested(y[j]);
      for (int s = 0; s < K; ++s) m_y[j].partials[s] = Outer(m_v[s * m_n + j]);
    }
    for (std::size_t j = 0; j < m_p.size(); ++j) m_p[j] = Nested(p[j]);
    (*m_f)(tn, std::span<const Nested>(m_y), std::span<const Nested>(m_p),
           std::span<Nested>(m_out));
    for (std::size_t i = 0; i < m_n; ++i) {
      Outer acc = m_wf[i] * m_out[i].value;
      for (int s = 0; s < K; ++s) acc += m_w[s * m_n + i] * m_out[i].partials[s];
      out[i] = acc;
    }
  }

  auto jac_sparsity() const requires HasJacSparsity<F> { return m_f->jac_sparsity(); }
  auto param_sparsity() const requires HasParamSparsity<F> { return m_f->param_sparsity(); }

 private:
  std::span<double> span_of(std::vector<double>& v, int s) noexcept {
    return std::span<double>(v).subspan(static_cast<std::size_t>(s) * m_n, m_n);
  }

  const F* m_f;
  std::size_t m_n;
  double m_tau[K]{};
  std::vector<double> m_v, m_w, m_wf;
  // The nested evaluation's buffers (g is called through a const reference).
  mutable std::vector<Nested> m_y, m_p, m_out;
};

}  // namespace odekit
