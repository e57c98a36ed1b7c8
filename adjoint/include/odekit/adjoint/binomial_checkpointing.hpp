#pragma once
// Binomial checkpointing (Griewank, Optim. Methods Softw. 1 (1992) 35-54; Griewank &
// Walther, "Algorithm 799: revolve", ACM TOMS 26 (2000) 19-45): reverses a chain of l steps
// holding at most s states at once, recomputing the others from the nearest held state.
// With s states and r sweeps, beta(s, r) = C(s + r, s) steps can be reversed; the schedule
// below reaches the minimal number of recomputed steps (checked against brute-force dynamic
// programming in tests/adjoint/test_binomial_checkpointing.cpp).
//
// Recursion: the start state a is held; advance m steps, hold state a + m, reverse [a + m,
// a + l) with one state fewer, release it, then reverse [a, a + m) with the same number.
// With S = s states (a's included) and r the least sweep count with beta(S, r) >= l, every
// optimal split lies in
//   [max(beta(S, r - 2), l - beta(S - 1, r)),  min(beta(S, r - 1), l - beta(S - 1, r - 1))];
// the upper end is taken (the derivation is in docs/adjoint.md).

#include <algorithm>
#include <cstddef>
#include <vector>

namespace odekit {

namespace detail {

/// C(s + r, s), saturated at cap (only comparisons with step counts <= cap are needed).
inline long binomial_capped(long s, long r, long cap) noexcept {
  if (r < 0 || s < 0) return 0;
  long double b = 1;
  for (long k = 1; k <= r; ++k) {
    b = b * static_cast<long double>(s + k) / static_cast<long double>(k);
    if (b > static_cast<long double>(cap)) return cap;
  }
  return static_cast<long>(b + 0.5L);
}

/// Steps to advance before holding the next state, reversing l >= 2 steps with `states` >= 2
/// states (the start's included).
inline long binomial_split(long l, long states) noexcept {
  const long cap = 2 * l + 2;
  long r = 0;
  while (binomial_capped(states, r, cap) < l) ++r;
  const long m =
      std::min(binomial_capped(states, r - 1, cap), l - binomial_capped(states - 1, r - 1, cap));
  return std::clamp(m, 1L, l - 1);
}

}  // namespace detail

/// Reverses steps [0, steps) with at most `states` (>= 1) states held at once, state 0
/// included. On entry ops holds state 0 in its store and in its working state. Ops provides
///   restore(k)   working state <- held state k
///   advance(k)   working state k -> k + 1 (one forward step)
///   store(k)     hold the working state as state k
///   discard(k)   release held state k
///   reverse(k)   the reverse of step k from the working state k (which it may overwrite)
/// Steps are reversed in order steps - 1, ..., 0.
template <class Ops>
void reverse_binomial(long steps, std::size_t states, Ops& ops) {
  struct Range {
    long a, l, free;  // steps [a, a + l), state a held, `free` more states allowed
    long m = 0;       // split, once the state a + m is held
  };
  std::vector<Range> stack{{0, steps, static_cast<long>(states) - 1}};
  long working = 0;  // the step whose state the working state holds (-1: none)
  auto bring = [&](long a) {
    if (working != a) ops.restore(a);
    working = a;
  };
  auto advance_to = [&](long k) {
    for (; working < k; ++working) ops.advance(working);
  };
  auto reverse = [&](long k) {
    ops.reverse(k);
    working = -1;
  };
  while (!stack.empty()) {
    Range& r = stack.back();
    if (r.m > 0) {  // the right part is done: release its state, reverse the left part
      ops.discard(r.a + r.m);
      r = {r.a, r.m, r.free};
      continue;
    }
    if (r.l <= 0) {
      stack.pop_back();
    } else if (r.l == 1) {
      bring(r.a);
      reverse(r.a);
      stack.pop_back();
    } else if (r.free == 0) {  // no state to spare: recompute each step from a
      for (long k = r.a + r.l - 1; k >= r.a; --k) {
        bring(r.a);
        advance_to(k);
        reverse(k);
      }
      stack.pop_back();
    } else {
      r.m = detail::binomial_split(r.l, r.free + 1);
      bring(r.a);
      advance_to(r.a + r.m);
      ops.store(r.a + r.m);
      const Range right{r.a + r.m, r.l - r.m, r.free - 1};
      stack.push_back(right);
    }
  }
}

}  // namespace odekit
