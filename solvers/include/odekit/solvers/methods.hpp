#pragma once
// The explicit Runge–Kutta methods, each a tableau (tableaus/, with its source) plus one line.

#include "odekit/solvers/explicit_rk.hpp"
#include "odekit/solvers/tableaus/bs3.hpp"
#include "odekit/solvers/tableaus/dp5.hpp"
#include "odekit/solvers/tableaus/euler.hpp"
#include "odekit/solvers/tableaus/heun.hpp"
#include "odekit/solvers/tableaus/midpoint.hpp"
#include "odekit/solvers/tableaus/rk4.hpp"
#include "odekit/solvers/tableaus/tsit5.hpp"
#include "odekit/solvers/tableaus/vern7.hpp"
#include "odekit/solvers/tableaus/vern9.hpp"

namespace odekit {

// Fixed step.
using Euler = ExplicitRK<tableaus::Euler>;
using Midpoint = ExplicitRK<tableaus::Midpoint>;
using Heun = ExplicitRK<tableaus::Heun>;
using RK4 = ExplicitRK<tableaus::RK4>;

// Adaptive, with embedded error estimates.
using BS3 = ExplicitRK<tableaus::BS3>;
using DP5 = ExplicitRK<tableaus::DP5>;
using Tsit5 = ExplicitRK<tableaus::Tsit5>;
using Vern7 = ExplicitRK<tableaus::Vern7>;
using Vern9 = ExplicitRK<tableaus::Vern9>;

}  // namespace odekit
