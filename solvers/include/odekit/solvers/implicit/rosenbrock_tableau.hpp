#pragma once
// Coefficients of Rosenbrock (Rosenbrock–Wanner) methods and their compile-time checks.
//
// A step of size h from (t0, y0) with J = df/dy and T = df/dt at (t0, y0) and the
// iteration matrix W = I - h gamma J solves, for i = 0 .. S-1,
//
//   W u_i = h gamma (f(t0 + c_i h, Y_i) + sum_j e_ij F_j) + gamma sum_{j<i} C_ij u_j
//           + h^2 gamma d_i T,          Y_i = y0 + sum_{j<i} a_ij u_j,   F_j = f(t0 + c_j h, Y_j),
//
// and y1 = y0 + sum_j m_j u_j, err = sum_j m_err_j u_j. This is the transformed form of
// Hairer & Wanner, Solving ODEs II, 2nd ed., VI.4, (4.8), multiplied through by h gamma (so
// that W is odekit's I - gamma h J): a_ij, C_ij, gamma, c_i = alpha_i and d_i = gamma_i are
// the coefficients as Hairer's RODAS code and the Rodas papers publish them. The e_ij are not
// in the classical form: MATLAB's ode23s (Shampine & Reichelt 1997) builds its error
// stage from earlier f values; they are zero for every other method.
//
// Dense output (Hairer's RODAS; Steinebach's Rodas5P): with D_r = sum_j H_rj u_j,
//   y(t0 + theta h) = (1 - theta) y0 + theta (y1 + (1 - theta) (D_1 + theta D_2 + ... )).
//
// The classical coefficients are recovered from the transformed ones (Gamma = (diag(1/gamma)
// - C)^-1, alpha = a Gamma, b = m Gamma), so the checks below test the classical order
// conditions (Hairer & Wanner VI.7, Table 7.1) up to order 4 and the consistency of c, d and
// H with a and C.

#include <array>
#include <type_traits>

