#pragma once
// CvodeSession: one CVODE (BDF) integration behind a SUNDIALS-free interface, compiled into
// odekit::sundials. The caller's right-hand side and derivatives come in as plain function
// pointers with a context pointer (CVODE's user data), so nothing here depends on the problem
// type. CvodeSolver (cvode_solver.hpp) is the caller.

#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <string>

#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"

namespace odekit::detail {

/// What CVODE calls back. Each returns 0 on success, a positive value for a recoverable failure
/// (CVODE retries with a smaller step) or a negative one to stop.
struct CvodeCallbacks {
  void* context = nullptr;
  /// ydot = f(t, y).
  int (*rhs)(void* context, double t, const double* y, double* ydot) = nullptr;
  /// J = df/dy at (t, y), column-major n x n; fy = f(t, y). Null: CVODE's difference quotients.
  int (*dense_jac)(void* context, double t, const double* y, const double* fy, double* J) = nullptr;
  /// The values of df/dy at (t, y) in the order of CvodeSettings' pattern.
  int (*sparse_jac)(void* context, double t, const double* y, const double* fy,
                    double* values) = nullptr;
  /// Jv = (df/dy) v at (t, y). Null: CVODE's difference quotients.
  int (*jvp)(void* context, double t, const double* y, const double* fy, const double* v,
             double* Jv) = nullptr;
};

enum class CvodeLinearSolver { dense, sparse, gmres };

struct CvodeSettings {
  std::span<const double> y0;
  double t0 = 0, t1 = 0;
  double rtol = 0;
  std::span<const double> atol;  ///< one value, or one per component
  int max_order = 5;
  int max_nonlinear_iterations = 3;
  CvodeLinearSolver linear_solver = CvodeLinearSolver::dense;
  int krylov_dim = 5;
  /// sparse: the compressed-column pattern of df/dy (n + 1 column starts, sorted rows).
  std::span<const int> col_starts, row_indices;
  double dt0 = 0;  ///< 0: CVODE's own estimate
  double dtmin = 0;
  double dtmax = std::numeric_limits<double>::infinity();
};

class CvodeSession {
 public:
  /// Sets CVODE up (tstop = t1). Throws std::runtime_error when SUNDIALS refuses (out of
  /// memory, settings the caller should have validated).
  CvodeSession(const CvodeSettings& settings, const CvodeCallbacks& callbacks);
  ~CvodeSession();
  CvodeSession(const CvodeSession&) = delete;
  CvodeSession& operator=(const CvodeSession&) = delete;

  /// One internal CVODE step towards t1 (CV_ONE_STEP). Returns success or the terminal status
  /// CVODE's failure maps to; note() then holds CVODE's own message.
  Status step();
  double t() const noexcept;
  std::span<const double> y() const noexcept;
  /// The size and order of the last step.
  double last_step() const;
  int last_order() const;
  /// The step size CVODE will try next.
  double next_step() const;
  /// The k-th derivative at t, which must lie in the last step (CVodeGetDky).
  void dky(double t, int k, std::span<double> out) const;
  /// CVODE's counters in odekit's terms (see docs/bdf_cvode.md).
  Stats stats() const;
  /// Steps attempted: accepted, and failed by the error test or the nonlinear solver.
  long attempts() const;
  /// CVODE's message about the last failure (empty when none).
  const std::string& note() const noexcept;
  /// Replaces the note (a failure the caller detected in a callback).
  void set_note(std::string note);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace odekit::detail
