#pragma once
// static_for<N>(fn): fn.template operator()<i>() for i = 0 ... N - 1, unrolled at compile time,
// so that a tableau's coefficients are constants in the loop body (zeros skipped with
// if constexpr, no tableau walked at run time).

#include <utility>

namespace odekit::detail {

template <int N, class Fn>
constexpr void static_for(Fn&& fn) {
  [&]<int... I>(std::integer_sequence<int, I...>) {
    (fn.template operator()<I>(), ...);
  }
  (std::make_integer_sequence<int, N>{});
}

}  // namespace odekit::detail
