#pragma once
// SUNDIALS CVODES's own adjoint, called directly through its C API (cvsRoberts_ASAi_dns is
// the pattern): CVodeF runs the forward problem to each save time, keeping checkpoints
// (CVodeAdjInit, Hermite interpolation between them); CVodeB then solves
//   lambda' = -(df/dy)^T lambda   from the last save time down to t0,
// with CVodeQuadB integrating mu' = -(df/dp)^T lambda alongside, so that mu(t0) = dL/dp;
// lambda jumps by dl_i/dy at each save time (CVodeReInitB). Stiff problems use BDF with
// Newton and a direct solver in both directions (Jacobians J and -J^T): KLU on compressed
// sparse columns when f declares jac_sparsity() (the transposed pattern backward), dense LU
// otherwise; non-stiff ones Adams with fixed-point iteration. The vjps come from odekit's
// VjpWorkspace and J from its JacobianWorkspace, so the comparison measures the integrators, not
// the derivatives.
//
// Link against SUNDIALS::cvodes only: CVODE and CVODES export the same symbol names.

#include <cvodes/cvodes.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <span>
#include <stdexcept>
#include <vector>

#include <odekit/adjoint/vjp.hpp>
#include <odekit/solvers/jacobian.hpp>

namespace odekit_bench {

struct AdjointRun {
  double value = 0;
  std::vector<double> dy0, dp;
  long steps_forward = 0, steps_backward = 0;
  bool ok = true;
  bool sparse = false;  ///< KLU (else dense LU, or no linear solver for Adams)
};

template <class Problem>
struct CvodesAdjointData {
  using F = typename Problem::function_type;
  const Problem* problem;
  odekit::VjpWorkspace<F>* vjp;
  odekit::JacobianWorkspace<F>* jac;
  Eigen::MatrixXd J;
  Eigen::SparseMatrix<double> sparse, sparse_t;  // J and -J^T with f's pattern
  std::vector<double> wJy, wJp;
  odekit::Stats stats;

  std::span<const double> p() const { return problem->p; }
};

inline std::span<const double> view(N_Vector v) {
  return {N_VGetArrayPointer(v), static_cast<std::size_t>(N_VGetLength(v))};
}
inline std::span<double> view_mut(N_Vector v) {
  return {N_VGetArrayPointer(v), static_cast<std::size_t>(N_VGetLength(v))};
}

template <class Problem>
int cvodes_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* data) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->problem->f(t, view(y), d->p(), view_mut(ydot));
  return 0;
}

template <class Problem>
int cvodes_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* data, N_Vector, N_Vector,
               N_Vector) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->jac->dense_jacobian(d->problem->f, t, view(y), d->p(), d->J, d->stats, view(fy));
  std::copy(d->J.data(), d->J.data() + d->J.size(), SUNDenseMatrix_Data(J));  // column-major
  return 0;
}

inline void copy_sparse(const Eigen::SparseMatrix<double>& A, SUNMatrix M) {
  std::copy(A.outerIndexPtr(), A.outerIndexPtr() + A.cols() + 1, SUNSparseMatrix_IndexPointers(M));
  std::copy(A.innerIndexPtr(), A.innerIndexPtr() + A.nonZeros(), SUNSparseMatrix_IndexValues(M));
  std::copy(A.valuePtr(), A.valuePtr() + A.nonZeros(), SUNSparseMatrix_Data(M));
}

template <class Problem>
int cvodes_sparse_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* data, N_Vector,
                      N_Vector, N_Vector) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->jac->sparse_jacobian(d->problem->f, t, view(y), d->p(), d->sparse, d->stats, view(fy));
  copy_sparse(d->sparse, J);
  return 0;
}

/// lambda' = -(df/dy)^T lambda.
template <class Problem>
int cvodes_rhs_b(sunrealtype t, N_Vector y, N_Vector yB, N_Vector yBdot, void* data) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->vjp->vjp(d->problem->f, t, view(y), d->p(), view(yB), view_mut(yBdot), {}, d->stats);
  for (double& v : view_mut(yBdot)) v = -v;
  return 0;
}

