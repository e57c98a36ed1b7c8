#pragma once
// VirtualBrownianTree: a Brownian motion on [t0, t1] that can be queried on any interval, in
// any order, and always gives the same values for a seed, in O(depth * dim) memory (Gaines &
// Lyons 1997; Li, Wong, Chen & Duvenaud, "Scalable gradients for stochastic differential
// equations", AISTATS 2020; Diffrax's VirtualBrownianTree).
//
// The path is defined by recursive bisection of [t0, t1]. Each node of the dyadic tree carries
// its increment w and space-time Lévy area H; a node's children are drawn from the law of the
// Brownian bridge conditioned on (w, H). With k = L/2 half the node's length and
// d = w_left - w_right, a = H_left + H_right, b = H_left - H_right (our derivation, which
// agrees with Foster's space-time Lévy area bridge):
//
//   H = (H_left + H_right)/2 + (w_left - w_right)/4                (exact split identity)
//   d = 3 H + sqrt(k/2) Z1,  a = 2 H - d/2,  b = sqrt(k/6) Z2,      Z1, Z2 ~ N(0, 1) independent
//
// so W(mid) = W(a) + w/2 + 3H/2 + sqrt(L/16) Z1. Z1, Z2 come from Philox keyed by the seed,
// addressed by (node id, component): a node's values never depend on the query order.
//
// Bisection stops at nodes of length <= tol (the leaves). Inside a leaf, W is the conditional
// mean of the bridge given (w, H): W(a + theta L) = W(a) + theta w + 6 H theta (1 - theta).
// Times on the dyadic grid of the leaves (e.g. steps of (t1 - t0) / 2^k) are therefore exact
// Brownian values; elsewhere the path is smoothed below the tolerance.
//
// Increments are differences of one deterministic function W(t) and of its integral
// I(t) = integral_t0^t W(u) du, so they add up over subintervals to round-off, and so does H:
//   dW = W(t) - W(s),   H = (I(t) - I(s)) / h - W(s) - dW / 2.
//
// The last two points queried are cached, together with the node path of the last descent, so
// that an integrator walking forward pays about one descent per step. The node ids of a descent
// follow from t alone, so its Gaussians are drawn first, as SIMD batches over (node,
// component), and the descent itself is arithmetic. The cache makes a tree
// unsafe to query from several threads at once: give each thread its own copy (copies are
// cheap and give identical values).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/sde/gaussian.hpp"

namespace odekit {

class VirtualBrownianTree {
 public:
  /// Leaves of (t1 - t0) / 2^default_depth when tol is 0.
  static constexpr int default_depth = 20;
  static constexpr int max_depth = 60;

  /// Brownian motion of dimension `dim` on [t0, t1] for `seed`. Bisection stops at intervals
  /// of length <= tol (0 picks (t1 - t0) / 2^20). Throws std::invalid_argument naming the
  /// argument when t0 >= t1, dim is 0 or tol is negative.
  VirtualBrownianTree(double t0, double t1, std::size_t dim, std::uint64_t seed, double tol = 0)
      : m_t0(t0), m_t1(t1), m_dim(dim), m_seed(seed) {
    if (!(std::isfinite(t0) && std::isfinite(t1) && t0 < t1)) {
      throw std::invalid_argument("VirtualBrownianTree: t0 = " + detail::num(t0) +
                                  ", t1 = " + detail::num(t1) + ": expected finite t0 < t1");
    }
    if (dim == 0) throw std::invalid_argument("VirtualBrownianTree: dim = 0, expected >= 1");
    if (!(tol >= 0) || !std::isfinite(tol)) {
      throw std::invalid_argument("VirtualBrownianTree: tol = " + detail::num(tol) +
                                  ": expected a finite value >= 0 (0 picks (t1 - t0) / 2^20)");
    }
    const double span = t1 - t0;
    m_depth = default_depth;
    if (tol > 0) {
      m_depth = 0;
      while (m_depth < max_depth && std::ldexp(span, -m_depth) > tol) ++m_depth;
    }
    m_tol = std::ldexp(span, -m_depth);
    const std::size_t levels = static_cast<std::size_t>(m_depth) + 1;
    m_a.resize(levels);
    m_b.resize(levels);
    m_id.resize(levels);
    m_wa.resize(levels * dim);
    m_wb.resize(levels * dim);
    m_h.resize(levels * dim);
    m_ia.resize(levels * dim);
    for (auto& p : m_points) {
      p.w.resize(dim);
      p.i.resize(dim);
    }
    m_tmp_w.resize(dim);
    m_split_id.resize(levels);
    m_z1.resize(levels * dim);
    m_z2.resize(levels * dim);
    reseed(seed);
  }

