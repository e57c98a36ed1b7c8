#pragma once
// Checks of Options against a problem and a method, at the API edge: misuse throws
// std::invalid_argument naming the argument and what was expected.

#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>

#include "odekit/core/format.hpp"
#include "odekit/core/options.hpp"

namespace odekit::detail {

/// Throws std::invalid_argument "setting = value: expected ..." unless ok (a method's settings).
inline void require_setting(bool ok, std::string_view setting, long value,
                            std::string_view expected) {
  if (!ok) {
    throw std::invalid_argument(std::string(setting) + " = " + std::to_string(value) +
                                ": expected " + std::string(expected));
  }
}

/// `adaptive` is whether this solve controls its step by error estimates.
inline void validate_options(const Options& o, double t0, double t1, std::size_t n,
                             std::string_view method, bool method_is_adaptive) {
  const bool adaptive = method_is_adaptive && o.adaptive;
  const std::string m(method);
  if (adaptive) {
    if (!o.rtol) {
      throw std::invalid_argument("rtol is not set: " + m +
                                  " is adaptive and needs tolerances, e.g. "
                                  "{.rtol = 1e-6, .atol = 1e-9}");
    }
    if (!o.atol.is_set()) {
      throw std::invalid_argument("atol is not set: " + m +
                                  " is adaptive and needs tolerances, e.g. "
                                  "{.rtol = 1e-6, .atol = 1e-9}");
    }
  } else if (!o.dt0) {
    throw std::invalid_argument(
        "dt0 is not set: " + m +
        (method_is_adaptive ? " with adaptive = false" : " is a fixed-step method") +
        " and takes steps of size dt0, e.g. {.dt0 = 1e-3}");
  }
  if (o.rtol && !(*o.rtol > 0 && std::isfinite(*o.rtol))) {
    throw std::invalid_argument("rtol = " + num(*o.rtol) + ": expected a finite value > 0");
  }
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
  if (o.dt0 && !(*o.dt0 > 0 && std::isfinite(*o.dt0))) {
    throw std::invalid_argument("dt0 = " + num(*o.dt0) +
                                ": expected a finite step magnitude > 0 (the direction "
                                "comes from tspan)");
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
  const double lo = std::min(t0, t1), hi = std::max(t0, t1);
  const double dir = t1 > t0 ? 1.0 : -1.0;
  for (std::size_t i = 0; i < o.saveat.size(); ++i) {
    const double s = o.saveat[i];
    if (!(s >= lo && s <= hi)) {
      throw std::invalid_argument("saveat[" + std::to_string(i) + "] = " + num(s) +
                                  " is outside the time span [" + num(lo) + ", " + num(hi) + "]");
    }
    if (i > 0 && (s - o.saveat[i - 1]) * dir < 0) {
      throw std::invalid_argument("saveat[" + std::to_string(i) + "] = " + num(s) +
                                  " comes before saveat[" + std::to_string(i - 1) +
                                  "] = " + num(o.saveat[i - 1]) +
                                  ": saveat must be sorted in the direction of integration");
    }
  }
  const StepControl& c = o.control;
  if (!(c.safety > 0 && c.safety <= 1) || !(c.min_factor > 0 && c.min_factor < 1) ||
      !(c.max_factor > 1) || !(c.beta1 >= 0) || !(c.beta2 >= 0)) {
    throw std::invalid_argument(
        "control: expected 0 < safety <= 1, 0 < min_factor < 1 < max_factor, beta1 >= 0, "
        "beta2 >= 0");
  }
}

}  // namespace odekit::detail
