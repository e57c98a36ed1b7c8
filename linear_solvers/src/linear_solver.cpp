#include "odekit/linear_solvers/linear_solver.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "odekit/core/format.hpp"

namespace odekit {

namespace {

const char* describe(MatrixRequirement r) noexcept {
  switch (r) {
    case MatrixRequirement::matrix_free:
      return "any operator";
    case MatrixRequirement::dense_or_sparse:
      return "an assembled dense or sparse matrix (DenseMatrixOperator, SparseMatrixOperator, "
             "DenseIterationMatrix or SparseIterationMatrix)";
    case MatrixRequirement::sparse:
      return "an assembled sparse matrix (SparseMatrixOperator or SparseIterationMatrix)";
  }
  return "";
}

}  // namespace

Status LinearSolver::setup(const LinearOperator& A) {
  if (!A.satisfies(requirement())) {
    throw std::invalid_argument(m_name + "::setup: A has no assembled matrix of the kind this " +
                                "solver needs, which is " + describe(requirement()) +
                                "; pick a solver that fits the operator (GMRES is matrix-free)");
  }
  if (A.size() == 0) throw std::invalid_argument(m_name + "::setup: A has size 0");
  m_n = A.size();
  const Status s = do_setup(A);
  m_ready = s == Status::success;
  return s;
}

Status LinearSolver::solve(std::span<const double> b, std::span<double> x, double tol) {
  if (m_n == 0) {
    throw std::logic_error(m_name + "::solve called before setup(A): set up an operator first");
  }
  // Strings are built only on the error path: solve() must not allocate.
  if (b.size() != m_n) detail::require_size((m_name + "::solve").c_str(), "b", b.size(), m_n);
  if (x.size() != m_n) detail::require_size((m_name + "::solve").c_str(), "x", x.size(), m_n);
  if (detail::overlap(b, x)) {
    throw std::invalid_argument(m_name + "::solve: x overlaps b, pass separate vectors");
  }
  if (!(tol >= 0 && std::isfinite(tol))) {
    throw std::invalid_argument(m_name + "::solve: tol = " + detail::num(tol) +
                                ", expected a finite relative tolerance >= 0");
  }
  m_last = {};
  Status s = Status::linear_solve_failed_recoverable;
  if (m_ready) {
    s = do_solve(b, x, tol);
    ++m_stats.nlinsolve;
    m_stats.nlinear_iter += m_last.iterations;
  }
  // A failure never hands back NaN: the caller may look at x before it looks at the status.
  auto X = detail::as_eigen(x);
  if (s == Status::success && !X.allFinite()) s = Status::linear_solve_failed_recoverable;
  if (s != Status::success && !X.allFinite()) X.setZero();
  m_last.status = s;
  return s;
}

}  // namespace odekit
