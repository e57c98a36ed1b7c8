#pragma once
// SUNDIALS CVODE with Adams–Moulton (orders 1–12) and fixed-point iteration, the
// recommended non-stiff configuration (CVODE user guide, "Nonlinear solver"), called
// directly through its C API.

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include <span>
#include <stdexcept>
#include <vector>

#include "baselines/result.hpp"

namespace odekit_bench {

template <class Problem>
struct CvodeUserData {
  const Problem* problem;
};

template <class Problem>
int cvode_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* data) {
  const auto* problem = static_cast<CvodeUserData<Problem>*>(data)->problem;
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  auto f = problem->f;
  f(t, std::span<const double>(N_VGetArrayPointer(y), n), std::span<const double>(problem->p),
    std::span<double>(N_VGetArrayPointer(ydot), n));
  return 0;
}

template <class Problem>
RunResult run_cvode_adams(const Problem& problem, double rtol, double atol) {
  RunResult r;
  SUNContext ctx = nullptr;
  if (SUNContext_Create(nullptr, &ctx) != 0) throw std::runtime_error("SUNContext_Create failed");
  const auto n = static_cast<sunindextype>(problem.y0.size());
  N_Vector y = N_VNew_Serial(n, ctx);
  std::copy(problem.y0.begin(), problem.y0.end(), N_VGetArrayPointer(y));
  void* mem = CVodeCreate(CV_ADAMS, ctx);
  CvodeUserData<Problem> data{&problem};
  CVodeInit(mem, cvode_rhs<Problem>, problem.tspan[0], y);
  CVodeSStolerances(mem, rtol, atol);
  CVodeSetUserData(mem, &data);
  CVodeSetMaxNumSteps(mem, 10'000'000);
  SUNNonlinearSolver nls = SUNNonlinSol_FixedPoint(y, 0, ctx);
  CVodeSetNonlinearSolver(mem, nls);
  double t = problem.tspan[0];
  r.ok = CVode(mem, problem.tspan[1], y, &t, CV_NORMAL) >= 0;
  long nst = 0, nfe = 0;
  CVodeGetNumSteps(mem, &nst);
  CVodeGetNumRhsEvals(mem, &nfe);
  r.steps = nst;
  r.nf = nfe;
  r.y.assign(N_VGetArrayPointer(y), N_VGetArrayPointer(y) + n);
  SUNNonlinSolFree(nls);
  CVodeFree(&mem);
  N_VDestroy(y);
  SUNContext_Free(&ctx);
  return r;
}

}  // namespace odekit_bench
