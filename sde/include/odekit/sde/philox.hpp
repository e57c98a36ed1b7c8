#pragma once
// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel
// random numbers: as easy as 1, 2, 3", SC'11. Output = bijection(counter) under a key: there
// is no state to advance, so any draw can be computed directly from its index, on the CPU
// or in a GPU kernel, with the same bits. Written from the paper's description (Section 3.3
// and Table 2): 10 rounds of two 32x32 -> 64-bit multiplications with a Weyl-sequence key
// schedule. Checked against the authors' known-answer vectors (tests/sde/test_philox.cpp).

#include <array>
#include <cstddef>
#include <cstdint>

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
    for (int r = 0; r < rounds; ++r) {
      if (r > 0) {
        k[0] += W0;
        k[1] += W1;
      }
      const std::uint64_t p0 = static_cast<std::uint64_t>(M0) * x[0];
      const std::uint64_t p1 = static_cast<std::uint64_t>(M1) * x[2];
      const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
      const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
      x = {hi1 ^ x[1] ^ k[0], lo1, hi0 ^ x[3] ^ k[1], lo0};
    }
    return x;
  }

  /// generate() on L counters at once, in structure-of-arrays form: x[w][l] is word w of lane
  /// l's counter on input and of its output on return, k[w][l] word w of its key, each held in a
  /// Word (std::uint32_t, or std::uint64_t with the upper half zero; see LaneWord). The loops
  /// over lanes vectorise; the bits are those of generate().
  template <class Word, std::size_t L>
  static constexpr void generate_lanes(Word (&x)[4][L], Word (&k)[2][L]) noexcept {
    constexpr std::uint64_t low = 0xFFFFFFFFu;
    for (int r = 0; r < rounds; ++r) {
      for (std::size_t l = 0; l < L; ++l) {
        const std::uint64_t p0 = std::uint64_t{M0} * (x[0][l] & low);
        const std::uint64_t p1 = std::uint64_t{M1} * (x[2][l] & low);
        const auto y0 = static_cast<Word>((p1 >> 32) ^ x[1][l] ^ k[0][l]);
        const auto y2 = static_cast<Word>((p0 >> 32) ^ x[3][l] ^ k[1][l]);
        x[0][l] = y0;
        x[1][l] = static_cast<Word>(p1 & low);
        x[2][l] = y2;
        x[3][l] = static_cast<Word>(p0 & low);
        k[0][l] = static_cast<Word>((k[0][l] + W0) & low);
        k[1][l] = static_cast<Word>((k[1][l] + W1) & low);
      }
    }
  }

  /// The lane word that vectorises best: with AVX-512 (vpmullq), 64-bit lanes multiply in
  /// place; otherwise 32-bit lanes let the compiler use the widening 32 x 32 -> 64 multiply
  /// (pmuludq) instead of emulating a 64-bit one. Either gives the same bits.
#if defined(__AVX512DQ__)
  using LaneWord = std::uint64_t;
#else
  using LaneWord = std::uint32_t;
#endif

  /// Key from a 64-bit seed.
  static constexpr Key key(std::uint64_t seed) noexcept {
    return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  }
};

}  // namespace odekit
