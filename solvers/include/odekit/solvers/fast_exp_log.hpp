#pragma once
// log2 and exp2 to about 5 digits, for step-size factors: the PI controller runs every step,
// on the path from one step's error to the next step's size. Polynomials fitted by least
// squares to log2(1 + u) and 2^u on [0, 1] (maximum errors 2.9e-5 absolute and 2.3e-7
// relative), evaluated by Estrin's scheme (powers of u in parallel) with fused multiply-adds
// for a short latency.

#include <bit>
#include <cmath>
#include <cstdint>

#include "odekit/core/madd.hpp"

namespace odekit::detail {

/// log2(x) for finite x > 0 (normal numbers).
inline double fast_log2(double x) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const auto exponent = static_cast<std::int64_t>(bits >> 52) - 1023;
  const double u =
      std::bit_cast<double>((bits & 0x000fffffffffffffu) | 0x3ff0000000000000u) - 1.0;  // [0, 1)
  const double u2 = u * u;
  const double q = madd(u2, madd(u2, 0.04588553, madd(u, -0.19442267, 0.41542195)),
                        madd(u, -0.7086821, 1.4418258));
  return madd(u, q, static_cast<double>(exponent));
}

/// c * 2^y, for y in [-1022, 1023] (step-size factors stay far inside). c scales the power
/// of two before the polynomial's value arrives: exact, and off the latency path.
inline double fast_exp2(double y, double c = 1.0) noexcept {
  const double n = std::floor(y);
  const double u = y - n;  // in [0, 1)
  const double u2 = u * u;
  const double p =
      madd(u2, madd(u2, madd(u, 0.00189438, 0.00894058), madd(u, 0.05587656, 0.24013169)),
           madd(u, 0.69315678, 0.99999977));
  const auto power =
      std::bit_cast<double>(static_cast<std::uint64_t>(static_cast<std::int64_t>(n) + 1023) << 52);
  return p * (c * power);
}

}  // namespace odekit::detail
