// Philox4x32-10 against the known-answer vectors of Salmon et al.'s Random123 distribution
// (kat_vectors, "philox4x32 10" lines: counter, key, expected output), and the Gaussian
// transform built on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <vector>

#include <odekit/sde/gaussian.hpp>
#include <odekit/sde/philox.hpp>
#include <odekit_test/kolmogorov_smirnov.hpp>

namespace {

using odekit::Philox4x32;

struct Kat {
  Philox4x32::Counter ctr;
  Philox4x32::Key key;
  Philox4x32::Counter expected;
};

TEST(Philox, KnownAnswerVectors) {
  const Kat kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& k : kats) EXPECT_EQ(Philox4x32::generate(k.ctr, k.key), k.expected);
}

TEST(Philox, IsConstexpr) {
  constexpr auto r = Philox4x32::generate({0, 0, 0, 0}, {0, 0});
  static_assert(r[0] == 0x6627e8d5u);
  EXPECT_EQ(r[3], 0x9b00dbd8u);
}

// One counter per lane, as in the SIMD batches: the bits of generate() in every lane, with keys
// and counters that fill all 32 bits of every word.
TEST(Philox, WordsInLanesGiveTheBitsOfGenerate) {
  auto key = [](std::uint64_t l) {
    return Philox4x32::Key{static_cast<std::uint32_t>(0xA4093822u + l),
                           static_cast<std::uint32_t>(0x299F31D0u ^ l)};
  };
  auto counter = [](std::uint64_t l) {
    Philox4x32::Counter c{};
    for (int w = 0; w < 4; ++w) c[w] = static_cast<std::uint32_t>(0x9E3779B9u * (l + 1) + w);
    return c;
  };
  for (std::uint64_t l = 0; l < 8; ++l) {
    std::uint64_t x[4] = {counter(l)[0], counter(l)[1], counter(l)[2], counter(l)[3]};
    Philox4x32::generate_words(x[0], x[1], x[2], x[3], std::uint64_t{key(l)[0]},
                               std::uint64_t{key(l)[1]});
    const auto expected = Philox4x32::generate(counter(l), key(l));
    for (int w = 0; w < 4; ++w) EXPECT_EQ(x[w], expected[w]) << "lane " << l << " word " << w;
  }
#if defined(ODEKIT_SIMD_PACK)
  odekit::detail::WordPack x[4], k[2];
  for (std::size_t l = 0; l < odekit::detail::kPackLanes; ++l) {
    for (int w = 0; w < 4; ++w) x[w][l] = counter(l)[w];
    k[0][l] = key(l)[0];
    k[1][l] = key(l)[1];
  }
  Philox4x32::generate_words(x[0], x[1], x[2], x[3], k[0], k[1]);
  for (std::size_t l = 0; l < odekit::detail::kPackLanes; ++l) {
    const auto expected = Philox4x32::generate(counter(l), key(l));
    for (int w = 0; w < 4; ++w) EXPECT_EQ(x[w][l], expected[w]) << "pack lane " << l;
  }
#endif
}

TEST(Gaussian, UniformIsOpen) {
  EXPECT_GT(odekit::uniform_open(0), 0.0);
  EXPECT_LT(odekit::uniform_open(~std::uint64_t{0}), 1.0);
}

TEST(Gaussian, MomentsOfStandardNormal) {
  const int n = 100000;
  double m1 = 0, m2 = 0, m4 = 0;
  for (int i = 0; i < n / 2; ++i) {
    const auto [a, b] = odekit::gaussian_pair(7, static_cast<std::uint64_t>(i), 0);
    for (double z : {a, b}) {
      m1 += z / n;
      m2 += z * z / n;
      m4 += z * z * z * z / n;
    }
  }
  // Standard errors: 1/sqrt(n) = 0.003 for the mean, sqrt(2/n) = 0.0045 for the variance,
  // sqrt(96/n) = 0.031 for the fourth moment; bounds at about 5 standard errors.
  EXPECT_NEAR(m1, 0.0, 0.016);
  EXPECT_NEAR(m2, 1.0, 0.023);
  EXPECT_NEAR(m4, 3.0, 0.16);
}

