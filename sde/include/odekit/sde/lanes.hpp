#pragma once
// Lanes<T, W>: W values of T that travel together, each operation applied lane by lane. The
// SIMD ensemble (solve_ensemble_simd, detail/lane_runner.hpp) calls a problem's drift and
// diffusion, and a method's stepper, with Lanes<double, W> in place of double: W trajectories
// advance in one call, in structure-of-arrays form, and every operation is a loop over lanes
// that vectorises. Every lane computes exactly what the scalar code computes for its
// trajectory, operation for operation, so the results are the same bits.
//
// Written for generic drifts and diffusions (auto parameters, math called unqualified after
// `using std::exp;`, as for dual numbers): arithmetic with Lanes and with plain numbers, and
// the common elementwise functions. There are no comparisons: code that branches on the state
// (if (y[0] > 1) ...) cannot run on lanes and does not compile with them.

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "odekit/core/norms.hpp"
#include "odekit/sde/detail/simd_pack.hpp"

namespace odekit {

namespace detail {

/// The storage of W lanes of T: a plain array, or with GCC and Clang a vector type, whose
/// operators act on all lanes at once and whose values the compiler keeps in SIMD registers
/// (an array goes through memory at every operation). Aligned as T, so that passing Lanes by
/// value has the ABI of a plain struct.
template <class T, std::size_t W, class = void>
struct LaneStorage {
  using type = T[W];
  static constexpr bool vector = false;
};
#if defined(__GNUC__)
template <class T, std::size_t W>
struct LaneStorage<
    T, W, std::enable_if_t<std::is_floating_point_v<T> && std::has_single_bit(W) && W >= 2>> {
  using type __attribute__((vector_size(W * sizeof(T)), aligned(alignof(T)))) = T;
  static constexpr bool vector = true;
};
#endif

}  // namespace detail

template <class T, std::size_t W>
struct Lanes {
  static_assert(W >= 1, "Lanes needs at least one lane");
  using value_type = T;
  static constexpr std::size_t width = W;

  typename detail::LaneStorage<T, W>::type v{};

  constexpr Lanes() = default;
  /// Every lane set to s. Implicit, so that generic code can write `T sum = 0;` or `2 * y[0]`.
  template <class S>
  requires std::is_arithmetic_v<S>
  constexpr Lanes(S s) noexcept {  // NOLINT: implicit by design
    for (std::size_t l = 0; l < W; ++l) v[l] = static_cast<T>(s);
  }

  constexpr T& operator[](std::size_t l) noexcept { return v[l]; }
  constexpr const T& operator[](std::size_t l) const noexcept { return v[l]; }

  constexpr Lanes& operator+=(const Lanes& b) noexcept {
    if constexpr (kVector) {
      v += b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) v[l] += b.v[l];
    }
    return *this;
  }
  constexpr Lanes& operator-=(const Lanes& b) noexcept {
    if constexpr (kVector) {
      v -= b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) v[l] -= b.v[l];
    }
    return *this;
  }
  constexpr Lanes& operator*=(const Lanes& b) noexcept {
    if constexpr (kVector) {
      v *= b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) v[l] *= b.v[l];
    }
    return *this;
  }
  constexpr Lanes& operator/=(const Lanes& b) noexcept {
    if constexpr (kVector) {
      v /= b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) v[l] /= b.v[l];
    }
    return *this;
  }

  // Hidden friends: found by argument-dependent lookup, and plain numbers convert on either
  // side (2 * y, y / 3.0). The result is built in place (no copy of a wide value).
  friend constexpr Lanes operator+(const Lanes& a, const Lanes& b) noexcept {
    Lanes r;
    if constexpr (kVector) {
      r.v = a.v + b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) r.v[l] = a.v[l] + b.v[l];
    }
    return r;
  }
  friend constexpr Lanes operator-(const Lanes& a, const Lanes& b) noexcept {
    Lanes r;
    if constexpr (kVector) {
      r.v = a.v - b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) r.v[l] = a.v[l] - b.v[l];
    }
    return r;
  }
  friend constexpr Lanes operator*(const Lanes& a, const Lanes& b) noexcept {
    Lanes r;
    if constexpr (kVector) {
      r.v = a.v * b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) r.v[l] = a.v[l] * b.v[l];
    }
    return r;
  }
  friend constexpr Lanes operator/(const Lanes& a, const Lanes& b) noexcept {
    Lanes r;
    if constexpr (kVector) {
      r.v = a.v / b.v;
    } else {
      for (std::size_t l = 0; l < W; ++l) r.v[l] = a.v[l] / b.v[l];
    }
    return r;
  }
  friend constexpr Lanes operator+(const Lanes& a) noexcept { return a; }
  friend constexpr Lanes operator-(const Lanes& a) noexcept {
    Lanes r;
    for (std::size_t l = 0; l < W; ++l) r.v[l] = -a.v[l];
    return r;
  }

 private:
  static constexpr bool kVector = detail::LaneStorage<T, W>::vector;
};

