#include "odekit/sundials/cvode_session.hpp"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sundials/sundials_iterative.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace odekit::detail {

namespace {

double* data(N_Vector v) {
  return N_VGetArrayPointer(v);
}

/// The odekit status of a failed CVode() call.
Status status_of(int flag) {
  switch (flag) {
    case CV_TOO_MUCH_WORK:
      return Status::max_steps_reached;
    case CV_ERR_FAILURE:  // error test failed repeatedly or with |h| = hmin
      return Status::dt_below_min;
    case CV_CONV_FAILURE:
    case CV_NLS_FAIL:
      return Status::newton_failed;
    case CV_LINIT_FAIL:
    case CV_LSETUP_FAIL:
    case CV_LSOLVE_FAIL:
      return Status::linear_solve_failed;
    case CV_RHSFUNC_FAIL:
    case CV_FIRST_RHSFUNC_ERR:
    case CV_REPTD_RHSFUNC_ERR:
    case CV_UNREC_RHSFUNC_ERR:
      return Status::rhs_not_finite;
    default:  // CV_TOO_MUCH_ACC, CV_MEM_FAIL, ...: only CVODE's message says more
      return Status::external_solver_failed;
  }
}

std::string flag_name(int flag) {
  char* name = CVodeGetReturnFlagName(flag);  // malloc'ed by SUNDIALS
  std::string s = name ? name : "CVODE flag " + std::to_string(flag);
  std::free(name);
  return s;
}

}  // namespace

struct CvodeSession::Impl {
  CvodeCallbacks cb;
  std::size_t n = 0;
  double t1 = 0, t = 0;
  bool gmres = false;
  std::vector<double> y_data;
  std::vector<sunindextype> col_starts, row_indices;  // sparse J's pattern, SUNDIALS' index type
  SUNContext ctx = nullptr;
  void* mem = nullptr;
  N_Vector y = nullptr, atol = nullptr, scratch = nullptr;
  SUNMatrix A = nullptr;
  SUNLinearSolver LS = nullptr;
  std::string message, note;

  ~Impl() {
    if (mem) CVodeFree(&mem);
    if (LS) SUNLinSolFree(LS);
    if (A) SUNMatDestroy(A);
    for (N_Vector v : {y, atol, scratch}) {
      if (v) N_VDestroy(v);
    }
    if (ctx) SUNContext_Free(&ctx);
  }

  void check(int flag, const char* call) const {
    if (flag != 0) {
      throw std::runtime_error(std::string("CVODE set-up failed: ") + call + " returned " +
                               flag_name(flag) + (message.empty() ? "" : " (" + message + ")"));
    }
  }
  template <class P>
  P* made(P* p, const char* call) const {
    if (!p)
      throw std::runtime_error(std::string("CVODE set-up failed: ") + call + " returned null");
    return p;
  }

  static Impl& of(void* user_data) { return *static_cast<Impl*>(user_data); }

  static int rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* user_data) {
    Impl& s = of(user_data);
    return s.cb.rhs(s.cb.context, t, data(y), data(ydot));
  }
  static int dense_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* user_data,
                       N_Vector, N_Vector, N_Vector) {
    Impl& s = of(user_data);
    return s.cb.dense_jac(s.cb.context, t, data(y), data(fy), SUNDenseMatrix_Data(J));
  }
  static int sparse_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void* user_data,
                        N_Vector, N_Vector, N_Vector) {
    Impl& s = of(user_data);
    // CVODE zeroes J, pattern included, before each evaluation.
    std::copy(s.col_starts.begin(), s.col_starts.end(), SUNSparseMatrix_IndexPointers(J));
    std::copy(s.row_indices.begin(), s.row_indices.end(), SUNSparseMatrix_IndexValues(J));
    return s.cb.sparse_jac(s.cb.context, t, data(y), data(fy), SUNSparseMatrix_Data(J));
  }
  static int jvp(N_Vector v, N_Vector Jv, sunrealtype t, N_Vector y, N_Vector fy, void* user_data,
                 N_Vector) {
    Impl& s = of(user_data);
    return s.cb.jvp(s.cb.context, t, data(y), data(fy), data(v), data(Jv));
  }
  static void on_error(int code, const char* module, const char* function, char* msg,
                       void* eh_data) {
    if (code == CV_WARNING) return;  // e.g. "t + h = t": the failure that follows says more
    static_cast<Impl*>(eh_data)->message = std::string(module) + "." + function + ": " + msg;
  }
};

