#include "odekit/linear_solvers/newton.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "odekit/core/format.hpp"
#include "odekit/linear_solvers/linear_operator.hpp"

namespace odekit {

namespace {

const NewtonOptions& validated(const NewtonOptions& o) {
  if (o.max_iterations < 1) {
    throw std::invalid_argument(
        "NewtonOptions::max_iterations = " + std::to_string(o.max_iterations) + ", expected >= 1");
  }
  if (!(o.kappa > 0 && o.kappa <= 1)) {
    throw std::invalid_argument("NewtonOptions::kappa = " + detail::num(o.kappa) +
                                ", expected 0 < kappa <= 1 (typical: 0.01 to 0.1)");
  }
  if (!(o.forcing_fraction > 0 && o.forcing_fraction < 1)) {
    throw std::invalid_argument("NewtonOptions::forcing_fraction = " +
                                detail::num(o.forcing_fraction) + ", expected 0 < value < 1");
  }
  return o;
}

bool all_finite(std::span<const double> v) noexcept {
  return detail::as_eigen(v).allFinite();
}

}  // namespace

double wrms_norm(std::span<const double> v, std::span<const double> weights) noexcept {
  if (v.empty()) return 0;
  const double sum = detail::as_eigen(v).cwiseProduct(detail::as_eigen(weights)).squaredNorm();
  return std::sqrt(sum / static_cast<double>(v.size()));
}

void error_weights(std::span<const double> y, double rtol, const AbsoluteTolerance& atol,
                   std::span<double> weights) {
  detail::require_size("error_weights", "weights", weights.size(), y.size());
  if (!atol.is_set()) throw std::invalid_argument("error_weights: atol is not set");
  if (!atol.is_scalar()) detail::require_size("error_weights", "atol", atol.size(), y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    weights[i] = 1 / (atol[i] + rtol * std::abs(y[i]));
  }
}

Newton::Newton(std::size_t n, NewtonOptions options)
    : m_options(validated(options)), m_z0(n), m_F(n), m_dz(n) {
  if (n == 0) throw std::invalid_argument("Newton: n = 0, expected a system of size >= 1");
}

double Newton::forcing_term(int k, double norm_F, double norm_F_prev,
                            double eta_prev) const noexcept {
  const double cap = m_options.forcing_fraction;
  if (m_options.forcing == ForcingTerm::fixed || k == 0 || norm_F_prev == 0) return cap;
  // Eisenstat & Walker (1996), choice 2 with gamma = 0.9, alpha = 2, and their safeguard
  // against a sudden drop of the forcing term while the residual still decreases slowly.
  const double ratio = norm_F / norm_F_prev;
  double eta = 0.9 * ratio * ratio;
  const double safeguard = 0.9 * eta_prev * eta_prev;
  if (safeguard > 0.1) eta = std::max(eta, safeguard);
  return std::min(eta, cap);
}

Status Newton::iterate(const NewtonSystem& system, std::span<double> z,
                       std::span<const double> weights, double tol, bool& jacobian_current,
                       Stats& stats) {
  const double eps = std::numeric_limits<double>::epsilon();
  const int k_max = m_options.max_iterations;
  double norm_dz_prev = 0, norm_F_prev = 0, forcing = 0;
  for (int k = 0; k < k_max; ++k) {
    if (k > 0 && m_options.refresh_jacobian_every_iteration && system.setup) {
      if (const Status s = system.setup(true, jacobian_current); s != Status::success) return s;
    }
    if (const Status s = system.residual(z, m_F); s != Status::success) return s;
    if (!all_finite(m_F)) return Status::rhs_not_finite_recoverable;
    const double norm_F = wrms_norm(m_F, weights);
    forcing = forcing_term(k, norm_F, norm_F_prev, forcing);
    norm_F_prev = norm_F;

    auto F = detail::as_eigen(std::span<double>(m_F));
    F = -F;
    const Status s = system.solve(m_F, m_dz, forcing);
    ++m_last.iterations;
    ++stats.nnewton;
    if (s != Status::success) return s;
    const double norm_dz = wrms_norm(m_dz, weights);
    if (!std::isfinite(norm_dz)) return Status::newton_not_converged;
    detail::as_eigen(z) += detail::as_eigen(std::span<const double>(m_dz));
    if (norm_dz == 0) return Status::success;

    // eta * ||dz|| estimates the error left after this iteration (Hairer & Wanner IV.8).
    double eta = 0, theta = 0;
    if (k == 0) {
      eta = std::pow(std::max(m_eta, eps), 0.8);
    } else {
      theta = norm_dz / norm_dz_prev;
      m_last.rate = theta;
      if (theta >= 1) return Status::newton_not_converged;  // diverging
      eta = theta / (1 - theta);
    }
    if (eta * norm_dz <= m_options.kappa * tol) {
      m_eta = eta;
      return Status::success;
    }
    // The rate predicts no convergence within k_max iterations (Hairer & Wanner IV.8). The
    // prediction assumes a constant rate, so full Newton, whose rate keeps falling, skips it.
    if (k > 0 && !m_options.refresh_jacobian_every_iteration &&
        std::pow(theta, k_max - 1 - k) / (1 - theta) * norm_dz > m_options.kappa * tol) {
      return Status::newton_not_converged;
    }
    norm_dz_prev = norm_dz;
  }
  return Status::newton_not_converged;
}

Status Newton::solve(const NewtonSystem& system, std::span<double> z,
                     std::span<const double> weights, double tol, bool call_setup, Stats& stats) {
  detail::require_size("Newton::solve", "z", z.size(), size());
  detail::require_size("Newton::solve", "weights", weights.size(), size());
  if (!(tol > 0 && std::isfinite(tol))) {
    throw std::invalid_argument("Newton::solve: tol = " + detail::num(tol) +
                                ", expected a finite value > 0");
  }
  if (!system.residual || !system.solve) {
    throw std::invalid_argument("Newton::solve: system.residual and system.solve are required");
  }
  m_last = {};
  std::copy(z.begin(), z.end(), m_z0.begin());
  bool jacobian_current = false;
  Status s = Status::success;
  if (call_setup && system.setup) s = system.setup(false, jacobian_current);
  if (s == Status::success) s = iterate(system, z, weights, tol, jacobian_current, stats);

  // Stale Jacobian: refresh it and W, and try once more from the initial guess.
  if (is_recoverable(s) && !jacobian_current && system.setup) {
    m_last.retried = true;
    std::copy(m_z0.begin(), m_z0.end(), z.begin());
    m_eta = 1;
    s = system.setup(true, jacobian_current);
    if (s == Status::success) s = iterate(system, z, weights, tol, jacobian_current, stats);
  }
  if (is_recoverable(s)) ++stats.nnewton_fail;
  m_last.status = s;
  return s;
}

}  // namespace odekit
