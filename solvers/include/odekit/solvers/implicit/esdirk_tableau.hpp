#pragma once
// Compile-time checks of ESDIRK (explicit first stage, singly diagonally implicit) tableaus
// and of the explicit partner of an additive (IMEX) pair. The tableaus are ButcherTableau
// with a diagonal, so the explicit-RK checks (row sums, weights, order conditions up to 4,
// dense output) apply as they are; these add the ESDIRK structure, stiff accuracy, the
// embedded method's order and the coupling conditions of an additive pair (Kennedy &
// Carpenter, Appl. Numer. Math. 44 (2003), Sec. 2.1: with shared b and c, the order 4
// conditions that mix the two tableaus are sum b_i A_ij A'_jk c_k = 1/24).

#include "odekit/solvers/butcher_tableau.hpp"

namespace odekit::esdirk_check {

/// First stage explicit (row 0 zero), every later stage with the same diagonal gamma > 0,
/// nothing above the diagonal.
template <int S>
constexpr bool is_esdirk(const ButcherTableau<S>& t) {
  if (S < 2 || !(t.a[1][1] > 0)) return false;
  for (int i = 0; i < S; ++i) {
    for (int j = i; j < S; ++j) {
      const long double expected = (i == j && i > 0) ? t.a[1][1] : 0;
      if (t.a[i][j] != expected) return false;
    }
  }
  return true;
}

/// The last stage is the solution (b equals the last row of a): L-stability carries over
/// from the stability function, and the last stage's derivative is f(t1, y1).
template <int S>
constexpr bool is_stiffly_accurate(const ButcherTableau<S>& t) {
  for (int j = 0; j < S; ++j)
    if (t.a[S - 1][j] != t.b[j]) return false;
  return true;
}

/// The embedded method b_hat = b - b_err as a tableau of order error_order.
template <int S>
constexpr ButcherTableau<S> embedded(ButcherTableau<S> t) {
  for (int j = 0; j < S; ++j) t.b[j] -= t.b_err[j];
  t.order = t.error_order;
  return t;
}

/// An additive pair shares c, b and b_err, and (to order 4) satisfies the coupling
/// conditions sum_ijk b_i A_ij A'_jk c_k = 1/24 for A, A' the two different tableaus.
template <int S>
constexpr bool is_additive_pair(const ButcherTableau<S>& im, const ButcherTableau<S>& ex,
                                long double tol = 1e-14L) {
  for (int j = 0; j < S; ++j) {
    if (im.c[j] != ex.c[j] || im.b[j] != ex.b[j] || im.b_err[j] != ex.b_err[j]) return false;
  }
  if (im.order < 4) return true;
  long double ie = 0, ei = 0;
  for (int i = 0; i < S; ++i) {
    for (int j = 0; j < S; ++j) {
      for (int k = 0; k < S; ++k) {
        ie += im.b[i] * im.a[i][j] * ex.a[j][k] * ex.c[k];
        ei += im.b[i] * ex.a[i][j] * im.a[j][k] * im.c[k];
      }
    }
  }
  return tableau_check::abs(ie - 1.0L / 24) <= tol && tableau_check::abs(ei - 1.0L / 24) <= tol;
}

}  // namespace odekit::esdirk_check
