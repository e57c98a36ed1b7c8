#pragma once
// PinnedIntegrator<Impl>: an integrator whose state lives at a fixed heap address, with the
// interface detail::drive() uses forwarded to it. Integrators whose callbacks hold their own
// address (Newton's residual and setup, SUNDIALS' user data) stay valid when the Integrator
// object is moved. BDF and CVODE_BDF specialize Integrator with it.

#include <memory>
#include <span>
#include <string_view>
#include <utility>

#include "odekit/core/dense_output.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"

namespace odekit::detail {

template <class Impl>
class PinnedIntegrator {
 public:
  using T = typename Impl::T;

  template <class... Args>
  explicit PinnedIntegrator(Args&&... args)
      : m_impl(std::make_unique<Impl>(std::forward<Args>(args)...)) {}

  /// Takes one accepted step (retrying rejected ones internally). Returns success, or a
  /// terminal status; after reaching t1 further calls return success without stepping.
  Status step() noexcept { return m_impl->step(); }
  /// Steps until t1 or a failure.
  Status run() noexcept {
    while (!done()) step();
    return status();
  }

  bool done() const noexcept { return m_impl->done(); }
  Status status() const noexcept { return m_impl->status(); }
  T t() const noexcept { return m_impl->t(); }
  T t_prev() const noexcept { return m_impl->t_prev(); }
  std::span<const T> y() const noexcept { return m_impl->y(); }
  /// The step size the next step will try (signed).
  T dt_next() const noexcept { return m_impl->dt_next(); }
  /// The order of the last step.
  int order() const noexcept { return m_impl->order(); }
  const Stats& stats() const noexcept { return m_impl->stats(); }
  const auto& problem() const noexcept { return m_impl->problem(); }
  std::size_t size() const noexcept { return m_impl->size(); }
  /// Time at which a terminal failure happened.
  T failure_time() const noexcept { return m_impl->failure_time(); }
  std::string_view method_name() const noexcept { return m_impl->method_name(); }
  /// What the method itself reported about a terminal failure (may be empty).
  std::string_view failure_note() const noexcept { return m_impl->failure_note(); }

  /// y(tq) for tq in [t_prev, t] from the last step's interpolant.
  void interpolate(T tq, std::span<T> out) { m_impl->interpolate(tq, out); }
  /// Appends the last step to a dense output.
  void push_dense(DenseOutput<T>& dense) { m_impl->push_dense(dense); }

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace odekit::detail
