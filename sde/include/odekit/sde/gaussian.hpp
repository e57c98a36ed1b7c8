#pragma once
// Standard normal draws from Philox output by the Box–Muller transform (detail/box_muller.hpp):
// one Philox call (128 bits) gives two 52-bit uniforms and hence two independent N(0, 1)
// values. Every draw is addressed by (seed, index, stream): the same address gives the same
// numbers on any thread, in any order, one at a time or many at once.
//
// gaussian_pair() computes one address; gaussian_pairs_per_seed() and
// gaussian_pairs_per_stream() compute many in SIMD-friendly batches (structure of arrays,
// kGaussianLanes at a time) with the same bits, for ensembles (one seed per trajectory) and for
// Brownian paths (one stream per component).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

#include "odekit/sde/detail/box_muller.hpp"
#include "odekit/sde/philox.hpp"

namespace odekit {

/// Uniform in the open interval (0, 1) from 64 random bits: the top 52 bits, centred in their
/// cell, so that neither 0 (log(0) in Box–Muller) nor 1 (53 bits would round up to it) occurs.
constexpr double uniform_open(std::uint64_t bits) noexcept {
  return detail::uniform_open_bits(bits);
}

/// Two independent standard normal values at address (index, stream) under seed.
inline std::pair<double, double> gaussian_pair(std::uint64_t seed, std::uint64_t index,
                                               std::uint64_t stream) noexcept {
  const Philox4x32::Counter ctr{
      static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32),
      static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32)};
  const auto r = Philox4x32::generate(ctr, Philox4x32::key(seed));
  double z1 = 0, z2 = 0;
  detail::box_muller((static_cast<std::uint64_t>(r[1]) << 32) | r[0],
                     (static_cast<std::uint64_t>(r[3]) << 32) | r[2], z1, z2);
  return {z1, z2};
}

/// Where a draw lives: the Philox key and counter of gaussian_pair().
struct GaussianAddress {
  std::uint64_t seed, index, stream;
};

namespace detail {

/// Lanes per batch: wide enough that the loops vectorise at any SIMD width, small enough that
/// the state stays in the first-level cache.
inline constexpr std::size_t kGaussianLanes = 32;
/// Fewer draws than this are cheaper one at a time than as a (mostly idle) batch.
inline constexpr std::size_t kScalarBelow = 3;

/// A batch of L draws: callers write each lane's address, run() turns them into Gaussian pairs.
template <std::size_t L = kGaussianLanes>
struct GaussianBatch {
  using Word = Philox4x32::LaneWord;
  Word x[4][L];
  Word k[2][L];

  void set(std::size_t l, const GaussianAddress& a) noexcept {
    x[0][l] = static_cast<std::uint32_t>(a.index);
    x[1][l] = static_cast<std::uint32_t>(a.index >> 32);
    x[2][l] = static_cast<std::uint32_t>(a.stream);
    x[3][l] = static_cast<std::uint32_t>(a.stream >> 32);
    k[0][l] = static_cast<std::uint32_t>(a.seed);
    k[1][l] = static_cast<std::uint32_t>(a.seed >> 32);
  }

  /// z1[l], z2[l] for the first n lanes (all lanes are computed: the loops have fixed length).
  void run(std::size_t n, double* z1, double* z2) noexcept {
    Philox4x32::generate_lanes(x, k);
    double a[L], b[L];
    for (std::size_t l = 0; l < L; ++l) {
      box_muller((std::uint64_t{x[1][l]} << 32) | x[0][l], (std::uint64_t{x[3][l]} << 32) | x[2][l],
                 a[l], b[l]);
    }
    std::copy_n(a, n, z1);
    std::copy_n(b, n, z2);
  }
};

/// z1[first ... first + m), z2[...] from a batch of L lanes (m <= L; idle lanes repeat the last
/// address).
template <std::size_t L, class Address>
void gaussian_batch(std::size_t first, std::size_t m, Address& address, double* z1,
                    double* z2) noexcept {
  GaussianBatch<L> batch;
  for (std::size_t l = 0; l < L; ++l) batch.set(l, address(first + std::min(l, m - 1)));
  batch.run(m, z1 + first, z2 + first);
}

}  // namespace detail

/// z1[i], z2[i] = gaussian_pair(a.seed, a.index, a.stream) with a = address(i), for i < n:
/// many draws in SIMD batches, the same bits as one at a time.
template <class Address>
void gaussian_pairs(std::size_t n, Address&& address, double* z1, double* z2) noexcept {
  constexpr std::size_t wide = detail::kGaussianLanes, narrow = wide / 4;
  for (std::size_t first = 0; first < n; first += wide) {
    const std::size_t m = std::min(wide, n - first);
    if (m >= narrow) {
      detail::gaussian_batch<wide>(first, m, address, z1, z2);
    } else if (m >= detail::kScalarBelow) {
      detail::gaussian_batch<narrow>(first, m, address, z1, z2);
    } else {
      for (std::size_t i = first; i < n; ++i) {
        const GaussianAddress a = address(i);
        std::tie(z1[i], z2[i]) = gaussian_pair(a.seed, a.index, a.stream);
      }
    }
  }
}

/// z1[i], z2[i] = gaussian_pair(seeds[i], index, stream) for i < n: the same address under n
/// seeds (one draw per ensemble trajectory).
inline void gaussian_pairs_per_seed(const std::uint64_t* seeds, std::size_t n, std::uint64_t index,
                                    std::uint64_t stream, double* z1, double* z2) noexcept {
  gaussian_pairs(
      n,
      [&](std::size_t i) {
        return GaussianAddress{seeds[i], index, stream};
      },
      z1, z2);
}

/// z1[i], z2[i] = gaussian_pair(seed, index, first_stream + i) for i < n: one draw per
/// component of a Brownian motion.
inline void gaussian_pairs_per_stream(std::uint64_t seed, std::uint64_t index,
                                      std::uint64_t first_stream, std::size_t n, double* z1,
                                      double* z2) noexcept {
  gaussian_pairs(
      n,
      [&](std::size_t i) {
        return GaussianAddress{seed, index, first_stream + i};
      },
      z1, z2);
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
