#pragma once
// SplitOdeProblem{f_stiff, f_nonstiff, y0, tspan, p}: y' = f_stiff(t, y, p) + f_nonstiff(t, y, p)
// for implicit-explicit (IMEX) methods, which treat f_stiff implicitly (Newton with its
// Jacobian) and f_nonstiff explicitly. Both parts are right-hand sides of the usual form
// f(t, y, p, dydt), each writing its own contribution; only f_stiff needs derivatives (its
// optional members jac, jvp, jac_sparsity are detected as for OdeProblem::f).
//
// implicit_rhs(problem) names the part that implicit methods linearise: f of an OdeProblem,
// f_stiff of a SplitOdeProblem.

#include <array>
#include <type_traits>
#include <utility>
#include <vector>

#include "odekit/core/problem.hpp"

namespace odekit {

template <class FStiff, class FNonstiff, class T = double>
struct SplitOdeProblem {
  using value_type = T;
  using stiff_function_type = FStiff;
  using nonstiff_function_type = FNonstiff;

  FStiff f_stiff;
  FNonstiff f_nonstiff;
  std::vector<T> y0;
  std::array<T, 2> tspan;
  std::vector<T> p;

  SplitOdeProblem(FStiff stiff, FNonstiff nonstiff, std::vector<T> y0_, std::array<T, 2> tspan_,
                  std::vector<T> p_ = {})
      : f_stiff(std::move(stiff)),
        f_nonstiff(std::move(nonstiff)),
        y0(std::move(y0_)),
        tspan(tspan_),
        p(std::move(p_)) {}

  std::size_t size() const noexcept { return y0.size(); }
  T t0() const noexcept { return tspan[0]; }
  T t1() const noexcept { return tspan[1]; }
};

template <class P>
inline constexpr bool is_split_problem_v = false;
template <class FS, class FN, class T>
inline constexpr bool is_split_problem_v<SplitOdeProblem<FS, FN, T>> = true;

/// Throws std::invalid_argument naming the argument when the problem is malformed (the
/// checks of an OdeProblem: y0, p and tspan).
template <class FS, class FN, class T>
void validate(const SplitOdeProblem<FS, FN, T>& problem) {
  detail::validate_state_and_span<T>(problem.y0, problem.p, problem.tspan);
}

/// The right-hand side implicit methods linearise.
template <class Problem>
requires(!is_split_problem_v<std::remove_const_t<Problem>>) auto& implicit_rhs(
    Problem& problem) noexcept {
  return problem.f;
}
template <class Problem>
requires is_split_problem_v<std::remove_const_t<Problem>>
auto& implicit_rhs(Problem& problem) noexcept {
  return problem.f_stiff;
}

/// The type of implicit_rhs(problem).
template <class Problem>
using implicit_function_t =
    std::remove_reference_t<decltype(implicit_rhs(std::declval<Problem&>()))>;

}  // namespace odekit
