#pragma once
// SUNDIALS CVODE with BDF (orders 1–5) and Newton iteration, called directly through its C
// API with CVODE's defaults: dense LU on difference-quotient Jacobians (or matrix-free SPGMR),
// tstop = t1. odekit's CVODE_BDF{.jacobian = CvodeJacobian::difference_quotients} makes the
// same calls, one step at a time.

#include <sundials/sundials_iterative.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "baselines/cvode_common.hpp"

namespace odekit_bench {

enum class CvodeLinear { dense, gmres };

template <class Problem>
RunResult run_cvode_bdf(const Problem& problem, double rtol, double atol,
                        CvodeLinear linear = CvodeLinear::dense) {
  CvodeRun<Problem> cv(problem, CV_BDF, rtol, atol);
  CVodeSetStopTime(cv.mem, problem.tspan[1]);
  if (linear == CvodeLinear::dense) {
    const auto n = static_cast<sunindextype>(problem.y0.size());
    cv.matrix = SUNDenseMatrix(n, n, cv.ctx);
    cv.ls = SUNLinSol_Dense(cv.y, cv.matrix, cv.ctx);
  } else {
    cv.ls = SUNLinSol_SPGMR(cv.y, SUN_PREC_NONE, 5, cv.ctx);
  }
  CVodeSetLinearSolver(cv.mem, cv.ls, cv.matrix);
  return cv.run();
}

}  // namespace odekit_bench
