#pragma once
// Options of an SDE solve, an aggregate in the order users write them:
//   {.rtol = 1e-3, .atol = 1e-3, .brownian = &W}          adaptive
//   {.dt = 1e-3, .seed = 7, .saveat = {0.5, 1.0}}          fixed step on a seeded path

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "odekit/core/options.hpp"
#include "odekit/core/tolerance.hpp"
#include "odekit/sde/brownian_path.hpp"

namespace odekit {

struct SdeOptions {
  /// Relative tolerance; required by adaptive methods, ignored by fixed-step ones.
  std::optional<double> rtol{};
  /// Absolute tolerance, scalar or per component; required by adaptive methods.
  AbsoluteTolerance atol{};
  /// The step of fixed-step methods (required there); the first step of adaptive methods
  /// (automatic when absent: 1% of the time span).
  std::optional<double> dt{};
  /// The Brownian path that drives the solve (not owned; must outlive the solve and cover
  /// tspan). When empty the solve makes a VirtualBrownianTree(t0, t1, m, seed), so the same
  /// seed gives the same path for every method and step size.
  BrownianRef brownian{};
  /// Seed of the path made when `brownian` is empty, and of the ensemble's trajectories.
  std::uint64_t seed = 0;
  /// Times to save at, sorted, inside tspan. Steps are shortened to land on them (no
  /// interpolation between steps of an SDE). Empty: save every step (or see save_everystep).
  std::vector<double> saveat{};
  /// Save every accepted step. Default: true when saveat is empty, false otherwise.
  std::optional<bool> save_everystep{};
  /// Most steps (accepted plus rejected) before the solve ends with max_steps_reached.
  long max_steps = 10000000;
  /// Smallest allowed step: a smaller one ends the solve with dt_below_min.
  double dtmin = 0.0;
  /// Largest allowed step.
  double dtmax = std::numeric_limits<double>::infinity();
  /// Adaptive stepping (default) for methods with an error estimate; false: steps of dt.
  bool adaptive = true;
  /// Step-size controller settings (see sde_integrator.hpp for the SDE defaults).
  StepControl control{};
  /// Leaf length of the VirtualBrownianTree made when `brownian` is empty (0: span / 2^20).
  double brownian_tol = 0.0;
};

}  // namespace odekit
