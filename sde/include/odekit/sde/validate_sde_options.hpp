#pragma once
// Checks of SdeOptions against a problem, a method and a Brownian path, at the API edge:
// misuse throws std::invalid_argument naming the argument and what was expected. The fields
// SdeOptions shares with the ODE options are checked by validate_common_options().

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "odekit/core/format.hpp"
#include "odekit/sde/brownian_path.hpp"
#include "odekit/sde/noise.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/solvers/validate_options.hpp"

namespace odekit::detail {

struct SdePathInfo {
  std::size_t dim;
  double t0, t1, grid_dt;
  bool levy_area;
};

template <BrownianPath P>
SdePathInfo sde_path_info(const P& path) {
  return {path.dim(), path.t0(), path.t1(), grid_dt_of(path), has_levy_area_of(path)};
}

inline constexpr StepWording kSdeWording{
    "dt",
    ", e.g. {.rtol = 1e-3, .atol = 1e-3}, or fixed steps with {.dt = 1e-3, .adaptive = false}",
    "a finite step > 0", "sorted"};

inline bool on_grid(double t, double origin, double step) {
  const double x = (t - origin) / step;
  return std::abs(x - std::nearbyint(x)) <= 1e-9 * std::max(1.0, std::abs(x));
}

template <class Problem>
void validate_sde_options(const SdeOptions& o, const Problem& problem, std::string_view method,
                          bool (*supports)(Noise::Kind), bool method_is_adaptive,
                          bool needs_levy_area, const SdePathInfo& path) {
  const std::string m(method);
  const Noise::Kind kind = problem.noise.kind;
  if (!supports(kind)) {
    throw std::invalid_argument(
        "noise kind " + std::string(name(kind)) + " is not supported by " + m +
        (kind == Noise::Kind::general
             ? ": general noise needs EulerMaruyama, EulerHeun or ReversibleHeun"
         : kind == Noise::Kind::additive || m.starts_with("SRA") || m.starts_with("SOSRA")
             ? ": SRA1 and SOSRA are for Noise::additive; use SRIW1 or SOSRI for scalar "
               "and diagonal noise"
             : ""));
  }
  const double t0 = static_cast<double>(problem.t0()), t1 = static_cast<double>(problem.t1());
  const std::size_t n = problem.size();
  validate_common_options(o, o.dt, kSdeWording, t0, t1, n, method, method_is_adaptive);
  const bool adaptive = method_is_adaptive && o.adaptive;

  // The Brownian path.
  const std::size_t bm = problem.brownian_dim();
  if (path.dim != bm) {
    throw std::invalid_argument("brownian: the path has dimension " + std::to_string(path.dim) +
                                ", the problem's noise (" + std::string(name(kind)) +
                                ", state size " + std::to_string(n) + ") needs " +
                                std::to_string(bm));
  }
  const double slack = 1e-12 * (path.t1 - path.t0);  // rounding in a grid path's t1
  if (!(path.t0 <= t0 + slack && t1 <= path.t1 + slack)) {
    throw std::invalid_argument("brownian: the path covers [" + num(path.t0) + ", " + num(path.t1) +
                                "], which does not contain tspan [" + num(t0) + ", " + num(t1) +
                                "]");
  }
  if (needs_levy_area && !path.levy_area) {
    throw std::invalid_argument("brownian: " + m +
                                " needs the space-time Lévy area, which this path was built "
                                "without (FixedGridBrownianPath with levy_area = true)");
  }
  if (path.grid_dt > 0) {
    if (adaptive) {
      throw std::invalid_argument("brownian: a fixed-grid path cannot drive adaptive steps (" + m +
                                  " is adaptive): use a VirtualBrownianTree, or "
                                  "{.dt = ..., .adaptive = false}");
    }
    const double dt = *o.dt;
    const double ratio = dt / path.grid_dt;
    if (std::abs(ratio - std::nearbyint(ratio)) > 1e-9 * ratio || std::nearbyint(ratio) < 1) {
      throw std::invalid_argument("dt = " + num(dt) +
                                  " is not a multiple of the fixed-grid path's step " +
                                  num(path.grid_dt));
    }
    if (!on_grid(t0, path.t0, path.grid_dt) || !on_grid(t1, path.t0, path.grid_dt) ||
        !on_grid(t1 - t0, 0.0, dt)) {
      throw std::invalid_argument("tspan = {" + num(t0) + ", " + num(t1) +
                                  "} does not lie on the step grid of dt = " + num(dt) +
                                  " over the fixed-grid path");
    }
    for (std::size_t i = 0; i < o.saveat.size(); ++i) {
      if (!on_grid(o.saveat[i], t0, dt)) {
        throw std::invalid_argument("saveat[" + std::to_string(i) + "] = " + num(o.saveat[i]) +
                                    " is not on the step grid t0 + k dt, which a fixed-grid "
                                    "path requires");
      }
    }
  }
}

}  // namespace odekit::detail
