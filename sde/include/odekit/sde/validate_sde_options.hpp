#pragma once
// Checks of SdeOptions against a problem, a method and a Brownian path, at the API edge:
// misuse throws std::invalid_argument naming the argument and what was expected.

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
  const bool adaptive = method_is_adaptive && o.adaptive;
  if (adaptive) {
    if (!o.rtol || !o.atol.is_set()) {
      throw std::invalid_argument(std::string(!o.rtol ? "rtol" : "atol") + " is not set: " + m +
                                  " is adaptive and needs tolerances, e.g. {.rtol = 1e-3, .atol "
                                  "= 1e-3}, or fixed steps with {.dt = 1e-3, .adaptive = false}");
    }
  } else if (!o.dt) {
    throw std::invalid_argument(
        "dt is not set: " + m +
        (method_is_adaptive ? " with adaptive = false" : " is a fixed-step method") +
        " and takes steps of size dt, e.g. {.dt = 1e-3}");
  }
  if (o.rtol && !(*o.rtol > 0 && std::isfinite(*o.rtol))) {
    throw std::invalid_argument("rtol = " + num(*o.rtol) + ": expected a finite value > 0");
  }
  const std::size_t n = problem.size();
  if (o.atol.is_set()) {
    if (!o.atol.is_scalar() && o.atol.size() != n) {
      throw std::invalid_argument("atol has " + std::to_string(o.atol.size()) +
                                  " components: expected 1 (scalar) or the state size " +
                                  std::to_string(n));
    }
    for (std::size_t i = 0; i < o.atol.size(); ++i) {
      const double a = o.atol.values()[i];
      if (!(a >= 0 && std::isfinite(a))) {
        throw std::invalid_argument("atol[" + std::to_string(i) + "] = " + num(a) +
                                    ": expected a finite value >= 0");
      }
    }
  }
  if (o.dt && !(*o.dt > 0 && std::isfinite(*o.dt))) {
    throw std::invalid_argument("dt = " + num(*o.dt) + ": expected a finite step > 0");
  }
  if (!(o.dtmin >= 0)) {
    throw std::invalid_argument("dtmin = " + num(o.dtmin) + ": expected a value >= 0");
  }
  if (!(o.dtmax > 0) || !(o.dtmax >= o.dtmin)) {
    throw std::invalid_argument("dtmax = " + num(o.dtmax) + ": expected a value > 0 and >= dtmin");
  }
  if (o.max_steps <= 0) {
    throw std::invalid_argument("max_steps = " + std::to_string(o.max_steps) +
                                ": expected a positive step count");
  }
  const double t0 = static_cast<double>(problem.t0()), t1 = static_cast<double>(problem.t1());
  for (std::size_t i = 0; i < o.saveat.size(); ++i) {
    const double s = o.saveat[i];
    if (!(s >= t0 && s <= t1)) {
      throw std::invalid_argument("saveat[" + std::to_string(i) + "] = " + num(s) +
                                  " is outside the time span [" + num(t0) + ", " + num(t1) + "]");
    }
    if (i > 0 && s < o.saveat[i - 1]) {
      throw std::invalid_argument("saveat[" + std::to_string(i) + "] = " + num(s) +
                                  " comes before saveat[" + std::to_string(i - 1) +
                                  "] = " + num(o.saveat[i - 1]) + ": saveat must be sorted");
    }
  }
  const StepControl& c = o.control;
  if (!(c.safety > 0 && c.safety <= 1) || !(c.min_factor > 0 && c.min_factor < 1) ||
      !(c.max_factor > 1) || !(c.beta1 >= 0) || !(c.beta2 >= 0)) {
    throw std::invalid_argument(
        "control: expected 0 < safety <= 1, 0 < min_factor < 1 < max_factor, beta1 >= 0, "
        "beta2 >= 0");
  }

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
