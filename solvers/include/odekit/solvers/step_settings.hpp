#pragma once
// The step-control settings an integrator takes from its options, in its working precision:
// one reading of the fields that every options type shares (validate_common_options checks
// them), for the ODE integrators (integrator.hpp, bdf/bdf_solver.hpp) and the SDE one
// (sde/sde_integrator.hpp).

#include "odekit/core/tolerance.hpp"

namespace odekit::detail {

template <class T>
struct StepSettings {
  bool adaptive = true;  ///< error control on: the method has it and the options ask for it
  T rtol{}, dtmin{}, dtmax{};
  AbsoluteTolerance atol{0.0};  ///< 0 when unset (fixed steps)
  long max_steps = 0;

  StepSettings() = default;
  template <class Options>
  StepSettings(const Options& o, bool method_is_adaptive)
      : adaptive(method_is_adaptive && o.adaptive),
        rtol(static_cast<T>(o.rtol.value_or(0))),
        dtmin(static_cast<T>(o.dtmin)),
        dtmax(static_cast<T>(o.dtmax)),
        atol(o.atol.is_set() ? o.atol : AbsoluteTolerance(0.0)),
        max_steps(o.max_steps) {}
};

}  // namespace odekit::detail
