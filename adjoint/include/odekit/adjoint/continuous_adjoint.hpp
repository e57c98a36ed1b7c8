#pragma once
// The continuous adjoints (BacksolveAdjoint, InterpolatingAdjoint, QuadratureAdjoint): a
// forward solve, then the adjoint equations of adjoint_rhs.hpp solved backward with the
// same method, segment by segment between the save times (where lambda jumps by dl_i/dy)
// and, with checkpoints, the checkpoint times (where the next interval is re-solved).
//
// Integrals that do not feed back into the reverse solve (mu of QuadratureAdjoint, the
// running cost's value) are taken by Gauss–Legendre quadrature over each accepted reverse
// step, with lambda from the method's interpolant of that step and y from the forward dense
// output: their error follows the interpolants', so the nodes are chosen from its order.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "odekit/adjoint/adjoint_rhs.hpp"
#include "odekit/adjoint/checkpoint_store.hpp"
#include "odekit/adjoint/detail/extend_atol.hpp"
#include "odekit/adjoint/detail/method_traits.hpp"
#include "odekit/adjoint/gauss_legendre.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/sensitivity.hpp"
#include "odekit/adjoint/vjp.hpp"
#include "odekit/core/dense_output.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/solve.hpp"

namespace odekit::detail {

/// Number of n-vectors a dense output holds.
template <class T>
std::size_t dense_vectors(const DenseOutput<T>& d) {
  std::size_t count = 0;
  for (std::size_t s = 0; s < d.segments(); ++s) count += 1 + d.interpolant(s).nvec;
  return count;
}

/// Work of a reverse or recomputing solve other than evaluations of f (the reverse
/// right-hand sides count those in their context, and call f through vjps).
inline void add_steps(Stats& to, Stats from) {
  from.nf = from.njvp = from.nvjp = 0;
  to += from;
}

/// Evaluations of f and derivatives counted outside an integrator's own stats.
inline void add_evaluations(Stats& to, const Stats& from) {
  to.nf += from.nf;
  to.njvp += from.njvp;
  to.nvjp += from.nvjp;
}

template <class Sens>
constexpr std::size_t checkpoints_of(const Sens& s) {
  if constexpr (requires { s.checkpoints; }) {
    return s.checkpoints;
  } else {
    return 0;
  }
}

/// Solves the reverse system rhs from hi down to lo, starting from and ending in z, calling
/// after_step(integrator) after each accepted step. dt_carry passes the step size from one
/// segment to the next (0: the integrator picks the first). On failure, `failure` says
/// where and what.
template <class Rhs, class Method, class AfterStep>
Status reverse_segment(const Rhs& rhs, const Method& method, std::span<double> z, double hi,
                       double lo, Options o, double& dt_carry, Stats& stats, std::string& failure,
                       AfterStep&& after_step) {
  // A multistep method restarts at order 1, for which the step the last segment ended with
  // (at up to order 5) is far too long: it picks its own first step.
  if (dt_carry > 0 && o.adaptive && !Multistep<Method>) o.dt0 = dt_carry;
  Integrator<OdeProblem<Rhs>, Method> integ(
      OdeProblem<Rhs>(rhs, std::vector<double>(z.begin(), z.end()), {hi, lo}, {}), method, o);
  while (!integ.done()) {
    if (integ.step() != Status::success) break;
    after_step(integ);
  }
  add_steps(stats, integ.stats());
  if (integ.status() != Status::success) {
    failure = describe_failure(integ, o);
    return integ.status();
  }
  std::copy(integ.y().begin(), integ.y().end(), z.begin());
  dt_carry = std::abs(integ.dt_next());
  return Status::success;
}

template <class Problem, class Method, class Sens>
void continuous_adjoint(const Problem& problem, const Method& method, const Options& options,
                        std::span<const double> save_t, const LossTerms& loss, const Sens& sens,
                        Gradient& g) {
  using F = typename Problem::function_type;
  constexpr bool backsolve = std::is_same_v<Sens, BacksolveAdjoint>;
  constexpr bool quadrature = std::is_same_v<Sens, QuadratureAdjoint>;
  const std::size_t n = problem.y0.size(), np = problem.p.size();
  const double t0 = problem.t0(), t1 = problem.t1();
  const std::size_t checkpoints = checkpoints_of(sens);
  Problem pr = problem;
  VjpWorkspace<F> vjp(pr.f, n, np, sens.vjp);  // fails before any solve

  // Forward pass: y at the save times, at the checkpoint times and (backsolve) at t1.
  struct Output {
    double t;
    int kind;  // 0 save, 1 checkpoint, 2 end
    std::size_t index;
  };
  std::vector<Output> outputs;
  for (std::size_t i = 0; i < save_t.size(); ++i) outputs.push_back({save_t[i], 0, i});
  std::vector<double> grid{t0};  // checkpoint times
  for (std::size_t j = 1; j < checkpoints; ++j) {
    grid.push_back(t0 + static_cast<double>(j) * (t1 - t0) / static_cast<double>(checkpoints));
    outputs.push_back({grid.back(), 1, j});
  }
  if (backsolve) outputs.push_back({t1, 2, 0});
  std::stable_sort(outputs.begin(), outputs.end(),
                   [](const Output& a, const Output& b) { return a.t < b.t; });
  Options fo = options;
  fo.saveat.clear();
  for (const Output& o : outputs) fo.saveat.push_back(o.t);
  fo.save_everystep = false;
  fo.dense = !backsolve && checkpoints == 0;
  const Solution sol = solve(problem, method, fo);
  g.stats = sol.stats;
  if (!sol.ok()) {
    g.fail(sol.status, "forward pass: " + sol.message());
    return;
  }

  CheckpointStore store(n, checkpoints);
  std::vector<std::vector<double>> dL(save_t.size(), std::vector<double>(n));
  std::vector<double> z(backsolve ? 2 * n + np : quadrature ? n : n + np, 0.0);
  double value = 0;
  if (checkpoints > 0) store.insert(0, problem.y0);
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const Output& o = outputs[k];
    if (o.kind == 0) value += loss.at_save(o.index, o.t, sol.y[k], dL[o.index]);
    if (o.kind == 1) store.insert(static_cast<long>(o.index), sol.y[k]);
    if (o.kind == 2) std::copy(sol.y[k].begin(), sol.y[k].end(), z.begin());
  }
  g.memory.checkpoints = store.peak();

