#pragma once
// Newton: the simplified Newton iteration of implicit stages (ESDIRK, BDF): solve F(z) = 0 by
//   W dz_k = -F(z_k),  z_{k+1} = z_k + dz_k,
// where W ~ dF/dz is factored once and reused while it works (Hairer & Wanner, "Solving
// Ordinary Differential Equations II", 2nd ed., IV.8). The caller supplies SUNDIALS-style
// callbacks and never tells Newton what integrator it is.
//
// Convergence (Hairer & Wanner IV.8, "Stopping criterion"), in the weighted RMS norm
// ||v|| = sqrt(mean((v_i w_i)^2)) with the caller's weights w_i = 1 / (atol_i + rtol |y_i|):
//   - rate: theta_k = ||dz_k|| / ||dz_{k-1}||, eta_k = theta_k / (1 - theta_k);
//   - converged when eta_k ||dz_k|| <= kappa * tol. In the first iteration, where there is no
//     rate yet, eta = max(eta_prev, eps)^0.8 with eta_prev from the previous successful solve
//     (1 initially), so a good predictor converges in one iteration;
//   - diverging when theta_k >= 1, and hopeless when theta_k^(kmax - k) / (1 - theta_k)
//     ||dz_k|| > kappa * tol, i.e. the rate predicts no convergence within kmax iterations:
//     both stop at once instead of spending the remaining iterations.
//
// Stale Jacobian: a recoverable failure (divergence, slow convergence, a failed linear solve
// or residual) while W was built from a Jacobian that is not current makes Newton call
// setup(jacobian_stale = true), restart from the initial guess and try once more. Only then
// does it return the recoverable status, and the integrator shrinks the step.
//
// Inexact Newton-Krylov: every linear solve gets a relative residual tolerance, the forcing
// term; direct solvers ignore it. The default is a fixed fraction (0.05, the value CVODE uses
// for its linear tolerance factor): predictable, and the rate test above already measures the
// resulting linear convergence. ForcingTerm::eisenstat_walker uses Eisenstat & Walker's
// "choice 2" (SIAM J. Sci. Comput. 17, 1996), eta_k = 0.9 (||F_k|| / ||F_{k-1}||)^2 with their
// safeguard, capped at forcing_fraction: tighter solves as Newton converges, fewer Krylov
// iterations early.
//
// Counting: Newton counts nnewton (iterations) and nnewton_fail (failed solves, after the
// retry) in the Stats passed to solve(); the LinearSolver counts nfactor, nlinsolve and
// nlinear_iter in its own stats(), and a MatrixFreeIterationMatrix counts njvp.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/core/tolerance.hpp"

namespace odekit {

enum class ForcingTerm { fixed, eisenstat_walker };

struct NewtonOptions {
  int max_iterations = 7;  ///< kmax (Radau5 uses 7; BDF codes use 3 to 4)
  double kappa = 0.1;      ///< Hairer & Wanner suggest 1e-1 to 1e-2
  ForcingTerm forcing = ForcingTerm::fixed;
  double forcing_fraction = 0.05;  ///< fixed: every linear tolerance; Eisenstat-Walker: cap
  /// Full Newton: call setup(true, ...) before every iteration after the first, for quadratic
  /// convergence (steady states, consistent DAE initial values). Off for time stepping.
  bool refresh_jacobian_every_iteration = false;
};

/// The callbacks. Newton updates z in place, so they see the current iterate through the
/// caller's own buffer.
struct NewtonSystem {
  /// F = F(z). A recoverable status (e.g. rhs_not_finite_recoverable) fails the solve
  /// recoverably; a terminal one is returned at once.
  std::function<Status(std::span<const double> z, std::span<double> F)> residual;
  /// Re-forms W (re-evaluating J when jacobian_stale is true, or whenever it chooses to) and
  /// sets up the linear solver. Sets jacobian_current to whether J was evaluated at the
  /// current iterate. May be empty: W is then fixed and there is no retry.
  std::function<Status(bool jacobian_stale, bool& jacobian_current)> setup;
  /// x = W^{-1} b to the relative residual tolerance tol (a LinearSolver::solve()).
  std::function<Status(std::span<const double> b, std::span<double> x, double tol)> solve;
};

struct NewtonInfo {
  int iterations = 0;    ///< in this solve, both attempts together
  double rate = 0;       ///< the last theta (0 before the second iteration)
  bool retried = false;  ///< the stale-Jacobian retry happened
  Status status = Status::success;
};

class Newton {
 public:
  /// Allocates the work vectors for systems of size n. Throws std::invalid_argument when
  /// n == 0 or an option is out of range, naming it.
  explicit Newton(std::size_t n, NewtonOptions options = {});

  /// Solves F(z) = 0 from the initial guess in z. call_setup: call setup(false, ...) first
  /// (otherwise the W set up earlier is reused and treated as possibly stale). z and weights
  /// have size() entries (std::invalid_argument otherwise); tol > 0. Never allocates.
  /// Returns success, the recoverable newton_not_converged or the status of a failed
  /// callback. On failure z holds the last iterate, for the caller to discard.
  Status solve(const NewtonSystem& system, std::span<double> z, std::span<const double> weights,
               double tol, bool call_setup, Stats& stats);

  /// Forgets the convergence rate carried from the last solve (e.g. after a new Jacobian).
  void reset() noexcept { m_eta = 1; }
  const NewtonInfo& last() const noexcept { return m_last; }
  const NewtonOptions& options() const noexcept { return m_options; }
  std::size_t size() const noexcept { return m_F.size(); }

 private:
  /// One attempt from the current z with the current W (refreshed by full Newton, which then
  /// updates jacobian_current).
  Status iterate(const NewtonSystem& system, std::span<double> z, std::span<const double> weights,
                 double tol, bool& jacobian_current, Stats& stats);
  double forcing_term(int k, double norm_F, double norm_F_prev, double eta_prev) const noexcept;

  NewtonOptions m_options;
  std::vector<double> m_z0, m_F, m_dz;
  double m_eta = 1;  // eta of the last successful solve, used by the next first iteration
  NewtonInfo m_last;
};

/// sqrt(mean((v_i w_i)^2)); v and weights have the same size.
double wrms_norm(std::span<const double> v, std::span<const double> weights) noexcept;

/// weights_i = 1 / (atol_i + rtol |y_i|), the weights of Newton's convergence test and of
/// the step-size control. Throws std::invalid_argument on size mismatches.
void error_weights(std::span<const double> y, double rtol, const AbsoluteTolerance& atol,
                   std::span<double> weights);

}  // namespace odekit
