#pragma once
// SUNDIALS CVODE with BDF (orders 1–5) and Newton iteration, called directly through its C
// API. run_cvode_bdf: CVODE's defaults, dense LU on difference-quotient Jacobians (or
// matrix-free SPGMR), tstop = t1; odekit's CVODE_BDF{.jacobian =
// CvodeJacobian::difference_quotients} makes the same calls, one step at a time.
// run_cvode_bdf_with_jacobian: the stiff benchmark's baseline, which hands CVODE the Jacobian
// odekit's methods use (dual numbers, coloured when sparse) through CVodeSetJacFn, with dense
// LU or KLU, so that the comparison measures the integrators rather than the derivatives.

#include <sundials/sundials_iterative.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <vector>

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

template <class Problem>
int cvode_dense_jacobian(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* data,
                         N_Vector, N_Vector, N_Vector) {
  auto* d = static_cast<CvodeUserData<Problem>*>(data);
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  const std::span<const double> ys(N_VGetArrayPointer(y), n), fs(N_VGetArrayPointer(fy), n);
  d->jac->dense_jacobian(d->problem->f, t, ys, d->problem->p, d->dense, d->jac_stats, fs);
  // SUNDenseMatrix is column-major, like Eigen's default.
  std::copy(d->dense.data(), d->dense.data() + n * n, SUNDenseMatrix_Data(J));
  return 0;
}

template <class Problem>
int cvode_sparse_jacobian(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* data,
                          N_Vector, N_Vector, N_Vector) {
  auto* d = static_cast<CvodeUserData<Problem>*>(data);
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  const std::span<const double> ys(N_VGetArrayPointer(y), n), fs(N_VGetArrayPointer(fy), n);
  d->jac->sparse_jacobian(d->problem->f, t, ys, d->problem->p, d->sparse, d->jac_stats, fs);
  const auto& A = d->sparse;
  std::copy(A.outerIndexPtr(), A.outerIndexPtr() + n + 1, SUNSparseMatrix_IndexPointers(J));
  std::copy(A.innerIndexPtr(), A.innerIndexPtr() + A.nonZeros(), SUNSparseMatrix_IndexValues(J));
  std::copy(A.valuePtr(), A.valuePtr() + A.nonZeros(), SUNSparseMatrix_Data(J));
  return 0;
}

/// atol: one value per component. sparse: KLU on the coloured sparse Jacobian (the problem
/// must declare jac_sparsity()), else dense LU on the dense dual-number Jacobian.
template <class Problem>
RunResult run_cvode_bdf_with_jacobian(const Problem& problem, double rtol,
                                      const std::vector<double>& atol, bool sparse) {
  CvodeRun<Problem> cv(problem, CV_BDF, rtol, atol[0]);
  const auto n = static_cast<sunindextype>(problem.y0.size());
  N_Vector abstol = N_VNew_Serial(n, cv.ctx);
  std::copy(atol.begin(), atol.end(), N_VGetArrayPointer(abstol));
  CVodeSVtolerances(cv.mem, rtol, abstol);
  CVodeSetStopTime(cv.mem, problem.tspan[1]);
  cv.user.jac = std::make_unique<odekit::JacobianWorkspace<typename Problem::function_type>>(
      problem.f, problem.y0.size());
  if (sparse) {
    cv.user.sparse = cv.user.jac->make_sparse_matrix();
    cv.matrix = SUNSparseMatrix(n, n, cv.user.sparse.nonZeros(), CSC_MAT, cv.ctx);
    cv.ls = SUNLinSol_KLU(cv.y, cv.matrix, cv.ctx);
    CVodeSetLinearSolver(cv.mem, cv.ls, cv.matrix);
    CVodeSetJacFn(cv.mem, cvode_sparse_jacobian<Problem>);
  } else {
    cv.user.dense.resize(n, n);
    cv.matrix = SUNDenseMatrix(n, n, cv.ctx);
    cv.ls = SUNLinSol_Dense(cv.y, cv.matrix, cv.ctx);
    CVodeSetLinearSolver(cv.mem, cv.ls, cv.matrix);
    CVodeSetJacFn(cv.mem, cvode_dense_jacobian<Problem>);
  }
  RunResult r = cv.run();
  N_VDestroy(abstol);
  return r;
}

}  // namespace odekit_bench
