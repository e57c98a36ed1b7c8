#pragma once
// Forward sensitivities: the solve of y together with S = dy/d(y0, p), the n x (n + np)
// matrix that obeys S' = (df/dy) S + [0 | df/dp], S(t0) = [I | 0] (the augmented system of
// Dickinson & Gelinas, J. Comput. Phys. 21 (1976) 123-143). One evaluation of f with
// Dual<double, N> states seeded by N columns of S, and parameters seeded where the column
// is a parameter's, yields f and N columns of (df/dy) S + df/dp at once (Rackauckas et al.,
// "A comparison of automatic differentiation and continuous sensitivity analysis for
// derivatives of differential equation solutions", 2018, call this forward-mode
// sensitivity with the Jacobian-vector products of duals). A running cost adds q' = r and
// its sensitivities s_q' = (dr/dy) S + [0 | dr/dp]. Every component, S included, is under
// the method's error control, so gradients are as accurate as y.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "odekit/adjoint/detail/dual_sweep.hpp"
#include "odekit/adjoint/detail/extend_atol.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/solvers/solve.hpp"

namespace odekit::detail {

/// The augmented right-hand side z = (y, S, q, s_q) -> z', for one chunk width N; virtual
/// so that the augmented problem's type (and its integrator) does not depend on N.
class ForwardSensitivityKernel {
 public:
  virtual ~ForwardSensitivityKernel() = default;
  virtual void evaluate(double t, const double* z, double* dz) = 0;
  Stats stats;  ///< evaluations of f (a dual sweep is one)
  /// The first exception of the running cost (thrown inside the noexcept steps): the
  /// right-hand side returns NaN instead and forward_sensitivity rethrows it.
  std::exception_ptr error;
};

template <class F, int N>
class ForwardSensitivityKernelN final : public ForwardSensitivityKernel {
 public:
  ForwardSensitivityKernelN(const F& f, std::span<const double> p, std::size_t n,
                            const LossTerms& loss)
      : m_f(&f),
        m_p(p),
        m_n(n),
        m_dirs(n + p.size()),
        m_loss(&loss),
        m_sweep(n, p.size(), n),
        m_ry(loss.has_running() ? n : 0),
        m_rp(loss.has_running() ? p.size() : 0) {}

  void evaluate(double t, const double* z, double* dz) override {
    const std::size_t n = m_n;
    const std::span<const double> y(z, n);
    const double* S = z + n;  // column d of S at S + n d
    for (std::size_t first = 0; first < m_dirs; first += N) {
      const std::size_t width = std::min<std::size_t>(N, m_dirs - first);
      m_sweep.reset(y, m_p);
      for (std::size_t k = 0; k < width; ++k) {
        const std::size_t d = first + k;
        for (std::size_t j = 0; j < n; ++j) m_sweep.y()[j].partials[k] = S[j + n * d];
        if (d >= n) m_sweep.p()[d - n].partials[k] = 1;
      }
      const auto out = m_sweep.evaluate(*m_f, t, stats);
      if (first == 0)
        for (std::size_t i = 0; i < n; ++i) dz[i] = out[i].value;
      for (std::size_t k = 0; k < width; ++k) {
        double* col = dz + n + n * (first + k);
        for (std::size_t i = 0; i < n; ++i) col[i] = out[i].partials[k];
      }
    }
    if (m_loss->has_running()) {
      const std::size_t q = n + n * m_dirs;
      try {
        dz[q] = m_loss->running(t, y, m_p, m_ry, m_rp);
      } catch (...) {
        if (!error) error = std::current_exception();
        dz[q] = std::numeric_limits<double>::quiet_NaN();
        return;
      }
      for (std::size_t d = 0; d < m_dirs; ++d) {
        double acc = d >= n ? m_rp[d - n] : 0.0;
        for (std::size_t j = 0; j < n; ++j) acc += m_ry[j] * S[j + n * d];
        dz[q + 1 + d] = acc;
      }
    }
  }

