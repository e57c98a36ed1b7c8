#pragma once
// The result of an SDE solve: saved times and states, status with message, and work counters.
// On failure everything computed up to the failure is kept.

#include <cstdint>

#include "odekit/core/solution.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"
#include "odekit/sde/noise.hpp"

namespace odekit {

/// Stats of an ODE solve plus the diffusion evaluations. nf counts drift evaluations.
struct SdeStats : Stats {
  long ng = 0;  ///< diffusion evaluations (a Milstein derivative counts as one)

  SdeStats& operator+=(const SdeStats& o) noexcept {
    Stats::operator+=(o);
    ng += o.ng;
    return *this;
  }
  friend bool operator==(const SdeStats&, const SdeStats&) = default;
};

/// The solution of an SDE solve: SolutionBase (core/solution.hpp) with the diffusion counters,
/// the problem's noise kind and the seed of the path.
template <class T>
class BasicSdeSolution : public SolutionBase<T, SdeStats> {
 public:
  Noise noise{};           ///< noise kind of the problem
  std::uint64_t seed = 0;  ///< seed of the path the solver made (when none was passed)
};

using SdeSolution = BasicSdeSolution<double>;

}  // namespace odekit
