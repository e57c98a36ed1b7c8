#pragma once
// Reference solutions computed in long double with Vern9 at tolerance 1e-19, for problems
// that have no published reference: an independent precision, accurate to ~1e-16 in double.

#include <type_traits>
#include <vector>

#include "odekit/solvers/methods.hpp"
#include "odekit/solvers/solve.hpp"

namespace odekit::problems {

/// y(t1) of a problem stated in long double (e.g. lotka_volterra<long double>()), rounded
/// to double.
template <class LongDoubleProblem>
std::vector<double> long_double_reference(const LongDoubleProblem& problem) {
  static_assert(std::is_same_v<typename LongDoubleProblem::value_type, long double>);
  const auto sol =
      solve(problem, Vern9{},
            {.rtol = 1e-19, .atol = 1e-19, .max_steps = 10'000'000, .save_everystep = false});
  sol.throw_if_failed();
  return {sol.y.back().begin(), sol.y.back().end()};
}

}  // namespace odekit::problems
