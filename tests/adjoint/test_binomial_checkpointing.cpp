// Binomial checkpointing: the split rule against brute-force dynamic programming (the
// minimal number of recomputed steps), the schedule's bookkeeping (each step reversed once,
// from its own state, in reverse order, within the state budget), and the CheckpointStore.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <vector>

#include <odekit/adjoint/binomial_checkpointing.hpp>
#include <odekit/adjoint/checkpoint_store.hpp>

namespace {

// Minimal advances to reverse l steps holding the start state plus `free` more.
long optimal_advances(long l, long free, std::map<std::pair<long, long>, long>& memo) {
  if (l <= 1) return 0;
  if (free == 0) return l * (l - 1) / 2;
  const auto key = std::make_pair(l, free);
  if (const auto it = memo.find(key); it != memo.end()) return it->second;
  long best = std::numeric_limits<long>::max();
  for (long m = 1; m < l; ++m) {
    best = std::min(best,
                    m + optimal_advances(l - m, free - 1, memo) + optimal_advances(m, free, memo));
  }
  return memo[key] = best;
}

// Simulates the caller of reverse_binomial and records what the schedule asks.
struct Recorder {
  explicit Recorder(std::size_t states) : budget(states) {}
  std::size_t budget;
  std::set<long> held{0};
  long working = 0;
  long advances = 0;
  std::size_t peak = 1;
  std::vector<long> reversed;

  void restore(long k) {
    ASSERT_TRUE(held.count(k)) << "restore of a state not held: " << k;
    working = k;
  }
  void advance(long k) {
    ASSERT_EQ(working, k);
    working = k + 1;
    ++advances;
  }
  void store(long k) {
    ASSERT_EQ(working, k);
    held.insert(k);
    peak = std::max(peak, held.size());
    ASSERT_LE(held.size(), budget);
  }
  void discard(long k) { held.erase(k); }
  void reverse(long k) {
    ASSERT_EQ(working, k) << "reverse of step " << k << " from the wrong state";
    reversed.push_back(k);
    working = -1;
  }
};

TEST(BinomialCheckpointing, RecomputesTheMinimalNumberOfSteps) {
  std::map<std::pair<long, long>, long> memo;
  for (std::size_t states = 1; states <= 6; ++states) {
    for (long steps = 1; steps <= 80; ++steps) {
      Recorder r(states);
      odekit::reverse_binomial(steps, states, r);
      ASSERT_EQ(r.reversed.size(), static_cast<std::size_t>(steps));
      for (long k = 0; k < steps; ++k) ASSERT_EQ(r.reversed[k], steps - 1 - k);
      EXPECT_LE(r.peak, states);
      EXPECT_EQ(r.advances, optimal_advances(steps, static_cast<long>(states) - 1, memo))
          << steps << " steps, " << states << " states";
    }
  }
}

TEST(BinomialCheckpointing, LongChainsStayWithinBudgetWithLogarithmicRecomputation) {
  for (const std::size_t states : {2u, 10u, 100u}) {
    const long steps = 100000;
    Recorder r(states);
    odekit::reverse_binomial(steps, states, r);
    EXPECT_LE(r.peak, states);
    ASSERT_EQ(r.reversed.size(), static_cast<std::size_t>(steps));
    // r sweeps reverse beta(s, r) = C(s + r, s) steps: none is recomputed more than r times.
    long sweeps = 0;
    while (odekit::detail::binomial_capped(static_cast<long>(states), sweeps, steps) < steps) {
      ++sweeps;
    }
    EXPECT_LE(r.advances, sweeps * steps) << states;
  }
}

TEST(CheckpointStore, HoldsAtMostItsCapacity) {
  odekit::CheckpointStore store(2, 2);
  const std::vector<double> a{1, 2}, b{3, 4};
  store.insert(0, a);
  store.insert(5, b);
  EXPECT_TRUE(store.full());
  EXPECT_THROW(store.insert(6, a), std::logic_error);
  EXPECT_THROW(store.insert(5, a), std::logic_error);
  std::vector<double> out(2);
  store.load(5, out);
  EXPECT_EQ(out, b);
  store.erase(5);
  EXPECT_THROW(store.load(5, out), std::logic_error);
  store.insert(7, a);
  EXPECT_EQ(store.peak(), 2u);
  odekit::CheckpointStore unbounded(1, 0);
  for (long k = 0; k < 1000; ++k) unbounded.insert(k, std::vector<double>{double(k)});
  EXPECT_EQ(unbounded.peak(), 1000u);
  EXPECT_FALSE(unbounded.full());
}

}  // namespace
