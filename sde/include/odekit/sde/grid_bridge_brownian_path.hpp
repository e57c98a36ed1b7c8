#pragma once
// GridBridgeBrownianPath: a Brownian motion on [t0, t0 + steps * dt] that is as cheap as
// FixedGridBrownianPath on its grid t0 + i * dt and can still be queried at any time in
// between. On grid points it is the FixedGridBrownianPath of the same seed, bit for bit (one
// Philox call per cell, no storage). A time inside cell k is answered by a VirtualBrownianTree
// of that cell alone: the Brownian bridge conditioned on the cell's increment and space-time
// Lévy area, bisected down to leaves of length `tol` (default (t1 - t0) / 2^20, the resolution
// of a VirtualBrownianTree's default), its splits drawn at Philox addresses keyed by the cell
// index and the node. Values are a function of the seed and the queried times only: the same
// in any query order, and increments and Lévy areas add up over subintervals to round-off.
//
// Made for fixed-step solves and ensembles whose save times lie between grid points: fixed
// steps stay on the grid (detail/step_stops.hpp), so only the steps that end or start on a
// save time refine a cell (about depth x dim Gaussian pairs), and the others cost what they
// cost on a FixedGridBrownianPath. Adaptive steps work too, each off-grid end paying a descent.
//
// The tree of the cell queried last is cached (with its last two points), so one object must
// not be queried from several threads at once: copies are cheap and give the same values.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/sde/fixed_grid_brownian_path.hpp"
#include "odekit/sde/virtual_brownian_tree.hpp"

namespace odekit {

class GridBridgeBrownianPath {
 public:
  /// The path of `seed` on the grid t0 + i dt, i = 0..steps, refined inside cells down to
  /// leaves of length <= tol (0 picks steps * dt / 2^20). Throws std::invalid_argument naming
  /// the argument when t0 or dt is not finite, dt <= 0, steps or dim is 0, tol is negative, or
  /// the cells and the depth of their trees do not fit the 64-bit Philox addresses.
  GridBridgeBrownianPath(double t0, double dt, std::size_t steps, std::size_t dim,
                         std::uint64_t seed, double tol = 0)
      : m_grid(t0, dt, steps, dim, seed, /*levy_area=*/true),
        m_tree(0.0, dt, dim, seed, leaf_length(tol, dt, steps)),
        m_cell_w(dim),
        m_cell_h(dim),
        m_seg_w(dim),
        m_seg_h(dim),
        m_area(dim) {
    // Cell k's tree draws at indices k * 2^(depth + 1) + node id (node ids < 2^(depth + 1)).
    const int shift = m_tree.depth() + 1;
    if (shift >= 64 || (steps - 1) > (~std::uint64_t{0} >> shift)) {
      throw std::invalid_argument("GridBridgeBrownianPath: steps = " + std::to_string(steps) +
                                  " cells with trees of depth " + std::to_string(m_tree.depth()) +
                                  " (tol = " + detail::num(m_tree.tol()) +
                                  ") exceed the 64-bit Philox index: use fewer steps or a "
                                  "larger tol");
    }
    m_index_shift = shift;
  }

  /// The path of another seed (no allocation).
  void reseed(std::uint64_t seed) noexcept {
    m_grid.reseed(seed);
    m_tree_cell = kNoCell;
  }

  std::size_t dim() const noexcept { return m_grid.dim(); }
  double t0() const noexcept { return m_grid.t0(); }
  double t1() const noexcept { return m_grid.t1(); }
  std::size_t steps() const noexcept { return m_grid.steps(); }
  std::uint64_t seed() const noexcept { return m_grid.seed(); }
  /// Length of the leaves of the cells' trees.
  double tol() const noexcept { return m_tree.tol(); }
  /// The path on the grid points (the same values there).
  const FixedGridBrownianPath& grid() const noexcept { return m_grid; }

  /// dW = W(t) - W(s) for s, t in [t0, t1] (either order).
  void increment(double s, double t, std::span<double> dW) const noexcept {
    increment(s, t, dW, {});
  }

