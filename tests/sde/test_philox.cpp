// Philox4x32-10 against the known-answer vectors of Salmon et al.'s Random123 distribution
// (kat_vectors, "philox4x32 10" lines: counter, key, expected output), and the Gaussian
// transform built on it.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include <odekit/sde/gaussian.hpp>
#include <odekit/sde/philox.hpp>

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