/// mu' = -(df/dp)^T lambda.
template <class Problem>
int cvodes_quad_b(sunrealtype t, N_Vector y, N_Vector yB, N_Vector qBdot, void* data) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->vjp->vjp(d->problem->f, t, view(y), d->p(), view(yB), d->wJy, view_mut(qBdot), d->stats);
  for (double& v : view_mut(qBdot)) v = -v;
  return 0;
}

/// The backward problem's Jacobian -(df/dy)^T.
template <class Problem>
int cvodes_jac_b(sunrealtype t, N_Vector y, N_Vector, N_Vector, SUNMatrix JB, void* data, N_Vector,
                 N_Vector, N_Vector) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->jac->dense_jacobian(d->problem->f, t, view(y), d->p(), d->J, d->stats);
  const Eigen::MatrixXd minus_transpose = -d->J.transpose();
  std::copy(minus_transpose.data(), minus_transpose.data() + minus_transpose.size(),
            SUNDenseMatrix_Data(JB));
  return 0;
}

/// The backward problem's sparse Jacobian -(df/dy)^T.
template <class Problem>
int cvodes_sparse_jac_b(sunrealtype t, N_Vector y, N_Vector, N_Vector, SUNMatrix JB, void* data,
                        N_Vector, N_Vector, N_Vector) {
  auto* d = static_cast<CvodesAdjointData<Problem>*>(data);
  d->jac->sparse_jacobian(d->problem->f, t, view(y), d->p(), d->sparse, d->stats);
  d->sparse_t = -d->sparse.transpose();
  copy_sparse(d->sparse_t, JB);
  return 0;
}

