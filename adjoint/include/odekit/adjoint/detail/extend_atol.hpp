#pragma once
// Tolerances of the augmented systems adjoints solve (y with S, lambda with mu, ...): built
// from the user's atol for y.

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "odekit/core/tolerance.hpp"

namespace odekit::detail {

/// The absolute tolerance of a state made of `blocks` copies of y followed by `extra` other
/// entries: per-component values repeat per block, the extras take their minimum.
inline AbsoluteTolerance extend_atol(const AbsoluteTolerance& atol, std::size_t n,
                                     std::size_t blocks, std::size_t extra) {
  if (!atol.is_set() || atol.is_scalar()) return atol;
  std::vector<double> v;
  v.reserve(blocks * n + extra);
  for (std::size_t b = 0; b < blocks; ++b)
    v.insert(v.end(), atol.values().begin(), atol.values().end());
  const double least = *std::min_element(atol.values().begin(), atol.values().end());
  v.insert(v.end(), extra, least);
  return AbsoluteTolerance(std::move(v));
}

}  // namespace odekit::detail