  /// The tree of another seed, reusing the storage (no allocation).
  void reseed(std::uint64_t seed) noexcept {
    m_seed = seed;
    // Root: W(t0) = 0, w = W(t1) ~ N(0, T), H ~ N(0, T / 12), independent.
    const double span = m_t1 - m_t0;
    m_a[0] = m_t0;
    m_b[0] = m_t1;
    m_id[0] = 1;
    for_chunks(1, kRootStream, [&](std::size_t c, double z1, double z2) {
      m_wa[c] = 0;
      m_wb[c] = std::sqrt(span) * z1;
      m_h[c] = std::sqrt(span / 12) * z2;
      m_ia[c] = 0;
    });
    m_levels_valid = 1;
    for (auto& p : m_points) p.t = std::numeric_limits<double>::quiet_NaN();
  }

  std::size_t dim() const noexcept { return m_dim; }
  double t0() const noexcept { return m_t0; }
  double t1() const noexcept { return m_t1; }
  std::uint64_t seed() const noexcept { return m_seed; }
  /// Length of the leaves: (t1 - t0) / 2^depth.
  double tol() const noexcept { return m_tol; }
  int depth() const noexcept { return m_depth; }

  /// dW = W(t) - W(s). s and t must lie in [t0, t1] (either order).
  void increment(double s, double t, std::span<double> dW) const noexcept {
    const Point& ps = point(s);
    const Point& pt = point(t);
    for (std::size_t c = 0; c < m_dim; ++c) dW[c] = pt.w[c] - ps.w[c];
  }

  /// dW = W(t) - W(s) and the space-time Lévy area H of [s, t].
  void increment(double s, double t, std::span<double> dW, std::span<double> H) const noexcept {
    const Point& ps = point(s);
    const Point& pt = point(t);
    const double h = t - s;
    for (std::size_t c = 0; c < m_dim; ++c) {
      dW[c] = pt.w[c] - ps.w[c];
      H[c] = h == 0 ? 0.0 : (pt.i[c] - ps.i[c]) / h - ps.w[c] - 0.5 * dW[c];
    }
  }

  /// W(t) (with W(t0) = 0).
  void value(double t, std::span<double> w) const noexcept {
    const Point& p = point(t);
    std::copy(p.w.begin(), p.w.end(), w.begin());
  }

 private:
  struct Point {
    double t = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> w, i;
  };

  // GridBridgeBrownianPath refines each cell of its grid with a tree conditioned on the cell.
  friend class GridBridgeBrownianPath;

  /// The tree of the Brownian bridge on [a, b] (about as long as the span the tree was made
  /// for, which set its depth) with increment w and Lévy area H (dim values each), W(a) = 0;
  /// its splits draw at (seed, index_base + node id, stream(purpose, component)).
  void condition(double a, double b, const double* w, const double* H, std::uint64_t seed,
                 std::uint64_t index_base, std::uint64_t purpose) noexcept {
    m_t0 = m_a[0] = a;
    m_t1 = m_b[0] = b;
    m_seed = seed;
    m_index_base = index_base;
    m_split_purpose = purpose;
    m_id[0] = 1;
    for (std::size_t c = 0; c < m_dim; ++c) {
      m_wa[c] = 0;
      m_wb[c] = w[c];
      m_h[c] = H[c];
      m_ia[c] = 0;
    }
    m_levels_valid = 1;
    for (auto& p : m_points) p.t = std::numeric_limits<double>::quiet_NaN();
  }

  static constexpr std::uint64_t kRootStream = 0;
  static constexpr std::uint64_t kSplitStream = 1;
  static std::uint64_t stream(std::uint64_t purpose, std::size_t component) noexcept {
    return (purpose << 32) | static_cast<std::uint64_t>(component);
  }

