#pragma once
// Strong and weak errors of SDE methods by Monte Carlo on shared Brownian paths: every step
// size of a sweep solves on the same VirtualBrownianTree per sample path, whose dyadic nodes
// are exact Brownian values at steps of 2^-k.

#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

#include <odekit/sde/sde.hpp>
#include <odekit_test/convergence.hpp>

namespace odekit_test {

/// Error of one sample path's solution at t1 against the truth on that path (W(t1) given).
using PathError = std::function<double(const std::vector<double>& y_at_t1,
                                       const odekit::VirtualBrownianTree& path)>;

struct OrderResult {
  double slope;
  std::vector<double> errors;
};

/// Mean over `paths` sample paths of the error at t1 for dt = 2^-kmin ... 2^-kmax, and the
/// fitted log-log slope.
template <class Method, class Problem>
OrderResult strong_order(const Problem& problem, int kmin, int kmax, int paths,
                         const PathError& error, std::uint64_t seed = 2024) {
  std::vector<double> dts, errors;
  const double t0 = problem.tspan[0], t1 = problem.tspan[1];
  for (int k = kmin; k <= kmax; ++k) {
    const double dt = std::ldexp(t1 - t0, -k);
    double sum = 0;
    for (int p = 0; p < paths; ++p) {
      const odekit::VirtualBrownianTree W(t0, t1, problem.brownian_dim(),
                                          odekit::derive_seed(seed, p), std::ldexp(t1 - t0, -14));
      const auto sol = odekit::solve(problem, Method{},
                                     {.dt = dt, .brownian = &W, .saveat = {t1}, .adaptive = false});
      sum += error(sol.y.back(), W);
    }
    dts.push_back(dt);
    errors.push_back(sum / paths);
  }
  return {fitted_slope(dts, errors), errors};
}

}  // namespace odekit_test
