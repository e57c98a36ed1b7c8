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
#include <cstring>
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

namespace detail {

/// Philox at the counter (x0, x1, x2, x3) under the key (k0, k1), 32-bit words in 64-bit lanes,
/// then Box–Muller: two N(0, 1) values in every lane. The one definition of a draw, for one
/// address (U = std::uint64_t, D = double) and for a pack of SIMD lanes (WordPack, DoublePack).
template <class U, class D>
[[gnu::always_inline]] inline void gaussians_at(U x0, U x1, U x2, U x3, U k0, U k1, D& z1,
                                                D& z2) noexcept {
  Philox4x32::generate_words(x0, x1, x2, x3, k0, k1);
  box_muller((x1 << 32) | x0, (x3 << 32) | x2, z1, z2);
}

}  // namespace detail

/// Two independent standard normal values at address (index, stream) under seed.
inline std::pair<double, double> gaussian_pair(std::uint64_t seed, std::uint64_t index,
                                               std::uint64_t stream) noexcept {
  constexpr std::uint64_t low = 0xFFFFFFFFu;
  double z1 = 0, z2 = 0;
  detail::gaussians_at(index & low, index >> 32, stream & low, stream >> 32, seed & low, seed >> 32,
                       z1, z2);
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

/// A batch of L draws: callers write each lane's address, run() turns them into Gaussian pairs
/// (SIMD packs of kPackLanes where the build has them, lane by lane otherwise; the same bits).
template <std::size_t L = kGaussianLanes>
struct GaussianBatch {
  /// Counter words x[0..3] and key words k[0..1] of every lane, 32 bits in each 64-bit entry.
  alignas(64) std::uint64_t x[4][L];
  alignas(64) std::uint64_t k[2][L];

  void set(std::size_t l, const GaussianAddress& a) noexcept {
    set_key(l, a.seed);
    set_counter(l, a.index, a.stream);
  }
  void set_key(std::size_t l, std::uint64_t seed) noexcept {
    k[0][l] = seed & kLow;
    k[1][l] = seed >> 32;
  }
  void set_counter(std::size_t l, std::uint64_t index, std::uint64_t stream) noexcept {
    x[0][l] = index & kLow;
    x[1][l] = index >> 32;
    x[2][l] = stream & kLow;
    x[3][l] = stream >> 32;
  }

  /// z1[l], z2[l] for every lane.
  void run(double* z1, double* z2) const noexcept {
#if defined(ODEKIT_SIMD_PACK)
    if constexpr (L % kPackLanes == 0) {
      for (std::size_t l = 0; l < L; l += kPackLanes) {
        DoublePack a, b;
        gaussians_at(load(x[0], l), load(x[1], l), load(x[2], l), load(x[3], l), load(k[0], l),
                     load(k[1], l), a, b);
        std::memcpy(z1 + l, &a, sizeof a);
        std::memcpy(z2 + l, &b, sizeof b);
      }
      return;
    }
#endif
    for (std::size_t l = 0; l < L; ++l) {
      gaussians_at(x[0][l], x[1][l], x[2][l], x[3][l], k[0][l], k[1][l], z1[l], z2[l]);
    }
  }

  /// z1[l], z2[l] for the first n lanes.
  void run(std::size_t n, double* z1, double* z2) const noexcept {
    double a[L], b[L];
    run(a, b);
    std::copy_n(a, n, z1);
    std::copy_n(b, n, z2);
  }

 private:
  static constexpr std::uint64_t kLow = 0xFFFFFFFFu;
#if defined(ODEKIT_SIMD_PACK)
  static WordPack load(const std::uint64_t* words, std::size_t l) noexcept {
    WordPack w;
    std::memcpy(&w, words + l, sizeof w);
    return w;
  }
#endif
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