  /// Calls fn(c, z1, z2) for every component c with the Gaussian pair at (index, stream of
  /// `purpose` and c), drawn a batch of components at a time.
  template <class Fn>
  void for_chunks(std::uint64_t index, std::uint64_t purpose, Fn&& fn) const noexcept {
    constexpr std::size_t chunk = detail::kGaussianLanes;
    double z1[chunk], z2[chunk];
    for (std::size_t c0 = 0; c0 < m_dim; c0 += chunk) {
      const std::size_t n = std::min(chunk, m_dim - c0);
      gaussian_pairs_per_stream(m_seed, index, stream(purpose, c0), n, z1, z2);
      for (std::size_t i = 0; i < n; ++i) fn(c0 + i, z1[i], z2[i]);
    }
  }

  /// W and I at t, from the point cache or by one descent.
  const Point& point(double t) const noexcept {
    // Two slots, least recently used replaced: increment(s, t) keeps s while making t.
    for (int i = 0; i < 2; ++i) {
      if (m_points[i].t == t) {
        m_next_point = 1 - i;
        return m_points[i];
      }
    }
    Point& p = m_points[m_next_point];
    m_next_point = 1 - m_next_point;
    evaluate(t, p.w.data(), p.i.data());
    p.t = t;
    return p;
  }

  void evaluate(double t, double* w, double* integral) const noexcept {
    t = std::clamp(t, m_t0, m_t1);
    // The deepest cached node with t in [a, b); the levels above it contain t too. Half-open,
    // so that a node's right end is always evaluated where it was made (as the midpoint of an
    // ancestor) and every point has one canonical sequence of operations: the same bits
    // whatever was queried before.
    std::size_t lv = m_levels_valid - 1;
    while (lv > 0 && !(m_a[lv] <= t && t < m_b[lv])) --lv;
    const std::size_t first_split = lv;
    draw_descent(lv, t);
    for (;;) {
      const double a = m_a[lv], b = m_b[lv], len = b - a;
      const double* wa = &m_wa[lv * m_dim];
      const double* wb = &m_wb[lv * m_dim];
      const double* hh = &m_h[lv * m_dim];
      const double* ia = &m_ia[lv * m_dim];
      if (t == a) {
        std::copy_n(wa, m_dim, w);
        std::copy_n(ia, m_dim, integral);
        m_levels_valid = lv + 1;
        return;
      }
      if (t == b) {  // only at the root (t == t1)
        for (std::size_t c = 0; c < m_dim; ++c) {
          w[c] = wb[c];
          integral[c] = ia[c] + len * (wa[c] + 0.5 * (wb[c] - wa[c]) + hh[c]);
        }
        m_levels_valid = lv + 1;
        return;
      }
      if (static_cast<int>(lv) == m_depth) {
        // Leaf: the conditional mean of the bridge given (w, H), a parabola.
        const double th = (t - a) / len;
        const double bump = 6 * th * (1 - th);
        const double ibump = 6 * (th * th / 2 - th * th * th / 3);
        for (std::size_t c = 0; c < m_dim; ++c) {
          const double inc = wb[c] - wa[c];
          w[c] = wa[c] + th * inc + bump * hh[c];
          integral[c] = ia[c] + len * (wa[c] * th + inc * th * th / 2 + ibump * hh[c]);
        }
        m_levels_valid = lv + 1;
        return;
      }
      split(lv, lv - first_split);
      const double mid = m_b[lv + 1];  // the left child's right end
      if (t == mid) {
        // I(mid) = I(a) + integral over the left child, as make_right computes it.
        const std::size_t dn = (lv + 1) * m_dim;
        const double k = mid - a;
        for (std::size_t c = 0; c < m_dim; ++c) {
          const double wa = m_wa[dn + c], wm = m_wb[dn + c];
          w[c] = wm;
          integral[c] = m_ia[dn + c] + k * (wa + 0.5 * (wm - wa) + m_h[dn + c]);
        }
        m_levels_valid = lv + 2;
        return;
      }
      if (t > mid) make_right(lv);
      ++lv;
      m_levels_valid = lv + 1;
    }
  }

