#pragma once
// Pathwise gradients of SDE solves: dL/dy0 and dL/dp of the loss of one solve on one fixed
// Brownian path (options.brownian, or the VirtualBrownianTree of options.seed), the path
// held constant as the step sizes are.
//
//   ReversibleAdjoint  ReversibleHeun only: its exact algebraic adjoint (Kidger, Foster, Li &
//                      Lyons, "Efficient and accurate gradients for neural SDEs", NeurIPS
//                      2021, Algorithm 2). The reverse pass reconstructs every step from the
//                      next with the method's own reverse(), so it holds O(1) states and the
//                      gradient is that of the discrete solve up to round-off.
//   DiscreteAdjoint    every other method (fixed steps, or the recorded adaptive ones): the
//                      reverse of each step by dual numbers through the method's own step,
//                      ceil((n + np) / 8) dual steps per step, with binomial checkpointing.
//   AutoSensitivity    ReversibleAdjoint for ReversibleHeun, else DiscreteAdjoint.
//
// The drift and diffusion must be generic (dual numbers); running costs are not supported.

#include <algorithm>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "odekit/adjoint/checkpoint_store.hpp"
#include "odekit/adjoint/discrete_adjoint.hpp"
#include "odekit/adjoint/discrete_reverse.hpp"
#include "odekit/adjoint/gradient.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/sensitivity.hpp"
#include "odekit/adjoint/step_record.hpp"
#include "odekit/adjoint/vjp.hpp"
#include "odekit/core/dual.hpp"
#include "odekit/sde/brownian_path.hpp"
#include "odekit/sde/detail/sde_terms.hpp"
#include "odekit/sde/methods/reversible_heun.hpp"
#include "odekit/sde/sde_integrator.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solve.hpp"
#include "odekit/sde/virtual_brownian_tree.hpp"

namespace odekit {

namespace detail {

/// Drift and diffusion as one map (t, y, p) -> (f, G): out[0, d) = f, out[d, ...) = G in the
/// layout of its DiffusionView.
template <class F, class G>
struct SdeTerms {
  const F* f;
  const G* g;
  std::size_t d, cols;

