// Every tableau satisfies all order conditions up to its order (rooted trees), its
// embedded method has exactly its stated order, and its dense output has its stated order.
#include <gtest/gtest.h>

#include <odekit_test/methods.hpp>
#include <odekit_test/order_conditions.hpp>

namespace {

template <class M>
class Tableau : public ::testing::Test {};
TYPED_TEST_SUITE(Tableau, odekit_test::ExplicitRKMethods, odekit_test::MethodName);

/// The method's stages and its extra dense-output stages as one lower-triangular matrix.
template <class Tab>
std::vector<std::vector<long double>> extended_a() {
  constexpr int S = Tab::tableau.stages;
  constexpr int E = Tab::dense.extra_stages;
  std::vector<std::vector<long double>> a(S + E, std::vector<long double>(S + E, 0.0L));
  for (int i = 0; i < S; ++i)
    for (int j = 0; j < S; ++j) a[i][j] = Tab::tableau.a[i][j];
  for (int e = 0; e < E; ++e)
    for (int j = 0; j < S + E; ++j) a[S + e][j] = Tab::dense.a[e][j];
  return a;
}

constexpr long double kTol = 1e-15L;  // coefficients are given to at least ~17 digits

TYPED_TEST(Tableau, SolutionWeightsHaveTheStatedOrder) {
  using Tab = typename TypeParam::tableau_tag;
  constexpr int S = Tab::tableau.stages;
  const int p = Tab::tableau.order;
  const auto trees = odekit_test::rooted_trees(p + 1);
  const auto phi = odekit_test::elementary_weights(trees, extended_a<Tab>());
  std::vector<long double> b(phi[0].size(), 0.0L);
  for (int i = 0; i < S; ++i) b[i] = Tab::tableau.b[i];
  EXPECT_LT(odekit_test::max_order_residual(trees, phi, b, p), kTol);
  // ... and not one order more (the stated order is the true one).
  EXPECT_GT(odekit_test::max_order_residual(trees, phi, b, p + 1), 1e-6L);
}

template <class M>
class EmbeddedTableau : public ::testing::Test {};
TYPED_TEST_SUITE(EmbeddedTableau, odekit_test::AdaptiveRKMethods, odekit_test::MethodName);

TYPED_TEST(EmbeddedTableau, EmbeddedMethodHasTheStatedErrorOrder) {
  using Tab = typename TypeParam::tableau_tag;
  constexpr int S = Tab::tableau.stages;
  const int q = Tab::tableau.error_order;
  ASSERT_GT(q, 0);
  const auto trees = odekit_test::rooted_trees(q + 1);
  const auto phi = odekit_test::elementary_weights(trees, extended_a<Tab>());
  std::vector<long double> b_hat(phi[0].size(), 0.0L);
  for (int i = 0; i < S; ++i) b_hat[i] = Tab::tableau.b[i] - Tab::tableau.b_err[i];
  EXPECT_LT(odekit_test::max_order_residual(trees, phi, b_hat, q), kTol);
  EXPECT_GT(odekit_test::max_order_residual(trees, phi, b_hat, q + 1), 1e-6L);
}

TYPED_TEST(Tableau, DenseOutputHasTheStatedOrderAcrossTheStep) {
  using Tab = typename TypeParam::tableau_tag;
  constexpr auto& d = Tab::dense;
  const int q = d.order;
  const auto trees = odekit_test::rooted_trees(q);
  const auto phi = odekit_test::elementary_weights(trees, extended_a<Tab>());
  for (long double theta : {0.1L, 0.37L, 0.5L, 0.81L, 1.0L}) {
    std::vector<long double> w(phi[0].size(), 0.0L);
    for (std::size_t l = 0; l < w.size(); ++l) {
      long double acc = 0;
      for (int m = d.degree - 1; m >= 0; --m) acc = (acc + d.b_theta[l][m]) * theta;
      w[l] = acc;
    }
    EXPECT_LT(odekit_test::max_order_residual(trees, phi, w, q, theta), kTol)
        << "theta = " << static_cast<double>(theta);
  }
}

TEST(RootedTrees, CountsMatchTheKnownSequence) {
  // Number of rooted trees with n nodes: OEIS A000081.
  const auto trees = odekit_test::rooted_trees(9);
  std::vector<int> count(10, 0);
  for (const auto& t : trees) ++count[t.order];
  EXPECT_EQ(count, (std::vector<int>{0, 1, 1, 2, 4, 9, 20, 48, 115, 286}));
}

}  // namespace
