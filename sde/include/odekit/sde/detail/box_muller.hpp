#pragma once
// The Box–Muller transform (Box & Muller, Ann. Math. Statist. 29 (1958) 610):
// z1 = r cos(2 pi u2), z2 = r sin(2 pi u2), r = sqrt(-2 log u1), written once for one value and
// for a pack of SIMD lanes (simd_pack.hpp: D is double or DoublePack, U its bits), with the same
// operations in the same order in both, so that both give the same bits.
//
// Why not std::log, std::sin and std::cos: opaque library calls, which no compiler turns into
// SIMD code. Here there are only +, -, *, /, the correctly rounded square root, multiply-adds
// (madd) and bit operations, and no branches.
//
// log u: u = 2^k x with x in [sqrt(1/2), sqrt(2)) by integer arithmetic on the bits, then
// log x = 2 atanh(s) = 2 s + s z Q(z) with s = (x - 1)/(x + 1), z = s^2 <= 0.0295.
// sin and cos of 2 pi u: the angle is reduced in quarter turns, exactly (u is a multiple of
// 2^-53, so r = 4u - round(4u) in [-1/2, 1/2] has no rounding error), and with w = r^2
// sin(pi r / 2) = r (pi/2 + w S(w)), cos(pi r / 2) = 1 + w C(w).
// Q, S and C are our own Chebyshev fits (scripts/fit_box_muller_polynomials.py prints them
// with their approximation errors: 5e-18 relative in log x, 1e-17 and 2e-17 absolute in the
// sine and cosine), below the rounding of the results. Measured against the C library
// (tests/sde/test_philox.cpp): log within 2 ulp, sine and cosine within 2e-16 absolute.

#include <array>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <type_traits>

#include "odekit/sde/detail/simd_pack.hpp"

namespace odekit::detail {

/// Coefficients, highest degree first (Horner).
inline constexpr std::array<double, 7> kLogQ{
    0.14616449685043406, 0.15331721600556042, 0.18182889125261723, 0.2222221113479508,
    0.28571428625975487, 0.39999999999899505, 0.666666666666667};
inline constexpr std::array<double, 6> kSinS{5.642225369163528e-08,  -3.5987029509735105e-06,
                                             0.00016044116661409423, -0.004681754134254207,
                                             0.07969262624614423,    -0.6459640975062462};
inline constexpr std::array<double, 7> kCosC{
    -6.329396344967424e-09, 4.710678405505227e-07, -2.5202039028029178e-05, 0.0009192602745468447,
    -0.020863480763340773,  0.2536695079010478,    -1.2337005501361697};

/// The constant c in every lane of D.
template <class D>
constexpr D splat(double c) noexcept {
  if constexpr (std::is_same_v<D, double>) {
    return c;
  } else {
    return D{} + c;
  }
}

/// The polynomial with coefficients c (highest degree first) at x.
template <class D, std::size_t N>
[[gnu::always_inline]] inline D horner(const std::array<double, N>& c, D x) noexcept {
  D p = splat<D>(c[0]);
  for (std::size_t i = 1; i < N; ++i) p = madd(p, x, splat<D>(c[i]));
  return p;
}

/// Uniform in the open interval (0, 1) from 64 random bits: the top 52 bits, centred in their
/// cell ((m + 1/2) 2^-52), so that neither 0 (log 0 below) nor 1 occurs. Exact, and built from
/// bits rather than an integer conversion so that it vectorises on any SIMD width.
template <class U>
constexpr auto uniform_open_bits(U bits) noexcept {
  // 1 + m 2^-52 minus (1 - 2^-53): (2m + 1) 2^-53, exact.
  const auto one_plus = double_of((bits >> 12) | 0x3FF0000000000000ull);
  return one_plus - (1.0 - 0x1p-53);
}

/// log(u) for u in (0, 1) (normal numbers).
template <class D>
[[gnu::always_inline]] inline D log_unit(D u) noexcept {
  // Subtracting the bits of sqrt(1/2) moves the reduction boundary onto an exponent step.
  constexpr std::uint64_t kSqrtHalf = 0x3FE6A09E667F3BCDull;
  const auto b = bits_of(u);
  const auto biased_k = (b - kSqrtHalf + (std::uint64_t{1} << 63)) >> 52;  // k + 2048
  const D x = double_of(b - ((biased_k - 2048) << 52));
  // k as a double from its bits (exact: 0 < k + 2048 < 2^12).
  const D k = double_of(biased_k | 0x4330000000000000ull) - (0x1p52 + 2048.0);
  const D f = x - 1.0;  // exact (Sterbenz)
  const D s = f / (f + 2.0);
  const D z = s * s;
  const D log_x = madd(s, z * horner(kLogQ, z), s + s);
  return madd(k, splat<D>(std::numbers::ln2), log_x);
}

/// sin(2 pi u) and cos(2 pi u) for u in [0, 1) with u a multiple of 2^-53.
template <class D>
[[gnu::always_inline]] inline void sincos_turn(D u, D& sine, D& cosine) noexcept {
  // n = round(4u) in the low bits of 4u + 1.5 * 2^52; r = 4u - n, exact.
  constexpr double kRound = 0x1.8p52;
  const D shifted = madd(u, splat<D>(4.0), splat<D>(kRound));
  const auto quadrant = bits_of(shifted);
  const D r = madd(u, splat<D>(4.0), -(shifted - kRound));
  const D w = r * r;
  const D sn = r * madd(w, horner(kSinS, w), splat<D>(std::numbers::pi / 2));
  const D cs = madd(w, horner(kCosC, w), splat<D>(1.0));
  // sin and cos of (n pi/2 + x): swap on odd n, then flip signs by quadrant (bit masks rather
  // than branches, for vectorisers).
  using U = decltype(quadrant);
  const U odd = U{} - (quadrant & 1);
  const U bs = bits_of(sn), bc = bits_of(cs);
  const U s1 = (bc & odd) | (bs & ~odd), c1 = (bs & odd) | (bc & ~odd);
  sine = double_of(s1 ^ ((quadrant & 2) << 62));
  cosine = double_of(c1 ^ (((quadrant + 1) & 2) << 62));
}

/// Two independent N(0, 1) values (in every lane) from 128 random bits.
template <class U, class D>
[[gnu::always_inline]] inline void box_muller(U bits1, U bits2, D& z1, D& z2) noexcept {
  const D radius = sqrt_ieee(-2.0 * log_unit(uniform_open_bits(bits1)));
  D s, c;
  sincos_turn(uniform_open_bits(bits2), s, c);
  z1 = radius * c;
  z2 = radius * s;
}

}  // namespace odekit::detail
