#include "odekit/linear_solvers/gmres.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace odekit {

namespace {

std::string gmres_name(const GmresOptions& o, const Preconditioner* m) {
  std::string name = "GMRES(" + std::to_string(o.restart) + ")";
  if (o.reorthogonalize) name += "[reorth]";
  if (m) name.append("+").append(m->name());
  return name;
}

const GmresOptions& validated(const GmresOptions& o) {
  if (o.restart < 1) {
    throw std::invalid_argument("GmresOptions::restart = " + std::to_string(o.restart) +
                                ", expected >= 1 (typical: 10 to 50)");
  }
  if (o.max_iterations < 1) {
    throw std::invalid_argument(
        "GmresOptions::max_iterations = " + std::to_string(o.max_iterations) + ", expected >= 1");
  }
  return o;
}

std::span<double> as_span(Eigen::Ref<Eigen::VectorXd> v) noexcept {
  return {v.data(), static_cast<std::size_t>(v.size())};
}

}  // namespace

Gmres::Gmres(GmresOptions options, std::unique_ptr<Preconditioner> preconditioner)
    : LinearSolver(gmres_name(validated(options), preconditioner.get())),
      m_options(options),
      m_preconditioner(std::move(preconditioner)) {}

MatrixRequirement Gmres::requirement() const noexcept {
  return m_preconditioner ? m_preconditioner->requirement() : MatrixRequirement::matrix_free;
}

Status Gmres::do_setup(const LinearOperator& A) {
  m_A = &A;
  const auto n = static_cast<Eigen::Index>(A.size());
  const Eigen::Index m = m_options.restart;
  if (m_V.rows() != n || m_V.cols() != m + 1) {
    m_V.resize(n, m + 1);
    m_R.resize(m + 1, m);
    m_cos.resize(m);
    m_sin.resize(m);
    m_g.resize(m + 1);
    m_y.resize(m);
    m_w.resize(n);
    m_z.resize(n);
    m_r.resize(n);
  }
  if (!m_preconditioner) return Status::success;
  ++m_stats.nfactor;
  return m_preconditioner->setup(A);
}

Status Gmres::do_solve(std::span<const double> b_span, std::span<double> x_span, double tol) {
  const auto b = detail::as_eigen(b_span);
  auto x = detail::as_eigen(x_span);
  const double b_norm = b.norm();
  if (b_norm == 0) {  // the solution is x = 0, whatever the guess
    x.setZero();
    return Status::success;
  }
  const double target = tol * b_norm;

  // r = b - A x
  if (m_options.zero_guess) {
    x.setZero();
    m_r = b;
  } else {
    if (const Status s = m_A->apply(x_span, as_span(m_r)); s != Status::success) return s;
    m_r = b - m_r;
  }
  double beta = m_r.norm();
  const int m = m_options.restart;
  const double eps = std::numeric_limits<double>::epsilon();
  long& iterations = m_last.iterations;

  for (;;) {  // one restart cycle per pass
    m_last.residual_norm = beta / b_norm;
    if (beta <= target) return Status::success;
    if (iterations >= m_options.max_iterations) return Status::linear_solve_not_converged;

    m_V.col(0) = m_r / beta;
    m_g.setZero();
    m_g[0] = beta;
    int k = 0;  // columns of the Hessenberg matrix in use
    bool singular = false;
    double norm_A = 0;  // max ||A z|| / ||z|| seen, a lower estimate of ||A||
    while (k < m && iterations < m_options.max_iterations) {
      const int j = k;
      // w = A M^{-1} v_j (right preconditioning)
      std::span<const double> v = as_span(m_V.col(j));
      if (m_preconditioner) {
        if (const Status s = m_preconditioner->apply(v, as_span(m_z)); s != Status::success) {
          return s;
        }
        v = as_span(m_z);
      }
      if (const Status s = m_A->apply(v, as_span(m_w)); s != Status::success) return s;
      ++iterations;
      const double z_norm = m_preconditioner ? m_z.norm() : 1.0;
      // Modified Gram-Schmidt against v_0..v_j (and a second pass if asked).
      for (int pass = 0; pass < (m_options.reorthogonalize ? 2 : 1); ++pass) {
        for (int i = 0; i <= j; ++i) {
          const double h = m_V.col(i).dot(m_w);
          m_R(i, j) = pass == 0 ? h : m_R(i, j) + h;
          m_w.noalias() -= h * m_V.col(i);
        }
      }
      const double h_next = m_w.norm();
      const double column_norm = std::hypot(m_R.col(j).head(j + 1).norm(), h_next);
      norm_A = std::max(norm_A, column_norm / z_norm);
      // Bring column j to triangular form: the previous rotations, then a new one that
      // annihilates h_next. |g_{j+1}| is then the residual norm of the least-squares solution.
      for (int i = 0; i < j; ++i) {
        const double upper = m_cos[i] * m_R(i, j) + m_sin[i] * m_R(i + 1, j);
        m_R(i + 1, j) = -m_sin[i] * m_R(i, j) + m_cos[i] * m_R(i + 1, j);
        m_R(i, j) = upper;
      }
      const double diagonal = std::hypot(m_R(j, j), h_next);
      if (!(diagonal > 10 * eps * column_norm) || !std::isfinite(column_norm)) {
        // A M^{-1} v_j lies in the span of A M^{-1} v_0..v_{j-1} to rounding error: A M^{-1} is
        // singular on this Krylov space (or produced NaN), and no restart can fix that.
        singular = true;
        break;
      }
      m_cos[j] = m_R(j, j) / diagonal;
      m_sin[j] = h_next / diagonal;
      m_R(j, j) = diagonal;
      m_g[j + 1] = -m_sin[j] * m_g[j];
      m_g[j] = m_cos[j] * m_g[j];
      ++k;
      if (std::abs(m_g[j + 1]) <= target || h_next == 0) break;  // converged, or exact
      if (k < m) m_V.col(k) = m_w / h_next;
    }

    // x += M^{-1} V_k y with R_k y = g_k (R_k upper triangular).
    if (k > 0) {
      m_y.head(k) = m_g.head(k);
      m_R.topLeftCorner(k, k).triangularView<Eigen::Upper>().solveInPlace(m_y.head(k));
      m_w.noalias() = m_V.leftCols(k) * m_y.head(k);
      if (m_preconditioner) {
        if (const Status s = m_preconditioner->apply(as_span(m_w), as_span(m_z));
            s != Status::success) {
          return s;
        }
        x += m_z;
      } else {
        x += m_w;
      }
    }
    if (singular) return Status::linear_solve_failed_recoverable;
    const double estimate = std::abs(m_g[k]);
    // The estimate is the true residual up to rounding of order eps ||A|| ||x||. Trust it when
    // that is small against the target; otherwise (a nearly singular A or M, where the
    // estimate can reach zero while x ~ 1/eps) check the true residual.
    const bool claims_convergence = estimate <= target;
    if (claims_convergence && eps * norm_A * x.norm() <= 0.1 * target) {
      m_last.residual_norm = estimate / b_norm;
      return Status::success;
    }
    // The true residual: the start of the next cycle, or the check of a doubtful claim.
    if (const Status s = m_A->apply(x_span, as_span(m_r)); s != Status::success) return s;
    m_r = b - m_r;
    beta = m_r.norm();
    if (claims_convergence && beta > target) {
      m_last.residual_norm = beta / b_norm;
      return Status::linear_solve_failed_recoverable;  // too ill-conditioned for the tolerance
    }
  }
}

}  // namespace odekit
