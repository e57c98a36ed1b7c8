#pragma once
// Plain callbacks for a baseline compiled apart (Boost rosenbrock4) from an odekit problem:
// f as is, J from odekit's dual-number Jacobian, df/dt by a forward difference (as odekit's
// own Rosenbrock methods obtain it).

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include <odekit/solvers/jacobian.hpp>

#include "baselines/boost_rosenbrock4.hpp"

namespace odekit_bench {

template <class Problem>
StiffCallbacks stiff_callbacks(const Problem& problem, odekit::Stats& stats) {
  using F = typename Problem::function_type;
  const std::size_t n = problem.y0.size();
  auto jac = std::make_shared<odekit::JacobianWorkspace<F>>(problem.f, n);
  auto scratch = std::make_shared<std::vector<double>>(2 * n);
  StiffCallbacks c;
  c.f = [&problem, n](double t, const double* y, double* dydt) {
    auto f = problem.f;
    f(t, std::span<const double>(y, n), std::span<const double>(problem.p),
      std::span<double>(dydt, n));
  };
  c.jacobian = [&problem, n, jac, scratch, &stats](double t, const double* y, double* J,
                                                   double* dfdt) {
    Eigen::Map<Eigen::MatrixXd> Jm(J, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    const std::span<const double> ys(y, n);
    jac->dense_jacobian(problem.f, t, ys, problem.p, Jm, stats);
    const double h = std::sqrt(std::numeric_limits<double>::epsilon()) * std::max(1.0, std::abs(t));
    auto f = problem.f;
    double* f0 = scratch->data();
    f(t, ys, std::span<const double>(problem.p), std::span<double>(f0, n));
    f(t + h, ys, std::span<const double>(problem.p), std::span<double>(f0 + n, n));
    stats.nf += 2;
    for (std::size_t i = 0; i < n; ++i) dfdt[i] = (f0[n + i] - f0[i]) / h;
  };
  return c;
}

}  // namespace odekit_bench
