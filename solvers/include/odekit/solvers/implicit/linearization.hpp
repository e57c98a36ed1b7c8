#pragma once
// Linearization: what every implicit method (Rosenbrock, ESDIRK, BDF) needs around a point
// (t, y): the Jacobian J = df/dy, the iteration matrix W = I - gamma J, its factorisation or
// preconditioner, and solves W x = b. One per solve, made from the Options (linsolve,
// preconditioner, jac); every buffer is allocated here, not in the steps.
//
//   linsolve   W held as                                   solved by
//   dense      dense J (n x n)                             dense LU
//   sparse     sparse J with f.jac_sparsity()'s pattern    KLU, or BlockTriangularLU when f
//                                                          declares small diagonal blocks
//                                                          (jac_block_sizes(), all <= 64)
//   gmres      matrix-free (a JVP per product), plus an    restarted GMRES, right-
//              assembled W when the preconditioner needs   preconditioned by jacobi, ilu0
//              one (sparse with a pattern, else dense)     or the user's
//   automatic  sparse when f declares a pattern and n >= 32, dense otherwise
//
// J is kept across factorisations (factor(gamma) re-forms W from it), so methods decide
// when to re-evaluate it; work is added to the caller's Stats (njac, njvp, nf, nfactor,
// nlinsolve, nlinear_iter). The function linearised is implicit_rhs(problem): f, or the
// stiff part of a SplitOdeProblem.

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "odekit/core/options.hpp"
#include "odekit/core/rhs.hpp"
#include "odekit/core/split_problem.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/linear_solvers/block_triangular_lu.hpp"
#include "odekit/linear_solvers/dense_lu.hpp"
#include "odekit/linear_solvers/gmres.hpp"
#include "odekit/linear_solvers/iteration_matrix.hpp"
#include "odekit/linear_solvers/preconditioners.hpp"
#include "odekit/linear_solvers/sparse_lu.hpp"
#include "odekit/solvers/jacobian.hpp"

namespace odekit {

namespace detail {

/// Forwards to a preconditioner the caller shares (Options::user_preconditioner), since GMRES
/// owns its preconditioner.
class SharedPreconditioner final : public Preconditioner {
 public:
  explicit SharedPreconditioner(std::shared_ptr<Preconditioner> p) : m_p(std::move(p)) {}
  std::string_view name() const noexcept override { return m_p->name(); }
  MatrixRequirement requirement() const noexcept override { return m_p->requirement(); }
  Status setup(const LinearOperator& A) override { return m_p->setup(A); }
  Status apply(std::span<const double> r, std::span<double> z) const override {
    return m_p->apply(r, z);
  }

