#pragma once
// FixedGridBrownianPath: Brownian increments on the grid t0 + i * dt, i = 0..steps, computed
// on demand from their Philox address (like Diffrax's UnsafeBrownianPath, but deterministic for
// a seed): no storage, O(1) construction and reseed, and a one-cell increment costs one Philox
// call and one Box–Muller transform per component. The cheapest path for fixed-step solves and
// ensembles, and the one the SIMD ensemble (ensemble_lanes.hpp) reproduces lane by lane.
//
// Preconditions (checked by the SDE integrators at construction, std::invalid_argument):
//   - every queried time is a grid point: fixed steps that are multiples of dt, save times on
//     the grid, t1 of the problem on the grid;
//   - no adaptive stepping (a rejected step would ask for a time between grid points).
// increment() itself does not check (it runs every step): a time off the grid is rounded to
// the nearest grid point.
//
// Cell i has dW_i ~ N(0, dt) and, when built with levy_area = true, H_i ~ N(0, dt/12), all
// independent. Cells 2q and 2q + 1 of component c take the two values of the Gaussian pair at
// (q, increment_stream(c)) for dW and at (q, levy_stream(c)) for H, so the values of dW do not
// depend on levy_area.
// Over several cells the increments and Lévy areas are combined exactly:
//   integral_s^t (W - W(s)) du = sum_i [dt (H_i + dW_i / 2) + dt (W(t_i) - W(s))].

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "odekit/core/format.hpp"
#include "odekit/sde/gaussian.hpp"

namespace odekit {

class FixedGridBrownianPath {
 public:
  /// Throws std::invalid_argument naming the argument when dt <= 0, steps or dim is 0.
  FixedGridBrownianPath(double t0, double dt, std::size_t steps, std::size_t dim,
                        std::uint64_t seed, bool levy_area = true)
      : m_t0(t0), m_dt(dt), m_steps(steps), m_dim(dim), m_levy(levy_area), m_seed(seed) {
    if (!std::isfinite(t0)) {
      throw std::invalid_argument("FixedGridBrownianPath: t0 = " + detail::num(t0) +
                                  ": expected a finite value");
    }
    if (!(dt > 0) || !std::isfinite(dt)) {
      throw std::invalid_argument("FixedGridBrownianPath: dt = " + detail::num(dt) +
                                  ": expected a finite grid step > 0");
    }
    if (steps == 0) throw std::invalid_argument("FixedGridBrownianPath: steps = 0, expected >= 1");
    if (dim == 0) throw std::invalid_argument("FixedGridBrownianPath: dim = 0, expected >= 1");
  }

  /// The path of another seed (O(1), no allocation).
  void reseed(std::uint64_t seed) noexcept { m_seed = seed; }

  /// Philox streams of component c's increments and Lévy areas.
  static constexpr std::uint64_t increment_stream(std::size_t c) noexcept { return c; }
  static constexpr std::uint64_t levy_stream(std::size_t c) noexcept {
    return (std::uint64_t{1} << 32) + c;
  }
  /// sqrt(dt): dW = sqrt(dt) z for a standard normal z.
  double increment_scale() const noexcept { return m_scale_w; }
  /// sqrt(dt / 12): H = sqrt(dt / 12) z.
  double levy_scale() const noexcept { return m_scale_h; }

  std::size_t dim() const noexcept { return m_dim; }
  double t0() const noexcept { return m_t0; }
  double t1() const noexcept { return m_t0 + static_cast<double>(m_steps) * m_dt; }
  double grid_dt() const noexcept { return m_dt; }
  std::size_t steps() const noexcept { return m_steps; }
  std::uint64_t seed() const noexcept { return m_seed; }
  bool has_levy_area() const noexcept { return m_levy; }

  /// Index of the grid point nearest to t.
  std::size_t index(double t) const noexcept {
    const double x = std::nearbyint((t - m_t0) / m_dt);
    return x <= 0 ? 0 : std::min(static_cast<std::size_t>(x), m_steps);
  }
  /// Whether t lies on the grid (to 1e-9 of a step).
  bool on_grid(double t) const noexcept {
    const double x = (t - m_t0) / m_dt;
    return x >= -1e-9 && x <= static_cast<double>(m_steps) + 1e-9 &&
           std::abs(x - std::nearbyint(x)) <= 1e-9 * std::max(1.0, std::abs(x));
  }

