#pragma once
// Forward-mode dual numbers: Dual<T, N> carries a value and N partial derivatives, so one
// evaluation of a generic right-hand side yields N directional derivatives exactly (to
// round-off), with no truncation error. Fixed size, no heap, usable in CUDA device code.
//
// Rule for code that should run with duals: call math functions unqualified after a
// using-declaration, so that argument-dependent lookup picks odekit's overloads for duals
// and the standard ones for double:
//
//   using std::exp;
//   dydt[0] = exp(y[0]);     // not std::exp(y[0]): that does not accept a Dual
//
// Nesting gives higher derivatives: Dual<Dual<double, N>, M> holds second derivatives in
// x.partials[j].partials[i]. Comparisons, max/min, isfinite and isnan look at values only.
//
// This is forward-mode automatic differentiation with the textbook derivative rules
// (Griewank & Walther, Evaluating Derivatives, 2nd ed., SIAM 2008); choices at
// non-differentiable points are noted where they are made.

#include <cmath>
#include <concepts>
#include <type_traits>

#include "odekit/core/host_device.hpp"

namespace odekit {

template <class T, int N>
struct Dual;

template <class T>
inline constexpr bool is_dual_v = false;
template <class T, int N>
inline constexpr bool is_dual_v<Dual<T, N>> = true;

namespace detail {

/// A plain operand of Dual<T, N>: a built-in number, or T itself (the inner dual when
/// nested). Anything else, such as a dual of another size, is a compile error.
template <class S, class T>
concept DualScalar = std::is_arithmetic_v<S> || std::same_as<S, T>;

/// A built-in number of another type than T (double is T's own constructor's business).
template <class S, class T>
concept OtherArithmetic = std::is_arithmetic_v<S> && !std::same_as<S, T>;

/// The real type under any nesting of duals: double for Dual<Dual<double, 2>, 3>.
template <class T>
struct RealOf {
  using type = T;
};
template <class T, int N>
struct RealOf<Dual<T, N>> {
  using type = typename RealOf<T>::type;
};

/// A plain operand of Dual<T, N> as a real number, so that integers in pow and atan2 do
/// not overflow or wrap (pow(x, 0u) must not form 0u - 1).
template <class T, class S>
ODEKIT_HOST_DEVICE constexpr auto as_real(const S& s) {
  if constexpr (std::is_arithmetic_v<S>) {
    return static_cast<typename RealOf<T>::type>(s);
  } else {
    return s;
  }
}

}  // namespace detail

template <class T, int N>
struct Dual {
  static_assert(N >= 1, "a Dual carries at least one partial derivative");
  using value_type = T;

  T value{};
  T partials[N]{};

  constexpr Dual() = default;
  /// A constant: all partials zero. Implicit so that generic code can write dydt[i] = 0.
  ODEKIT_HOST_DEVICE constexpr Dual(const T& v) : value(v) {}  // NOLINT: implicit by design
  template <detail::OtherArithmetic<T> S>
  ODEKIT_HOST_DEVICE constexpr Dual(S v) : value(static_cast<T>(v)) {}  // NOLINT: as above

  /// The independent variable number i: value v, partial i equal to one.
  ODEKIT_HOST_DEVICE static constexpr Dual variable(const T& v, int i) {
    Dual d(v);
    d.partials[i] = T(1);
    return d;
  }

