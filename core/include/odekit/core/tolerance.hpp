#pragma once
// Absolute tolerance: unset, one scalar for every component, or one value per component.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

namespace odekit {

class AbsoluteTolerance {
 public:
  AbsoluteTolerance() = default;
  AbsoluteTolerance(double scalar) : m_values{scalar} {}  // NOLINT: implicit by design
  AbsoluteTolerance(std::vector<double> per_component) : m_values(std::move(per_component)) {}
  AbsoluteTolerance(std::initializer_list<double> per_component) : m_values(per_component) {}

  bool is_set() const noexcept { return !m_values.empty(); }
  bool is_scalar() const noexcept { return m_values.size() == 1; }
  std::size_t size() const noexcept { return m_values.size(); }
  /// Tolerance of component i (a scalar applies to every component).
  double operator[](std::size_t i) const noexcept {
    return m_values.size() == 1 ? m_values[0] : m_values[i];
  }
  std::span<const double> values() const noexcept { return m_values; }

 private:
  std::vector<double> m_values;
};

}  // namespace odekit
