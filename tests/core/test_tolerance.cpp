// AbsoluteTolerance: a scalar however it is given (number, one-element list or vector), one
// value per component otherwise; copies own their values.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include <odekit/core/tolerance.hpp>

namespace {

TEST(AbsoluteTolerance, UnsetHasNoValues) {
  const odekit::AbsoluteTolerance atol;
  EXPECT_FALSE(atol.is_set());
  EXPECT_EQ(atol.size(), 0u);
  EXPECT_TRUE(atol.values().empty());
}

TEST(AbsoluteTolerance, OneValueIsAScalarHoweverItIsGiven) {
  for (const odekit::AbsoluteTolerance& atol :
       {odekit::AbsoluteTolerance(1e-8), odekit::AbsoluteTolerance{1e-8},
        odekit::AbsoluteTolerance(std::vector<double>{1e-8})}) {
    EXPECT_TRUE(atol.is_set());
    EXPECT_TRUE(atol.is_scalar());
    ASSERT_EQ(atol.values().size(), 1u);
    EXPECT_EQ(atol.values()[0], 1e-8);
    EXPECT_EQ(atol[0], 1e-8);
    EXPECT_EQ(atol[5], 1e-8);  // a scalar applies to every component
  }
}

TEST(AbsoluteTolerance, PerComponentValuesStayInOrder) {
  const odekit::AbsoluteTolerance atol{1e-3, 1e-6, 1e-9};
  EXPECT_FALSE(atol.is_scalar());
  ASSERT_EQ(atol.size(), 3u);
  EXPECT_EQ(atol[0], 1e-3);
  EXPECT_EQ(atol[1], 1e-6);
  EXPECT_EQ(atol.values()[2], 1e-9);
}

TEST(AbsoluteTolerance, ACopyOwnsItsValues) {
  for (const odekit::AbsoluteTolerance& given :
       {odekit::AbsoluteTolerance(2e-7), odekit::AbsoluteTolerance{1e-3, 1e-6}}) {
    auto original = std::make_unique<odekit::AbsoluteTolerance>(given);
    const odekit::AbsoluteTolerance copy = *original;
    odekit::AbsoluteTolerance assigned;
    assigned = *original;
    original.reset();
    ASSERT_EQ(copy.size(), given.size());
    ASSERT_EQ(assigned.size(), given.size());
    for (std::size_t i = 0; i < given.size(); ++i) {
      EXPECT_EQ(copy.values()[i], given.values()[i]);
      EXPECT_EQ(assigned.values()[i], given.values()[i]);
    }
  }
}

}  // namespace