  template <class T, class Y, class P, class O>
  void operator()(T t, const Y& y, const P& p, O&& out) const {
    using S = typename std::remove_cvref_t<O>::value_type;
    (*f)(t, y, p, out.first(d));
    (*g)(t, y, p, DiffusionView<S>(out.data() + d, d, cols));
  }
};

/// Cotangent of (f, G) for the term f h + G dW with cotangent c: h c for f, c_i dW_k for G.
inline void add_term_cotangent(const NoiseShape& s, double h, const double* dW, const double* c,
                               double* w) {
  for (std::size_t i = 0; i < s.d; ++i) w[i] += h * c[i];
  double* wg = w + s.d;
  for (std::size_t i = 0; i < s.d; ++i) {
    if (s.general()) {
      for (std::size_t k = 0; k < s.m; ++k) wg[i * s.m + k] += c[i] * dW[k];
    } else {
      wg[i] += c[i] * dW[s.w(i)];
    }
  }
}

template <class Problem>
void reversible_heun_adjoint(const Problem& problem, const BrownianRef& path,
                             const SdeOptions& options, std::span<const double> save_t,
                             const LossTerms& loss, SdeGradient& g) {
  using F = std::remove_cvref_t<decltype(problem.f)>;
  using G = std::remove_cvref_t<decltype(problem.g)>;
  const std::size_t n = problem.size(), np = problem.p.size(), m = problem.brownian_dim();
  const NoiseShape shape = NoiseShape::of(problem);
  SdeIntegrator integ(problem, ReversibleHeun{}, path, options);

  // Forward pass: the loss at the saves (where steps land), the step times.
  std::vector<std::vector<double>> dL(save_t.size(), std::vector<double>(n));
  std::size_t next = 0;
  double value = 0;
  auto saves_due = [&] {
    for (; next < save_t.size() && save_t[next] <= integ.t(); ++next) {
      value += loss.at_save(next, save_t[next], integ.y(), dL[next]);
    }
  };
  StepRecord rec{{problem.t0()}, {}};
  saves_due();
  while (!integ.done()) {
    if (integ.step() != Status::success) break;
    rec.add(integ);
    saves_due();
  }
  auto detail = [&](Status s, double t) {
    return failure_detail(s, t, options.max_steps, options.dtmin, kDriftOrDiffusion);
  };
  if (!finish_forward(integ, g, detail)) return;

  // Reverse pass. At node k, f and G are evaluated at (t_k, yhat_k) and enter two terms,
  // a_k = f h_k + G dW_k and b_{k-1} = f h_{k-1} + G dW_{k-1}, of the step relations
  //   yhat_{k+1} = 2 y_k - yhat_k + a_k,   y_{k+1} = y_k + (a_k + b_k) / 2,
  // so one vjp per node serves both.
  Problem pr = problem;
  const SdeTerms<F, G> terms{&pr.f, &pr.g, n, shape.cols};
  VjpWorkspace<SdeTerms<F, G>> vjp(terms, n, np, VjpMethod::dual, n + shape.g_size());
  auto& stepper = integ.stepper();
  std::vector<double> y(integ.y().begin(), integ.y().end()), y_prev(n);
  std::vector<double> ybar(n, 0.0), hbar(n, 0.0), alpha(n, 0.0), half(n);
  std::vector<double> w(n + shape.g_size()), wJy(n), wJp(np), pbar(np, 0.0);
  std::vector<double> dW(m), dW_next(m, 0.0);
  double h_next = 0;  // step after the node (0 at t1: no a-term there)
  long save = static_cast<long>(save_t.size()) - 1;
  auto add_saves_at = [&](double t) {
    for (; save >= 0 && save_t[save] == t; --save) {
      for (std::size_t j = 0; j < n; ++j) ybar[j] += dL[save][j];
    }
  };
  // hbar: the cotangent of yhat at the node, completed by the node's vjp.
  auto node = [&](double t, std::span<const double> yhat, double h, const double* dWk) {
    std::fill(w.begin(), w.end(), 0.0);
    if (h > 0) {
      for (std::size_t j = 0; j < n; ++j) half[j] = ybar[j] / 2;
      add_term_cotangent(shape, h, dWk, half.data(), w.data());
    }
    add_term_cotangent(shape, h_next, dW_next.data(), alpha.data(), w.data());
    vjp.vjp(terms, t, yhat, pr.p, w, wJy, wJp, g.stats);
    for (std::size_t j = 0; j < n; ++j) hbar[j] += wJy[j];
    for (std::size_t j = 0; j < np; ++j) pbar[j] += wJp[j];
  };
  add_saves_at(rec.t.back());
  for (long k = rec.steps() - 1; k >= 0; --k) {
    const double h = rec.dt[k];
    path.increment(rec.t[k], rec.t[k + 1], dW);
    node(rec.t[k + 1], stepper.auxiliary(), h, dW.data());
    for (std::size_t j = 0; j < n; ++j) {
      alpha[j] = hbar[j] + ybar[j] / 2;
      ybar[j] += 2 * hbar[j];
      hbar[j] = -hbar[j];
    }
    stepper.reverse(pr, rec.t[k], h, y.data(), dW.data(), y_prev.data(), g.stats);
    std::swap(y, y_prev);
    add_saves_at(rec.t[k]);
    h_next = h;
    std::swap(dW, dW_next);
  }
  node(rec.t.front(), stepper.auxiliary(), 0, nullptr);  // yhat_0 = y0: the a_0 term alone
  g.value = value;
  for (std::size_t j = 0; j < n; ++j) g.dy0[j] = ybar[j] + hbar[j];
  g.dp = std::move(pbar);
}

/// The reverse of one step of a memoryless SDE method (its state is y alone) by dual
/// numbers: the method's own step evaluated with Dual<double, N> states and parameters
/// seeded along N of the n + np directions gives N columns of d y1 / d(y, p).
template <class Problem, class Method, int N = 8>
class SdeDualStepEngine {
 public:
  using F = std::remove_cvref_t<decltype(std::declval<Problem>().f)>;
  using G = std::remove_cvref_t<decltype(std::declval<Problem>().g)>;
  using D = Dual<double, N>;
  using DualProblem = SdeProblem<F, G, D>;

