#pragma once
// The backward differences D_j = nabla^j y_n (j = 0..k+2) of a BDF/NDF at constant spacing h,
// the history of Shampine & Reichelt's quasi-constant step size implementation ("The MATLAB
// ODE Suite", SIAM J. Sci. Comput. 18 (1997), Section 2). D_0..D_k define the interpolating
// polynomial of the last k+1 solution values,
//   P(t_n + s h) = sum_{j=0}^{k} D_j s (s+1) ... (s+j-1) / j!,
// which gives the predictor (s = 1) and the dense output (s in [-1, 0]). A step-size change
// re-evaluates P on the new grid (change_step); D_{k+1} and D_{k+2} feed the error estimates
// of orders k and k+1.

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "odekit/solvers/bdf/coefficients.hpp"

namespace odekit::detail {

class BackwardDifferences {
 public:
  BackwardDifferences(std::size_t n, int max_order)
      : m_n(n), m_d(static_cast<std::size_t>(max_order + 3) * n) {}

  double* row(int j) noexcept { return m_d.data() + static_cast<std::size_t>(j) * m_n; }
  const double* row(int j) const noexcept { return m_d.data() + static_cast<std::size_t>(j) * m_n; }

  /// D_0 = y0, D_1 = h f0 (a first-order history: the line through y0 with slope f0), the
  /// rest zero.
  void start(const double* y0, const double* f0, double h) noexcept {
    std::fill(m_d.begin(), m_d.end(), 0.0);
    std::copy(y0, y0 + m_n, row(0));
    double* d1 = row(1);
    for (std::size_t i = 0; i < m_n; ++i) d1[i] = h * f0[i];
  }

  /// The predictor y_pred = P(t_n + h) = sum_{j=0}^{k} D_j, and the constant part of the
  /// corrector, psi = sum_{j=1}^{k} gamma_j D_j / alpha_k (see coefficients.hpp).
  void predict(int k, const BdfCoefficients& c, double* y_pred, double* psi) const noexcept {
    std::copy(row(0), row(0) + m_n, y_pred);
    std::fill(psi, psi + m_n, 0.0);
    for (int j = 1; j <= k; ++j) {
      const double* dj = row(j);
      const double g = c.gamma[j] / c.alpha[k];
      for (std::size_t i = 0; i < m_n; ++i) {
        y_pred[i] += dj[i];
        psi[i] += g * dj[i];
      }
    }
  }

  /// Moves the history one step on after y_{n+1} = y_pred + d was accepted at order k:
  /// d = nabla^{k+1} y_{n+1}, then nabla^{k+2} y_{n+1} = d - nabla^{k+1} y_n and
  /// nabla^j y_{n+1} = nabla^j y_n + nabla^{j+1} y_{n+1} downwards.
  void accept(int k, const double* d) noexcept {
    double* dk1 = row(k + 1);
    double* dk2 = row(k + 2);
    for (std::size_t i = 0; i < m_n; ++i) {
      dk2[i] = d[i] - dk1[i];
      dk1[i] = d[i];
    }
    for (int j = k; j >= 0; --j) {
      double* dj = row(j);
      const double* above = row(j + 1);
      for (std::size_t i = 0; i < m_n; ++i) dj[i] += above[i];
    }
  }

  /// Changes the spacing from h to r h: D_1..D_k become the differences of P on the grid
  /// t_n - i r h. With V_im = (-i r)(1 - i r)...(m-1 - i r) / m!, the value of P's m-th basis
  /// polynomial there, D'_j = sum_m A_jm D_m with A_jm = sum_{i=0}^{j} (-1)^i C(j, i) V_im.
  /// A is upper triangular (the j-th difference of a degree-m polynomial vanishes for m < j),
  /// so the update runs in place for j = 1, 2, ... k.
  void change_step(int k, double r) noexcept {
    std::array<std::array<double, kBdfMaxOrder + 1>, kBdfMaxOrder + 1> V{}, A{};
    for (int i = 0; i <= k; ++i) {
      V[i][0] = 1;
      for (int m = 1; m <= k; ++m) V[i][m] = V[i][m - 1] * (m - 1 - i * r) / m;
    }
    for (int j = 1; j <= k; ++j) {
      double binom = 1;  // (-1)^i C(j, i)
      for (int i = 0; i <= j; ++i) {
        for (int m = j; m <= k; ++m) A[j][m] += binom * V[i][m];
        binom = -binom * (j - i) / (i + 1);
      }
    }
    for (int j = 1; j <= k; ++j) {
      double* dj = row(j);
      for (std::size_t i = 0; i < m_n; ++i) dj[i] *= A[j][j];
      for (int m = j + 1; m <= k; ++m) {
        const double* dm = row(m);
        for (std::size_t i = 0; i < m_n; ++i) dj[i] += A[j][m] * dm[i];
      }
    }
  }

 private:
  std::size_t m_n;
  std::vector<double> m_d;
};

}  // namespace odekit::detail
