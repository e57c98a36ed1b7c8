#pragma once
// A forward-mode dual number v + d*eps (eps^2 = 0): calling a generic diffusion with duals
// seeded along a direction gives its directional derivative (Jacobian-vector product)
// exactly, which the Milstein methods need (g' g). Only what generic right-hand sides use is
// provided: arithmetic with duals and plain numbers, comparisons on the value, and the common
// elementary functions.

#include <cmath>
#include <type_traits>

namespace odekit {

template <class T>
struct Dual {
  T v{};  ///< value
  T d{};  ///< derivative along the seeded direction

  constexpr Dual() = default;
  constexpr Dual(T value, T derivative = T(0)) : v(value), d(derivative) {}  // NOLINT

  constexpr Dual& operator+=(const Dual& o) {
    v += o.v;
    d += o.d;
    return *this;
  }
  constexpr Dual& operator-=(const Dual& o) {
    v -= o.v;
    d -= o.d;
    return *this;
  }
  constexpr Dual& operator*=(const Dual& o) {
    d = d * o.v + v * o.d;
    v *= o.v;
    return *this;
  }
  constexpr Dual& operator/=(const Dual& o) {
    d = (d * o.v - v * o.d) / (o.v * o.v);
    v /= o.v;
    return *this;
  }
};

template <class S>
concept DualScalar = std::is_arithmetic_v<S>;

// clang-format off
template <class T> constexpr Dual<T> operator-(const Dual<T>& a) { return {-a.v, -a.d}; }
template <class T> constexpr Dual<T> operator+(const Dual<T>& a) { return a; }
template <class T> constexpr Dual<T> operator+(Dual<T> a, const Dual<T>& b) { return a += b; }
template <class T> constexpr Dual<T> operator-(Dual<T> a, const Dual<T>& b) { return a -= b; }
template <class T> constexpr Dual<T> operator*(Dual<T> a, const Dual<T>& b) { return a *= b; }
template <class T> constexpr Dual<T> operator/(Dual<T> a, const Dual<T>& b) { return a /= b; }
template <class T, DualScalar S> constexpr Dual<T> operator+(const Dual<T>& a, S b) { return {a.v + T(b), a.d}; }
template <class T, DualScalar S> constexpr Dual<T> operator+(S a, const Dual<T>& b) { return {T(a) + b.v, b.d}; }
template <class T, DualScalar S> constexpr Dual<T> operator-(const Dual<T>& a, S b) { return {a.v - T(b), a.d}; }
template <class T, DualScalar S> constexpr Dual<T> operator-(S a, const Dual<T>& b) { return {T(a) - b.v, -b.d}; }
template <class T, DualScalar S> constexpr Dual<T> operator*(const Dual<T>& a, S b) { return {a.v * T(b), a.d * T(b)}; }
template <class T, DualScalar S> constexpr Dual<T> operator*(S a, const Dual<T>& b) { return {T(a) * b.v, T(a) * b.d}; }
template <class T, DualScalar S> constexpr Dual<T> operator/(const Dual<T>& a, S b) { return {a.v / T(b), a.d / T(b)}; }
template <class T, DualScalar S> constexpr Dual<T> operator/(S a, const Dual<T>& b) { return {T(a) / b.v, -T(a) * b.d / (b.v * b.v)}; }

template <class T> constexpr bool operator==(const Dual<T>& a, const Dual<T>& b) { return a.v == b.v; }
template <class T> constexpr auto operator<=>(const Dual<T>& a, const Dual<T>& b) { return a.v <=> b.v; }
template <class T, DualScalar S> constexpr bool operator==(const Dual<T>& a, S b) { return a.v == T(b); }
template <class T, DualScalar S> constexpr auto operator<=>(const Dual<T>& a, S b) { return a.v <=> T(b); }

template <class T> Dual<T> exp(const Dual<T>& a) { const T e = std::exp(a.v); return {e, e * a.d}; }
template <class T> Dual<T> log(const Dual<T>& a) { return {std::log(a.v), a.d / a.v}; }
template <class T> Dual<T> sqrt(const Dual<T>& a) { const T s = std::sqrt(a.v); return {s, a.d / (2 * s)}; }
template <class T> Dual<T> sin(const Dual<T>& a) { return {std::sin(a.v), std::cos(a.v) * a.d}; }
template <class T> Dual<T> cos(const Dual<T>& a) { return {std::cos(a.v), -std::sin(a.v) * a.d}; }
template <class T> Dual<T> tan(const Dual<T>& a) { const T c = std::cos(a.v); return {std::tan(a.v), a.d / (c * c)}; }
template <class T> Dual<T> tanh(const Dual<T>& a) { const T th = std::tanh(a.v); return {th, (1 - th * th) * a.d}; }
template <class T> Dual<T> atan(const Dual<T>& a) { return {std::atan(a.v), a.d / (1 + a.v * a.v)}; }
template <class T> Dual<T> abs(const Dual<T>& a) { return a.v < 0 ? -a : a; }
template <class T> Dual<T> fabs(const Dual<T>& a) { return abs(a); }
template <class T, DualScalar S> Dual<T> pow(const Dual<T>& a, S b) {
  return {std::pow(a.v, T(b)), T(b) * std::pow(a.v, T(b) - 1) * a.d};
}
template <class T> Dual<T> pow(const Dual<T>& a, const Dual<T>& b) { return exp(b * log(a)); }
// clang-format on

}  // namespace odekit
