#pragma once
// Calling a problem's right-hand side on raw buffers, counting each evaluation.

#include <cstddef>
#include <span>

#include "odekit/core/stats.hpp"

#if defined(__GNUC__)
#define ODEKIT_ALWAYS_INLINE [[gnu::always_inline]]
#define ODEKIT_FLATTEN [[gnu::flatten]]
#else
#define ODEKIT_ALWAYS_INLINE
#define ODEKIT_FLATTEN
#endif

namespace odekit::detail {

/// dydt = f(t, y, p). y, p and dydt are passed as spans (indexable views), which the
/// generic right-hand sides take as `const auto&` / `auto&&`. Always inlined: for small
/// systems a call per evaluation would cost as much as f itself (GCC otherwise declines to
/// inline it inside the unrolled stage loops).
template <class F, class T, class P>
ODEKIT_ALWAYS_INLINE inline void eval_rhs(F& f, T t, const T* y, const P& p, T* dydt, std::size_t n, Stats& stats) {
  f(t, std::span<const T>(y, n), std::span<const typename P::value_type>(p.data(), p.size()),
    std::span<T>(dydt, n));
  ++stats.nf;
}

}  // namespace odekit::detail
