#pragma once
// The times an SDE solve must step onto (its save times, then t1), and where the next step
// ends: SDE solutions are not interpolated between steps, so steps are shortened to land on
// every stop, and a step that would end within 1% of a stop is stretched onto it instead (no
// sliver steps). Shared by SdeIntegrator and the SIMD ensemble, which must take the same steps.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace odekit::detail {

template <class T>
class StepStops {
 public:
  /// A step from t: its size, its end, and whether it ends on a stop.
  struct Step {
    T dt, end;
    bool at_stop;
  };

  StepStops() = default;
  StepStops(std::vector<double> times, T t_end) : m_times(std::move(times)), m_end(t_end) {}

  /// Back to the first stop (a new trajectory).
  void restart() noexcept { m_next = 0; }

  /// The step of size dt from t towards the first stop after t.
  Step plan(T t, T dt) noexcept {
    while (m_next < m_times.size() && static_cast<T>(m_times[m_next]) <= t) ++m_next;
    const T stop =
        m_next < m_times.size() ? std::min(static_cast<T>(m_times[m_next]), m_end) : m_end;
    if (t + T(1.01) * dt >= stop) return {stop - t, stop, true};
    return {dt, t + dt, false};
  }

 private:
  std::vector<double> m_times;
  T m_end{};
  std::size_t m_next = 0;
};

}  // namespace odekit::detail
