#pragma once
// The few operations the Gaussian generator (philox.hpp, box_muller.hpp) needs beyond the
// built-in operators, for one value and for a pack of SIMD lanes, so that the generator is
// written once and gives the same bits in both forms:
//   madd(a, b, c)  a * b + c, fused (one rounding) when the build has fused multiply-add
//                  (core/madd.hpp for one value), with two roundings otherwise; every
//                  multiply-add of the generator goes through it, so that no compiler
//                  contraction can make the scalar and the SIMD form differ;
//   sqrt_ieee(a)   the correctly rounded square root (the same bits everywhere);
//   bits_of, double_of  the bits of a double and back;
//   mul32(a, m)    the 32 x 32 -> 64-bit product of the low half of a 64-bit word and m.
//
// Packs: with AVX-512F and FMA, DoublePack and WordPack are kPackLanes = 32 lanes (GCC/Clang
// vector types, whose +, -, *, /, &, |, ^ and shifts act lane by lane; mul32 is vpmuludq). A
// pack spans four AVX-512 registers, so that every operation is four independent instructions
// side by side and the generator's long dependency chains (ten Philox rounds, a division, a
// square root, three polynomials) overlap: 25% faster per draw than one register per pack, and
// more registers spill. Without AVX-512 there are no packs and batches run lane by lane.

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "odekit/core/madd.hpp"

#if defined(__AVX512F__) && defined(__FMA__)
#include <immintrin.h>
#define ODEKIT_SIMD_PACK 1
#endif

namespace odekit::detail {

inline double sqrt_ieee(double a) noexcept {
  return std::sqrt(a);
}
constexpr std::uint64_t bits_of(double x) noexcept {
  return std::bit_cast<std::uint64_t>(x);
}
constexpr double double_of(std::uint64_t b) noexcept {
  return std::bit_cast<double>(b);
}
constexpr std::uint64_t mul32(std::uint64_t a, std::uint32_t m) noexcept {
  return (a & 0xFFFFFFFFu) * m;
}

#if defined(ODEKIT_SIMD_PACK)
inline constexpr std::size_t kPackRegisters = 4;
inline constexpr std::size_t kPackLanes = 8 * kPackRegisters;
// Aligned as their lanes, so that passing them by value has the ABI of plain structs.
using DoublePack = double __attribute__((vector_size(8 * kPackLanes), aligned(8)));
using WordPack = std::uint64_t __attribute__((vector_size(8 * kPackLanes), aligned(8)));

/// A pack as its AVX-512 registers (the intrinsics' own types, spelled without attributes).
template <class Reg>
struct PackRegisters {
  Reg r[kPackRegisters];
};
using DoubleRegister = double __attribute__((vector_size(64)));
using WordRegister = long long __attribute__((vector_size(64)));
// The zero-masked intrinsics with every lane selected: the plain ones start from an undefined
// register, which GCC 12 reports as a use of an uninitialised value.
inline constexpr __mmask8 kAllLanes = 0xFF;

template <class Reg, class Pack>
PackRegisters<Reg> registers_of(const Pack& p) noexcept {
  PackRegisters<Reg> s;
  std::memcpy(&s, &p, sizeof s);
  return s;
}
template <class Pack, class Reg>
Pack pack_of(const PackRegisters<Reg>& s) noexcept {
  Pack p;
  std::memcpy(&p, &s, sizeof p);
  return p;
}

inline DoublePack madd(DoublePack a, DoublePack b, DoublePack c) noexcept {
  const auto x = registers_of<DoubleRegister>(a), y = registers_of<DoubleRegister>(b),
             z = registers_of<DoubleRegister>(c);
  PackRegisters<DoubleRegister> r;
  for (std::size_t i = 0; i < kPackRegisters; ++i) r.r[i] = _mm512_fmadd_pd(x.r[i], y.r[i], z.r[i]);
  return pack_of<DoublePack>(r);
}
inline DoublePack sqrt_ieee(DoublePack a) noexcept {
  const auto x = registers_of<DoubleRegister>(a);
  PackRegisters<DoubleRegister> r;
  for (std::size_t i = 0; i < kPackRegisters; ++i) r.r[i] = _mm512_maskz_sqrt_pd(kAllLanes, x.r[i]);
  return pack_of<DoublePack>(r);
}
inline WordPack bits_of(DoublePack x) noexcept {
  return reinterpret_cast<WordPack>(x);
}
inline DoublePack double_of(WordPack b) noexcept {
  return reinterpret_cast<DoublePack>(b);
}
inline WordPack mul32(WordPack a, std::uint32_t m) noexcept {
  const auto x = registers_of<WordRegister>(a);
  const WordRegister factor = _mm512_set1_epi64(m);
  PackRegisters<WordRegister> r;
  for (std::size_t i = 0; i < kPackRegisters; ++i)
    r.r[i] = _mm512_maskz_mul_epu32(kAllLanes, x.r[i], factor);
  return pack_of<WordPack>(r);
}
#endif

}  // namespace odekit::detail
