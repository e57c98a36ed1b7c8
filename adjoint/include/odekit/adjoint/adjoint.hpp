#pragma once
// The adjoint module in one include: gradient() of ODE and SDE solves, the sensitivity
// methods, losses, vector-Jacobian products and checkpointing. See docs/adjoint.md.

#include "odekit/adjoint/binomial_checkpointing.hpp"
#include "odekit/adjoint/checkpoint_store.hpp"
#include "odekit/adjoint/gradient.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/sde_gradient.hpp"
#include "odekit/adjoint/sensitivity.hpp"
#include "odekit/adjoint/vjp.hpp"
