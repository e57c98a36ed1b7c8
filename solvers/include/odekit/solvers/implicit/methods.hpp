#pragma once
// The one-step stiff methods, each a tableau (implicit/tableaus/, with its source) plus one
// line. See docs/stiff_methods.md.

#include "odekit/solvers/implicit/esdirk.hpp"
#include "odekit/solvers/implicit/rosenbrock.hpp"
#include "odekit/solvers/implicit/tableaus/kencarp4.hpp"
#include "odekit/solvers/implicit/tableaus/rodas4.hpp"
#include "odekit/solvers/implicit/tableaus/rodas5p.hpp"
#include "odekit/solvers/implicit/tableaus/rosenbrock23.hpp"
#include "odekit/solvers/implicit/tableaus/trbdf2.hpp"

namespace odekit {

// Rosenbrock methods: one Jacobian and one factorisation per step, no Newton iteration.
using Rosenbrock23 = Rosenbrock<tableaus::Rosenbrock23>;
using Rodas4 = Rosenbrock<tableaus::Rodas4>;
using Rodas5P = Rosenbrock<tableaus::Rodas5P>;

// ESDIRK methods with Newton on the stages; KenCarp4 is also an IMEX method.
using KenCarp4 = Esdirk<tableaus::KenCarp4>;
using TRBDF2 = Esdirk<tableaus::TRBDF2>;

}  // namespace odekit
