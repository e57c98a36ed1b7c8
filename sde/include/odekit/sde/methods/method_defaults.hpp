#pragma once
// What groups of SDE methods have in common, as defaults a method overrides where it differs.
// Each method still names its calculus (and the fixed-step ones their strong order);
// methods.hpp lists them all.

#include <cstddef>

#include "odekit/sde/noise.hpp"

namespace odekit::detail {

/// Fixed-step methods: weak order 1, no error estimate, no Lévy area, every noise kind.
struct FixedStepMethod {
  static constexpr double weak_order = 1.0;
  static constexpr bool is_adaptive = false;
  static constexpr bool needs_levy_area = false;
  static constexpr bool supports(Noise::Kind) noexcept { return true; }
  /// Trajectories per SIMD pack in solve_ensemble_simd: these methods keep few values live,
  /// so wide packs pay the per-step bookkeeping once for more trajectories.
  static constexpr std::size_t simd_lanes = 64;
};

/// Rößler's stochastic Runge–Kutta methods (SRI, SRA): strong order 1.5, weak order 2, adaptive
/// through their embedded lower-order scheme, driven by dW and the space-time Lévy area.
struct StochasticRungeKutta {
  static constexpr double strong_order = 1.5;
  static constexpr double weak_order = 2.0;
  static constexpr bool is_adaptive = true;
  static constexpr bool needs_levy_area = true;
  /// Their stages keep more values live: narrower packs (faster than 64 lanes, measured).
  static constexpr std::size_t simd_lanes = 32;
};

}  // namespace odekit::detail
