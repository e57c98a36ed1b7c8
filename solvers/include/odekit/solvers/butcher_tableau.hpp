#pragma once
// Butcher tableaus of explicit Runge–Kutta methods, their dense-output coefficients, and
// compile-time consistency checks.
//
// Coefficients are stored in long double so that a solve in long double (used to compute
// reference solutions) is not limited by the precision of its method's coefficients. The
// engine converts them to the working precision at compile time.

#include <array>
#include <cstddef>

namespace odekit {

template <int S>
struct ButcherTableau {
  static constexpr int stages = S;
  std::array<long double, S> c{};
  std::array<std::array<long double, S>, S> a{};
  std::array<long double, S> b{};
  /// b - b_hat in difference form (b_hat the embedded method); all zero without an estimate.
  std::array<long double, S> b_err{};
  int order = 0;
  /// Order of the embedded method b_hat (0 when there is no error estimate).
  int error_order = 0;
};

/// Dense output of a method with S stages: E extra stages evaluated only when interpolating
/// (Verner's lazy stages, or f(t1, y1) for a Hermite interpolant), and the weights
/// b_l(theta) = sum_m b_theta[l][m] * theta^(m+1) so that
/// y(t0 + theta*dt) = y0 + dt * sum_l b_l(theta) k_l over the S + E stages.
template <int S, int E, int D>
struct DenseCoefficients {
  static constexpr int main_stages = S;
  static constexpr int extra_stages = E;
  static constexpr int degree = D;
  std::array<long double, (E > 0 ? E : 1)> c{};
  /// a[e][l]: weight of stage l in extra stage S + e (l < S + e).
  std::array<std::array<long double, S + E>, (E > 0 ? E : 1)> a{};
  std::array<std::array<long double, D>, S + E> b_theta{};
  /// Order of the interpolant: its local error is O(dt^(order + 1)).
  int order = 0;
  const char* description = "";
};

namespace tableau_check {

constexpr long double abs(long double x) {
  return x < 0 ? -x : x;
}
inline constexpr long double default_tolerance = 1e-15L;

template <int S>
constexpr bool is_explicit(const ButcherTableau<S>& t) {
  for (int i = 0; i < S; ++i)
    for (int j = i; j < S; ++j)
      if (t.a[i][j] != 0) return false;
  return true;
}

/// sum_j a_ij = c_i for every row.
template <int S>
constexpr bool rows_sum_to_c(const ButcherTableau<S>& t, long double tol = default_tolerance) {
  for (int i = 0; i < S; ++i) {
    long double s = 0;
    for (int j = 0; j < S; ++j) s += t.a[i][j];
    if (abs(s - t.c[i]) > tol) return false;
  }
  return true;
}

template <int S>
constexpr bool weights_sum_to_one(const ButcherTableau<S>& t, long double tol = default_tolerance) {
  long double s = 0;
  for (int j = 0; j < S; ++j) s += t.b[j];
  return abs(s - 1) <= tol;
}

/// The embedded method is consistent too: sum b_err = 0.
template <int S>
constexpr bool error_weights_sum_to_zero(const ButcherTableau<S>& t,
                                         long double tol = default_tolerance) {
  long double s = 0;
  for (int j = 0; j < S; ++j) s += t.b_err[j];
  return abs(s) <= tol;
}

template <int S>
constexpr bool has_error_estimate(const ButcherTableau<S>& t) {
  for (int j = 0; j < S; ++j)
    if (t.b_err[j] != 0) return true;
  return false;
}

/// Conditions of order 1 to min(order, 4) (the 8 trees up to four nodes), cheap enough to
/// check at compile time; tests check every order condition up to the method's order.
template <int S>
constexpr bool low_order_conditions_hold(const ButcherTableau<S>& t, long double tol = 1e-14L) {
  long double sb = 0, sbc = 0, sbc2 = 0, sbac = 0, sbc3 = 0, sbcac = 0, sbac2 = 0, sbaac = 0;
  for (int i = 0; i < S; ++i) {
    long double ac = 0, ac2 = 0, aac = 0;
    for (int j = 0; j < S; ++j) {
      ac += t.a[i][j] * t.c[j];
      ac2 += t.a[i][j] * t.c[j] * t.c[j];
      long double inner = 0;
      for (int k = 0; k < S; ++k) inner += t.a[j][k] * t.c[k];
      aac += t.a[i][j] * inner;
    }
    sb += t.b[i];
    sbc += t.b[i] * t.c[i];
    sbc2 += t.b[i] * t.c[i] * t.c[i];
    sbac += t.b[i] * ac;
    sbc3 += t.b[i] * t.c[i] * t.c[i] * t.c[i];
    sbcac += t.b[i] * t.c[i] * ac;
    sbac2 += t.b[i] * ac2;
    sbaac += t.b[i] * aac;
  }
  const int p = t.order;
  bool ok = abs(sb - 1) <= tol;
  if (p >= 2) ok = ok && abs(sbc - 0.5L) <= tol;
  if (p >= 3) ok = ok && abs(sbc2 - 1.0L / 3) <= tol && abs(sbac - 1.0L / 6) <= tol;
  if (p >= 4) {
    ok = ok && abs(sbc3 - 0.25L) <= tol && abs(sbcac - 1.0L / 8) <= tol &&
         abs(sbac2 - 1.0L / 12) <= tol && abs(sbaac - 1.0L / 24) <= tol;
  }
  return ok;
}

/// The last stage is f(t1, y1): c = 1, its row equals b and b's last weight is zero.
template <int S>
constexpr bool is_fsal(const ButcherTableau<S>& t) {
  if (S < 2 || t.c[S - 1] != 1 || t.b[S - 1] != 0) return false;
  for (int j = 0; j < S; ++j)
    if (t.a[S - 1][j] != t.b[j]) return false;
  return true;
}

/// Every extra stage is explicit and consistent, and the interpolant reproduces the step's
/// solution at theta = 1 (sum_m b_theta[l][m] = b_l) and is consistent (sum_l b_l(theta) =
/// theta, i.e. the theta^1 weights sum to one and the others to zero).
template <int S, int E, int D>
constexpr bool dense_is_consistent(const ButcherTableau<S>& t, const DenseCoefficients<S, E, D>& d,
                                   long double tol = 1e-14L) {
  for (int e = 0; e < E; ++e) {
    long double s = 0;
    for (int l = 0; l < S + E; ++l) {
      if (l >= S + e && d.a[e][l] != 0) return false;
      s += d.a[e][l];
    }
    if (abs(s - d.c[e]) > tol) return false;
  }
  for (int l = 0; l < S + E; ++l) {
    long double at_one = 0;
    for (int m = 0; m < D; ++m) at_one += d.b_theta[l][m];
    const long double b = l < S ? t.b[l] : 0;
    if (abs(at_one - b) > tol) return false;
  }
  for (int m = 0; m < D; ++m) {
    long double s = 0;
    for (int l = 0; l < S + E; ++l) s += d.b_theta[l][m];
    if (abs(s - (m == 0 ? 1 : 0)) > tol) return false;
  }
  return true;
}

}  // namespace tableau_check

/// Cubic Hermite dense output from y0, y1, f(t0, y0) = k_0 and f(t1, y1): the fallback for
/// methods without an interpolant of their own. Its order is min(3, order of the method)
/// (it interpolates the method's y1). For a method that is not FSAL,
/// f(t1, y1) is one extra stage (c = 1, a = b), which the next step reuses as its k_0.
template <int S, bool Fsal>
constexpr auto hermite_dense(const ButcherTableau<S>& t) {
  constexpr int E = Fsal ? 0 : 1;
  DenseCoefficients<S, E, 3> d{};
  const int f1 = Fsal ? S - 1 : S;
  if constexpr (!Fsal) {
    d.c[0] = 1;
    for (int l = 0; l < S; ++l) d.a[0][l] = t.b[l];
  }
  // y(theta) = y0 + h01 (y1 - y0) + dt (h10 f0 + h11 f1), with y1 - y0 = dt sum_l b_l k_l,
  // h01 = 3 theta^2 - 2 theta^3, h10 = theta - 2 theta^2 + theta^3, h11 = -theta^2 + theta^3.
  for (int l = 0; l < S; ++l) {
    d.b_theta[l][1] += 3 * t.b[l];
    d.b_theta[l][2] += -2 * t.b[l];
  }
  d.b_theta[0][0] += 1;
  d.b_theta[0][1] += -2;
  d.b_theta[0][2] += 1;
  d.b_theta[f1][1] += -1;
  d.b_theta[f1][2] += 1;
  d.order = t.order < 3 ? t.order : 3;
  d.description = "cubic Hermite";
  return d;
}

}  // namespace odekit
