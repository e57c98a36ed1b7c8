#pragma once
// The SDE module in one include: problems, Brownian paths, methods, solve() and ensembles.

#include "odekit/sde/brownian_path.hpp"
#include "odekit/sde/ensemble.hpp"
#include "odekit/sde/fixed_grid_brownian_path.hpp"
#include "odekit/sde/gaussian.hpp"
#include "odekit/sde/grid_bridge_brownian_path.hpp"
#include "odekit/sde/lanes.hpp"
#include "odekit/sde/methods.hpp"
#include "odekit/sde/noise.hpp"
#include "odekit/sde/philox.hpp"
#include "odekit/sde/sde_integrator.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solution.hpp"
#include "odekit/sde/sde_solve.hpp"
#include "odekit/sde/virtual_brownian_tree.hpp"
