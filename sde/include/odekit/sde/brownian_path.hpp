#pragma once
// BrownianPath: what the SDE integrators ask of a Brownian motion W on [t0(), t1()] with
// dim() independent components. increment(s, t, dW) writes W(t) - W(s); the four-argument
// form also writes the space-time Lévy area
//
//   H_{s,t} = (1/h) * integral_s^t (W(u) - W(s) - (u - s)/h * dW) du,   h = t - s,
//
// which is N(0, h/12) and independent of dW (Foster, Lyons & Oberhauser 2020; used by
// Diffrax). The order-1.5 methods need the iterated integral
// I_(1,0) = integral_s^t (W(u) - W(s)) du = h * (dW/2 + H). A path must return the same values
// for the same interval whatever was queried before (so rejected steps and later passes see
// one path), and increments must add up: dW(r, s) + dW(s, t) = dW(r, t) to round-off.
//
// Paths with a fixed grid expose grid_dt() (the integrators then check that every step lands
// on the grid) and has_levy_area() (whether H can be asked for).
//
// BrownianRef is a non-owning, type-erased reference to any BrownianPath: it is what
// SdeOptions::brownian holds, so {.brownian = &W} works for every path type.

#include <concepts>
#include <cstddef>
#include <span>

namespace odekit {

template <class P>
concept BrownianPath = requires(const P& path, double s, double t, std::span<double> v) {
  { path.dim() } -> std::convertible_to<std::size_t>;
  { path.t0() } -> std::convertible_to<double>;
  { path.t1() } -> std::convertible_to<double>;
  path.increment(s, t, v);
  path.increment(s, t, v, v);
};

namespace detail {

template <class P>
double grid_dt_of(const P& path) noexcept {
  if constexpr (requires { path.grid_dt(); }) {
    return path.grid_dt();
  } else {
    return 0.0;
  }
}

template <class P>
bool has_levy_area_of(const P& path) noexcept {
  if constexpr (requires { path.has_levy_area(); }) {
    return path.has_levy_area();
  } else {
    return true;
  }
}

}  // namespace detail

class BrownianRef {
 public:
  BrownianRef() = default;
  template <BrownianPath P>
  BrownianRef(const P* path) noexcept  // NOLINT: implicit so that {.brownian = &W} works
      : m_path(path), m_ops(path ? &ops_for<P> : nullptr) {}

  explicit operator bool() const noexcept { return m_path != nullptr; }
  const void* get() const noexcept { return m_path; }

  std::size_t dim() const noexcept { return m_ops->dim(m_path); }
  double t0() const noexcept { return m_ops->t0(m_path); }
  double t1() const noexcept { return m_ops->t1(m_path); }
  double grid_dt() const noexcept { return m_ops->grid_dt(m_path); }
  bool has_levy_area() const noexcept { return m_ops->has_levy_area(m_path); }
  void increment(double s, double t, std::span<double> dW) const {
    m_ops->increment(m_path, s, t, dW);
  }
  void increment(double s, double t, std::span<double> dW, std::span<double> H) const {
    m_ops->increment_levy(m_path, s, t, dW, H);
  }

 private:
  struct Ops {
    std::size_t (*dim)(const void*);
    double (*t0)(const void*);
    double (*t1)(const void*);
    double (*grid_dt)(const void*);
    bool (*has_levy_area)(const void*);
    void (*increment)(const void*, double, double, std::span<double>);
    void (*increment_levy)(const void*, double, double, std::span<double>, std::span<double>);
  };

  template <class P>
  static constexpr Ops ops_for{
      [](const void* p) -> std::size_t { return static_cast<const P*>(p)->dim(); },
      [](const void* p) -> double { return static_cast<const P*>(p)->t0(); },
      [](const void* p) -> double { return static_cast<const P*>(p)->t1(); },
      [](const void* p) -> double { return detail::grid_dt_of(*static_cast<const P*>(p)); },
      [](const void* p) -> bool { return detail::has_levy_area_of(*static_cast<const P*>(p)); },
      [](const void* p, double s, double t, std::span<double> dW) {
        static_cast<const P*>(p)->increment(s, t, dW);
      },
      [](const void* p, double s, double t, std::span<double> dW, std::span<double> H) {
        static_cast<const P*>(p)->increment(s, t, dW, H);
      }};

  const void* m_path = nullptr;
  const Ops* m_ops = nullptr;
};

static_assert(BrownianPath<BrownianRef>);

}  // namespace odekit