  /// dW = W(t) - W(s) and the space-time Lévy area H of [s, t] (H is skipped when empty).
  void increment(double s, double t, std::span<double> dW, std::span<double> H) const noexcept {
    const bool levy = !H.empty();
    if (s > t) {
      // W(s) - W(t); the Lévy area of [t, s] is the same seen from either end.
      increment(t, s, dW, H);
      for (std::size_t c = 0; c < dim(); ++c) dW[c] = -dW[c];
      return;
    }
    const Where a = locate(s), b = locate(t);
    if (a.on_grid && b.on_grid) {
      if (levy) {
        m_grid.increment(s, t, dW, H);
      } else {
        m_grid.increment(s, t, dW);
      }
      return;
    }
    if (!a.on_grid && !b.on_grid && a.cell == b.cell) {
      if (levy) {
        tree(a.cell).increment(s, t, dW, H);
      } else {
        tree(a.cell).increment(s, t, dW);
      }
      return;
    }
    // [s, t] = [s, end of s's cell] + whole cells + [start of t's cell, t], combined like
    // consecutive cells: integral_s^t (W - W(s)) = sum over pieces of
    // len (H_piece + dW_piece / 2 + W(start of piece) - W(s)).
    const std::size_t first = a.on_grid ? a.cell : a.cell + 1, last = b.cell;
    const std::size_t n = dim();
    std::fill(dW.begin(), dW.begin() + n, 0.0);
    std::fill(m_area.begin(), m_area.end(), 0.0);
    auto add = [&](double len) {
      for (std::size_t c = 0; c < n; ++c) {
        if (levy) m_area[c] += len * (m_seg_h[c] + 0.5 * m_seg_w[c] + dW[c]);
        dW[c] += m_seg_w[c];
      }
    };
    if (!a.on_grid) {
      const double end = grid_time(first);
      tree(a.cell).increment(s, end, m_seg_w, m_seg_h);
      add(end - s);
    }
    if (first < last) {
      const double from = grid_time(first), to = grid_time(last);
      if (levy) {
        m_grid.increment(from, to, m_seg_w, m_seg_h);
      } else {
        m_grid.increment(from, to, m_seg_w);
      }
      add(to - from);
    }
    if (!b.on_grid) {
      const double start = grid_time(last);
      tree(b.cell).increment(start, t, m_seg_w, m_seg_h);
      add(t - start);
    }
    if (levy) {
      for (std::size_t c = 0; c < n; ++c) H[c] = m_area[c] / (t - s) - 0.5 * dW[c];
    }
  }

 private:
  static constexpr std::size_t kNoCell = ~std::size_t{0};
  /// Philox stream purpose of the cells' tree splits (FixedGridBrownianPath uses 0 and 1).
  static constexpr std::uint64_t kCellSplitPurpose = 2;

  static double leaf_length(double tol, double dt, std::size_t steps) {
    if (!(tol >= 0) || !std::isfinite(tol)) {
      throw std::invalid_argument("GridBridgeBrownianPath: tol = " + detail::num(tol) +
                                  ": expected a finite value >= 0 (0 picks (t1 - t0) / 2^20)");
    }
    const double span = dt * static_cast<double>(steps);
    // A cell at least as short as tol is a leaf: VirtualBrownianTree's depth 0 is tol >= dt.
    return std::min(tol > 0 ? tol : std::ldexp(span, -VirtualBrownianTree::default_depth), dt);
  }

  /// A time as grid point `cell` (on_grid) or as a time inside cell `cell`.
  struct Where {
    std::size_t cell;
    bool on_grid;
  };
  Where locate(double x) const noexcept {
    if (m_grid.on_grid(x)) return {m_grid.index(x), true};
    const double u = std::floor((x - t0()) / m_grid.grid_dt());
    return {u <= 0 ? 0 : std::min(static_cast<std::size_t>(u), steps() - 1), false};
  }
  double grid_time(std::size_t i) const noexcept {
    return t0() + static_cast<double>(i) * m_grid.grid_dt();
  }

  /// The tree of cell k: the bridge on [t_k, t_k+1] given the cell's increment and Lévy area.
  const VirtualBrownianTree& tree(std::size_t k) const noexcept {
    if (k != m_tree_cell) {
      const double a = grid_time(k), b = grid_time(k + 1);
      m_grid.increment(a, b, m_cell_w, m_cell_h);
      m_tree.condition(a, b, m_cell_w.data(), m_cell_h.data(), seed(),
                       static_cast<std::uint64_t>(k) << m_index_shift, kCellSplitPurpose);
      m_tree_cell = k;
    }
    return m_tree;
  }

  FixedGridBrownianPath m_grid;
  mutable VirtualBrownianTree m_tree;
  mutable std::size_t m_tree_cell = kNoCell;
  int m_index_shift = 0;
  mutable std::vector<double> m_cell_w, m_cell_h, m_seg_w, m_seg_h, m_area;
};

}  // namespace odekit