CvodeSession::CvodeSession(const CvodeSettings& st, const CvodeCallbacks& callbacks)
    : m(std::make_unique<Impl>()) {
  Impl& s = *m;
  s.cb = callbacks;
  s.n = st.y0.size();
  s.t = st.t0;
  s.t1 = st.t1;
  s.gmres = st.linear_solver == CvodeLinearSolver::gmres;
  s.y_data.assign(st.y0.begin(), st.y0.end());
  const auto n = static_cast<sunindextype>(s.n);
  s.check(SUNContext_Create(nullptr, &s.ctx), "SUNContext_Create");
  s.y = s.made(N_VMake_Serial(n, s.y_data.data(), s.ctx), "N_VMake_Serial");
  s.scratch = s.made(N_VNew_Serial(n, s.ctx), "N_VNew_Serial");
  s.mem = s.made(CVodeCreate(CV_BDF, s.ctx), "CVodeCreate");
  s.check(CVodeSetErrHandlerFn(s.mem, &Impl::on_error, &s), "CVodeSetErrHandlerFn");
  s.check(CVodeInit(s.mem, &Impl::rhs, st.t0, s.y), "CVodeInit");
  if (st.atol.size() == 1) {
    s.check(CVodeSStolerances(s.mem, st.rtol, st.atol[0]), "CVodeSStolerances");
  } else {
    s.atol = s.made(N_VNew_Serial(n, s.ctx), "N_VNew_Serial");
    std::copy(st.atol.begin(), st.atol.end(), data(s.atol));
    s.check(CVodeSVtolerances(s.mem, st.rtol, s.atol), "CVodeSVtolerances");
  }
  s.check(CVodeSetUserData(s.mem, &s), "CVodeSetUserData");
  s.check(CVodeSetMaxOrd(s.mem, st.max_order), "CVodeSetMaxOrd");
  s.check(CVodeSetMaxNonlinIters(s.mem, st.max_nonlinear_iterations), "CVodeSetMaxNonlinIters");
  s.check(CVodeSetStopTime(s.mem, st.t1), "CVodeSetStopTime");
  if (st.dt0 > 0) {  // odekit's dt0 is a magnitude, CVODE's h0 carries the direction
    s.check(CVodeSetInitStep(s.mem, st.t1 >= st.t0 ? st.dt0 : -st.dt0), "CVodeSetInitStep");
  }
  if (st.dtmin > 0) s.check(CVodeSetMinStep(s.mem, st.dtmin), "CVodeSetMinStep");
  if (st.dtmax < std::numeric_limits<double>::infinity()) {
    s.check(CVodeSetMaxStep(s.mem, st.dtmax), "CVodeSetMaxStep");
  }
  switch (st.linear_solver) {
    case CvodeLinearSolver::dense:
      s.A = s.made(SUNDenseMatrix(n, n, s.ctx), "SUNDenseMatrix");
      s.LS = s.made(SUNLinSol_Dense(s.y, s.A, s.ctx), "SUNLinSol_Dense");
      s.check(CVodeSetLinearSolver(s.mem, s.LS, s.A), "CVodeSetLinearSolver");
      if (callbacks.dense_jac) s.check(CVodeSetJacFn(s.mem, &Impl::dense_jac), "CVodeSetJacFn");
      break;
    case CvodeLinearSolver::sparse:
      s.col_starts.assign(st.col_starts.begin(), st.col_starts.end());
      s.row_indices.assign(st.row_indices.begin(), st.row_indices.end());
      s.A = s.made(
          SUNSparseMatrix(n, n, static_cast<sunindextype>(s.row_indices.size()), CSC_MAT, s.ctx),
          "SUNSparseMatrix");
      s.LS = s.made(SUNLinSol_KLU(s.y, s.A, s.ctx), "SUNLinSol_KLU");
      s.check(CVodeSetLinearSolver(s.mem, s.LS, s.A), "CVodeSetLinearSolver");
      s.check(CVodeSetJacFn(s.mem, &Impl::sparse_jac), "CVodeSetJacFn");
      break;
    case CvodeLinearSolver::gmres:
      s.LS = s.made(SUNLinSol_SPGMR(s.y, SUN_PREC_NONE, st.krylov_dim, s.ctx), "SUNLinSol_SPGMR");
      s.check(CVodeSetLinearSolver(s.mem, s.LS, nullptr), "CVodeSetLinearSolver");
      if (callbacks.jvp) s.check(CVodeSetJacTimes(s.mem, nullptr, &Impl::jvp), "CVodeSetJacTimes");
      break;
  }
}

