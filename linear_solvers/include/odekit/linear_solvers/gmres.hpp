#pragma once
// Gmres: restarted GMRES(m) with right preconditioning (Saad, "Iterative Methods for Sparse
// Linear Systems", 2nd ed., Algorithm 9.5), modified Gram-Schmidt Arnoldi (Algorithm 6.2)
// with optional reorthogonalisation, and Givens rotations that keep the least-squares
// residual ||b - A x_k||_2 current at every iteration (Section 6.5.3).
//
// Works matrix-free: it only calls A.apply(), so the W of a MatrixFreeIterationMatrix needs
// one JVP per iteration. All Krylov storage (the n x (m+1) basis, the Hessenberg matrix, the
// rotations) is allocated in setup() and reused; solve() allocates nothing (Eigen's own GMRES
// allocates on every solve).
//
// Cost per iteration j of a cycle: one apply of A and of M^{-1}, and (j + 1) dot products and
// vector updates (twice that with reorthogonalisation); memory n * (m + 1) doubles.
//
// Right preconditioning, x = M^{-1} u with A M^{-1} u = b, keeps the monitored residual the
// true one, so the tolerance means the same with or without a preconditioner.
//
// Failures: when a new Krylov direction A M^{-1} v_j is, to rounding error, a combination of
// the previous ones, A M^{-1} is singular on the Krylov space and solve() returns
// linear_solve_failed_recoverable (a restart cannot help). The residual estimate is trusted
// while its rounding error, ~eps ||A|| ||x||, is small against the target; otherwise the true
// residual is computed, and a claim it refutes is also linear_solve_failed_recoverable.
// Missing tol within max_iterations is linear_solve_not_converged.

#include <memory>

#include "odekit/linear_solvers/linear_solver.hpp"
#include "odekit/linear_solvers/preconditioners.hpp"

namespace odekit {

struct GmresOptions {
  int restart = 30;          ///< m: Krylov vectors per cycle (memory n * (m + 1))
  int max_iterations = 500;  ///< over all cycles; missing tol by then is linear_solve_not_converged
  /// Second Gram-Schmidt pass against the basis ("twice is enough": Giraud, Langou &
  /// Rozloznik, 2005). Doubles the orthogonalisation cost; restores orthogonality when A is
  /// ill-conditioned and m is large.
  bool reorthogonalize = false;
  /// Start from x = 0 (true) or from the x passed to solve() (false).
  bool zero_guess = true;
};

class Gmres final : public LinearSolver {
 public:
  /// Without a preconditioner GMRES is matrix-free. Throws std::invalid_argument on options
  /// out of range (restart < 1, max_iterations < 1).
  explicit Gmres(GmresOptions options = {}, std::unique_ptr<Preconditioner> preconditioner = {});

  /// That of the preconditioner (matrix_free without one).
  MatrixRequirement requirement() const noexcept override;
  const GmresOptions& options() const noexcept { return m_options; }
  /// Start the next solves from x = 0, or from the x passed in (Newton passes 0 anyway).
  void set_zero_guess(bool zero_guess) noexcept { m_options.zero_guess = zero_guess; }

 private:
  Status do_setup(const LinearOperator& A) override;
  Status do_solve(std::span<const double> b, std::span<double> x, double tol) override;

  GmresOptions m_options;
  std::unique_ptr<Preconditioner> m_preconditioner;
  const LinearOperator* m_A = nullptr;
  Eigen::MatrixXd m_V;  // Krylov basis, one column per vector
  Eigen::MatrixXd m_R;  // Hessenberg matrix, made upper triangular by the rotations
  Eigen::VectorXd m_cos, m_sin, m_g, m_y;
  Eigen::VectorXd m_w, m_z, m_r;  // A M^{-1} v, M^{-1} v, and the residual
};

}  // namespace odekit
