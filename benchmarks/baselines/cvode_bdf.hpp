#pragma once
// SUNDIALS CVODE with BDF (orders 1–5) and Newton iteration, called directly through its C
// API: the stiff baseline. Linear solver: dense (SUNLinSol_Dense) or, for problems with a
// declared sparsity pattern, KLU (SUNLinSol_KLU) on a compressed-sparse-column matrix. CVODE
// gets the same Jacobian odekit's methods use (dual numbers, coloured when sparse) through
// CVodeSetJacFn, so the comparison measures the integrators, not the derivatives.

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <span>
#include <stdexcept>
#include <vector>

#include <odekit/solvers/jacobian.hpp>

#include "baselines/result.hpp"

namespace odekit_bench {

template <class Problem>
struct CvodeBdfData {
  const Problem* problem;
  odekit::JacobianWorkspace<typename Problem::function_type>* jac;
  Eigen::MatrixXd dense;
  Eigen::SparseMatrix<double> sparse;
  odekit::Stats stats;
};

template <class Problem>
int cvode_bdf_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* data) {
  const auto* problem = static_cast<CvodeBdfData<Problem>*>(data)->problem;
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  auto f = problem->f;
  f(t, std::span<const double>(N_VGetArrayPointer(y), n), std::span<const double>(problem->p),
    std::span<double>(N_VGetArrayPointer(ydot), n));
  return 0;
}

template <class Problem>
int cvode_bdf_dense_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* data,
                        N_Vector, N_Vector, N_Vector) {
  auto* d = static_cast<CvodeBdfData<Problem>*>(data);
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  const std::span<const double> ys(N_VGetArrayPointer(y), n), fs(N_VGetArrayPointer(fy), n);
  d->jac->dense_jacobian(d->problem->f, t, ys, d->problem->p, d->dense, d->stats, fs);
  // SUNDenseMatrix is column-major, like Eigen's default.
  std::copy(d->dense.data(), d->dense.data() + n * n, SUNDenseMatrix_Data(J));
  return 0;
}

template <class Problem>
int cvode_bdf_sparse_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* data,
                         N_Vector, N_Vector, N_Vector) {
  auto* d = static_cast<CvodeBdfData<Problem>*>(data);
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  const std::span<const double> ys(N_VGetArrayPointer(y), n), fs(N_VGetArrayPointer(fy), n);
  d->jac->sparse_jacobian(d->problem->f, t, ys, d->problem->p, d->sparse, d->stats, fs);
  const auto& A = d->sparse;
  std::copy(A.outerIndexPtr(), A.outerIndexPtr() + n + 1, SUNSparseMatrix_IndexPointers(J));
  std::copy(A.innerIndexPtr(), A.innerIndexPtr() + A.nonZeros(), SUNSparseMatrix_IndexValues(J));
  std::copy(A.valuePtr(), A.valuePtr() + A.nonZeros(), SUNSparseMatrix_Data(J));
  return 0;
}

/// atol: one value per component (a scalar is broadcast by the caller).
template <class Problem>
RunResult run_cvode_bdf(const Problem& problem, double rtol, const std::vector<double>& atol,
                        bool sparse) {
  RunResult r;
  SUNContext ctx = nullptr;
  if (SUNContext_Create(nullptr, &ctx) != 0) throw std::runtime_error("SUNContext_Create failed");
  const auto n = static_cast<sunindextype>(problem.y0.size());
  N_Vector y = N_VNew_Serial(n, ctx);
  N_Vector abstol = N_VNew_Serial(n, ctx);
  std::copy(problem.y0.begin(), problem.y0.end(), N_VGetArrayPointer(y));
  std::copy(atol.begin(), atol.end(), N_VGetArrayPointer(abstol));
  odekit::JacobianWorkspace<typename Problem::function_type> jac(problem.f, problem.y0.size());
  CvodeBdfData<Problem> data{&problem, &jac, {}, {}, {}};
  void* mem = CVodeCreate(CV_BDF, ctx);
  CVodeInit(mem, cvode_bdf_rhs<Problem>, problem.tspan[0], y);
  CVodeSVtolerances(mem, rtol, abstol);
  CVodeSetUserData(mem, &data);
  CVodeSetMaxNumSteps(mem, 10'000'000);
  SUNMatrix A = nullptr;
  SUNLinearSolver ls = nullptr;
  if (sparse) {
    data.sparse = jac.make_sparse_matrix();
    A = SUNSparseMatrix(n, n, data.sparse.nonZeros(), CSC_MAT, ctx);
    ls = SUNLinSol_KLU(y, A, ctx);
    CVodeSetLinearSolver(mem, ls, A);
    CVodeSetJacFn(mem, cvode_bdf_sparse_jac<Problem>);
  } else {
    data.dense.resize(n, n);
    A = SUNDenseMatrix(n, n, ctx);
    ls = SUNLinSol_Dense(y, A, ctx);
    CVodeSetLinearSolver(mem, ls, A);
    CVodeSetJacFn(mem, cvode_bdf_dense_jac<Problem>);
  }
  double t = problem.tspan[0];
  r.ok = CVode(mem, problem.tspan[1], y, &t, CV_NORMAL) >= 0;
  long nst = 0, nfe = 0, nje = 0, nsetups = 0, nfels = 0;
  CVodeGetNumSteps(mem, &nst);
  CVodeGetNumRhsEvals(mem, &nfe);
  CVodeGetNumJacEvals(mem, &nje);
  CVodeGetNumLinSolvSetups(mem, &nsetups);
  CVodeGetNumLinRhsEvals(mem, &nfels);
  r.steps = nst;
  r.nf = nfe + nfels + data.stats.nf;  // every evaluation of f, the Jacobian's included
  r.njac = nje;
  r.nfactor = nsetups;
  r.y.assign(N_VGetArrayPointer(y), N_VGetArrayPointer(y) + n);
  SUNLinSolFree(ls);
  SUNMatDestroy(A);
  CVodeFree(&mem);
  N_VDestroy(abstol);
  N_VDestroy(y);
  SUNContext_Free(&ctx);
  return r;
}

}  // namespace odekit_bench
