#pragma once
// LaneRunner: W trajectories of a fixed-step solve advanced together, for the SIMD ensemble
// (solve_ensemble_simd). The method's own Stepper runs on Lanes<T, W> (lanes.hpp), so every
// lane computes, operation for operation, what SdeIntegrator computes for its trajectory on a
// FixedGridBrownianPath or GridBridgeBrownianPath with that trajectory's seed: the same steps
// (StepStops), the same increments, the same saved states, bit for bit. A step over one whole
// grid cell takes the cell's Philox values (fixed_grid_brownian_path.hpp), drawn kCells cells
// at a time for all lanes in SIMD batches, straight into the Lanes the stepper reads; a step
// that starts or ends between grid points (on a save time off the grid) asks each lane's
// GridBridgeBrownianPath, as the scalar solve does.
//
// Only the common case runs here: every lane succeeds. When any lane fails (NaN or Inf, or a
// step count or size limit), run() returns false and the caller solves those trajectories one
// by one with SdeIntegrator, which reports the failure exactly as a scalar ensemble does.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "odekit/core/tolerance.hpp"
#include "odekit/sde/detail/step_stops.hpp"
#include "odekit/sde/fixed_grid_brownian_path.hpp"
#include "odekit/sde/gaussian.hpp"
#include "odekit/sde/grid_bridge_brownian_path.hpp"
#include "odekit/sde/lanes.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solution.hpp"

namespace odekit::detail {

template <class F, class G, class T, class Method, std::size_t W>
class LaneRunner {
 public:
  using L = Lanes<T, W>;
  using LaneProblem = SdeProblem<F, G, L>;

  /// `grid` is the trajectories' path with any seed (its step, span and Lévy area); `o` the
  /// validated fixed-step options with the save times.
  LaneRunner(const SdeProblem<F, G, T>& problem, const FixedGridBrownianPath& grid,
             const SdeOptions& o)
      : LaneRunner(problem, grid, o, nullptr) {}
  /// The same on GridBridgeBrownianPath: steps may also start and end between grid points.
  LaneRunner(const SdeProblem<F, G, T>& problem, const GridBridgeBrownianPath& path,
             const SdeOptions& o)
      : LaneRunner(problem, path.grid(), o, &path) {}

  /// Solves the trajectories of seeds[0 .. n), n <= W. Returns false when any lane fails.
  bool run(const std::uint64_t* seeds, std::size_t n) noexcept {
    for (std::size_t b = 0; b < kBatchLanes; ++b) m_batch.set_key(b, seeds[std::min(b % W, n - 1)]);
    for (std::size_t l = 0; l < std::min(n, m_lane_paths.size()); ++l) {
      m_lane_paths[l].reseed(seeds[l]);
    }
    m_lanes = n;
    m_first_cell = kNoCells;
    m_stats = SdeStats{};
    m_stops.restart();
    std::copy(m_problem.y0.begin(), m_problem.y0.end(), m_y.begin());
    T t = m_t0;
    m_stepper.start(m_problem, L(t), m_y.data(), m_stats);
    std::size_t saved = 0;
    auto save_due = [&] {
      for (; saved < m_saveat.size() && static_cast<T>(m_saveat[saved]) <= t; ++saved) {
        for (std::size_t l = 0; l < W; ++l)
          for (std::size_t j = 0; j < m_d; ++j)
            m_saved[(l * m_saveat.size() + saved) * m_d + j] = m_y[j][l];
      }
    };
    save_due();
    const L zero(0);
    // Whether t is a grid point, and which: a whole-cell step from it is t1 == t + m_dt.
    bool on_grid = m_grid.on_grid(static_cast<double>(t));
    std::size_t cell = m_grid.index(static_cast<double>(t));
    for (long attempts = 0; t != m_t_end; ++attempts) {
      if (attempts >= m_max_steps) return false;
      const auto [dt, t1] = m_stops.plan(t, m_dt);
      if (t + dt == t) return false;
      const bool whole =
          on_grid && (t1 == t + m_dt || (m_grid.on_grid(static_cast<double>(t1)) &&
                                         m_grid.index(static_cast<double>(t1)) == cell + 1));
      const L *dw = nullptr, *h = nullptr;
      if (whole) {
        const std::size_t at = draw(cell) * m_m;
        dw = m_cells_w.data() + at;
        if constexpr (Method::needs_levy_area) h = m_cells_h.data() + at;
      } else if (!draw_between(t, t1, dw, h)) {
        return false;
      }
      L err;
      if (m_stepper.attempt(m_problem, L(t), L(t1 - t), m_y.data(), dw, h, m_ynew.data(), false,
                            zero, m_no_atol, err, m_stats) != Status::success) {
        return false;
      }
      t = t1;
      if (whole) {
        ++cell;
      } else {
        on_grid = m_grid.on_grid(static_cast<double>(t));
        cell = m_grid.index(static_cast<double>(t));
      }
      std::swap(m_y, m_ynew);
      m_stepper.accept();
      ++m_stats.naccept;
      save_due();
    }
    return true;
  }