 private:
  std::shared_ptr<Preconditioner> m_p;
};

/// The linear solver linsolve = automatic stands for: sparse LU when f declares its Jacobian's
/// sparsity and n >= 32, dense LU otherwise.
inline LinSolve resolve_linsolve(LinSolve asked, bool has_pattern, std::size_t n) noexcept {
  if (asked != LinSolve::automatic) return asked;
  return has_pattern && n >= 32 ? LinSolve::sparse : LinSolve::dense;
}

/// Throws std::invalid_argument for linear-solver options that a problem cannot serve.
inline void validate_linsolve(const Options& o, LinSolve kind, bool has_pattern) {
  if (kind == LinSolve::sparse && !has_pattern) {
    throw std::invalid_argument(
        "linsolve = sparse needs the sparsity of df/dy: give f a jac_sparsity() member "
        "(see docs/jacobians.md), or use linsolve = dense or gmres");
  }
  if (kind != LinSolve::gmres && o.preconditioner != Precond::none) {
    throw std::invalid_argument(
        "preconditioner is set but linsolve is not gmres: only GMRES is preconditioned");
  }
  if (o.krylov_dim < 1) {
    throw std::invalid_argument("krylov_dim = " + std::to_string(o.krylov_dim) +
                                ": expected at least 1");
  }
}

/// Implicit methods factor W with Eigen and KLU in double precision: a problem in another
/// precision is a compile-time error with this message.
template <class Problem>
consteval bool require_double_precision() {
  static_assert(std::is_same_v<typename Problem::value_type, double>,
                "odekit: implicit methods (Rosenbrock, ESDIRK, BDF) work in double precision, "
                "since their linear algebra (Eigen, KLU) does: state the problem's y0, tspan "
                "and p in double");
  return true;
}

/// Relative residual tolerance of an iterative linear solve whose result enters the solution
/// directly (Rosenbrock stages, error estimates): a tenth of rtol, so that it stays below the
/// local error tolerance, within what GMRES can reach (direct solvers ignore it).
inline double linear_tolerance(double rtol) noexcept {
  return std::clamp(0.1 * rtol, 1e-12, 1e-2);
}

inline void add_solver_work(Stats& to, const Stats& now, Stats& seen) noexcept {
  to.nfactor += now.nfactor - seen.nfactor;
  to.nlinsolve += now.nlinsolve - seen.nlinsolve;
  to.nlinear_iter += now.nlinear_iter - seen.nlinear_iter;
  seen = now;
}

}  // namespace detail

template <class Problem>
class Linearization {
 public:
  using F = implicit_function_t<Problem>;
  static_assert(detail::require_double_precision<Problem>());

  /// Chooses and allocates the Jacobian, W and the linear solver. Throws
  /// std::invalid_argument when the options cannot be served (sparse LU or ILU(0) without
  /// f.jac_sparsity(), preconditioner = user without user_preconditioner, a preconditioner
  /// with a direct solver).
  Linearization(const Problem& problem, const Options& options)
      : m_n(problem.y0.size()),
        m_jac(implicit_rhs(problem), m_n, jacobian_options(options)),
        m_kind(detail::resolve_linsolve(options.linsolve, m_jac.has_pattern(), m_n)),
        m_point(m_n),
        m_fy(m_n) {
    check_options(m_n, options);
    const bool matrix_free = m_kind == LinSolve::gmres;
    const bool need_assembled =
        !matrix_free || options.preconditioner == Precond::jacobi ||
        options.preconditioner == Precond::ilu0 ||
        (options.preconditioner == Precond::user &&
         options.user_preconditioner->requirement() != MatrixRequirement::matrix_free);
    std::unique_ptr<IterationMatrix> assembled;
    if (need_assembled) {
      if (m_jac.has_pattern() && (m_kind != LinSolve::dense)) {
        assembled = std::make_unique<SparseIterationMatrix>(m_jac.make_sparse_matrix());
        m_sparse = true;
      } else {
        assembled = std::make_unique<DenseIterationMatrix>(m_n);
      }
    }
    if (matrix_free) {
      auto jvp = [this](std::span<const double> v, std::span<double> Jv) {
        m_jac.jvp(implicit_rhs(*m_problem), m_t, m_point, m_problem->p, v, Jv, m_jvp_stats, m_fy);
        return all_finite(Jv) ? Status::success : Status::rhs_not_finite_recoverable;
      };
      if (assembled) {
        auto w =
            std::make_unique<PreconditionedMatrixFreeIterationMatrix>(std::move(assembled), jvp);
        m_assembled = &w->assembled();
        m_W = std::move(w);
      } else {
        m_W = std::make_unique<MatrixFreeIterationMatrix>(m_n, jvp);
      }
      m_solver = std::make_unique<Gmres>(
          GmresOptions{.restart = std::max(1, std::min<int>(options.krylov_dim, int(m_n)))},
          make_preconditioner(options));
    } else {
      m_W = std::move(assembled);
      m_assembled = m_W.get();
      if (m_kind == LinSolve::sparse) {
        m_solver = sparse_solver(implicit_rhs(problem));
      } else {
        m_solver = std::make_unique<DenseLU>();
      }
    }
  }

