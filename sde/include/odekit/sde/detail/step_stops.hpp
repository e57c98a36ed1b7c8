#pragma once
// The times an SDE solve must step onto (its save times, then t1), and where the next step
// ends: SDE solutions are not interpolated between steps, so steps are shortened to land on
// every stop, and a step that would end within 1% of a stop is stretched onto it instead (no
// sliver steps). Shared by SdeIntegrator and the SIMD ensemble, which must take the same steps.
//
// Fixed steps stay on their grid t0, t0 + dt, t0 + 2 dt, ... (accumulated step by step): a stop
// inside a grid step splits it in two, and the step after the stop ends on the next grid
// point. So a path with cheap grid increments (GridBridgeBrownianPath) pays for off-grid times
// only at the stops, not at every step after the first of them. A stop within 1% of a grid
// point replaces that grid point (the grid continues from the stop, as it always did for stops
// on the grid).

#include <algorithm>
#include <cstddef>
#include <vector>

namespace odekit::detail {

template <class T>
class StepStops {
 public:
  /// A step from t: its size and its end.
  struct Step {
    T dt, end;
  };

  StepStops() = default;
  /// Stops at `times` and t_end, for adaptive steps (any sizes).
  StepStops(std::vector<double> times, T t_end) : m_times(std::move(times)), m_end(t_end) {}
  /// Stops at `times` and t_end, for fixed steps of `grid_step` from t0 that stay on its grid.
  StepStops(std::vector<double> times, T t0, T t_end, T grid_step)
      : m_times(std::move(times)), m_end(t_end), m_t0(t0), m_grid_step(grid_step) {
    restart();
  }

  /// Back to the first stop (a new trajectory).
  void restart() noexcept {
    m_next = 0;
    m_grid = m_planned_end = m_planned_grid = m_t0;
  }

  /// The step of size dt from t towards the first stop after t (fixed steps: the next grid
  /// point or the stop inside the grid step; dt is the grid step).
  Step plan(T t, T dt) noexcept {
    while (m_next < m_times.size() && static_cast<T>(m_times[m_next]) <= t) ++m_next;
    const T stop =
        m_next < m_times.size() ? std::min(static_cast<T>(m_times[m_next]), m_end) : m_end;
    if (m_grid_step > 0) return plan_on_grid(t, stop);
    if (t + T(1.01) * dt >= stop) return {stop - t, stop};
    return {dt, t + dt};
  }

 private:
  Step plan_on_grid(T t, T stop) noexcept {
    const T dt = m_grid_step, slack = T(0.01) * dt;
    if (t == m_planned_end) m_grid = m_planned_grid;  // the step planned last was taken
    // The grid point the step starts from: at or before t, or within 1% after a stop at t
    // (then the step stretches over it, as over a stop).
    T base = m_grid;
    if (base + dt - t <= slack) base += dt;
    Step step;
    if (base + T(1.01) * dt >= stop) {
      step = {stop - t, stop};
      // Landing within 1% of the grid point: the grid continues from the stop.
      m_planned_grid = stop >= base + dt - slack ? stop : base;
    } else {
      step = {base + dt - t, base + dt};
      m_planned_grid = step.end;
    }
    m_planned_end = step.end;
    return step;
  }

  std::vector<double> m_times;
  T m_end{};
  std::size_t m_next = 0;
  // Fixed steps: the grid's origin and step, the last grid point reached, and the end and grid
  // point of the step planned last.
  T m_t0{}, m_grid_step{}, m_grid{}, m_planned_end{}, m_planned_grid{};
};

}  // namespace odekit::detail