namespace odekit {

template <int S, int D>
struct RosenbrockTableau {
  static constexpr int stages = S;
  /// Number of dense-output vectors D_r.
  static constexpr int dense_terms = D;
  long double gamma = 0;
  std::array<long double, S> c{};
  std::array<long double, S> d{};
  std::array<std::array<long double, S>, S> a{};
  std::array<std::array<long double, S>, S> C{};
  std::array<std::array<long double, S>, S> e{};
  std::array<long double, S> m{};
  std::array<long double, S> m_err{};
  std::array<std::array<long double, S>, D> H{};
  int order = 0;
  /// Order of the embedded solution y1 - err (the error estimate is O(h^(error_order + 1))).
  int error_order = 0;
  int dense_order = 0;
  const char* dense_description = "";
};

/// The weights of the Rodas family: y1 = Y_S + u_S, whose stage point Y_S (the embedded
/// solution) has row a_S, and err = u_S.
template <int S, int D>
constexpr RosenbrockTableau<S, D> with_rodas_weights(RosenbrockTableau<S, D> t) {
  t.m = t.a[S - 1];
  t.m[S - 1] = 1;
  t.m_err = {};
  t.m_err[S - 1] = 1;
  return t;
}

/// Stage i only feeds the error estimate (no weight in y1, the dense output or a later
/// stage): steps without error estimation skip its linear solve, and the reverse of a step
/// skips it too.
template <int S, int D>
constexpr bool error_only_stage(const RosenbrockTableau<S, D>& t, int i) {
  if (t.m[i] != 0) return false;
  for (int r = 0; r < D; ++r)
    if (t.H[r][i] != 0) return false;
  for (int k = i + 1; k < S; ++k)
    if (t.a[k][i] != 0 || t.C[k][i] != 0) return false;
  return true;
}

namespace rosenbrock_check {

/// A row of stage weights (not deduced, so that S comes from the tableau).
template <int S>
using Weights = std::type_identity_t<std::array<long double, S>>;

constexpr long double abs(long double x) {
  return x < 0 ? -x : x;
}

/// Stage i follows the classical form (no f-value terms).
template <int S, int D>
constexpr bool classical_stage(const RosenbrockTableau<S, D>& t, int i) {
  for (int j = 0; j < S; ++j)
    if (t.e[i][j] != 0) return false;
  return true;
}

/// Every stage with a nonzero weight in w is classical.
template <int S, int D>
constexpr bool classical_weights(const RosenbrockTableau<S, D>& t, const Weights<S>& w) {
  for (int i = 0; i < S; ++i)
    if (w[i] != 0 && !classical_stage(t, i)) return false;
  return true;
}

template <int S, int D>
constexpr bool strictly_lower(const RosenbrockTableau<S, D>& t) {
  for (int i = 0; i < S; ++i)
    for (int j = i; j < S; ++j)
      if (t.a[i][j] != 0 || t.C[i][j] != 0 || t.e[i][j] != 0) return false;
  return t.gamma > 0;
}

/// Gamma = (diag(1 / gamma) - C)^-1 by forward substitution (lower triangular).
template <int S, int D>
constexpr std::array<std::array<long double, S>, S> gamma_matrix(const RosenbrockTableau<S, D>& t) {
  std::array<std::array<long double, S>, S> G{};
  for (int k = 0; k < S; ++k) {
    for (int i = k; i < S; ++i) {
      long double s = i == k ? 1 : 0;
      for (int j = k; j < i; ++j) s += t.C[i][j] * G[j][k];
      G[i][k] = s * t.gamma;
    }
  }
  return G;
}

/// alpha = a Gamma has row sums c (stage times), Gamma has row sums d (the weights of h T),
/// over the classical stages.
template <int S, int D>
constexpr bool stage_coefficients_consistent(const RosenbrockTableau<S, D>& t,
                                             long double tol = 1e-12L) {
  const auto G = gamma_matrix(t);
  for (int i = 0; i < S; ++i) {
    long double alpha = 0, g = 0;
    for (int j = 0; j < S; ++j) {
      g += G[i][j];
      for (int k = 0; k < S; ++k) alpha += t.a[i][k] * G[k][j];
    }
    if (abs(alpha - t.c[i]) > tol) return false;
    if (classical_stage(t, i) && abs(g - t.d[i]) > tol) return false;
  }
  return true;
}

/// The order conditions of Hairer & Wanner VI.7, Table 7.1, up to min(order, 4), for the
/// classical weights b = w Gamma, with beta_ij = alpha_ij + Gamma_ij (j < i).
template <int S, int D>
constexpr bool order_conditions_hold(const RosenbrockTableau<S, D>& t, const Weights<S>& w,
                                     int order, long double tol = 1e-12L) {
  const auto G = gamma_matrix(t);
  std::array<long double, S> b{}, al{}, bp{};
  std::array<std::array<long double, S>, S> alpha{}, beta{};
  for (int i = 0; i < S; ++i) {
    for (int j = 0; j < S; ++j) {
      b[j] += w[i] * G[i][j];
      for (int k = 0; k < S; ++k) alpha[i][j] += t.a[i][k] * G[k][j];
    }
  }
  for (int i = 0; i < S; ++i) {
    for (int j = 0; j < i; ++j) {
      beta[i][j] = alpha[i][j] + G[i][j];
      al[i] += alpha[i][j];
      bp[i] += beta[i][j];
    }
  }
  const long double g = t.gamma;
  long double c1 = 0, c2 = 0, c3a = 0, c3b = 0, c4a = 0, c4b = 0, c4c = 0, c4d = 0;
  for (int i = 0; i < S; ++i) {
    long double beta_bp = 0, alpha_bp = 0, beta_al2 = 0, beta_beta_bp = 0;
    for (int j = 0; j < S; ++j) {
      beta_bp += beta[i][j] * bp[j];
      alpha_bp += alpha[i][j] * bp[j];
      beta_al2 += beta[i][j] * al[j] * al[j];
      long double inner = 0;
      for (int k = 0; k < S; ++k) inner += beta[j][k] * bp[k];
      beta_beta_bp += beta[i][j] * inner;
    }
    c1 += b[i];
    c2 += b[i] * bp[i];
    c3a += b[i] * al[i] * al[i];
    c3b += b[i] * beta_bp;
    c4a += b[i] * al[i] * al[i] * al[i];
    c4b += b[i] * al[i] * alpha_bp;
    c4c += b[i] * beta_al2;
    c4d += b[i] * beta_beta_bp;
  }
  bool ok = abs(c1 - 1) <= tol;
  if (order >= 2) ok = ok && abs(c2 - (0.5L - g)) <= tol;
  if (order >= 3) {
    ok = ok && abs(c3a - 1.0L / 3) <= tol && abs(c3b - (1.0L / 6 - g + g * g)) <= tol;
  }
  if (order >= 4) {
    ok = ok && abs(c4a - 0.25L) <= tol && abs(c4b - (1.0L / 8 - g / 3)) <= tol &&
         abs(c4c - (1.0L / 12 - g / 3)) <= tol &&
         abs(c4d - (1.0L / 24 - g / 2 + 1.5L * g * g - g * g * g)) <= tol;
  }
  return ok;
}

/// The embedded weights m - m_err.
template <int S, int D>
constexpr std::array<long double, S> embedded_weights(const RosenbrockTableau<S, D>& t) {
  std::array<long double, S> w{};
  for (int j = 0; j < S; ++j) w[j] = t.m[j] - t.m_err[j];
  return w;
}

/// The dense output is consistent: each D_r is O(h^2) (u_j = d_j h f + O(h^2), so
/// sum_j H_rj d_j = 0), and it uses classical stages only.
template <int S, int D>
constexpr bool dense_is_consistent(const RosenbrockTableau<S, D>& t, long double tol = 1e-11L) {
  for (int r = 0; r < D; ++r) {
    long double s = 0;
    for (int j = 0; j < S; ++j) s += t.H[r][j] * t.d[j];
    if (abs(s) > tol || !classical_weights(t, t.H[r])) return false;
  }
  return true;
}

}  // namespace rosenbrock_check

}  // namespace odekit