  Linearization(const Linearization&) = delete;
  Linearization& operator=(const Linearization&) = delete;

  std::size_t size() const noexcept { return m_n; }
  LinSolve kind() const noexcept { return m_kind; }
  std::string_view solver_name() const noexcept { return m_solver->name(); }
  bool has_jacobian() const noexcept { return m_has_jacobian; }
  /// Time of the point of the current Jacobian.
  double jacobian_time() const noexcept { return m_t; }
  /// gamma of the current factorisation (0 before the first).
  double gamma() const noexcept { return m_gamma; }

  /// Linearizes at (t, y): evaluates J there (for a matrix-free W, records the point of the
  /// JVPs; the assembled W of a preconditioner is re-evaluated too). fy = f(t, y).
  Status update_jacobian(Problem& problem, double t, std::span<const double> y,
                         std::span<const double> fy, Stats& stats) {
    m_problem = &problem;
    m_t = t;
    std::copy(y.begin(), y.end(), m_point.begin());
    std::copy(fy.begin(), fy.end(), m_fy.begin());
    if (m_assembled) {
      const std::span<const double> p(problem.p.data(), problem.p.size());
      if (m_sparse) {
        auto& W = static_cast<SparseIterationMatrix&>(*m_assembled);
        m_jac.sparse_jacobian(implicit_rhs(problem), t, m_point, p, W.jacobian(), stats, m_fy);
        if (!all_finite(std::span<const double>(
                W.jacobian().valuePtr(), static_cast<std::size_t>(W.jacobian().nonZeros())))) {
          return Status::rhs_not_finite_recoverable;
        }
      } else {
        auto& W = static_cast<DenseIterationMatrix&>(*m_assembled);
        m_jac.dense_jacobian(implicit_rhs(problem), t, m_point, p, W.jacobian(), stats, m_fy);
        if (!W.jacobian().allFinite()) return Status::rhs_not_finite_recoverable;
      }
    } else {
      ++stats.njac;  // matrix-free: the linearisation point is the Jacobian
    }
    m_has_jacobian = true;
    m_gamma = 0;  // a new J needs a new factorisation
    return Status::success;
  }

  /// Forms W = I - gamma J and factors it (or sets up the preconditioner).
  Status factor(Problem& problem, double gamma, Stats& stats) {
    if (!m_has_jacobian) throw std::logic_error("Linearization::factor before update_jacobian");
    m_problem = &problem;
    m_W->form(gamma);
    const Status s = m_solver->setup(*m_W);
    detail::add_solver_work(stats, m_solver->stats(), m_solver_seen);
    m_gamma = s == Status::success ? gamma : 0;
    return s;
  }

  /// x = W^{-1} b with the current factorisation; tol is the relative residual tolerance of
  /// iterative solvers (direct solvers ignore it).
  Status solve(Problem& problem, std::span<const double> b, std::span<double> x, double tol,
               Stats& stats) {
    m_problem = &problem;
    const Status s = m_solver->solve(b, x, tol);
    detail::add_solver_work(stats, m_solver->stats(), m_solver_seen);
    stats.nf += m_jvp_stats.nf;
    stats.njvp += m_jvp_stats.njvp;
    m_jvp_stats = Stats{};
    return s;
  }

  /// df/dt at the Jacobian's point (Rosenbrock methods need it for non-autonomous
  /// problems): one sweep with a dual time when f accepts one, else a forward difference
  /// on the scale of the step dt. One evaluation of f.
  void time_derivative(Problem& problem, double dt, std::span<double> ft, Stats& stats) {
    m_jac.time_derivative(implicit_rhs(problem), m_t, m_point,
                          std::span<const double>(problem.p.data(), problem.p.size()), ft, stats,
                          m_fy, dt);
  }

