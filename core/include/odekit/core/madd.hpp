#pragma once
// a * b + c, fused (one rounding) when the build has fused multiply-add (__FMA__: x86-64 with
// -mfma or -march=native), with two roundings otherwise. Code that needs the fused form asks
// for it here: the SDE module turns the compiler's own contraction off for every translation
// unit that uses it (sde/CMakeLists.txt), and on the short dependency chains of small
// systems a multiply-add costs one latency instead of two.

#include <cmath>
#include <type_traits>

namespace odekit::detail {

template <class T>
inline T madd(T a, T b, T c) noexcept {
#if defined(__FMA__)
  // Only float and double have a hardware instruction (std::fma would call libm otherwise).
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) return std::fma(a, b, c);
#endif
  return a * b + c;
}

}  // namespace odekit::detail
