#pragma once
// The method to reach for when the problem's stiffness is unknown or changes over the span.

#include "odekit/solvers/auto_switch.hpp"
#include "odekit/solvers/implicit/methods.hpp"
#include "odekit/solvers/methods.hpp"

namespace odekit {

/// Tsit5 while the problem is non-stiff, Rodas5P while it is stiff (see auto_switch.hpp).
using AutoTsit5Rodas5P = AutoSwitch<Tsit5, Rodas5P>;
using Default = AutoTsit5Rodas5P;

}  // namespace odekit
