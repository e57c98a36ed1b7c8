#pragma once
// Dense output: the piecewise interpolant of a solve, one segment per accepted step.
//
// Each segment stores its start time, step, the state at its start and the vectors its
// method's interpolant needs (stages, derivatives, history). How those vectors become y(t)
// is described by an Interpolant record, so one DenseOutput can hold segments of several
// methods (the auto-switching default mixes a non-stiff and a stiff method).

#include <algorithm>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "odekit/core/format.hpp"

namespace odekit {

template <class T>
struct Interpolant {
  /// Name shown in documentation and errors, e.g. "Tsit5 free 4th-order".
  const char* name;
  /// Order of the interpolant (the local error is O(dt^(order+1))).
  int order;
  /// Number of n-vectors stored per segment besides the start state.
  int nvec;
  /// y(t0 + theta*dt) from the segment's start state y0 and its nvec stored vectors.
  void (*evaluate)(T theta, T dt, const T* y0, const T* stored, std::size_t n, T* out);
};

template <class T>
class DenseOutput {
 public:
  DenseOutput() = default;
  explicit DenseOutput(std::size_t n) : m_n(n) {}

  std::size_t state_size() const noexcept { return m_n; }
  std::size_t segments() const noexcept { return m_t0.size(); }
  bool empty() const noexcept { return m_t0.empty(); }
  T t_first() const { return m_t0.front(); }
  T t_last() const { return m_t0.back() + m_dt.back(); }
  const Interpolant<T>& interpolant(std::size_t segment) const { return *m_kind[segment]; }

  /// Appends a segment [t0, t0 + dt]; `stored` holds kind.nvec * n values.
  void push(T t0, T dt, std::span<const T> y0, std::span<const T> stored,
            const Interpolant<T>& kind) {
    m_t0.push_back(t0);
    m_dt.push_back(dt);
    m_offset.push_back(m_data.size());
    m_kind.push_back(&kind);
    m_data.insert(m_data.end(), y0.begin(), y0.end());
    m_data.insert(m_data.end(), stored.begin(), stored.begin() + kind.nvec * m_n);
  }

  /// Writes y(t) into out. Throws std::out_of_range when t is outside the covered span.
  void evaluate(T t, std::span<T> out) const {
    if (out.size() != m_n) {
      throw std::invalid_argument("out has " + std::to_string(out.size()) +
                                  " entries: expected the state size " + std::to_string(m_n));
    }
    const std::size_t s = find_segment(t);
    const T* base = m_data.data() + m_offset[s];
    const T theta = (t - m_t0[s]) / m_dt[s];
    m_kind[s]->evaluate(theta, m_dt[s], base, base + m_n, m_n, out.data());
  }

  std::vector<T> evaluate(T t) const {
    std::vector<T> out(m_n);
    evaluate(t, out);
    return out;
  }

 private:
  std::size_t find_segment(T t) const {
    if (m_t0.empty()) throw std::out_of_range("dense output is empty: no step was taken");
    const bool forward = m_dt.front() > T(0);
    const T lo = forward ? t_first() : t_last();
    const T hi = forward ? t_last() : t_first();
    if (!(t >= lo && t <= hi)) {
      throw std::out_of_range(
          "t = " + detail::num(static_cast<double>(t)) + " is outside the solution's span [" +
          detail::num(static_cast<double>(lo)) + ", " + detail::num(static_cast<double>(hi)) + "]");
    }
    // First segment whose end lies at or beyond t (in the direction of integration).
    std::size_t first = 0, count = m_t0.size();
    while (count > 0) {
      const std::size_t half = count / 2;
      const std::size_t mid = first + half;
      const T end = m_t0[mid] + m_dt[mid];
      if (forward ? end < t : end > t) {
        first = mid + 1;
        count -= half + 1;
      } else {
        count = half;
      }
    }
    return std::min(first, m_t0.size() - 1);
  }

  std::size_t m_n = 0;
  std::vector<T> m_t0, m_dt;
  std::vector<std::size_t> m_offset;
  std::vector<const Interpolant<T>*> m_kind;
  std::vector<T> m_data;
};

}  // namespace odekit
