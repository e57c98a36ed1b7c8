#pragma once
// Options of an ODE solve. An aggregate whose fields are in the order users write them with
// designated initializers: {.rtol = 1e-8, .atol = 1e-10, .dense = true}.

#include <limits>
#include <optional>
#include <vector>

#include "odekit/core/tolerance.hpp"

namespace odekit {

/// Knobs of the PI step-size controller (Gustafsson; Hairer & Wanner, Solving ODEs II,
/// IV.2). Zero betas pick the defaults for the method's error order k = error_order + 1:
/// beta1 = 0.7 / k, beta2 = 0.4 / k.
struct StepControl {
  double beta1 = 0.0;
  double beta2 = 0.0;
  double safety = 0.9;
  /// Bounds on dt_new / dt.
  double min_factor = 0.2;
  double max_factor = 10.0;
};

struct Options {
  /// Relative tolerance. Required by adaptive methods (no silent default); ignored by
  /// fixed-step methods.
  std::optional<double> rtol{};
  /// Absolute tolerance, scalar or per component. Required by adaptive methods.
  AbsoluteTolerance atol{};
  /// Initial step. Automatic (Hairer's algorithm) when absent; the step of fixed-step
  /// methods and of non-adaptive solves, where it is required.
  std::optional<double> dt0{};
  /// Smallest allowed step magnitude: a smaller one ends the solve with dt_below_min.
  double dtmin = 0.0;
  /// Largest allowed step magnitude.
  double dtmax = std::numeric_limits<double>::infinity();
  /// Most steps (accepted plus rejected) before the solve ends with max_steps_reached.
  long max_steps = 100000;
  /// Times to save at (inside the span, sorted in the direction of integration). The
  /// values there come from the method's interpolant, so steps are not shortened for them.
  std::vector<double> saveat{};
  /// Save every accepted step. Default: true when saveat is empty, false otherwise.
  std::optional<bool> save_everystep{};
  /// Keep the dense output so that sol(t) works anywhere in the span.
  bool dense = false;
  /// Adaptive stepping (default). With false, adaptive methods take fixed steps of dt0.
  bool adaptive = true;
  /// Step-size controller settings.
  StepControl control{};
};

}  // namespace odekit