  // Reverse pass.
  AdjointContext<F> ctx(pr.f, pr.p, n, vjp, loss);
  const DenseOutput<double>* dense = fo.dense ? &sol.dense() : nullptr;
  if (dense) g.memory.dense_vectors = dense_vectors(*dense);
  ctx.state_at = [&dense](double t, std::span<double> out) {
    dense->evaluate(std::clamp(t, dense->t_first(), dense->t_last()), out);
  };
  Solution local;  // the re-solved checkpoint interval
  long interval = -1;

  Options bo = options;
  bo.saveat.clear();
  bo.dense = false;
  if (sens.rtol) bo.rtol = sens.rtol;
  bo.atol = extend_atol(sens.atol ? AbsoluteTolerance(*sens.atol) : options.atol, n,
                        backsolve ? 2 : 1, quadrature ? 0 : np);
  const double* lam = z.data() + (backsolve ? n : 0);
  double* mu = z.data() + (backsolve ? 2 * n : n);

  int nodes = nodes_for_order(dense_order(method));
  if constexpr (quadrature) {
    if (sens.nodes > 0) nodes = sens.nodes;
  }
  const QuadratureRule rule = gauss_legendre(nodes);
  std::vector<double> zq(z.size()), yq(n), wJy(n), wJp(np), ry(n), rp(np);
  std::vector<double> mu_quad(quadrature ? np : 0, 0.0);
  const bool quad_needed = quadrature || loss.has_running();
  auto after_step = [&](auto& integ) {
    if (!quad_needed) return;
    const double a = integ.t(), h = integ.t_prev() - a;
    for (std::size_t j = 0; j < rule.nodes.size(); ++j) {
      const double tau = a + h * rule.nodes[j], w = h * rule.weights[j];
      integ.interpolate(tau, zq);
      if (backsolve) {
        std::copy_n(zq.begin(), n, yq.begin());
      } else {
        ctx.state_at(tau, yq);
      }
      if (quadrature) {
        vjp.vjp(pr.f, tau, yq, pr.p, zq, wJy, wJp, ctx.stats);
        for (std::size_t k = 0; k < np; ++k) mu_quad[k] += w * wJp[k];
      }
      if (loss.has_running()) {
        value += w * loss.running(tau, yq, pr.p, ry, rp);
        if (quadrature)
          for (std::size_t k = 0; k < np; ++k) mu_quad[k] += w * rp[k];
      }
    }
  };

