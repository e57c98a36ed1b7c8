// Conformance suite of the BrownianPath concept, instantiated for every path: increments are
// Gaussian with variance h (Kolmogorov–Smirnov), Lévy areas have variance h/12 and are
// uncorrelated with the increments, increments and areas add up over subintervals, paths are
// deterministic for a seed and independent of the order of queries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include <odekit/sde/sde.hpp>
#include <odekit_test/errors.hpp>
#include <odekit_test/kolmogorov_smirnov.hpp>

namespace {

using namespace odekit;
using odekit_test::ks_critical;
using odekit_test::ks_statistic;

// Each path type on [0, 1], so that the same queries (on the 2^-10 grid) work for all: the
// fixed grid has cells of 2^-10; the grid bridge has cells of 1/48, so that most queries fall
// inside its cells.
struct TreeFactory {
  using Path = VirtualBrownianTree;
  static Path make(std::size_t dim, std::uint64_t seed) { return Path(0.0, 1.0, dim, seed); }
  static constexpr bool any_time = true;
};
struct GridFactory {
  using Path = FixedGridBrownianPath;
  static Path make(std::size_t dim, std::uint64_t seed) {
    return Path(0.0, 1.0 / 1024, 1024, dim, seed);
  }
  static constexpr bool any_time = false;
};

struct GridBridgeFactory {
  using Path = GridBridgeBrownianPath;
  static Path make(std::size_t dim, std::uint64_t seed) {
    return Path(0.0, 1.0 / 48, 48, dim, seed);
  }
  static constexpr bool any_time = true;
};

template <class F>
class BrownianConformance : public ::testing::Test {};
using Factories = ::testing::Types<TreeFactory, GridFactory, GridBridgeFactory>;
TYPED_TEST_SUITE(BrownianConformance, Factories);

TYPED_TEST(BrownianConformance, SatisfiesTheConcept) {
  static_assert(BrownianPath<typename TypeParam::Path>);
  const auto W = TypeParam::make(3, 1);
  EXPECT_EQ(W.dim(), 3u);
  EXPECT_EQ(W.t0(), 0.0);
  EXPECT_DOUBLE_EQ(W.t1(), 1.0);
}

TYPED_TEST(BrownianConformance, IncrementsAreGaussianWithVarianceH) {
  // 64 disjoint intervals of h = 1/64 on each of 64 independent paths: 4096 samples of
  // dW / sqrt(h) and of H / sqrt(h/12).
  std::vector<double> zw, zh;
  double cross = 0;
  const double h = 1.0 / 64;
  for (std::uint64_t seed = 0; seed < 64; ++seed) {
    const auto W = TypeParam::make(1, seed);
    for (int i = 0; i < 64; ++i) {
      double dw = 0, hh = 0;
      W.increment(i * h, (i + 1) * h, {&dw, 1}, {&hh, 1});
      zw.push_back(dw / std::sqrt(h));
      zh.push_back(hh / std::sqrt(h / 12));
      cross += zw.back() * zh.back();
    }
  }
  EXPECT_LT(ks_statistic(zw), ks_critical(zw.size()));
  EXPECT_LT(ks_statistic(zh), ks_critical(zh.size()));
  // Correlation of dW and H: zero, standard error 1/sqrt(4096) = 0.016.
  EXPECT_NEAR(cross / static_cast<double>(zw.size()), 0.0, 0.08);
}

TYPED_TEST(BrownianConformance, IncrementsAddUp) {
  const auto W = TypeParam::make(2, 5);
  // r < s < t on the 2^-10 grid.
  const double r = 3.0 / 1024, s = 517.0 / 1024, t = 1000.0 / 1024;
  double a[2], b[2], c[2], ha[2], hb[2], hc[2];
  W.increment(r, s, a, ha);
  W.increment(s, t, b, hb);
  W.increment(r, t, c, hc);
  for (int k = 0; k < 2; ++k) {
    EXPECT_NEAR(a[k] + b[k], c[k], 1e-14);
    // integral_r^t (W - W(r)) = integral_r^s + integral_s^t + (t - s)(W(s) - W(r)).
    const double area =
        (s - r) * (ha[k] + a[k] / 2) + (t - s) * (hb[k] + b[k] / 2) + (t - s) * a[k];
    EXPECT_NEAR(area / (t - r) - c[k] / 2, hc[k], 1e-12);
  }
}

TYPED_TEST(BrownianConformance, DeterministicForASeedAndDistinctAcrossSeeds) {
  const auto W1 = TypeParam::make(1, 11), W2 = TypeParam::make(1, 11), W3 = TypeParam::make(1, 12);
  double a = 0, b = 0, c = 0;
  W1.increment(0.25, 0.75, {&a, 1});
  W2.increment(0.25, 0.75, {&b, 1});
  W3.increment(0.25, 0.75, {&c, 1});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TYPED_TEST(BrownianConformance, SameIncrementsInAnyQueryOrder) {
  // Intervals on the grid, queried in time order on one path and shuffled on a fresh one.
  std::vector<std::pair<double, double>> intervals;
  for (int i = 0; i < 200; ++i) {
    const int a = (i * 37) % 1000, b = a + 1 + (i * 13) % 24;
    intervals.emplace_back(a / 1024.0, b / 1024.0);
  }
  auto query = [&](const auto& W, const std::vector<std::size_t>& order) {
    std::vector<double> out(2 * intervals.size());
    for (std::size_t i : order) {
      double dw = 0, h = 0;
      W.increment(intervals[i].first, intervals[i].second, {&dw, 1}, {&h, 1});
      out[2 * i] = dw;
      out[2 * i + 1] = h;
    }
    return out;
  };
  std::vector<std::size_t> order(intervals.size());
  std::iota(order.begin(), order.end(), 0);
  const auto in_order = query(TypeParam::make(1, 3), order);
  std::mt19937 shuffle_rng(1);
  std::shuffle(order.begin(), order.end(), shuffle_rng);
  const auto W = TypeParam::make(1, 3);
  query(W, order);  // warm the caches with another order first
  std::reverse(order.begin(), order.end());
  EXPECT_EQ(query(W, order), in_order);
}

TEST(VirtualBrownianTree, AnyTimeQueriesAddUpAndAreOrderFree) {
  const VirtualBrownianTree W(0.0, 2.0, 1, 9, 1e-4);
  const double r = 0.1234567, s = 0.98765, t = 1.7;
  double a, b, c, ha, hb, hc;
  W.increment(s, t, {&b, 1}, {&hb, 1});
  W.increment(r, t, {&c, 1}, {&hc, 1});
  W.increment(r, s, {&a, 1}, {&ha, 1});
  EXPECT_NEAR(a + b, c, 1e-14);
  const double area = (s - r) * (ha + a / 2) + (t - s) * (hb + b / 2) + (t - s) * a;
  EXPECT_NEAR(area / (t - r) - c / 2, hc, 1e-12);
  // A fresh tree queried in the opposite order gives the same bits.
  const VirtualBrownianTree V(0.0, 2.0, 1, 9, 1e-4);
  double a2, b2, c2;
  V.increment(r, s, {&a2, 1});
  V.increment(r, t, {&c2, 1});
  V.increment(s, t, {&b2, 1});
  EXPECT_EQ(a, a2);
  EXPECT_EQ(b, b2);
  EXPECT_EQ(c, c2);
}

TEST(VirtualBrownianTree, VarianceAtNonDyadicTimes) {
  // Increments over [0.3, 0.3 + 0.07] on 2000 trees: variance 0.07 (the smoothing below the
  // leaves, 2^-20, is far below the sampling error of 0.07 * sqrt(2/2000) = 0.0022).
  double sum2 = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    const VirtualBrownianTree W(0.0, 1.0, 1, derive_seed(77, i));
    double dw = 0;
    W.increment(0.3, 0.37, {&dw, 1});
    sum2 += dw * dw / n;
  }
  EXPECT_NEAR(sum2, 0.07, 0.011);
}

TEST(VirtualBrownianTree, ReseedEqualsAFreshTree) {
  VirtualBrownianTree W(0.0, 1.0, 2, 1);
  double before[2], after[2];
  W.increment(0.1, 0.6, before);
  W.reseed(2);
  W.increment(0.1, 0.6, after);
  const VirtualBrownianTree fresh(0.0, 1.0, 2, 2);
  double expected[2];
  fresh.increment(0.1, 0.6, expected);
  EXPECT_EQ(after[0], expected[0]);
  EXPECT_EQ(after[1], expected[1]);
  EXPECT_NE(before[0], after[0]);
}

TEST(FixedGridBrownianPath, IncrementsDoNotDependOnLevyArea) {
  const FixedGridBrownianPath with(0.0, 0.01, 100, 2, 4, true),
      without(0.0, 0.01, 100, 2, 4, false);
  double a[2], b[2];
  with.increment(0.1, 0.5, a);
  without.increment(0.1, 0.5, b);
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(a[1], b[1]);
  double h[2];
  without.increment(0.1, 0.2, a, h);
  EXPECT_TRUE(std::isnan(h[0]));
}

TEST(FixedGridBrownianPath, CellValuesAreTheirPhiloxAddresses) {
  // Cell k of component c is sqrt(dt) z at (k / 2, increment_stream(c)), z the first or second
  // value of the pair by the parity of k (the SIMD ensemble draws them this way); H likewise.
  const double dt = 0.01;
  const FixedGridBrownianPath W(0.0, dt, 100, 40, 6);
  std::vector<double> dw(40), h(40);
  for (std::size_t k : {0u, 1u, 2u, 57u, 99u}) {
    W.increment(k * dt, (k + 1) * dt, dw, h);
    for (std::size_t c : {0u, 1u, 33u, 39u}) {
      const auto [a, b] = gaussian_pair(6, k / 2, FixedGridBrownianPath::increment_stream(c));
      const auto [p, q] = gaussian_pair(6, k / 2, FixedGridBrownianPath::levy_stream(c));
      EXPECT_EQ(dw[c], W.increment_scale() * (k % 2 == 0 ? a : b));
      EXPECT_EQ(h[c], W.levy_scale() * (k % 2 == 0 ? p : q));
    }
  }
}

TEST(GridBridgeBrownianPath, GridPointsAreTheFixedGridPath) {
  // The same seed gives the FixedGridBrownianPath's values on grid points, bit for bit, also
  // after queries between grid points.
  const GridBridgeBrownianPath B(0.0, 0.01, 100, 3, 8);
  const FixedGridBrownianPath F(0.0, 0.01, 100, 3, 8);
  double w[3], h[3], fw[3], fh[3];
  B.increment(0.123, 0.4567, w, h);
  for (auto [i, j] : {std::pair{0, 1}, {5, 6}, {3, 40}, {99, 100}, {40, 3}}) {
    B.increment(i * 0.01, j * 0.01, w, h);
    F.increment(i * 0.01, j * 0.01, fw, fh);
    for (int c = 0; c < 3; ++c) {
      EXPECT_EQ(w[c], fw[c]);
      EXPECT_EQ(h[c], fh[c]);
    }
    B.increment(i * 0.01, j * 0.01, w);
    EXPECT_EQ(w[0], fw[0]);
  }
}

TEST(GridBridgeBrownianPath, InsideACellIncrementsAreIndependentWithVarianceH) {
  // Cell [0.25, 0.5] split at s = 0.25 + 0.3 * 0.25 on 4000 paths: X = W(s) - W(0.25) and
  // Y = W(0.5) - W(s) are independent N(0, 0.075) and N(0, 0.175) although the cell's own
  // increment is drawn first; the Lévy area of [0.25, s] has variance 0.075 / 12 and is
  // uncorrelated with X. Relative standard error of a variance: sqrt(2 / 4000) = 2.2%.
  const int n = 4000;
  const double a = 0.25, s = 0.325, b = 0.5;
  std::vector<double> zx;
  double xx = 0, yy = 0, xy = 0, hh = 0, xh = 0;
  for (int i = 0; i < n; ++i) {
    const GridBridgeBrownianPath W(0.0, 0.25, 4, 1, derive_seed(31, i));
    double x = 0, y = 0, h = 0;
    W.increment(a, s, {&x, 1}, {&h, 1});
    W.increment(s, b, {&y, 1});
    zx.push_back(x / std::sqrt(s - a));
    xx += x * x / n;
    yy += y * y / n;
    xy += x * y / n;
    hh += h * h / n;
    xh += x * h / n;
  }
  EXPECT_NEAR(xx / (s - a), 1.0, 0.1);
  EXPECT_NEAR(yy / (b - s), 1.0, 0.1);
  EXPECT_NEAR(hh / ((s - a) / 12), 1.0, 0.1);
  EXPECT_NEAR(xy / std::sqrt(xx * yy), 0.0, 0.07);  // correlation, standard error 0.016
  EXPECT_NEAR(xh / std::sqrt(xx * hh), 0.0, 0.07);
  EXPECT_LT(ks_statistic(zx), ks_critical(zx.size()));
}

TEST(GridBridgeBrownianPath, AnyTimeQueriesAddUpAndAreOrderFree) {
  // r and s inside one cell, t in another; intervals across cells combine pieces of cells.
  const GridBridgeBrownianPath W(0.0, 0.1, 20, 1, 9);
  const double r = 0.3123, s = 0.3876, t = 1.7071;
  double a, b, c, ha, hb, hc;
  W.increment(s, t, {&b, 1}, {&hb, 1});
  W.increment(r, t, {&c, 1}, {&hc, 1});
  W.increment(r, s, {&a, 1}, {&ha, 1});
  EXPECT_NEAR(a + b, c, 1e-14);
  const double area = (s - r) * (ha + a / 2) + (t - s) * (hb + b / 2) + (t - s) * a;
  EXPECT_NEAR(area / (t - r) - c / 2, hc, 1e-12);
  // A fresh path queried in the opposite order gives the same bits.
  const GridBridgeBrownianPath V(0.0, 0.1, 20, 1, 9);
  double a2, b2, c2, hc2;
  V.increment(r, s, {&a2, 1});
  V.increment(r, t, {&c2, 1}, {&hc2, 1});
  V.increment(s, t, {&b2, 1});
  EXPECT_EQ(a, a2);
  EXPECT_EQ(b, b2);
  EXPECT_EQ(c, c2);
  EXPECT_EQ(hc, hc2);
  // Reversed: W(r) - W(t), the same Lévy area.
  double c3, hc3;
  V.increment(t, r, {&c3, 1}, {&hc3, 1});
  EXPECT_EQ(c3, -c);
  EXPECT_EQ(hc3, hc);
}

TEST(GridBridgeBrownianPath, ReseedEqualsAFreshPath) {
  GridBridgeBrownianPath W(0.0, 0.1, 10, 2, 1);
  double before[2], after[2], expected[2];
  W.increment(0.13, 0.61, before);
  W.reseed(2);
  W.increment(0.13, 0.61, after);
  const GridBridgeBrownianPath fresh(0.0, 0.1, 10, 2, 2);
  fresh.increment(0.13, 0.61, expected);
  EXPECT_EQ(after[0], expected[0]);
  EXPECT_EQ(after[1], expected[1]);
  EXPECT_NE(before[0], after[0]);
  EXPECT_EQ(W.seed(), 2u);
}

TEST(GridBridgeBrownianPath, BadInput) {
  using odekit_test::invalid_argument_message;
  EXPECT_MENTIONS(
      invalid_argument_message([] { GridBridgeBrownianPath(0.0, 0.1, 10, 1, 1, -1.0); }),
      "tol = -1");
  EXPECT_MENTIONS(invalid_argument_message([] { GridBridgeBrownianPath(0.0, 0.1, 10, 1, 1, NAN); }),
                  "tol");
  EXPECT_MENTIONS(invalid_argument_message([] { GridBridgeBrownianPath(0.0, 0.0, 10, 1, 1); }),
                  "dt = 0");
  EXPECT_MENTIONS(invalid_argument_message([] { GridBridgeBrownianPath(0.0, 0.1, 0, 1, 1); }),
                  "steps = 0");
  EXPECT_MENTIONS(invalid_argument_message([] { GridBridgeBrownianPath(0.0, 0.1, 10, 0, 1); }),
                  "dim = 0");
  // 2^50 cells with trees of depth 20 need more than 64 bits of Philox index.
  EXPECT_MENTIONS(invalid_argument_message(
                      [] { GridBridgeBrownianPath(0.0, 1e-3, std::size_t{1} << 50, 1, 1, 1e-9); }),
                  "steps");
}

TEST(BrownianRef, ForwardsToThePath) {
  const VirtualBrownianTree W(0.0, 1.0, 1, 3);
  const BrownianRef ref = &W;
  double a = 0, b = 0;
  ref.increment(0.2, 0.4, {&a, 1});
  W.increment(0.2, 0.4, {&b, 1});
  EXPECT_EQ(a, b);
  EXPECT_EQ(ref.dim(), 1u);
  EXPECT_EQ(ref.grid_dt(), 0.0);
  const FixedGridBrownianPath G(0.0, 0.5, 2, 1, 3);
  EXPECT_EQ(BrownianRef(&G).grid_dt(), 0.5);
}

}  // namespace
