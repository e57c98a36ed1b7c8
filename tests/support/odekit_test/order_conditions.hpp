#pragma once
// Runge–Kutta order conditions by rooted trees (Butcher; Hairer, Norsett & Wanner,
// Solving ODEs I, II.2): a method has order p when sum_i b_i Phi_i(t) = 1 / gamma(t) for
// every rooted tree t with at most p nodes. A continuous extension b_i(theta) has order q
// when sum_i b_i(theta) Phi_i(t) = theta^|t| / gamma(t) for every tree with at most q nodes.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace odekit_test {

struct RootedTree {
  std::vector<int> children;  // indices of child trees, non-decreasing
  int order = 1;              // number of nodes
  long double gamma = 1;      // density
};

/// Every rooted tree with at most max_order nodes, in order of increasing size.
inline std::vector<RootedTree> rooted_trees(int max_order) {
  std::vector<RootedTree> trees{RootedTree{}};
  for (int n = 2; n <= max_order; ++n) {
    const std::size_t count_before = trees.size();
    // Children multisets with total order n - 1, chosen as non-decreasing tree indices.
    std::vector<int> stack;
    auto extend = [&](auto&& self, int remaining, int min_index) -> void {
      if (remaining == 0) {
        RootedTree t;
        t.children = stack;
        t.order = n;
        long double g = n;
        for (int c : stack) g *= trees[c].gamma;
        t.gamma = g;
        trees.push_back(t);
        return;
      }
      for (int i = min_index; i < static_cast<int>(count_before); ++i) {
        if (trees[i].order > remaining) break;
        stack.push_back(i);
        self(self, remaining - trees[i].order, i);
        stack.pop_back();
      }
    };
    extend(extend, n - 1, 0);
  }
  return trees;
}

/// Phi_i(t) for every tree and stage of the lower-triangular matrix a (S x S, row-major).
inline std::vector<std::vector<long double>> elementary_weights(
    const std::vector<RootedTree>& trees, const std::vector<std::vector<long double>>& a) {
  const std::size_t S = a.size();
  std::vector<std::vector<long double>> phi(trees.size()), a_phi(trees.size());
  for (std::size_t t = 0; t < trees.size(); ++t) {
    phi[t].assign(S, 1.0L);
    for (int c : trees[t].children)
      for (std::size_t i = 0; i < S; ++i) phi[t][i] *= a_phi[c][i];
    a_phi[t].assign(S, 0.0L);
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < S; ++j) a_phi[t][i] += a[i][j] * phi[t][j];
  }
  return phi;
}

/// Largest |sum_i w_i Phi_i(t) - theta^|t| / gamma(t)| over trees of order <= p.
inline long double max_order_residual(const std::vector<RootedTree>& trees,
                                      const std::vector<std::vector<long double>>& phi,
                                      const std::vector<long double>& w, int p,
                                      long double theta = 1.0L) {
  long double worst = 0;
  for (std::size_t t = 0; t < trees.size(); ++t) {
    if (trees[t].order > p) break;
    long double s = 0;
    for (std::size_t i = 0; i < w.size(); ++i) s += w[i] * phi[t][i];
    const long double expected = std::pow(theta, trees[t].order) / trees[t].gamma;
    worst = std::max(worst, std::fabs(s - expected));
  }
  return worst;
}

}  // namespace odekit_test
