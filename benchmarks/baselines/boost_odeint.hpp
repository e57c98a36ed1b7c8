#pragma once
// Boost.Odeint baselines: runge_kutta_dopri5 and runge_kutta_fehlberg78 with odeint's
// controlled stepper and integrate_adaptive, on std::array states (odeint's fastest state
// type for small fixed-size systems). Boost.Odeint has no automatic initial step: it
// starts from dt0 = 1e-4 (t1 - t0) and adapts.

#include <array>
#include <boost/numeric/odeint.hpp>
#include <span>
#include <vector>

#include "baselines/result.hpp"

namespace odekit_bench {

template <std::size_t N, class Problem>
struct OdeintSystem {
  const Problem* problem;
  long* nf;
  void operator()(const std::array<double, N>& x, std::array<double, N>& dxdt, double t) const {
    auto f = problem->f;
    f(t, std::span<const double>(x), std::span<const double>(problem->p), std::span<double>(dxdt));
    ++*nf;
  }
};

template <class Stepper, std::size_t N, class Problem>
RunResult run_odeint(const Problem& problem, double rtol, double atol) {
  namespace odeint = boost::numeric::odeint;
  RunResult r;
  std::array<double, N> x{};
  std::copy(problem.y0.begin(), problem.y0.end(), x.begin());
  const double t0 = problem.tspan[0], t1 = problem.tspan[1];
  auto stepper = odeint::make_controlled(atol, rtol, Stepper());
  r.steps = static_cast<long>(odeint::integrate_adaptive(
      stepper, OdeintSystem<N, Problem>{&problem, &r.nf}, x, t0, t1, 1e-4 * (t1 - t0)));
  r.y.assign(x.begin(), x.end());
  return r;
}

template <std::size_t N, class Problem>
RunResult run_odeint_dopri5(const Problem& problem, double rtol, double atol) {
  using State = std::array<double, N>;
  return run_odeint<boost::numeric::odeint::runge_kutta_dopri5<State>, N>(problem, rtol, atol);
}

template <std::size_t N, class Problem>
RunResult run_odeint_fehlberg78(const Problem& problem, double rtol, double atol) {
  using State = std::array<double, N>;
  return run_odeint<boost::numeric::odeint::runge_kutta_fehlberg78<State>, N>(problem, rtol, atol);
}

}  // namespace odekit_bench
