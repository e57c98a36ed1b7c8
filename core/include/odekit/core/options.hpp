#pragma once
// Options of an ODE solve. An aggregate whose fields are in the order users write them with
// designated initializers: {.rtol = 1e-8, .atol = 1e-10, .dense = true}.

#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "odekit/core/derivatives.hpp"
#include "odekit/core/tolerance.hpp"

namespace odekit {

class Preconditioner;  // linear_solvers/preconditioners.hpp

/// Linear solver of implicit methods for the iteration matrix W = I - gamma J.
enum class LinSolve {
  automatic,  ///< sparse LU when f declares jac_sparsity() (and n >= 32), dense LU otherwise
  dense,      ///< dense LU (Eigen)
  sparse,     ///< sparse LU (KLU); needs f.jac_sparsity()
  gmres,      ///< Jacobian-free Newton–Krylov: restarted GMRES on W v = v - gamma J v (JVPs)
};

/// Preconditioner of GMRES (right preconditioning).
enum class Precond {
  none,
  jacobi,  ///< the diagonal of W (assembles J: sparse with a pattern, else dense)
  ilu0,    ///< incomplete LU without fill-in of the sparse W; needs f.jac_sparsity()
  user,    ///< Options::user_preconditioner
};

/// Knobs of the PI step-size controller (Gustafsson; Hairer & Wanner, Solving ODEs II,
/// IV.2). Zero betas pick the defaults for the method's error order k = error_order + 1:
/// beta1 = 0.7 / k, beta2 = 0.4 / k.
struct StepControl {
  double beta1 = 0.0;
  double beta2 = 0.0;
  double safety = 0.9;
  /// Bounds on dt_new / dt.
  double min_factor = 0.2;
  double max_factor = 10.0;
};

struct Options {
  /// Relative tolerance. Required by adaptive methods (no silent default); ignored by
  /// fixed-step methods.
  std::optional<double> rtol{};
  /// Absolute tolerance, scalar or per component. Required by adaptive methods.
  AbsoluteTolerance atol{};
  /// Initial step. Automatic (Hairer's algorithm) when absent; the step of fixed-step
  /// methods and of non-adaptive solves, where it is required.
  std::optional<double> dt0{};
  /// Smallest allowed step magnitude: a smaller one ends the solve with dt_below_min.
  double dtmin = 0.0;
  /// Largest allowed step magnitude.
  double dtmax = std::numeric_limits<double>::infinity();
  /// Most steps (accepted plus rejected) before the solve ends with max_steps_reached.
  long max_steps = 100000;
  /// Times to save at (inside the span, sorted in the direction of integration). The
  /// values there come from the method's interpolant, so steps are not shortened for them.
  std::vector<double> saveat{};
  /// Save every accepted step. Default: true when saveat is empty, false otherwise.
  std::optional<bool> save_everystep{};
  /// Keep the dense output so that sol(t) works anywhere in the span.
  bool dense = false;
  /// Adaptive stepping (default). With false, adaptive methods take fixed steps of dt0.
  bool adaptive = true;
  /// Step-size controller settings.
  StepControl control{};

  // Implicit methods (Rosenbrock, ESDIRK, BDF); explicit methods ignore these.
  /// Linear solver for W = I - gamma J.
  LinSolve linsolve = LinSolve::automatic;
  /// Preconditioner of linsolve = gmres.
  Precond preconditioner = Precond::none;
  /// The preconditioner of preconditioner = user: set up with W (whose gamma() and assembled
  /// matrix, if any, it may read) at every factorisation, applied in every GMRES iteration.
  std::shared_ptr<Preconditioner> user_preconditioner{};
  /// How J = df/dy is obtained: automatic takes f.jac, else dual numbers, else finite
  /// differences.
  DerivativeMethod jac = DerivativeMethod::automatic;
  /// Krylov vectors per GMRES cycle.
  int krylov_dim = 30;
};

}  // namespace odekit
