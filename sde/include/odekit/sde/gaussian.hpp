#pragma once
// Standard normal draws from Philox output by the Box–Muller transform (Box & Muller, Ann.
// Math. Statist. 29 (1958) 610): one Philox call (128 bits) gives two 52-bit uniforms and
// hence two independent N(0, 1) values. Every draw is addressed by (seed, stream, index):
// the same address gives the same numbers on any thread, in any order, on CPU or GPU (the
// uniforms are bitwise identical; the Gaussians agree up to the last bits of the math
// library's log, sqrt, cos and sin).

#include <cmath>
#include <cstdint>
#include <numbers>
#include <utility>

#include "odekit/sde/philox.hpp"

namespace odekit {

/// Uniform in the open interval (0, 1) from 64 random bits: the top 52 bits, centred in their
/// cell, so that neither 0 (log(0) in Box–Muller) nor 1 (53 bits would round up to it) occurs.
constexpr double uniform_open(std::uint64_t bits) noexcept {
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

/// Two independent standard normal values at address (index, stream) under seed.
inline std::pair<double, double> gaussian_pair(std::uint64_t seed, std::uint64_t index,
                                               std::uint64_t stream) noexcept {
  const Philox4x32::Counter ctr{
      static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32),
      static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32)};
  const auto r = Philox4x32::generate(ctr, Philox4x32::key(seed));
  const double u1 = uniform_open((static_cast<std::uint64_t>(r[1]) << 32) | r[0]);
  const double u2 = uniform_open((static_cast<std::uint64_t>(r[3]) << 32) | r[2]);
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

/// A 64-bit seed derived from (seed, index), e.g. one per ensemble trajectory: the first
/// two Philox words of counter (index, kDeriveStream). Distinct indices give distinct,
/// statistically independent seeds.
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index) noexcept {
  constexpr std::uint32_t kDeriveStream = 0x5EEDu;
  const auto r = Philox4x32::generate({static_cast<std::uint32_t>(index),
                                       static_cast<std::uint32_t>(index >> 32), kDeriveStream, 0},
                                      Philox4x32::key(seed));
  return (static_cast<std::uint64_t>(r[1]) << 32) | r[0];
}

}  // namespace odekit