  SdeDualStepEngine(const Problem& pr, const BrownianRef& path, const LossTerms& loss)
      : m_path(path),
        m_loss(&loss),
        m_n(pr.size()),
        m_np(pr.p.size()),
        m_stepper(pr),
        m_dual(pr.f, pr.g, std::vector<D>(pr.y0.begin(), pr.y0.end()), {D(pr.t0()), D(pr.t1())},
               std::vector<D>(pr.p.begin(), pr.p.end()), pr.noise),
        m_dual_stepper(m_dual),
        m_dW(pr.brownian_dim()),
        m_H(pr.brownian_dim()),
        m_dWd(pr.brownian_dim()),
        m_Hd(pr.brownian_dim()),
        m_y1(m_n),
        m_g(m_n),
        m_ybar(m_n),
        m_yd(m_n),
        m_y1d(m_n) {}

  Status advance(Problem& pr, double t, double dt, const double* y, double* y1, SdeStats& stats) {
    draw(t, t + dt);
    double err = 0;
    return m_stepper.attempt(pr, t, dt, y, m_dW.data(), m_H.data(), y1, false, 0.0, m_atol, err,
                             stats);
  }

  void reverse(Problem& pr, double t, double dt, const double* y, std::span<const SaveInStep> saves,
               double* ybar, double* pbar, double& value, SdeStats& stats) {
    advance(pr, t, dt, y, m_y1.data(), stats);
    for (const SaveInStep& s : saves) {  // steps land on the saves: all at the end
      value += m_loss->at_save(s.index, s.t, m_y1, m_g);
      for (std::size_t j = 0; j < m_n; ++j) ybar[j] += m_g[j];
    }
    for (std::size_t k = 0; k < m_dW.size(); ++k) {
      m_dWd[k] = D(m_dW[k]);
      m_Hd[k] = D(m_H[k]);
    }
    const std::size_t dirs = m_n + m_np;
    for (std::size_t first = 0; first < dirs; first += N) {
      const std::size_t width = std::min<std::size_t>(N, dirs - first);
      for (std::size_t j = 0; j < m_n; ++j) m_yd[j] = D(y[j]);
      for (std::size_t j = 0; j < m_np; ++j) m_dual.p[j] = D(pr.p[j]);
      for (std::size_t k = 0; k < width; ++k) {
        const std::size_t d = first + k;
        (d < m_n ? m_yd[d] : m_dual.p[d - m_n]).partials[k] = 1;
      }
      D err = 0;
      m_dual_stepper.attempt(m_dual, D(t), D(dt), m_yd.data(), m_dWd.data(), m_Hd.data(),
                             m_y1d.data(), false, D(0), m_atol, err, stats);
      for (std::size_t k = 0; k < width; ++k) {
        double acc = 0;
        for (std::size_t i = 0; i < m_n; ++i) acc += ybar[i] * m_y1d[i].partials[k];
        const std::size_t d = first + k;
        if (d < m_n) {
          m_ybar[d] = acc;
        } else {
          pbar[d - m_n] += acc;
        }
      }
    }
    std::copy(m_ybar.begin(), m_ybar.end(), ybar);
  }

 private:
  void draw(double s, double t) {
    if constexpr (Method::needs_levy_area) {
      m_path.increment(s, t, m_dW, m_H);
    } else {
      m_path.increment(s, t, m_dW);
    }
  }

