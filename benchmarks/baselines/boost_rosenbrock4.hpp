#pragma once
// Boost.Odeint's rosenbrock4 (a 4th-order Rosenbrock method with a 3rd-order embedded
// estimate, Hairer & Wanner's RODAS family) with its controller: the stiff method Boost
// offers. It needs uBLAS states, which Boost 1.74 cannot compile as C++20, so it lives in a
// C++17 translation unit (boost_rosenbrock4.cpp) behind these plain callbacks.

#include <cstddef>
#include <functional>
#include <vector>

#include "baselines/result.hpp"

namespace odekit_bench {

struct StiffCallbacks {
  /// dydt = f(t, y)
  std::function<void(double t, const double* y, double* dydt)> f;
  /// J = df/dy (column-major n x n) and dfdt = df/dt at (t, y)
  std::function<void(double t, const double* y, double* J, double* dfdt)> jacobian;
};

RunResult run_boost_rosenbrock4(std::size_t n, const StiffCallbacks& callbacks,
                                const std::vector<double>& y0, double t0, double t1, double rtol,
                                double atol);

}  // namespace odekit_bench