 private:
  const F* m_f;
  std::span<const double> m_p;
  std::size_t m_n, m_dirs;
  const LossTerms* m_loss;
  DualSweep<double, N> m_sweep;
  std::vector<double> m_ry, m_rp;
};

struct ForwardSensitivityRhs {
  ForwardSensitivityKernel* kernel;
  void operator()(double t, std::span<const double> z, std::span<const double>,
                  std::span<double> dz) const {
    kernel->evaluate(t, z.data(), dz.data());
  }
};

template <class F>
std::unique_ptr<ForwardSensitivityKernel> make_forward_kernel(const F& f, std::span<const double> p,
                                                              std::size_t n,
                                                              const LossTerms& loss) {
  // The chunk: all directions in one sweep when they fit, else sweeps of 8.
  const std::size_t dirs = n + p.size();
  if (dirs <= 2) return std::make_unique<ForwardSensitivityKernelN<F, 2>>(f, p, n, loss);
  if (dirs <= 4) return std::make_unique<ForwardSensitivityKernelN<F, 4>>(f, p, n, loss);
  return std::make_unique<ForwardSensitivityKernelN<F, 8>>(f, p, n, loss);
}

template <class Problem, class Method>
void forward_sensitivity(const Problem& problem, const Method& method, const Options& options,
                         std::span<const double> save_t, const LossTerms& loss, Gradient& g) {
  using F = typename Problem::function_type;
  if constexpr (!RhsAcceptsDualParams<F, double, 8>) {
    throw std::invalid_argument(
        "ForwardSensitivity evaluates f with dual-number states and parameters, but f cannot "
        "be called with them: write f generically (auto parameters, also for p), or use an "
        "adjoint with f's vjp member");
  } else {
    const std::size_t n = problem.y0.size(), np = problem.p.size(), dirs = n + np;
    const bool running = loss.has_running();
    auto kernel = make_forward_kernel(problem.f, problem.p, n, loss);
    std::vector<double> z0(n * (1 + dirs) + (running ? 1 + dirs : 0), 0.0);
    std::copy(problem.y0.begin(), problem.y0.end(), z0.begin());
    for (std::size_t j = 0; j < n; ++j) z0[n + j + n * j] = 1;  // S(t0) = [I | 0]
    const OdeProblem<ForwardSensitivityRhs> augmented(ForwardSensitivityRhs{kernel.get()},
                                                      std::move(z0), problem.tspan, {});
    Options o = options;
    o.saveat.assign(save_t.begin(), save_t.end());
    if (running && o.saveat.back() != problem.t1()) o.saveat.push_back(problem.t1());
    o.save_everystep = false;
    o.dense = false;
    o.atol = extend_atol(options.atol, n, 1 + dirs, running ? 1 + dirs : 0);
    const Solution sol = solve(augmented, method, o);
    if (kernel->error) std::rethrow_exception(kernel->error);
    g.stats = sol.stats;
    g.stats.nf = kernel->stats.nf;
    if (!sol.ok()) {
      g.fail(sol.status, sol.message());
      return;
    }
    std::vector<double> dL(n), grad(dirs, 0.0);
    double value = 0;
    for (std::size_t i = 0; i < save_t.size(); ++i) {
      const std::vector<double>& z = sol.y[i];
      value += loss.at_save(i, save_t[i], std::span<const double>(z).first(n), dL);
      for (std::size_t d = 0; d < dirs; ++d) {
        for (std::size_t j = 0; j < n; ++j) grad[d] += dL[j] * z[n + j + n * d];
      }
    }
    if (running) {
      const std::vector<double>& z = sol.y.back();
      const std::size_t q = n + n * dirs;
      value += z[q];
      for (std::size_t d = 0; d < dirs; ++d) grad[d] += z[q + 1 + d];
    }
    g.value = value;
    g.dy0.assign(grad.begin(), grad.begin() + static_cast<std::ptrdiff_t>(n));
    g.dp.assign(grad.begin() + static_cast<std::ptrdiff_t>(n), grad.end());
  }
}

}  // namespace odekit::detail