  BrownianRef m_path;
  const LossTerms* m_loss;
  std::size_t m_n, m_np;
  typename Method::template Stepper<Problem> m_stepper;
  DualProblem m_dual;
  typename Method::template Stepper<DualProblem> m_dual_stepper;
  AbsoluteTolerance m_atol{0.0};
  std::vector<double> m_dW, m_H;
  std::vector<D> m_dWd, m_Hd;
  std::vector<double> m_y1, m_g, m_ybar;
  std::vector<D> m_yd, m_y1d;
};

template <class Problem, class Method>
void sde_discrete_adjoint(const Problem& problem, const Method& method, const BrownianRef& path,
                          const SdeOptions& options, std::span<const double> save_t,
                          const LossTerms& loss, const DiscreteAdjoint& sens, SdeGradient& g) {
  SdeIntegrator integ(problem, method, path, options);
  StepRecord rec{{problem.t0()}, {}};
  CheckpointStore store(problem.size(), sens.checkpoints);
  store.insert(0, problem.y0);
  const bool all = record_steps(integ, rec, store);
  auto detail = [&](Status s, double t) {
    return failure_detail(s, t, options.max_steps, options.dtmin, kDriftOrDiffusion);
  };
  if (!finish_forward(integ, g, detail)) return;
  Problem pr = problem;
  SdeDualStepEngine<Problem, Method> engine(pr, path, loss);
  discrete_reverse(engine, pr, rec, save_t, store, all, sens.checkpoints, loss, g);
}

}  // namespace detail

template <class F, class G, class Method, class L, class Sens = AutoSensitivity>
SdeGradient gradient(const SdeProblem<F, G, double>& problem, const Method& method,
                     const SdeOptions& options, const L& loss, const Sens& sensitivity = {}) {
  constexpr bool reversible = std::is_same_v<Method, ReversibleHeun>;
  if constexpr (std::is_same_v<Sens, AutoSensitivity>) {
    if constexpr (reversible) {
      return gradient(problem, method, options, loss, ReversibleAdjoint{});
    } else {
      return gradient(problem, method, options, loss, DiscreteAdjoint{});
    }
  } else {
    {
      SdeProblem<F, G, double> checked = problem;
      validate(checked);
    }
    const std::size_t n = problem.size(), np = problem.p.size();
    const std::vector<double> save_t = detail::loss_times(options.saveat, problem.t1());
    const detail::LossTerms terms(loss, n, save_t.size());
    if (terms.has_running()) {
      throw std::invalid_argument(
          "loss.running: running costs are not supported for SDE gradients; put the cost at "
          "save times instead");
    }
    const VirtualBrownianTree tree(problem.t0(), problem.t1(), problem.brownian_dim(), options.seed,
                                   options.brownian_tol);
    const BrownianRef path = options.brownian ? options.brownian : BrownianRef(&tree);
    SdeGradient g;
    g.sensitivity = std::string(Sens::name);
    g.dy0.assign(n, 0.0);
    g.dp.assign(np, 0.0);
    if constexpr (std::is_same_v<Sens, ReversibleAdjoint>) {
      if constexpr (reversible) {
        detail::reversible_heun_adjoint(problem, path, options, save_t, terms, g);
      } else {
        detail::unsupported(Sens::name, Method::name,
                            "it needs the algebraic reversibility of ReversibleHeun; use "
                            "DiscreteAdjoint for other SDE methods");
      }
    } else if constexpr (std::is_same_v<Sens, DiscreteAdjoint>) {
      if constexpr (reversible) {
        detail::unsupported(Sens::name, Method::name,
                            "its step carries an auxiliary state; use ReversibleAdjoint (exact, "
                            "O(1) memory)");
      } else {
        detail::sde_discrete_adjoint(problem, method, path, options, save_t, terms, sensitivity, g);
      }
    } else {
      detail::unsupported(Sens::name, Method::name,
                          "SDE gradients are pathwise: use DiscreteAdjoint, or ReversibleAdjoint "
                          "with ReversibleHeun");
    }
    return g;
  }
}

}  // namespace odekit