 private:
  static JacobianOptions jacobian_options(const Options& o) {
    // df/dt follows the Jacobian's choice where it can: differences when asked, else exact.
    const DerivativeMethod time = o.jac == DerivativeMethod::finite_difference
                                      ? DerivativeMethod::finite_difference
                                      : DerivativeMethod::automatic;
    // Difference steps on the scale the tolerances declare: below atol / rtol a component is
    // held to atol, so that is its typical size (ROBER's y2 ~ 1e-5 needs steps far below the
    // default sqrt(eps)); clamped so that a step still moves f above round-off.
    double typical = 1;
    if (o.rtol && o.atol.is_set()) {
      const auto a = o.atol.values();
      typical = std::clamp(*std::min_element(a.begin(), a.end()) / *o.rtol, 1e-8, 1.0);
    }
    return {.jac = o.jac, .jvp = o.jac, .time = time, .typical_y = typical};
  }

  static constexpr bool declares_pattern = HasJacSparsity<F>;

  /// Diagonal blocks up to this size are factored densely by BlockTriangularLU; larger ones
  /// are left to KLU (whose block triangular form finds them too).
  static constexpr std::size_t kLargestDenseBlock = 64;

  static std::unique_ptr<LinearSolver> sparse_solver(const F& f) {
    if constexpr (HasJacBlockSizes<F>) {
      std::vector<std::size_t> sizes = f.jac_block_sizes();
      if (!sizes.empty() && *std::max_element(sizes.begin(), sizes.end()) <= kLargestDenseBlock) {
        return std::make_unique<BlockTriangularLU>(std::move(sizes));
      }
    }
    return std::make_unique<SparseLU>();
  }

 public:
  /// Throws std::invalid_argument when a problem of n states cannot be served with these
  /// options (what the constructor checks, without allocating anything).
  static void check_options(std::size_t n, const Options& o) {
    const LinSolve kind = detail::resolve_linsolve(o.linsolve, declares_pattern, n);
    detail::validate_linsolve(o, kind, declares_pattern);
    if (o.preconditioner == Precond::ilu0 && !declares_pattern) {
      throw std::invalid_argument(
          "preconditioner = ilu0 needs the sparse W: give f a jac_sparsity() member, or use "
          "preconditioner = jacobi");
    }
    if (o.preconditioner == Precond::user && !o.user_preconditioner) {
      throw std::invalid_argument(
          "preconditioner = user but user_preconditioner is empty: set "
          "Options::user_preconditioner");
    }
    if (o.preconditioner == Precond::user &&
        o.user_preconditioner->requirement() == MatrixRequirement::sparse && !declares_pattern) {
      throw std::invalid_argument(
          "user_preconditioner needs a sparse W: give f a jac_sparsity() member");
    }
  }

 private:
  static std::unique_ptr<Preconditioner> make_preconditioner(const Options& o) {
    switch (o.preconditioner) {
      case Precond::none:
        return nullptr;
      case Precond::jacobi:
        return std::make_unique<Jacobi>();
      case Precond::ilu0:
        return std::make_unique<ILU0>();
      case Precond::user:
        return std::make_unique<detail::SharedPreconditioner>(o.user_preconditioner);
    }
    return nullptr;
  }

  static bool all_finite(std::span<const double> v) noexcept {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
  }

  std::size_t m_n;
  JacobianWorkspace<F> m_jac;
  LinSolve m_kind;
  bool m_sparse = false;
  std::unique_ptr<IterationMatrix> m_W;
  IterationMatrix* m_assembled = nullptr;  // the W holding an assembled J (may be m_W)
  std::unique_ptr<LinearSolver> m_solver;
  Stats m_solver_seen, m_jvp_stats;
  Problem* m_problem = nullptr;  // for the JVPs of a matrix-free W (refreshed by every call)
  double m_t = 0, m_gamma = 0;
  bool m_has_jacobian = false;
  std::vector<double> m_point, m_fy;
};

}  // namespace odekit