CvodeSession::~CvodeSession() = default;

Status CvodeSession::step() {
  double t = m->t;
  const int flag = CVode(m->mem, m->t1, m->y, &t, CV_ONE_STEP);
  if (flag >= 0) {  // CV_SUCCESS, or CV_TSTOP_RETURN at t1
    m->t = t;
    return Status::success;
  }
  m->note = "CVODE returned " + flag_name(flag) + (m->message.empty() ? "" : ": " + m->message);
  return status_of(flag);
}

double CvodeSession::t() const noexcept {
  return m->t;
}

std::span<const double> CvodeSession::y() const noexcept {
  return m->y_data;
}

double CvodeSession::last_step() const {
  double h = 0;
  CVodeGetLastStep(m->mem, &h);
  return h;
}

int CvodeSession::last_order() const {
  int q = 0;
  CVodeGetLastOrder(m->mem, &q);
  return q;
}

double CvodeSession::next_step() const {
  double h = 0;
  CVodeGetCurrentStep(m->mem, &h);
  return h;
}

void CvodeSession::dky(double t, int k, std::span<double> out) const {
  m->check(CVodeGetDky(m->mem, t, k, m->scratch), "CVodeGetDky");
  std::copy(data(m->scratch), data(m->scratch) + m->n, out.begin());
}

Stats CvodeSession::stats() const {
  long nst = 0, nfe = 0, nsetups = 0, netf = 0, nni = 0, nnf = 0, ncfn = 0, nje = 0, nfe_ls = 0,
       nli = 0, npe = 0, njtv = 0;
  void* mem = m->mem;
  CVodeGetNumSteps(mem, &nst);
  CVodeGetNumRhsEvals(mem, &nfe);
  CVodeGetNumLinSolvSetups(mem, &nsetups);
  CVodeGetNumErrTestFails(mem, &netf);
  CVodeGetNumNonlinSolvIters(mem, &nni);
  CVodeGetNumNonlinSolvConvFails(mem, &nnf);
  CVodeGetNumStepSolveFails(mem, &ncfn);
  CVodeGetNumJacEvals(mem, &nje);
  CVodeGetNumLinRhsEvals(mem, &nfe_ls);
  CVodeGetNumLinIters(mem, &nli);
  CVodeGetNumPrecEvals(mem, &npe);
  CVodeGetNumJtimesEvals(mem, &njtv);
  Stats s;
  s.nf = nfe + nfe_ls;
  s.njac = nje;
  s.njvp = njtv;
  s.nfactor = m->gmres ? npe : nsetups;
  s.nlinsolve = nni;  // one linear solve per Newton iteration
  s.nlinear_iter = nli;
  s.nnewton = nni;
  s.nnewton_fail = nnf;
  s.naccept = nst;
  s.nreject = netf + ncfn;
  return s;
}

long CvodeSession::attempts() const {
  const Stats s = stats();
  return s.naccept + s.nreject;
}

const std::string& CvodeSession::note() const noexcept {
  return m->note;
}

void CvodeSession::set_note(std::string note) {
  m->note = std::move(note);
}

}  // namespace odekit::detail
