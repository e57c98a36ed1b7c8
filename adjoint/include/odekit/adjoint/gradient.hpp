#pragma once
// gradient(problem, method, options, loss, sensitivity): the loss of a solve and its
// gradient with respect to y0 and p, by the chosen sensitivity method (sensitivity.hpp).
//
// Misuse throws std::invalid_argument naming the argument (a malformed problem, options or
// loss, a sensitivity the method does not support); failures of the forward or reverse solve
// come back in Gradient::status and message.
//
// AutoSensitivity (the default), in the spirit of SciMLSensitivity's default: forward
// sensitivities while n + np <= 100 and f accepts dual numbers (their cost grows like
// n (n + np), an adjoint's like n + np plus a reverse pass); otherwise InterpolatingAdjoint,
// accurate to the tolerance whatever limits the step sizes (DiscreteAdjoint, often faster,
// differentiates the frozen step sequence, which misleads when stability limits the steps
// of an explicit method: see docs/adjoint.md). With an implicit method forward
// sensitivities factor the whole augmented system every step, two to thirty times slower
// than QuadratureAdjoint even at 6 directions (docs/adjoint.md), so implicit methods get
// QuadratureAdjoint, whose reverse W is n x n.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "odekit/adjoint/continuous_adjoint.hpp"
#include "odekit/adjoint/detail/method_traits.hpp"
#include "odekit/adjoint/discrete_adjoint.hpp"
#include "odekit/adjoint/forward_sensitivity.hpp"
#include "odekit/adjoint/gradient_result.hpp"
#include "odekit/adjoint/loss.hpp"
#include "odekit/adjoint/sensitivity.hpp"
#include "odekit/core/format.hpp"
#include "odekit/core/options.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/solvers/validate_options.hpp"

namespace odekit {

namespace detail {

/// The times the loss is evaluated at: saveat, or t1 alone when it is empty.
inline std::vector<double> loss_times(const std::vector<double>& saveat, double t1) {
  return saveat.empty() ? std::vector<double>{t1} : saveat;
}

[[noreturn]] inline void unsupported(std::string_view sensitivity, std::string_view method,
                                     std::string_view advice) {
  throw std::invalid_argument("sensitivity: " + std::string(sensitivity) +
                              " is not available for method " + std::string(method) + ": " +
                              std::string(advice));
}

inline void require_forward_span(double t0, double t1) {
  if (!(t1 > t0)) {
    throw std::invalid_argument("tspan = {" + num(t0) + ", " + num(t1) +
                                "}: gradient() integrates forward in time, expected t0 < t1");
  }
}

inline constexpr std::size_t forward_mode_limit = 100;

}  // namespace detail

template <class F, class Method, class L, class Sens = AutoSensitivity>
Gradient gradient(const OdeProblem<F, double>& problem, const Method& method,
                  const Options& options, const L& loss, const Sens& sensitivity = {}) {
  validate(problem);
  const std::size_t n = problem.y0.size(), np = problem.p.size();
  detail::require_forward_span(problem.t0(), problem.t1());
  const std::string_view method_name = detail::method_name(method);
  detail::validate_options(options, problem.t0(), problem.t1(), n, method_name,
                           Method::is_adaptive);
  if constexpr (std::is_same_v<Sens, AutoSensitivity>) {
    if constexpr (detail::Implicit<Method>) {
      return gradient(problem, method, options, loss, QuadratureAdjoint{});
    } else {
      if (n + np <= detail::forward_mode_limit && RhsAcceptsDualParams<F, double, 8>) {
        return gradient(problem, method, options, loss, ForwardSensitivity{});
      }
      return gradient(problem, method, options, loss, InterpolatingAdjoint{});
    }
  } else {
    const std::vector<double> save_t = detail::loss_times(options.saveat, problem.t1());
    const detail::LossTerms terms(loss, n, save_t.size());
    Gradient g;
    g.sensitivity = std::string(Sens::name);
    g.dy0.assign(n, 0.0);
    g.dp.assign(np, 0.0);
    if constexpr (std::is_same_v<Sens, ForwardSensitivity>) {
      detail::forward_sensitivity(problem, method, options, save_t, terms, g);
    } else if constexpr (std::is_same_v<Sens, DiscreteAdjoint>) {
      using Step = DiscreteAdjointStep<Method>;
      if constexpr (!Step::available) {
        detail::unsupported(Sens::name, method_name,
                            "its reverse step is not implemented (explicit Runge–Kutta and "
                            "Rosenbrock methods have one); use InterpolatingAdjoint or "
                            "QuadratureAdjoint, which solve the adjoint equations with it");
      } else if constexpr (!Step::template accepts<F>) {
        detail::unsupported(Sens::name, method_name, Step::requirement);
      } else {
        detail::discrete_adjoint(problem, method, options, save_t, terms, sensitivity, g);
      }
    } else if constexpr (std::is_same_v<Sens, BacksolveAdjoint> ||
                         std::is_same_v<Sens, InterpolatingAdjoint> ||
                         std::is_same_v<Sens, QuadratureAdjoint>) {
      detail::continuous_adjoint(problem, method, options, save_t, terms, sensitivity, g);
    } else if constexpr (std::is_same_v<Sens, ReversibleAdjoint>) {
      detail::unsupported(Sens::name, method_name,
                          "it reverses SDE solves of ReversibleHeun; for ODEs use "
                          "DiscreteAdjoint, an adjoint or ForwardSensitivity");
    } else {
      static_assert(std::is_same_v<Sens, ForwardSensitivity>,
                    "sensitivity must be one of the types of odekit/adjoint/sensitivity.hpp");
    }
    return g;
  }
}

}  // namespace odekit
