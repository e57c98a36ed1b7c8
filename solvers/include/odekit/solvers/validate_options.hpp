#pragma once
// Checks of Options against a problem and a method, at the API edge: misuse throws
// std::invalid_argument naming the argument and what was expected.
//
// validate_common_options() checks the fields every solve's options share (tolerances, the
// step, its bounds, max_steps, saveat, the controller); the ODE options here and the SDE
// options (sde/validate_sde_options.hpp) differ only in how they name and explain the step.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
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

/// How an options type names its step and what its error messages suggest.
struct StepWording {
  std::string_view step;               ///< the field: "dt0" or "dt"
  std::string_view tolerance_example;  ///< appended to "needs tolerances"
  std::string_view step_expected;      ///< what a valid step is
  std::string_view saveat_order;       ///< how saveat must be sorted
};

inline constexpr StepWording kOdeWording{
    "dt0", ", e.g. {.rtol = 1e-6, .atol = 1e-9}",
    "a finite step magnitude > 0 (the direction comes from tspan)",
    "sorted in the direction of integration"};

/// The checks shared by ODE and SDE options. `step` is the options' step field (dt0 or dt);
/// `method_is_adaptive` whether the method can control its step by error estimates.
template <class Opts>
void validate_common_options(const Opts& o, const std::optional<double>& step, const StepWording& w,
                             double t0, double t1, std::size_t n, std::string_view method,
                             bool method_is_adaptive) {
  const bool adaptive = method_is_adaptive && o.adaptive;
  const std::string m(method), name(w.step);
  if (adaptive) {
    if (!o.rtol || !o.atol.is_set()) {
      throw std::invalid_argument(std::string(!o.rtol ? "rtol" : "atol") + " is not set: " + m +
                                  " is adaptive and needs tolerances" +
                                  std::string(w.tolerance_example));
    }
  } else if (!step) {
    throw std::invalid_argument(
        name + " is not set: " + m +
        (method_is_adaptive ? " with adaptive = false" : " is a fixed-step method") +
        " and takes steps of size " + name + ", e.g. {." + name + " = 1e-3}");
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
  if (step && !(*step > 0 && std::isfinite(*step))) {
    throw std::invalid_argument(name + " = " + num(*step) + ": expected " +
                                std::string(w.step_expected));
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
                                  "] = " + num(o.saveat[i - 1]) + ": saveat must be " +
                                  std::string(w.saveat_order));
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

/// `method_is_adaptive`: whether the method can control its step by error estimates.
inline void validate_options(const Options& o, double t0, double t1, std::size_t n,
                             std::string_view method, bool method_is_adaptive) {
  validate_common_options(o, o.dt0, kOdeWording, t0, t1, n, method, method_is_adaptive);
}

}  // namespace odekit::detail
