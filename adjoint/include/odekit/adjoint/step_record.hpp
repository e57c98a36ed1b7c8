#pragma once
// The accepted steps of a first pass and where the save times fall among them: what a
// discrete reverse pass replays. Step times and sizes are O(steps) doubles, not states; the
// step sizes are constants of the reverse pass, kept exactly as the forward pass took them
// so that replayed steps reproduce its states to the bit.

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "odekit/adjoint/discrete_adjoint_step.hpp"

namespace odekit::detail {

struct StepRecord {
  std::vector<double> t;   ///< t[0] = t0, t[k + 1] the end of step k
  std::vector<double> dt;  ///< the size of step k

  long steps() const noexcept { return static_cast<long>(dt.size()); }

  /// Appends the step an integrator just accepted.
  template <class Integ>
  void add(const Integ& integ) {
    t.push_back(static_cast<double>(integ.t()));
    if constexpr (requires { integ.dt_last(); }) {
      dt.push_back(static_cast<double>(integ.dt_last()));
    } else {
      dt.push_back(static_cast<double>(integ.t() - integ.t_prev()));
    }
  }
};

/// Save times (sorted, forward in time) assigned to steps: save i belongs to the step k with
/// t_k < t_i <= t_{k+1}, as solve() interpolates them; a save at t0 belongs to no step.
class SaveMap {
 public:
  SaveMap(const StepRecord& rec, std::span<const double> save_t) {
    m_begin.assign(static_cast<std::size_t>(rec.steps()) + 1, 0);
    std::vector<long> step(save_t.size(), -1);
    long k = 0;
    for (std::size_t i = 0; i < save_t.size(); ++i) {
      if (save_t[i] == rec.t.front()) {
        m_at_t0.push_back(i);
        continue;
      }
      while (k + 1 < rec.steps() && rec.t[k + 1] < save_t[i]) ++k;
      step[i] = k;
      ++m_begin[static_cast<std::size_t>(k) + 1];
    }
    for (std::size_t s = 1; s < m_begin.size(); ++s) m_begin[s] += m_begin[s - 1];
    m_saves.resize(m_begin.back());
    std::vector<std::size_t> fill(m_begin.begin(), m_begin.end() - 1);
    for (std::size_t i = 0; i < save_t.size(); ++i) {
      if (step[i] < 0) continue;
      const auto k = static_cast<std::size_t>(step[i]);
      m_saves[fill[k]++] = {i, save_t[i], save_t[i] == rec.t[k + 1]};
    }
  }

  std::span<const SaveInStep> of_step(long k) const noexcept {
    const auto s = static_cast<std::size_t>(k);
    return std::span<const SaveInStep>(m_saves).subspan(m_begin[s], m_begin[s + 1] - m_begin[s]);
  }
  std::span<const std::size_t> at_t0() const noexcept { return m_at_t0; }

 private:
  std::vector<SaveInStep> m_saves;
  std::vector<std::size_t> m_begin, m_at_t0;
};

}  // namespace odekit::detail
