#pragma once
// Vector-Jacobian products of a right-hand side: wJy = w^T df/dy and wJp = w^T df/dp at
// (t, y, p), the one derivative every adjoint needs. A VjpWorkspace is made once per
// gradient; it picks the source (VjpMethod in sensitivity.hpp) and allocates every buffer:
//
//   user    f.vjp(t, y, p, w, wJy, wJp)                    cost of the user's code
//   dual    [df/dy | df/dp] by ceil((n + np) / N)          dense, for small systems
//           evaluations of f with Dual<double, N>
//   sparse  the same Jacobian by one evaluation per N      f declares jac_sparsity() (and
//           colours of structurally orthogonal columns     param_sparsity() for df/dp)
//   jac     df/dy from f.jac, df/dp by ceil(np / N)        f has an analytic jac (cheaper
//           evaluations with Dual<double, N>               than n / N dual sweeps)
//
// wJp may be empty when only wJy is wanted (the parameter columns are then skipped). Work
// is counted in Stats: nvjp per product, nf per evaluation of f (a dual sweep is one).

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "odekit/adjoint/sensitivity.hpp"
#include "odekit/adjoint/state_param_jacobian.hpp"
#include "odekit/core/derivatives.hpp"
#include "odekit/core/stats.hpp"

namespace odekit {

template <class F, int N = 8>
class VjpWorkspace {
 public:
  /// n states, np parameters and m outputs of f (0: m = n, a right-hand side). Throws
  /// std::invalid_argument when the asked source is not available for f.
  VjpWorkspace(const F& f, std::size_t n, std::size_t np, VjpMethod method = VjpMethod::automatic,
               std::size_t m = 0)
      : m_n(n), m_np(np), m_m(m == 0 ? n : m), m_method(resolve(method, n, m_m)) {
    if (m_method == VjpMethod::user) {
      m_scratch.resize(np);
    } else {
      std::optional<SparsityPattern> pattern;
      if (m_method == VjpMethod::sparse) pattern = state_param_pattern(f, n, np);
      m_jac.emplace(n, np, m_m, std::move(pattern), m_method == VjpMethod::jac);
      m_both.resize(n + np);
    }
  }

  VjpMethod method() const noexcept { return m_method; }
  std::size_t states() const noexcept { return m_n; }
  std::size_t parameters() const noexcept { return m_np; }

  /// wJy = w^T df/dy (n entries) and, unless wJp is empty, wJp = w^T df/dp (np entries).
  void vjp(const F& f, double t, std::span<const double> y, std::span<const double> p,
           std::span<const double> w, std::span<double> wJy, std::span<double> wJp, Stats& stats) {
    ++stats.nvjp;
    if (m_method == VjpMethod::user) {
      if constexpr (HasVjp<F>) {
        f.vjp(t, y, p, w, wJy, wJp.empty() ? std::span<double>(m_scratch) : wJp);
        ++stats.nf;  // a user vjp costs about one evaluation of f
      }
      return;
    }
    if constexpr (RhsAcceptsDualParams<F, double, N>) {
      if (wJp.empty()) {
        m_jac->evaluate(f, t, y, p, m_n, stats);
        m_jac->transpose_times(w, wJy);
      } else {
        m_jac->evaluate(f, t, y, p, m_n + m_np, stats);
        m_jac->transpose_times(w, m_both);
        const auto split = m_both.begin() + static_cast<std::ptrdiff_t>(m_n);
        std::copy(m_both.begin(), split, wJy.begin());
        std::copy(split, m_both.end(), wJp.begin());
      }
    }
  }

  /// The Jacobian engine of the dual and sparse sources (the transposed Jacobian of the
  /// reverse system is built from it). Throws std::logic_error for the user source.
  StateParamJacobian<double, N>& jacobian() {
    if (!m_jac) throw std::logic_error("a VjpWorkspace with the user's vjp has no Jacobian");
    return *m_jac;
  }

 private:
  static VjpMethod resolve(VjpMethod asked, std::size_t n, std::size_t m) {
    constexpr bool user = HasVjp<F>;
    constexpr bool dual = RhsAcceptsDualParams<F, double, N>;
    constexpr bool pattern = HasJacSparsity<F>;
    const std::string generic =
        "f cannot be called with dual-number states and parameters: write f generically "
        "(auto parameters, also for p)";
    switch (asked) {
      case VjpMethod::automatic:
        if (user) return VjpMethod::user;
        if (!dual) {
          throw std::invalid_argument(
              "vjp: f has no member vjp(t, y, p, w, wJy, wJp) and " + generic +
              ", so adjoints cannot differentiate it; add the member or make f generic");
        }
        if (pattern && m == n && n >= 32) return VjpMethod::sparse;
        return HasJac<F> && m == n ? VjpMethod::jac : VjpMethod::dual;
      case VjpMethod::user:
        if (!user) {
          throw std::invalid_argument(
              "vjp = user, but f has no member vjp(t, y, p, w, wJy, wJp): add it, or choose "
              "VjpMethod::dual");
        }
        return asked;
      case VjpMethod::dual:
        if (!dual) throw std::invalid_argument("vjp = dual, but " + generic);
        return asked;
      case VjpMethod::sparse:
        if (!dual) throw std::invalid_argument("vjp = sparse, but " + generic);
        if (!pattern || m != n) {
          throw std::invalid_argument(
              "vjp = sparse needs the sparsity of df/dy: give f a jac_sparsity() member (see "
              "docs/jacobians.md), or choose VjpMethod::dual");
        }
        return asked;
      case VjpMethod::jac:
        if (!dual) throw std::invalid_argument("vjp = jac, but " + generic + " (for df/dp)");
        if (!HasJac<F> || m != n) {
          throw std::invalid_argument(
              "vjp = jac, but f has no member jac(t, y, p, J): add it, or choose "
              "VjpMethod::dual");
        }
        return asked;
    }
    throw std::invalid_argument("vjp is not a VjpMethod");
  }

  std::size_t m_n, m_np, m_m;
  VjpMethod m_method;
  std::optional<StateParamJacobian<double, N>> m_jac;
  std::vector<double> m_scratch, m_both;  // user's unused wJp; J^T w in (y, p)
};

}  // namespace odekit
