#pragma once
// The whole odekit API in one include.

#include "odekit/config.hpp"
#include "odekit/core/dense_output.hpp"
#include "odekit/core/derivatives.hpp"
#include "odekit/core/dual.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/core/solution.hpp"
#include "odekit/core/sparsity.hpp"
#include "odekit/core/split_problem.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/linear_solvers/dense_lu.hpp"
#include "odekit/linear_solvers/factory.hpp"
#include "odekit/linear_solvers/gmres.hpp"
#include "odekit/linear_solvers/iteration_matrix.hpp"
#include "odekit/linear_solvers/linear_operator.hpp"
#include "odekit/linear_solvers/linear_solver.hpp"
#include "odekit/linear_solvers/newton.hpp"
#include "odekit/linear_solvers/preconditioners.hpp"
#include "odekit/linear_solvers/sparse_lu.hpp"
#include "odekit/sde/sde.hpp"
#include "odekit/solvers/bdf.hpp"
#include "odekit/solvers/default_method.hpp"
#include "odekit/solvers/implicit/linearization.hpp"
#include "odekit/solvers/implicit/methods.hpp"
#include "odekit/solvers/integrator.hpp"
#include "odekit/solvers/jacobian.hpp"
#include "odekit/solvers/methods.hpp"
#include "odekit/solvers/solve.hpp"
#if ODEKIT_ENABLE_SUNDIALS
#include "odekit/sundials/cvode_bdf.hpp"
#endif
#if ODEKIT_ENABLE_HDF5
#include "odekit/io/hdf5.hpp"
#include "odekit/io/sde_hdf5.hpp"
#endif