namespace detail {

/// r[l] = fn(a[l]) in every lane.
template <class T, std::size_t W, class Fn>
constexpr Lanes<T, W> lanewise(const Lanes<T, W>& a, Fn&& fn) {
  Lanes<T, W> r;
  for (std::size_t l = 0; l < W; ++l) r.v[l] = fn(a.v[l]);
  return r;
}

template <class T>
inline constexpr bool is_lanes_v = false;
template <class T, std::size_t W>
inline constexpr bool is_lanes_v<Lanes<T, W>> = true;

/// Lanes per SIMD register: the width of the pieces that by_register() works on.
template <class T, std::size_t W>
inline constexpr std::size_t kRegisterLanes = W % (64 / sizeof(T)) == 0 ? 64 / sizeof(T) : W;

/// out = fn(at), where fn combines values through at(x), one SIMD register of lanes at a time
/// for Lanes (at(x) is that part of x, a Lanes of kRegisterLanes) and at once for plain
/// numbers (at is the identity). The same operations on every lane as fn on whole values, but
/// the intermediate values of a wide expression stay in registers instead of making a pass over
/// memory per operation. out may be one of the inputs.
template <class T, class Fn>
inline void by_register(T& out, Fn&& fn) noexcept {
  out = fn([](const T& x) -> const T& { return x; });
}
template <class T, std::size_t W, class Fn>
inline void by_register(Lanes<T, W>& out, Fn&& fn) noexcept {
  constexpr std::size_t C = kRegisterLanes<T, W>;
  for (std::size_t c0 = 0; c0 < W; c0 += C) {
    const Lanes<T, C> r = fn([c0](const Lanes<T, W>& x) {
      Lanes<T, C> part;
      std::memcpy(&part.v, &x.v[c0], sizeof part.v);
      return part;
    });
    std::memcpy(&out.v[c0], &r.v, sizeof r.v);
  }
}

/// Whether every lane of every entry is finite (the Lanes form of all_finite in norms.hpp):
/// the sum of v * 0 over the entries and over the registers of lanes is +0 in a lane where
/// every value is finite and NaN otherwise; the sum stays in one register, and the bits of its
/// lanes are OR-ed once, which vectorises where a chain of bool tests would not.
template <class T, std::size_t W>
inline bool all_finite(const Lanes<T, W>* v, std::size_t n) noexcept {
  static_assert(sizeof(T) == sizeof(std::uint64_t) || sizeof(T) == sizeof(std::uint32_t));
  using Bits = std::conditional_t<sizeof(T) == sizeof(std::uint64_t), std::uint64_t, std::uint32_t>;
  constexpr std::size_t C = kRegisterLanes<T, W>;
  Lanes<T, C> sum(0), part;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t c0 = 0; c0 < W; c0 += C) {
      std::memcpy(&part.v, &v[i].v[c0], sizeof part.v);
      sum += part * Lanes<T, C>(0);
    }
  }
  Bits bits = 0;
  for (std::size_t l = 0; l < C; ++l) bits |= std::bit_cast<Bits>(sum.v[l]);
  return bits == 0;
}

}  // namespace detail

// Elementwise functions, for generic drifts and diffusions. The square root and the absolute
// value are IEEE operations and vectorise; the others call the C library lane by lane.
template <class T, std::size_t W>
constexpr Lanes<T, W> abs(const Lanes<T, W>& a) {
  return detail::lanewise(a, [](T x) { return std::abs(x); });
}
/// The square root of every lane: where every lane is positive (the common case, checked in a
/// vectorised pass) SIMD square roots, which are correctly rounded as std::sqrt is; otherwise
/// std::sqrt lane by lane (NaN for x < 0, -0 for -0).
template <class T, std::size_t W>
Lanes<T, W> sqrt(const Lanes<T, W>& a) {
  Lanes<T, W> r;
  std::uint64_t not_positive = 0;
  for (std::size_t l = 0; l < W; ++l) not_positive |= !(a.v[l] > 0);
#if defined(ODEKIT_SIMD_PACK)
  if constexpr (std::is_same_v<T, double> && W % detail::kPackLanes == 0) {
    if (!not_positive) {
      for (std::size_t l = 0; l < W; l += detail::kPackLanes) {
        detail::DoublePack x;
        std::memcpy(&x, &a.v[l], sizeof x);
        x = detail::sqrt_ieee(x);
        std::memcpy(&r.v[l], &x, sizeof x);
      }
      return r;
    }
  }
#endif
  for (std::size_t l = 0; l < W; ++l) r.v[l] = std::sqrt(a.v[l]);
  return r;
}
// The C library's functions lane by lane (one definition per name, as dual.hpp does for its
// comparisons).
#define ODEKIT_LANES_UNARY(fn)                                  \
  template <class T, std::size_t W>                             \
  Lanes<T, W> fn(const Lanes<T, W>& a) {                        \
    return detail::lanewise(a, [](T x) { return std::fn(x); }); \
  }
ODEKIT_LANES_UNARY(exp)
ODEKIT_LANES_UNARY(log)
ODEKIT_LANES_UNARY(sin)
ODEKIT_LANES_UNARY(cos)
ODEKIT_LANES_UNARY(tanh)
#undef ODEKIT_LANES_UNARY

template <class T, std::size_t W>
Lanes<T, W> pow(const Lanes<T, W>& a, const Lanes<T, W>& b) {
  Lanes<T, W> r;
  for (std::size_t l = 0; l < W; ++l) r.v[l] = std::pow(a.v[l], b.v[l]);
  return r;
}
template <class T, std::size_t W>
constexpr Lanes<T, W> max(const Lanes<T, W>& a, const Lanes<T, W>& b) {
  Lanes<T, W> r;
  for (std::size_t l = 0; l < W; ++l) r.v[l] = a.v[l] < b.v[l] ? b.v[l] : a.v[l];  // as std::max
  return r;
}

}  // namespace odekit