  /// Draws the Gaussians of the splits that the descent to t from level lv makes (the loop in
  /// evaluate(), without its arithmetic): split s, component c at m_z1/m_z2[s * dim + c].
  void draw_descent(std::size_t lv, double t) const noexcept {
    double a = m_a[lv], b = m_b[lv];
    std::uint64_t id = m_id[lv];
    std::size_t splits = 0;
    for (; t != a && t != b && static_cast<int>(lv) < m_depth; ++lv) {
      m_split_id[splits++] = id;
      const double mid = a + 0.5 * (b - a);
      if (t == mid) break;
      if (t > mid) {
        a = mid;
        id = 2 * id + 1;
      } else {
        b = mid;
        id = 2 * id;
      }
    }
    gaussian_pairs(
        splits * m_dim,
        [&](std::size_t i) {
          return GaussianAddress{m_seed, m_index_base + m_split_id[i / m_dim],
                                 stream(m_split_purpose, i % m_dim)};
        },
        m_z1.data(), m_z2.data());
  }

  /// Writes the left child of node lv into level lv + 1 (the right child is derived from it
  /// by make_right when needed), with the Gaussians of split s of the current descent.
  void split(std::size_t lv, std::size_t s) const noexcept {
    const std::size_t up = lv * m_dim, dn = (lv + 1) * m_dim;
    const double a = m_a[lv], b = m_b[lv];
    const double mid = a + 0.5 * (b - a);
    const double k = mid - a;
    const double s1 = std::sqrt(k / 2), s2 = std::sqrt(k / 6);
    const double* z1s = &m_z1[s * m_dim];
    const double* z2s = &m_z2[s * m_dim];
    for (std::size_t c = 0; c < m_dim; ++c) {
      const double z1 = z1s[c], z2 = z2s[c];
      const double w = m_wb[up + c] - m_wa[up + c];
      const double H = m_h[up + c];
      const double d = 3 * H + s1 * z1;
      const double sa = 2 * H - 0.5 * d;
      const double sb = s2 * z2;
      const double w_left = 0.5 * (w + d);
      m_wa[dn + c] = m_wa[up + c];
      m_wb[dn + c] = m_wa[up + c] + w_left;
      m_h[dn + c] = 0.5 * (sa + sb);
      m_ia[dn + c] = m_ia[up + c];
      // Stash the right child's Lévy area where make_right finds it.
      m_tmp_w[c] = 0.5 * (sa - sb);
    }
    m_a[lv + 1] = a;
    m_b[lv + 1] = mid;
    m_id[lv + 1] = 2 * m_id[lv];
  }

  /// Turns the left child at level lv + 1 (just made by split) into the right child.
  void make_right(std::size_t lv) const noexcept {
    const std::size_t up = lv * m_dim, dn = (lv + 1) * m_dim;
    const double a = m_a[lv + 1], mid = m_b[lv + 1];
    const double k = mid - a;
    for (std::size_t c = 0; c < m_dim; ++c) {
      const double wa = m_wa[dn + c], wm = m_wb[dn + c], h_left = m_h[dn + c];
      const double i_mid = m_ia[dn + c] + k * (wa + 0.5 * (wm - wa) + h_left);
      m_wa[dn + c] = wm;
      m_wb[dn + c] = m_wb[up + c];
      m_h[dn + c] = m_tmp_w[c];
      m_ia[dn + c] = i_mid;
    }
    m_a[lv + 1] = mid;
    m_b[lv + 1] = m_b[lv];
    m_id[lv + 1] = m_id[lv] * 2 + 1;
  }

  double m_t0, m_t1;
  std::size_t m_dim;
  std::uint64_t m_seed;
  // Where the splits draw: index m_index_base + node id, stream (m_split_purpose, component).
  std::uint64_t m_index_base = 0, m_split_purpose = kSplitStream;
  int m_depth = default_depth;
  double m_tol = 0;
  // Node path of the last descent, level by level: [a, b], id, and per component W(a),
  // W(b), H and I(a).
  mutable std::vector<double> m_a, m_b;
  mutable std::vector<std::uint64_t> m_id;
  mutable std::vector<double> m_wa, m_wb, m_h, m_ia;
  mutable std::size_t m_levels_valid = 0;
  mutable Point m_points[2];
  mutable int m_next_point = 0;
  mutable std::vector<double> m_tmp_w;
  // The node ids and Gaussians of the current descent's splits.
  mutable std::vector<std::uint64_t> m_split_id;
  mutable std::vector<double> m_z1, m_z2;
};

}  // namespace odekit