  /// Lane l's saved states, time-major (after a successful run()).
  std::span<const T> saved(std::size_t l) const noexcept {
    return {m_saved.data() + l * m_saveat.size() * m_d, m_saveat.size() * m_d};
  }
  /// Each lane's work counters (the same for every lane after a successful run()).
  const SdeStats& stats() const noexcept { return m_stats; }

 private:
  LaneRunner(const SdeProblem<F, G, T>& problem, const FixedGridBrownianPath& grid,
             const SdeOptions& o, const GridBridgeBrownianPath* bridge)
      : m_problem(problem.f, problem.g, broadcast(problem.y0), {L(problem.t0()), L(problem.t1())},
                  broadcast(problem.p), problem.noise),
        m_stepper(m_problem),
        m_grid(grid),
        m_d(problem.size()),
        m_m(problem.brownian_dim()),
        m_t0(problem.t0()),
        m_t_end(problem.t1()),
        m_dt(std::min(static_cast<T>(*o.dt), static_cast<T>(o.dtmax))),
        m_max_steps(o.max_steps),
        m_saveat(o.saveat),
        m_stops(o.saveat, m_t0, m_t_end, m_dt),
        m_y(m_d),
        m_ynew(m_d),
        m_cells_w(kCells * m_m),
        m_cells_h(Method::needs_levy_area ? kCells * m_m : 0),
        m_between_w(m_m),
        m_between_h(Method::needs_levy_area ? m_m : 0),
        m_lane_w(m_m),
        m_lane_h(m_m),
        m_saved(W * m_saveat.size() * m_d) {
    if (bridge) m_lane_paths.assign(W, *bridge);
  }

  /// Cells drawn at a time: kPairs Gaussian pairs per lane and component, two cells per pair,
  /// in batches of kBatchPairs pairs for all W lanes (at least one full SIMD batch).
  static constexpr std::size_t kPairs = 8;
  static constexpr std::size_t kBatchLanes = std::max(W, kGaussianLanes);
  static constexpr std::size_t kBatchPairs = kBatchLanes / W;
  static_assert(kBatchLanes % W == 0 && kPairs % kBatchPairs == 0);
  static constexpr std::size_t kCells = 2 * kPairs;
  static constexpr std::size_t kNoCells = ~std::size_t{0};

  static std::vector<L> broadcast(const std::vector<T>& v) {
    return std::vector<L>(v.begin(), v.end());
  }

  /// Makes the kCells-aligned range of cells that holds `cell` current; returns the position of
  /// `cell` in it: its dW are m_cells_w[at m ... at m + m), its H m_cells_h[...].
  std::size_t draw(std::size_t cell) noexcept {
    if (m_first_cell == kNoCells || cell < m_first_cell || cell >= m_first_cell + kCells) {
      m_first_cell = cell - cell % kCells;
      fill(m_cells_w, FixedGridBrownianPath::increment_stream, m_grid.increment_scale());
      if constexpr (Method::needs_levy_area) {
        fill(m_cells_h, FixedGridBrownianPath::levy_stream, m_grid.levy_scale());
      }
    }
    return cell - m_first_cell;
  }

