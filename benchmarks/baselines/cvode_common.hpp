#pragma once
// CVODE called directly through its C API, as the benchmarks' baselines do: one RAII set-up of
// context, state, integrator memory and solver objects for a problem, run to t1 in CV_NORMAL
// mode, with its counters collected into a RunResult.

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <algorithm>
#include <memory>
#include <span>
#include <stdexcept>

#include <odekit/solvers/jacobian.hpp>

#include "baselines/result.hpp"

namespace odekit_bench {

/// CVODE's user data: the problem, and the Jacobian a baseline may hand to CVODE.
template <class Problem>
struct CvodeUserData {
  const Problem* problem;
  std::unique_ptr<odekit::JacobianWorkspace<typename Problem::function_type>> jac{};
  Eigen::MatrixXd dense{};
  Eigen::SparseMatrix<double> sparse{};
  odekit::Stats jac_stats{};  // evaluations of f made by the Jacobian
};

template <class Problem>
int cvode_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* data) {
  const auto* problem = static_cast<const CvodeUserData<Problem>*>(data)->problem;
  const auto n = static_cast<std::size_t>(N_VGetLength(y));
  auto f = problem->f;
  f(t, std::span<const double>(N_VGetArrayPointer(y), n), std::span<const double>(problem->p),
    std::span<double>(N_VGetArrayPointer(ydot), n));
  return 0;
}

/// CVODE with method lmm (CV_ADAMS or CV_BDF) on a problem, tolerances set; the caller attaches
/// a nonlinear or linear solver (owned here) before run().
template <class Problem>
class CvodeRun {
 public:
  CvodeRun(const Problem& problem, int lmm, double rtol, double atol)
      : user{&problem}, m_problem(problem) {
    if (SUNContext_Create(nullptr, &ctx) != 0) throw std::runtime_error("SUNContext_Create failed");
    y = N_VNew_Serial(static_cast<sunindextype>(problem.y0.size()), ctx);
    std::copy(problem.y0.begin(), problem.y0.end(), N_VGetArrayPointer(y));
    mem = CVodeCreate(lmm, ctx);
    CVodeInit(mem, cvode_rhs<Problem>, problem.tspan[0], y);
    CVodeSStolerances(mem, rtol, atol);
    CVodeSetUserData(mem, &user);
    CVodeSetMaxNumSteps(mem, 10'000'000);
  }
  CvodeRun(const CvodeRun&) = delete;
  CvodeRun& operator=(const CvodeRun&) = delete;
  ~CvodeRun() {
    if (nls) SUNNonlinSolFree(nls);
    if (ls) SUNLinSolFree(ls);
    if (matrix) SUNMatDestroy(matrix);
    CVodeFree(&mem);
    N_VDestroy(y);
    SUNContext_Free(&ctx);
  }

  /// Integrates to t1 and collects y(t1) and the counters.
  RunResult run() {
    RunResult r;
    double t = m_problem.tspan[0];
    r.ok = CVode(mem, m_problem.tspan[1], y, &t, CV_NORMAL) >= 0;
    long nst = 0, nfe = 0, nfe_ls = 0, nje = 0, nsetups = 0;
    CVodeGetNumSteps(mem, &nst);
    CVodeGetNumRhsEvals(mem, &nfe);
    if (ls) {
      CVodeGetNumLinRhsEvals(mem, &nfe_ls);
      CVodeGetNumJacEvals(mem, &nje);
      CVodeGetNumLinSolvSetups(mem, &nsetups);
    }
    r.steps = nst;
    r.nf = nfe + nfe_ls + user.jac_stats.nf;
    r.njac = nje;
    r.nfactor = nsetups;
    const double* yp = N_VGetArrayPointer(y);
    r.y.assign(yp, yp + m_problem.y0.size());
    return r;
  }

  SUNContext ctx = nullptr;
  N_Vector y = nullptr;
  void* mem = nullptr;
  SUNNonlinearSolver nls = nullptr;
  SUNLinearSolver ls = nullptr;
  SUNMatrix matrix = nullptr;
  CvodeUserData<Problem> user;

 private:
  const Problem& m_problem;
};

}  // namespace odekit_bench
