#pragma once
// LinearSolver: the runtime interface the stiff integrators call a few times per step
// (the SUNDIALS SUNLinearSolver contract, reported Eigen-style through last()).
//
//   setup(A)           factor A, or build the preconditioner. May allocate the first time and
//                      when the size (or a sparse pattern) changes; repeated setups of the
//                      same shape reuse their storage.
//   solve(b, x, tol)   x ~ A^{-1} b. Never allocates. tol is a relative residual tolerance,
//                      ||b - A x||_2 <= tol ||b||_2, chosen per solve by the caller (inexact
//                      Newton); direct solvers solve to rounding error and ignore it.
//
// Failures are values: a singular matrix, a missed Krylov tolerance or a failed callback
// return a recoverable Status (the integrator retries with a smaller step), and x is left
// finite (the last iterate, or zero where that would not be finite), never NaN. Misuse
// throws: wrong sizes std::invalid_argument naming the argument, solve() before setup()
// std::logic_error, and setup() of a temporary operator does not compile.
//
// Iterative solvers keep a reference to A from setup() and apply it during solve(): A must
// outlive the solves and may change its values in between (the preconditioner then lags,
// which is how a Jacobian is reused across steps). Direct solvers do not touch A after
// setup().

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/linear_solvers/linear_operator.hpp"

namespace odekit {

/// What the last solve() did.
struct LinearSolveInfo {
  long iterations = 0;       ///< Krylov iterations (0 for direct solvers)
  double residual_norm = 0;  ///< relative residual ||b - A x|| / ||b|| reached (direct: 0,
                             ///< not measured)
  Status status = Status::success;
};

class LinearSolver {
 public:
  virtual ~LinearSolver() = default;

  /// Factor A or build the preconditioner. Throws std::invalid_argument when A lacks the
  /// assembled form requirement() asks for. Returns success or a recoverable failure
  /// (singular or non-finite matrix); after a failure, solve() returns
  /// linear_solve_failed_recoverable until the next successful setup. Counts stats().nfactor
  /// when something was factored.
  Status setup(const LinearOperator& A);
  /// A temporary operator would dangle in iterative solvers, which keep a reference to it.
  Status setup(const LinearOperator&& A) = delete;

  /// Solves A x = b for the A of the last setup(). b and x have size() entries and must not
  /// overlap; tol >= 0 and finite. Counts stats().nlinsolve and stats().nlinear_iter.
  Status solve(std::span<const double> b, std::span<double> x, double tol);

  /// e.g. "DenseLU", "GMRES(30)+ILU(0)".
  std::string_view name() const noexcept { return m_name; }
  virtual MatrixRequirement requirement() const noexcept = 0;
  bool needs_assembled_matrix() const noexcept {
    return requirement() != MatrixRequirement::matrix_free;
  }
  /// Size of the operator of the last setup() (0 before the first).
  std::size_t size() const noexcept { return m_n; }
  const LinearSolveInfo& last() const noexcept { return m_last; }
  /// nfactor, nlinsolve and nlinear_iter of this solver's lifetime; the integrator adds them
  /// to its own Stats.
  const Stats& stats() const noexcept { return m_stats; }

 protected:
  explicit LinearSolver(std::string name) : m_name(std::move(name)) {}

  /// setup() after its checks. Counts m_stats.nfactor itself.
  virtual Status do_setup(const LinearOperator& A) = 0;
  /// solve() after its checks (sizes, no overlap, a successful setup). Sets
  /// m_last.iterations and m_last.residual_norm.
  virtual Status do_solve(std::span<const double> b, std::span<double> x, double tol) = 0;

  Stats m_stats;
  LinearSolveInfo m_last;

 private:
  std::string m_name;
  std::size_t m_n = 0;
  bool m_ready = false;
};

}  // namespace odekit
