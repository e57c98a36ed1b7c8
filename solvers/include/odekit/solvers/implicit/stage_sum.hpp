#pragma once
// Linear combinations of stage vectors, the arithmetic every implicit one-step method does
// between its linear solves: stage points, right-hand sides, the new solution, the error
// estimate and the dense-output vectors. The coefficients come from constexpr tableaus, so
// zero weights are skipped (tableaus are sparse).

#include <array>
#include <cstddef>

namespace odekit::detail {

/// A coefficient row of a tableau in working precision, converted once at compile time.
template <std::size_t S>
constexpr std::array<double, S> to_double(const std::array<long double, S>& row) {
  std::array<double, S> out{};
  for (std::size_t j = 0; j < S; ++j) out[j] = static_cast<double>(row[j]);
  return out;
}

template <std::size_t S, std::size_t R>
constexpr std::array<std::array<double, S>, R> to_double(
    const std::array<std::array<long double, S>, R>& rows) {
  std::array<std::array<double, S>, R> out{};
  for (std::size_t i = 0; i < R; ++i) out[i] = to_double(rows[i]);
  return out;
}

/// out += sum_{j < count} scale * w[j] * v_j over the nonzero w[j], where v_j is the j-th
/// n-vector of `vectors`.
template <std::size_t S>
inline void add_stages(double* out, double scale, const std::array<double, S>& w, int count,
                       const double* vectors, std::size_t n) noexcept {
  for (int j = 0; j < count; ++j) {
    if (w[j] == 0) continue;
    const double c = scale * w[j];
    const double* v = vectors + static_cast<std::size_t>(j) * n;
    for (std::size_t k = 0; k < n; ++k) out[k] += c * v[k];
  }
}

/// out = base + sum_{j < count} w[j] * v_j (base == nullptr: zero). out may be base.
template <std::size_t S>
inline void stage_sum(double* out, const double* base, const std::array<double, S>& w, int count,
                      const double* vectors, std::size_t n) noexcept {
  if (out != base) {
    for (std::size_t k = 0; k < n; ++k) out[k] = base ? base[k] : 0.0;
  }
  add_stages(out, 1.0, w, count, vectors, n);
}

}  // namespace odekit::detail
