#pragma once
// FixedGridBrownianPath: Brownian increments precomputed on the grid t0 + i * dt, i = 0..steps
// (like Diffrax's UnsafeBrownianPath, but deterministic for a seed). The cheapest path for
// fixed-step solves and ensembles.
//
// Preconditions (checked by the SDE integrators at construction, std::invalid_argument):
//   - every queried time is a grid point: fixed steps that are multiples of dt, save times on
//     the grid, t1 of the problem on the grid;
//   - no adaptive stepping (a rejected step would ask for a time between grid points).
// increment() itself does not check (it runs every step): a time off the grid is rounded to
// the nearest grid point.
//
// Cell i has dW_i ~ N(0, dt) and, when built with levy_area = true, H_i ~ N(0, dt/12), all
// independent. The values of dW do not depend on levy_area: the Gaussians for dW and for H come
// from separate Philox streams (component c, and component c + 2^32).
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
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/sde/gaussian.hpp"

namespace odekit {

class FixedGridBrownianPath {
 public:
  /// Throws std::invalid_argument naming the argument when dt <= 0, steps or dim is 0.
  FixedGridBrownianPath(double t0, double dt, std::size_t steps, std::size_t dim,
                        std::uint64_t seed, bool levy_area = true)
      : m_t0(t0), m_dt(dt), m_steps(steps), m_dim(dim), m_levy(levy_area) {
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
    m_dw.resize(steps * dim);
    if (m_levy) m_h.resize(steps * dim);
    reseed(seed);
  }

  /// Redraws every increment for a new seed, reusing the storage (no allocation).
  void reseed(std::uint64_t seed) noexcept {
    m_seed = seed;
    fill(m_dw.data(), 0, std::sqrt(m_dt));
    if (m_levy) fill(m_h.data(), std::uint64_t{1} << 32, std::sqrt(m_dt / 12));
  }

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
    for (std::size_t c = 0; c < m_dim; ++c) {
      double w = 0;
      for (std::size_t cell = i; cell < j; ++cell) w += m_dw[cell * m_dim + c];
      dW[c] = sign * w;
    }
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
    for (std::size_t c = 0; c < m_dim; ++c) {
      if (j == i + 1) {  // one cell: stored values, no rounding
        dW[c] = m_dw[i * m_dim + c];
        H[c] = m_levy ? m_h[i * m_dim + c] : std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      double w = 0, area = 0;  // W(t_cell) - W(s) and integral of W - W(s)
      for (std::size_t cell = i; cell < j; ++cell) {
        const double dw = m_dw[cell * m_dim + c];
        const double hc = m_levy ? m_h[cell * m_dim + c] : std::numeric_limits<double>::quiet_NaN();
        area += m_dt * (hc + 0.5 * dw + w);
        w += dw;
      }
      dW[c] = w;
      H[c] = area / len - 0.5 * w;
    }
  }

 private:
  void fill(double* out, std::uint64_t stream_base, double scale) noexcept {
    // Cells 2q and 2q + 1 of component c take the pair at address (q, stream_base + c).
    for (std::size_t c = 0; c < m_dim; ++c) {
      for (std::size_t q = 0; 2 * q < m_steps; ++q) {
        const auto [z1, z2] = gaussian_pair(m_seed, q, stream_base + c);
        out[(2 * q) * m_dim + c] = scale * z1;
        if (2 * q + 1 < m_steps) out[(2 * q + 1) * m_dim + c] = scale * z2;
      }
    }
  }

  double m_t0, m_dt;
  std::size_t m_steps, m_dim;
  bool m_levy;
  std::uint64_t m_seed = 0;
  std::vector<double> m_dw, m_h;
};

}  // namespace odekit
