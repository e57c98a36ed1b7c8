#pragma once
// Absolute tolerance: unset, one scalar for every component, or one value per component.

#include <cstddef>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

namespace odekit {

class AbsoluteTolerance {
 public:
  AbsoluteTolerance() = default;
  AbsoluteTolerance(double scalar) { set_scalar(scalar); }  // NOLINT: implicit by design
  AbsoluteTolerance(std::vector<double> per_component) {
    if (per_component.size() == 1) {
      set_scalar(per_component[0]);
    } else {
      m_per_component = std::move(per_component);
    }
  }
  AbsoluteTolerance(std::initializer_list<double> per_component) {
    if (per_component.size() == 1) {
      set_scalar(*per_component.begin());
    } else {
      m_per_component = per_component;
    }
  }

  bool is_set() const noexcept { return size() > 0; }
  bool is_scalar() const noexcept { return size() == 1; }
  std::size_t size() const noexcept { return m_is_scalar ? 1 : m_per_component.size(); }
  /// Tolerance of component i (a scalar applies to every component).
  double operator[](std::size_t i) const noexcept { return values()[is_scalar() ? 0 : i]; }
  std::span<const double> values() const noexcept {
    if (m_is_scalar) return {&m_scalar, 1};
    return m_per_component;
  }

 private:
  void set_scalar(double value) noexcept {
    m_scalar = value;
    m_is_scalar = true;
  }

  // A scalar lives inline: options and integrators copy their tolerance once per solve, and
  // for the common scalar case that then costs no allocation.
  double m_scalar = 0;
  bool m_is_scalar = false;
  std::vector<double> m_per_component;
};

}  // namespace odekit
