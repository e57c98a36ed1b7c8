#pragma once
// The loss gradient() differentiates: a cost at the save times (Options::saveat, or t1 alone
// when saveat is empty), plus an optional running cost integrated over the time span,
//
//   L = sum_i l_i(y(t_i)) + integral_{t0}^{t1} r(t, y(t), p) dt.
//
// The user gives each term's value and gradient:
//
//   at_saves(i, t, y, dL_dy) -> l_i          writes dL_dy = dl_i/dy (n entries)
//   running(t, y, p, dr_dy, dr_dp) -> r      writes dr/dy (n) and dr/dp (size of p)
//
// Gradient buffers arrive zeroed, so only nonzeros need writing. Pass a plain callable for
// at_saves alone, Loss{at_saves, running} for both (either may be NoCost{}), or
// Cotangents{c} for L = sum_i <c_i, y(t_i)>, which makes gradient() the vector-Jacobian
// product of the solve (a loss computed elsewhere, e.g. in Python). A NaN or Inf value or
// gradient is reported as std::invalid_argument naming the term, the save and the entry.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "odekit/core/format.hpp"

namespace odekit {

/// An absent term of a Loss.
struct NoCost {};

template <class AtSaves = NoCost, class Running = NoCost>
struct Loss {
  AtSaves at_saves{};
  Running running{};
};

/// L = sum_i <at_saves[i], y(t_i)>, one n-vector per save time.
struct Cotangents {
  std::vector<std::vector<double>> at_saves;
};

template <class C>
concept SaveCost = requires(C& c, std::size_t i, double t, std::span<const double> y,
                            std::span<double> g) {
  { c(i, t, y, g) } -> std::convertible_to<double>;
};

template <class R>
concept RunningCost = requires(R& r, double t, std::span<const double> y, std::span<const double> p,
                               std::span<double> gy, std::span<double> gp) {
  { r(t, y, p, gy, gp) } -> std::convertible_to<double>;
};

namespace detail {

inline void require_finite_gradient(std::span<const double> g, const std::string& what,
                                    const std::string& where) {
  for (std::size_t j = 0; j < g.size(); ++j) {
    if (!std::isfinite(g[j])) {
      throw std::invalid_argument(what + "[" + std::to_string(j) + "] = " + num(g[j]) + where +
                                  ": the loss gradient must be finite");
    }
  }
}

inline double require_finite_value(double v, const std::string& what, const std::string& where) {
  if (!std::isfinite(v)) {
    throw std::invalid_argument(what + " returned " + num(v) + where + ": the loss must be finite");
  }
  return v;
}

/// Evaluates a loss given in any of the accepted forms, with the finiteness checks. Not a
/// template, so the reverse-pass right-hand sides are not templated on the loss.
class LossTerms {
 public:
  template <class L>
  LossTerms(const L& loss, std::size_t n, std::size_t nsaves) : m_n(n) {
    if constexpr (std::same_as<L, NoCost>) {
      // no terms: L = 0
    } else if constexpr (std::same_as<L, Cotangents>) {
      if (loss.at_saves.size() != nsaves) {
        throw std::invalid_argument("cotangents has " + std::to_string(loss.at_saves.size()) +
                                    " vectors: expected one per save time (" +
                                    std::to_string(nsaves) +
                                    "; saveat, or t1 alone when saveat is empty)");
      }
      for (std::size_t i = 0; i < nsaves; ++i) {
        if (loss.at_saves[i].size() != n) {
          throw std::invalid_argument("cotangents[" + std::to_string(i) + "] has " +
                                      std::to_string(loss.at_saves[i].size()) +
                                      " entries: expected the state size " + std::to_string(n));
        }
      }
      m_at_saves = [c = &loss](std::size_t i, double, std::span<const double> y,
                               std::span<double> g) {
        double l = 0;
        for (std::size_t j = 0; j < y.size(); ++j) {
          g[j] = c->at_saves[i][j];
          l += g[j] * y[j];
        }
        return l;
      };
    } else if constexpr (SaveCost<const L>) {
      m_at_saves = [c = &loss](std::size_t i, double t, std::span<const double> y,
                               std::span<double> g) { return double((*c)(i, t, y, g)); };
    } else {
      static_assert(
          requires {
            loss.at_saves;
            loss.running;
          },
          "a loss is a callable (i, t, y, dL_dy) -> double, Loss{at_saves, running} "
          "or Cotangents{...}");
      using A = std::remove_cvref_t<decltype(loss.at_saves)>;
      using R = std::remove_cvref_t<decltype(loss.running)>;
      static_assert(std::same_as<A, NoCost> || SaveCost<const A>,
                    "Loss::at_saves must be NoCost or callable as (i, t, y, dL_dy) -> double");
      static_assert(std::same_as<R, NoCost> || RunningCost<const R>,
                    "Loss::running must be NoCost or callable as (t, y, p, dr_dy, dr_dp) -> "
                    "double");
      if constexpr (!std::same_as<A, NoCost>) {
        m_at_saves = [c = &loss.at_saves](std::size_t i, double t, std::span<const double> y,
                                          std::span<double> g) { return double((*c)(i, t, y, g)); };
      }
      if constexpr (!std::same_as<R, NoCost>) {
        m_running = [r = &loss.running](double t, std::span<const double> y,
                                        std::span<const double> p, std::span<double> gy,
                                        std::span<double> gp) {
          return double((*r)(t, y, p, gy, gp));
        };
      }
    }
  }

  bool has_running() const noexcept { return static_cast<bool>(m_running); }

  /// l_i(y) and dL_dy = dl_i/dy at save i (time t).
  double at_save(std::size_t i, double t, std::span<const double> y,
                 std::span<double> dL_dy) const {
    std::fill(dL_dy.begin(), dL_dy.end(), 0.0);
    if (!m_at_saves) return 0;
    const double v = m_at_saves(i, t, y, dL_dy);
    const std::string where = " at save " + std::to_string(i) + " (t = " + num(t) + ")";
    require_finite_gradient(dL_dy, "dL_dy", where);
    return require_finite_value(v, "the loss", where);
  }

  /// The running cost and its gradients (zeroed first, checked after).
  double running(double t, std::span<const double> y, std::span<const double> p,
                 std::span<double> dr_dy, std::span<double> dr_dp) const {
    std::fill(dr_dy.begin(), dr_dy.end(), 0.0);
    std::fill(dr_dp.begin(), dr_dp.end(), 0.0);
    const double v = m_running(t, y, p, dr_dy, dr_dp);
    const std::string where = " at t = " + num(t);
    require_finite_gradient(dr_dy, "dr_dy", where);
    require_finite_gradient(dr_dp, "dr_dp", where);
    return require_finite_value(v, "the running cost", where);
  }

  std::size_t size() const noexcept { return m_n; }

 private:
  std::size_t m_n;
  std::function<double(std::size_t, double, std::span<const double>, std::span<double>)> m_at_saves;
  std::function<double(double, std::span<const double>, std::span<const double>, std::span<double>,
                       std::span<double>)>
      m_running;
};

}  // namespace detail

}  // namespace odekit
