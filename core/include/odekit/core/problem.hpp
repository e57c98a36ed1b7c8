#pragma once
// OdeProblem{f, y0, tspan, p}: an initial-value problem y' = f(t, y, p), y(t0) = y0.
//
// The right-hand side is any callable f(t, y, p, dydt) written generically (auto parameters),
// so one definition serves double, float, dual numbers and device code. y, p and dydt are
// indexable views (operator[], size()). Optional members on f (jac, jvp, vjp, jac_sparsity)
// are detected by concepts elsewhere; what is missing is derived.

#include <array>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "odekit/core/format.hpp"

namespace odekit {

template <class F, class T = double>
struct OdeProblem {
  using value_type = T;
  using function_type = F;

  F f;
  std::vector<T> y0;
  std::array<T, 2> tspan;
  std::vector<T> p;

  OdeProblem(F f_, std::vector<T> y0_, std::array<T, 2> tspan_, std::vector<T> p_ = {})
      : f(std::move(f_)), y0(std::move(y0_)), tspan(tspan_), p(std::move(p_)) {}

  std::size_t size() const noexcept { return y0.size(); }
  T t0() const noexcept { return tspan[0]; }
  T t1() const noexcept { return tspan[1]; }
};

namespace detail {

template <class T>
void require_finite(std::span<const T> v, const char* argument) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(static_cast<double>(v[i]))) {
      throw std::invalid_argument(std::string(argument) + "[" + std::to_string(i) + "] is " +
                                  num(static_cast<double>(v[i])) + ": every entry must be finite");
    }
  }
}

/// The checks every problem type shares: a non-empty finite y0, finite p and a finite,
/// non-empty time span.
template <class T>
void validate_state_and_span(std::span<const T> y0, std::span<const T> p,
                             const std::array<T, 2>& tspan) {
  if (y0.empty()) {
    throw std::invalid_argument("y0 is empty: the initial state needs at least one component");
  }
  require_finite<T>(y0, "y0");
  require_finite<T>(p, "p");
  const double t0 = static_cast<double>(tspan[0]);
  const double t1 = static_cast<double>(tspan[1]);
  if (!std::isfinite(t0) || !std::isfinite(t1)) {
    throw std::invalid_argument("tspan = {" + num(t0) + ", " + num(t1) +
                                "}: both ends must be finite");
  }
  if (t0 == t1) {
    throw std::invalid_argument("tspan = {" + num(t0) + ", " + num(t1) +
                                "}: t0 == t1, the time span is empty");
  }
}

}  // namespace detail

/// Throws std::invalid_argument naming the argument when the problem is malformed.
template <class F, class T>
void validate(const OdeProblem<F, T>& problem) {
  detail::validate_state_and_span<T>(problem.y0, problem.p, problem.tspan);
}

}  // namespace odekit