  std::vector<double> bounds(save_t.begin(), save_t.end());
  bounds.insert(bounds.end(), grid.begin(), grid.end());
  bounds.push_back(t1);
  std::sort(bounds.begin(), bounds.end(), std::greater<>());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  long next_save = static_cast<long>(save_t.size()) - 1;
  auto jump = [&](double at) {  // lambda += dl_i/dy for the saves at time `at`
    for (; next_save >= 0 && save_t[next_save] == at; --next_save) {
      for (std::size_t j = 0; j < n; ++j) z[(backsolve ? n : 0) + j] += dL[next_save][j];
    }
  };
  jump(t1);
  double dt_carry = 0;
  std::string failure;
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const double hi = bounds[b], lo = bounds[b + 1];
    if (checkpoints > 0) {
      const auto j =
          static_cast<long>(std::upper_bound(grid.begin(), grid.end(), lo) - grid.begin()) - 1;
      if (j != interval) {
        interval = j;
        local = Solution{};  // release the previous interval first
        Problem part = problem;
        store.load(j, part.y0);
        part.tspan = {grid[j], j + 1 < static_cast<long>(grid.size()) ? grid[j + 1] : t1};
        Options lo_opts = options;
        lo_opts.saveat.clear();
        lo_opts.save_everystep = false;
        lo_opts.dense = true;
        local = solve(part, method, lo_opts);
        add_evaluations(g.stats, local.stats);
        add_steps(g.stats, local.stats);
        g.memory.recomputed_steps += local.stats.naccept;
        if (!local.ok()) {
          g.fail(local.status,
                 "re-solve of checkpoint interval " + std::to_string(j) + ": " + local.message());
          return;
        }
        dense = &local.dense();
        g.memory.dense_vectors = std::max(g.memory.dense_vectors, dense_vectors(*dense));
      }
    }
    Status s;
    if constexpr (backsolve) {
      s = reverse_segment(BacksolveAdjointRhs<F>{&ctx}, method, z, hi, lo, bo, dt_carry, g.stats,
                          failure, after_step);
    } else if constexpr (quadrature) {
      s = reverse_segment(QuadratureAdjointRhs<F>{&ctx}, method, z, hi, lo, bo, dt_carry, g.stats,
                          failure, after_step);
    } else {
      s = reverse_segment(InterpolatingAdjointRhs<F>{&ctx}, method, z, hi, lo, bo, dt_carry,
                          g.stats, failure, after_step);
    }
    if (ctx.error) std::rethrow_exception(ctx.error);
    if (s != Status::success) {
      add_evaluations(g.stats, ctx.stats);
      g.fail(s, "reverse pass: " + failure);
      return;
    }
    jump(lo);
  }
  add_evaluations(g.stats, ctx.stats);
  g.value = value;
  g.dy0.assign(lam, lam + n);
  if (quadrature) {
    g.dp = std::move(mu_quad);
  } else {
    g.dp.assign(mu, mu + np);
  }
}

}  // namespace odekit::detail