  /// cells[i m + c][l] = scale z for cell m_first_cell + i of component c on lane l: cells 2j
  /// and 2j + 1 take the Gaussian pair at (m_first_cell / 2 + j, stream(c)) under lane l's seed
  /// (FixedGridBrownianPath's addresses). Batch lane b draws pair b / W of lane b % W.
  void fill(std::vector<L>& cells, std::uint64_t (*stream)(std::size_t), double scale) noexcept {
    const std::uint64_t first_pair = m_first_cell / 2;
    for (std::size_t c = 0; c < m_m; ++c) {
      for (std::size_t j0 = 0; j0 < kPairs; j0 += kBatchPairs) {
        for (std::size_t b = 0; b < kBatchLanes; ++b) {
          m_batch.set_counter(b, first_pair + j0 + b / W, stream(c));
        }
        double z1[kBatchLanes], z2[kBatchLanes];
        m_batch.run(z1, z2);
        for (std::size_t j = 0; j < kBatchPairs; ++j) {
          L& even = cells[2 * (j0 + j) * m_m + c];
          L& odd = cells[(2 * (j0 + j) + 1) * m_m + c];
          for (std::size_t l = 0; l < W; ++l) {
            even[l] = static_cast<T>(scale * z1[j * W + l]);
            odd[l] = static_cast<T>(scale * z2[j * W + l]);
          }
        }
      }
    }
  }

  /// dW (and H) of the step [t, t1] that starts or ends between grid points, lane by lane from
  /// the lanes' GridBridgeBrownianPath (idle lanes repeat the last trajectory); false without
  /// them (a FixedGridBrownianPath ensemble, whose steps are whole cells).
  bool draw_between(T t, T t1, const L*& dw, const L*& h) noexcept {
    if (m_lane_paths.empty()) return false;
    for (std::size_t l = 0; l < W; ++l) {
      if (l < m_lanes) {
        const GridBridgeBrownianPath& path = m_lane_paths[l];
        if constexpr (Method::needs_levy_area) {
          path.increment(static_cast<double>(t), static_cast<double>(t1), m_lane_w, m_lane_h);
        } else {
          path.increment(static_cast<double>(t), static_cast<double>(t1), m_lane_w);
        }
      }
      for (std::size_t c = 0; c < m_m; ++c) {
        m_between_w[c][l] = static_cast<T>(m_lane_w[c]);
        if constexpr (Method::needs_levy_area) m_between_h[c][l] = static_cast<T>(m_lane_h[c]);
      }
    }
    dw = m_between_w.data();
    h = Method::needs_levy_area ? m_between_h.data() : nullptr;
    return true;
  }

  LaneProblem m_problem;
  typename Method::template Stepper<LaneProblem> m_stepper;
  FixedGridBrownianPath m_grid;
  std::size_t m_d, m_m;
  T m_t0, m_t_end, m_dt;
  long m_max_steps;
  std::vector<double> m_saveat;
  StepStops<T> m_stops;
  std::vector<L> m_y, m_ynew;
  GaussianBatch<kBatchLanes> m_batch;  // the lanes' seeds as keys; counters set per draw
  std::size_t m_first_cell = kNoCells;
  std::vector<L> m_cells_w, m_cells_h;
  // Steps between grid points: every lane's path, and the increments they give.
  std::vector<GridBridgeBrownianPath> m_lane_paths;
  std::size_t m_lanes = 0;
  std::vector<L> m_between_w, m_between_h;
  std::vector<double> m_lane_w, m_lane_h;
  std::vector<T> m_saved;
  SdeStats m_stats;
  AbsoluteTolerance m_no_atol{0.0};  // no error estimate on fixed steps
};

}  // namespace odekit::detail
