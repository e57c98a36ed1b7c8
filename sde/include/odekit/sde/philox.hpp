#pragma once
// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel
// random numbers: as easy as 1, 2, 3", SC'11. Output = bijection(counter) under a key: there
// is no state to advance, so any draw can be computed directly from its index, on the CPU
// or in a GPU kernel, with the same bits. Written from the paper's description (Section 3.3
// and Table 2): 10 rounds of two 32x32 -> 64-bit multiplications with a Weyl-sequence key
// schedule. Checked against the authors' known-answer vectors (tests/sde/test_philox.cpp).

#include <array>
#include <cstdint>

#include "odekit/sde/detail/simd_pack.hpp"

namespace odekit {

struct Philox4x32 {
  using Counter = std::array<std::uint32_t, 4>;
  using Key = std::array<std::uint32_t, 2>;

  static constexpr int rounds = 10;
  // Multipliers and Weyl key increments of Philox4x32 (Salmon et al., Table 2 and 3.3).
  static constexpr std::uint32_t M0 = 0xD2511F53u;
  static constexpr std::uint32_t M1 = 0xCD9E8D57u;
  static constexpr std::uint32_t W0 = 0x9E3779B9u;  // golden ratio
  static constexpr std::uint32_t W1 = 0xBB67AE85u;  // sqrt(3) - 1

  /// The 128 random bits for `counter` under `key`.
  static constexpr Counter generate(Counter x, Key k) noexcept {
    std::uint64_t w[4] = {x[0], x[1], x[2], x[3]};
    generate_words(w[0], w[1], w[2], w[3], std::uint64_t{k[0]}, std::uint64_t{k[1]});
    return {static_cast<std::uint32_t>(w[0]), static_cast<std::uint32_t>(w[1]),
            static_cast<std::uint32_t>(w[2]), static_cast<std::uint32_t>(w[3])};
  }

  /// generate() on words held in the low halves of 64-bit lanes: U is std::uint64_t (one
  /// counter) or a WordPack (one counter per SIMD lane, detail/simd_pack.hpp), x0..x3 the counter
  /// on input and the output on return (upper halves zero), k0, k1 the key. The multiplications
  /// read only the low halves (mul32: vpmuludq on packs), so the upper halves may carry garbage
  /// through the rounds and are cleared once at the end.
  template <class U>
  [[gnu::always_inline]] static constexpr void generate_words(U& x0, U& x1, U& x2, U& x3, U k0,
                                                              U k1) noexcept {
    for (int r = 0; r < rounds; ++r) {
      if (r > 0) {
        k0 += W0;
        k1 += W1;
      }
      const U p0 = detail::mul32(x0, M0), p1 = detail::mul32(x2, M1);
      x0 = (p1 >> 32) ^ x1 ^ k0;
      x2 = (p0 >> 32) ^ x3 ^ k1;
      x1 = p1;
      x3 = p0;
    }
    constexpr std::uint64_t low = 0xFFFFFFFFu;
    x0 &= low;
    x1 &= low;
    x2 &= low;
    x3 &= low;
  }

  /// Key from a 64-bit seed.
  static constexpr Key key(std::uint64_t seed) noexcept {
    return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  }
};

}  // namespace odekit