/// The gradient of L = sum_i l_i(y(t_i)) (loss(i, t, y, dL_dy) -> l_i, saves sorted, the
/// last at t1) by CVODES's adjoint with rtol and a scalar atol in both directions.
template <class Problem, class Loss>
AdjointRun run_cvodes_adjoint(const Problem& problem, const std::vector<double>& saves,
                              const Loss& loss, double rtol, double atol, bool stiff) {
  using F = typename Problem::function_type;
  AdjointRun r;
  const auto n = static_cast<sunindextype>(problem.y0.size());
  const auto np = static_cast<sunindextype>(problem.p.size());
  SUNContext ctx = nullptr;
  if (SUNContext_Create(nullptr, &ctx) != 0) throw std::runtime_error("SUNContext_Create failed");
  odekit::VjpWorkspace<F> vjp(problem.f, problem.y0.size(), problem.p.size());
  odekit::JacobianWorkspace<F> jac(problem.f, problem.y0.size());
  CvodesAdjointData<Problem> data{
      &problem, &vjp, &jac, Eigen::MatrixXd(n, n), {}, {}, std::vector<double>(n), {}, {}};
  N_Vector y = N_VNew_Serial(n, ctx), yB = N_VNew_Serial(n, ctx), qB = N_VNew_Serial(np, ctx);
  std::copy(problem.y0.begin(), problem.y0.end(), N_VGetArrayPointer(y));
  const int lmm = stiff ? CV_BDF : CV_ADAMS;
  void* mem = CVodeCreate(lmm, ctx);
  CVodeInit(mem, cvodes_rhs<Problem>, problem.tspan[0], y);
  CVodeSStolerances(mem, rtol, atol);
  CVodeSetUserData(mem, &data);
  CVodeSetMaxNumSteps(mem, 10'000'000);
  SUNMatrix A = nullptr, AB = nullptr;
  SUNLinearSolver ls = nullptr, lsB = nullptr;
  SUNNonlinearSolver nls = nullptr, nlsB = nullptr;
  const bool sparse = stiff && jac.has_pattern();
  r.sparse = sparse;
  if (sparse) {
    data.sparse = jac.make_sparse_matrix();
    data.sparse_t = data.sparse.transpose();
    A = SUNSparseMatrix(n, n, data.sparse.nonZeros(), CSC_MAT, ctx);
    ls = SUNLinSol_KLU(y, A, ctx);
    CVodeSetLinearSolver(mem, ls, A);
    CVodeSetJacFn(mem, cvodes_sparse_jac<Problem>);
  } else if (stiff) {
    A = SUNDenseMatrix(n, n, ctx);
    ls = SUNLinSol_Dense(y, A, ctx);
    CVodeSetLinearSolver(mem, ls, A);
    CVodeSetJacFn(mem, cvodes_jac<Problem>);
  } else {
    nls = SUNNonlinSol_FixedPoint(y, 0, ctx);
    CVodeSetNonlinearSolver(mem, nls);
  }
  CVodeAdjInit(mem, 100, CV_HERMITE);

  // Forward, to each save time.
  std::vector<std::vector<double>> dL(saves.size(), std::vector<double>(n));
  double t = problem.tspan[0];
  int ncheck = 0;
  for (std::size_t i = 0; i < saves.size() && r.ok; ++i) {
    if (saves[i] > t) r.ok = CVodeF(mem, saves[i], y, &t, CV_NORMAL, &ncheck) >= 0;
    r.value += loss(i, saves[i], view(y), std::span<double>(dL[i]));
  }
  CVodeGetNumSteps(mem, &r.steps_forward);

  // Backward, from the last save time, with a jump at each save time.
  int which = 0;
  std::copy(dL.back().begin(), dL.back().end(), N_VGetArrayPointer(yB));
  N_VConst(0.0, qB);
  CVodeCreateB(mem, lmm, &which);
  CVodeInitB(mem, which, cvodes_rhs_b<Problem>, saves.back(), yB);
  CVodeSStolerancesB(mem, which, rtol, atol);
  CVodeSetUserDataB(mem, which, &data);
  CVodeSetMaxNumStepsB(mem, which, 10'000'000);
  if (sparse) {
    AB = SUNSparseMatrix(n, n, data.sparse_t.nonZeros(), CSC_MAT, ctx);
    lsB = SUNLinSol_KLU(yB, AB, ctx);
    CVodeSetLinearSolverB(mem, which, lsB, AB);
    CVodeSetJacFnB(mem, which, cvodes_sparse_jac_b<Problem>);
  } else if (stiff) {
    AB = SUNDenseMatrix(n, n, ctx);
    lsB = SUNLinSol_Dense(yB, AB, ctx);
    CVodeSetLinearSolverB(mem, which, lsB, AB);
    CVodeSetJacFnB(mem, which, cvodes_jac_b<Problem>);
  } else {
    nlsB = SUNNonlinSol_FixedPoint(yB, 0, ctx);
    CVodeSetNonlinearSolverB(mem, which, nlsB);
  }
  CVodeQuadInitB(mem, which, cvodes_quad_b<Problem>, qB);
  CVodeQuadSStolerancesB(mem, which, rtol, atol);
  for (long i = static_cast<long>(saves.size()) - 2; i >= -1 && r.ok; --i) {
    const double target = i >= 0 ? saves[i] : problem.tspan[0];
    if (target < t) {
      r.ok = CVodeB(mem, target, CV_NORMAL) >= 0;
      CVodeGetB(mem, which, &t, yB);
      CVodeGetQuadB(mem, which, &t, qB);
      long nst = 0;
      CVodeGetNumSteps(CVodeGetAdjCVodeBmem(mem, which), &nst);
      r.steps_backward += nst;
    }
    if (i >= 0) {
      for (sunindextype j = 0; j < n; ++j) N_VGetArrayPointer(yB)[j] += dL[i][j];
      if (target > problem.tspan[0]) {
        CVodeReInitB(mem, which, target, yB);
        CVodeQuadReInitB(mem, which, qB);
      }
    }
  }
  r.dy0.assign(N_VGetArrayPointer(yB), N_VGetArrayPointer(yB) + n);
  r.dp.assign(N_VGetArrayPointer(qB), N_VGetArrayPointer(qB) + np);

  if (ls) SUNLinSolFree(ls);
  if (lsB) SUNLinSolFree(lsB);
  if (A) SUNMatDestroy(A);
  if (AB) SUNMatDestroy(AB);
  if (nls) SUNNonlinSolFree(nls);
  if (nlsB) SUNNonlinSolFree(nlsB);
  CVodeFree(&mem);
  N_VDestroy(y);
  N_VDestroy(yB);
  N_VDestroy(qB);
  SUNContext_Free(&ctx);
  return r;
}

}  // namespace odekit_bench
