#pragma once
// SUNDIALS CVODE with Adams–Moulton (orders 1–12) and fixed-point iteration, the
// recommended non-stiff configuration (CVODE user guide, "Nonlinear solver"), called
// directly through its C API.

#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include "baselines/cvode_common.hpp"

namespace odekit_bench {

template <class Problem>
RunResult run_cvode_adams(const Problem& problem, double rtol, double atol) {
  CvodeRun<Problem> cv(problem, CV_ADAMS, rtol, atol);
  cv.nls = SUNNonlinSol_FixedPoint(cv.y, 0, cv.ctx);
  CVodeSetNonlinearSolver(cv.mem, cv.nls);
  return cv.run();
}

}  // namespace odekit_bench