  void increment(double s, double t, std::span<double> dW) const noexcept {
    std::size_t i = index(s), j = index(t);
    const double sign = i <= j ? 1.0 : -1.0;
    if (i > j) std::swap(i, j);
    for_chunks([&](std::size_t c0, std::size_t n) {
      double w[kChunk] = {};
      Cells dw(*this, c0, n, false);
      for (std::size_t cell = i; cell < j; ++cell) {
        const double* z = dw.at(cell);
        for (std::size_t c = 0; c < n; ++c) w[c] += z[c];
      }
      for (std::size_t c = 0; c < n; ++c) dW[c0 + c] = sign * w[c];
    });
  }

  /// Increment and space-time Lévy area; H is NaN when the path was built without Lévy area.
  void increment(double s, double t, std::span<double> dW, std::span<double> H) const noexcept {
    std::size_t i = index(s), j = index(t);
    if (i == j) {
      for (std::size_t c = 0; c < m_dim; ++c) dW[c] = H[c] = 0;
      return;
    }
    if (i > j) {
      // Reversed interval: W(s) - W(t) and the area of [t, s] seen from s.
      increment(t, s, dW, H);
      for (std::size_t c = 0; c < m_dim; ++c) dW[c] = -dW[c];
      return;
    }
    const double len = static_cast<double>(j - i) * m_dt;
    for_chunks([&](std::size_t c0, std::size_t n) {
      Cells dws(*this, c0, n, false), hs(*this, c0, n, true);
      if (j == i + 1) {  // one cell: the values themselves, no rounding
        const double *dw = dws.at(i), *hc = hs.at(i);
        for (std::size_t c = 0; c < n; ++c) {
          dW[c0 + c] = dw[c];
          H[c0 + c] = hc[c];
        }
        return;
      }
      double w[kChunk] = {}, area[kChunk] = {};  // W(t_cell) - W(s) and integral of W - W(s)
      for (std::size_t cell = i; cell < j; ++cell) {
        const double *dw = dws.at(cell), *hc = hs.at(cell);
        for (std::size_t c = 0; c < n; ++c) {
          area[c] += m_dt * (hc[c] + 0.5 * dw[c] + w[c]);
          w[c] += dw[c];
        }
      }
      for (std::size_t c = 0; c < n; ++c) {
        dW[c0 + c] = w[c];
        H[c0 + c] = area[c] / len - 0.5 * w[c];
      }
    });
  }

 private:
  /// Components are handled in chunks of one batch of Gaussian draws, on the stack.
  static constexpr std::size_t kChunk = detail::kGaussianLanes;
  template <class Fn>
  void for_chunks(Fn&& fn) const {
    for (std::size_t c0 = 0; c0 < m_dim; c0 += kChunk) fn(c0, std::min(kChunk, m_dim - c0));
  }

  /// dW (or H, NaN without Lévy area) of consecutive cells for components c0 ... c0 + n - 1:
  /// the Gaussian pair of cells 2q and 2q + 1 is drawn once for both.
  class Cells {
   public:
    Cells(const FixedGridBrownianPath& path, std::size_t c0, std::size_t n, bool levy) noexcept
        : m_path(path), m_c0(c0), m_n(n), m_levy(levy), m_absent(levy && !path.m_levy) {
      if (m_absent) {
        for (auto& z : m_z) std::fill_n(z, n, std::numeric_limits<double>::quiet_NaN());
      }
    }
    const double* at(std::size_t cell) noexcept {
      const std::size_t q = cell / 2;
      if (!m_absent && (!m_drawn || q != m_pair)) {
        gaussian_pairs_per_stream(m_path.m_seed, q,
                                  m_levy ? levy_stream(m_c0) : increment_stream(m_c0), m_n, m_z[0],
                                  m_z[1]);
        const double scale = m_levy ? m_path.m_scale_h : m_path.m_scale_w;
        for (auto& z : m_z)
          for (std::size_t c = 0; c < m_n; ++c) z[c] *= scale;
        m_pair = q;
        m_drawn = true;
      }
      return m_z[cell % 2];
    }

   private:
    const FixedGridBrownianPath& m_path;
    std::size_t m_c0, m_n;
    bool m_levy, m_absent, m_drawn = false;
    std::size_t m_pair = 0;
    double m_z[2][kChunk];
  };

  double m_t0, m_dt;
  std::size_t m_steps, m_dim;
  bool m_levy;
  std::uint64_t m_seed;
  double m_scale_w = std::sqrt(m_dt), m_scale_h = std::sqrt(m_dt / 12);
};

}  // namespace odekit