TEST(Gaussian, TransformAgreesWithTheCLibrary) {
  // The polynomial log, sine and cosine (detail/box_muller.hpp) against libm over the
  // uniforms' range, including both ends. libm is within 1 ulp; the bounds below leave room
  // for that and state ours: log within 2 ulp (relative 4.4e-16), sine and cosine within
  // 2e-16 absolute, the normal values within 1e-14 (r up to 8.6 times a rounding of the angle).
  double worst_log = 0, worst_trig = 0, worst_z = 0;
  for (std::uint64_t i = 0; i < 200000; ++i) {
    const std::uint64_t bits = i == 0 ? 0 : i == 1 ? ~std::uint64_t{0} : i * 0x9E3779B97F4A7C15ull;
    const double u = odekit::uniform_open(bits);
    worst_log = std::max(worst_log, std::abs(odekit::detail::log_unit(u) / std::log(u) - 1));
    double s = 0, c = 0;
    odekit::detail::sincos_turn(u, s, c);
    // sin(2 pi u) in long double, so that libm's rounding of the angle does not count.
    const long double angle = 2 * std::numbers::pi_v<long double> * u;
    worst_trig = std::max({worst_trig, static_cast<double>(std::abs(s - std::sin(angle))),
                           static_cast<double>(std::abs(c - std::cos(angle)))});
    double z1 = 0, z2 = 0;
    odekit::detail::box_muller(bits, ~bits, z1, z2);
    const double r = std::sqrt(-2 * std::log(u));
    const double theta = 2 * std::numbers::pi * odekit::uniform_open(~bits);
    worst_z =
        std::max({worst_z, std::abs(z1 - r * std::cos(theta)), std::abs(z2 - r * std::sin(theta))});
  }
  EXPECT_LT(worst_log, 4.5e-16);
  EXPECT_LT(worst_trig, 2e-16);
  EXPECT_LT(worst_z, 1e-14);
}

TEST(Gaussian, DrawsPassKolmogorovSmirnov) {
  // 2^16 draws of the batched path (SIMD packs where the build has them): the distribution
  // itself, beyond the moments above. Significance 0.001.
  const std::size_t n = 1 << 15;
  std::vector<std::uint64_t> seeds(n);
  for (std::size_t i = 0; i < n; ++i) seeds[i] = odekit::derive_seed(11, i);
  std::vector<double> a(n), b(n);
  odekit::gaussian_pairs_per_seed(seeds.data(), n, 3, 0, a.data(), b.data());
  a.insert(a.end(), b.begin(), b.end());
  EXPECT_LT(odekit_test::ks_statistic(a), odekit_test::ks_critical(a.size()));
}

TEST(Gaussian, BatchesGiveTheBitsOfSingleDraws) {
  // Sizes below, at and above one batch, so that the scalar tail and padded lanes are covered.
  for (std::size_t n : {1u, 2u, 3u, 31u, 32u, 33u, 70u}) {
    std::vector<std::uint64_t> seeds(n);
    for (std::size_t i = 0; i < n; ++i) seeds[i] = odekit::derive_seed(5, i);
    std::vector<double> a(n), b(n), c(n), d(n);
    odekit::gaussian_pairs_per_seed(seeds.data(), n, 17, 3, a.data(), b.data());
    odekit::gaussian_pairs_per_stream(9, 17, 40, n, c.data(), d.data());
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(std::make_pair(a[i], b[i]), odekit::gaussian_pair(seeds[i], 17, 3))
          << n << " " << i;
      EXPECT_EQ(std::make_pair(c[i], d[i]), odekit::gaussian_pair(9, 17, 40 + i)) << n << " " << i;
    }
  }
}

TEST(Gaussian, SameAddressSameNumbers) {
  EXPECT_EQ(odekit::gaussian_pair(1, 2, 3), odekit::gaussian_pair(1, 2, 3));
  EXPECT_NE(odekit::gaussian_pair(1, 2, 3), odekit::gaussian_pair(1, 2, 4));
  EXPECT_NE(odekit::gaussian_pair(1, 2, 3), odekit::gaussian_pair(2, 2, 3));
}

TEST(Gaussian, DerivedSeedsAreDistinct) {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < 10000; ++i) seeds.insert(odekit::derive_seed(42, i));
  EXPECT_EQ(seeds.size(), 10000u);
  EXPECT_EQ(odekit::derive_seed(42, 5), odekit::derive_seed(42, 5));
}

}  // namespace