  ODEKIT_HOST_DEVICE constexpr Dual& operator+=(const Dual& b) {
    value += b.value;
    for (int i = 0; i < N; ++i) partials[i] += b.partials[i];
    return *this;
  }
  ODEKIT_HOST_DEVICE constexpr Dual& operator-=(const Dual& b) {
    value -= b.value;
    for (int i = 0; i < N; ++i) partials[i] -= b.partials[i];
    return *this;
  }
  ODEKIT_HOST_DEVICE constexpr Dual& operator*=(const Dual& b) {
    for (int i = 0; i < N; ++i) partials[i] = partials[i] * b.value + value * b.partials[i];
    value *= b.value;
    return *this;
  }
  ODEKIT_HOST_DEVICE constexpr Dual& operator/=(const Dual& b) {
    value /= b.value;
    for (int i = 0; i < N; ++i) partials[i] = (partials[i] - value * b.partials[i]) / b.value;
    return *this;
  }
  template <detail::DualScalar<T> S>
  ODEKIT_HOST_DEVICE constexpr Dual& operator+=(const S& s) {
    value += s;
    return *this;
  }
  template <detail::DualScalar<T> S>
  ODEKIT_HOST_DEVICE constexpr Dual& operator-=(const S& s) {
    value -= s;
    return *this;
  }
  template <detail::DualScalar<T> S>
  ODEKIT_HOST_DEVICE constexpr Dual& operator*=(const S& s) {
    value *= s;
    for (int i = 0; i < N; ++i) partials[i] *= s;
    return *this;
  }
  template <detail::DualScalar<T> S>
  ODEKIT_HOST_DEVICE constexpr Dual& operator/=(const S& s) {
    value /= s;
    for (int i = 0; i < N; ++i) partials[i] /= s;
    return *this;
  }
};

// ---- arithmetic ---------------------------------------------------------------------------

template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator+(const Dual<T, N>& a) {
  return a;
}
template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator-(const Dual<T, N>& a) {
  Dual<T, N> r(-a.value);
  for (int i = 0; i < N; ++i) r.partials[i] = -a.partials[i];
  return r;
}

template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator+(Dual<T, N> a, const Dual<T, N>& b) {
  return a += b;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator+(Dual<T, N> a, const S& s) {
  return a += s;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator+(const S& s, Dual<T, N> a) {
  return a += s;
}

template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator-(Dual<T, N> a, const Dual<T, N>& b) {
  return a -= b;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator-(Dual<T, N> a, const S& s) {
  return a -= s;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator-(const S& s, const Dual<T, N>& a) {
  Dual<T, N> r = -a;
  return r += s;
}

template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator*(Dual<T, N> a, const Dual<T, N>& b) {
  return a *= b;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator*(Dual<T, N> a, const S& s) {
  return a *= s;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator*(const S& s, Dual<T, N> a) {
  return a *= s;
}

template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator/(Dual<T, N> a, const Dual<T, N>& b) {
  return a /= b;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator/(Dual<T, N> a, const S& s) {
  return a /= s;
}
/// (s / b)' = -(s / b) b' / b.
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> operator/(const S& s, const Dual<T, N>& b) {
  Dual<T, N> r(s / b.value);
  for (int i = 0; i < N; ++i) r.partials[i] = -r.value * b.partials[i] / b.value;
  return r;
}

// ---- comparisons (on values) --------------------------------------------------------------

#define ODEKIT_DUAL_COMPARISON(op)                                                          \
  template <class T, int N>                                                                 \
  ODEKIT_HOST_DEVICE constexpr bool operator op(const Dual<T, N>& a, const Dual<T, N>& b) { \
    return a.value op b.value;                                                              \
  }                                                                                         \
  template <class T, int N, detail::DualScalar<T> S>                                        \
  ODEKIT_HOST_DEVICE constexpr bool operator op(const Dual<T, N>& a, const S& s) {          \
    return a.value op s;                                                                    \
  }                                                                                         \
  template <class T, int N, detail::DualScalar<T> S>                                        \
  ODEKIT_HOST_DEVICE constexpr bool operator op(const S& s, const Dual<T, N>& a) {          \
    return s op a.value;                                                                    \
  }
ODEKIT_DUAL_COMPARISON(==)
ODEKIT_DUAL_COMPARISON(!=)
ODEKIT_DUAL_COMPARISON(<)
ODEKIT_DUAL_COMPARISON(<=)
ODEKIT_DUAL_COMPARISON(>)
ODEKIT_DUAL_COMPARISON(>=)
#undef ODEKIT_DUAL_COMPARISON

// ---- math functions, found by argument-dependent lookup ---------------------------------

namespace detail {

/// g(a) for a function g with g(a.value) = g_value and g'(a.value) = g_slope.
template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> chain(const Dual<T, N>& a, const T& g_value,
                                              const T& g_slope) {
  Dual<T, N> r(g_value);
  for (int i = 0; i < N; ++i) r.partials[i] = g_slope * a.partials[i];
  return r;
}

}  // namespace detail

template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> sin(const Dual<T, N>& a) {
  using std::cos;
  using std::sin;
  return detail::chain(a, T(sin(a.value)), T(cos(a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> cos(const Dual<T, N>& a) {
  using std::cos;
  using std::sin;
  return detail::chain(a, T(cos(a.value)), T(-sin(a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> tan(const Dual<T, N>& a) {
  using std::tan;
  const T t = tan(a.value);
  return detail::chain(a, t, T(1 + t * t));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> exp(const Dual<T, N>& a) {
  using std::exp;
  const T e = exp(a.value);
  return detail::chain(a, e, e);
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> log(const Dual<T, N>& a) {
  using std::log;
  return detail::chain(a, T(log(a.value)), T(1 / a.value));
}
/// The slope 1 / (2 sqrt(a)) is infinite at a = 0, as it is mathematically.
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> sqrt(const Dual<T, N>& a) {
  using std::sqrt;
  const T s = sqrt(a.value);
  return detail::chain(a, s, T(1 / (2 * s)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> cbrt(const Dual<T, N>& a) {
  using std::cbrt;
  const T c = cbrt(a.value);
  return detail::chain(a, c, T(1 / (3 * c * c)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> tanh(const Dual<T, N>& a) {
  using std::tanh;
  const T t = tanh(a.value);
  return detail::chain(a, t, T(1 - t * t));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> sinh(const Dual<T, N>& a) {
  using std::cosh;
  using std::sinh;
  return detail::chain(a, T(sinh(a.value)), T(cosh(a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> cosh(const Dual<T, N>& a) {
  using std::cosh;
  using std::sinh;
  return detail::chain(a, T(cosh(a.value)), T(sinh(a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> atan(const Dual<T, N>& a) {
  using std::atan;
  return detail::chain(a, T(atan(a.value)), T(1 / (1 + a.value * a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> asin(const Dual<T, N>& a) {
  using std::asin;
  using std::sqrt;
  return detail::chain(a, T(asin(a.value)), T(1 / sqrt(1 - a.value * a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> acos(const Dual<T, N>& a) {
  using std::acos;
  using std::sqrt;
  return detail::chain(a, T(acos(a.value)), T(-1 / sqrt(1 - a.value * a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> log1p(const Dual<T, N>& a) {
  using std::log1p;
  return detail::chain(a, T(log1p(a.value)), T(1 / (1 + a.value)));
}
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> expm1(const Dual<T, N>& a) {
  using std::expm1;
  const T e = expm1(a.value);
  return detail::chain(a, e, T(e + 1));
}

/// |a|, with slope +1 at a = 0 (the right derivative), as Eigen's AutoDiffScalar does.
template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> abs(const Dual<T, N>& a) {
  return a.value < 0 ? -a : a;
}
template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> fabs(const Dual<T, N>& a) {
  return abs(a);
}

/// a^s for a plain exponent: slope s a^(s-1), written with pow so that a = 0 stays finite
/// for s >= 1.
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE Dual<T, N> pow(const Dual<T, N>& a, const S& s) {
  using std::pow;
  const auto e = detail::as_real<T>(s);
  return detail::chain(a, T(pow(a.value, e)), T(e * pow(a.value, e - 1)));
}
/// s^b for a plain base: slope s^b log(s); zero for s = 0, where s^b is constant (b > 0).
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE Dual<T, N> pow(const S& s, const Dual<T, N>& b) {
  using std::log;
  using std::pow;
  const auto base = detail::as_real<T>(s);
  const T r = pow(base, b.value);
  return detail::chain(b, r, base == 0 ? T(0) : T(r * log(base)));
}
/// a^b: both slopes, b a^(b-1) a' + a^b log(a) b', with the log term dropped at a = 0.
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> pow(const Dual<T, N>& a, const Dual<T, N>& b) {
  using std::log;
  using std::pow;
  Dual<T, N> r(T(pow(a.value, b.value)));
  const T da = b.value * pow(a.value, b.value - 1);
  const T db = a.value == 0 ? T(0) : T(r.value * log(a.value));
  for (int i = 0; i < N; ++i) r.partials[i] = da * a.partials[i] + db * b.partials[i];
  return r;
}

/// atan2(y, x) with slopes (x, -y) / (x^2 + y^2).
template <class T, int N>
ODEKIT_HOST_DEVICE Dual<T, N> atan2(const Dual<T, N>& y, const Dual<T, N>& x) {
  using std::atan2;
  Dual<T, N> r(T(atan2(y.value, x.value)));
  const T r2 = x.value * x.value + y.value * y.value;
  for (int i = 0; i < N; ++i) {
    r.partials[i] = (x.value * y.partials[i] - y.value * x.partials[i]) / r2;
  }
  return r;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE Dual<T, N> atan2(const Dual<T, N>& y, const S& x) {
  using std::atan2;
  const auto xr = detail::as_real<T>(x);
  return detail::chain(y, T(atan2(y.value, xr)), T(xr / (xr * xr + y.value * y.value)));
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE Dual<T, N> atan2(const S& y, const Dual<T, N>& x) {
  using std::atan2;
  const auto yr = detail::as_real<T>(y);
  return detail::chain(x, T(atan2(yr, x.value)), T(-yr / (x.value * x.value + yr * yr)));
}

/// max and min return the operand with the larger (smaller) value, derivatives included;
/// ties go to the first operand, as in std::max and std::min.
template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> max(const Dual<T, N>& a, const Dual<T, N>& b) {
  return a < b ? b : a;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> max(const Dual<T, N>& a, const S& s) {
  return a < s ? Dual<T, N>(s) : a;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> max(const S& s, const Dual<T, N>& b) {
  return s < b ? b : Dual<T, N>(s);
}
template <class T, int N>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> min(const Dual<T, N>& a, const Dual<T, N>& b) {
  return b < a ? b : a;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> min(const Dual<T, N>& a, const S& s) {
  return s < a ? Dual<T, N>(s) : a;
}
template <class T, int N, detail::DualScalar<T> S>
ODEKIT_HOST_DEVICE constexpr Dual<T, N> min(const S& s, const Dual<T, N>& b) {
  return b < s ? b : Dual<T, N>(s);
}

template <class T, int N>
ODEKIT_HOST_DEVICE bool isfinite(const Dual<T, N>& a) {
  using std::isfinite;
  return isfinite(a.value);
}
template <class T, int N>
ODEKIT_HOST_DEVICE bool isnan(const Dual<T, N>& a) {
  using std::isnan;
  return isnan(a.value);
}

}  // namespace odekit
