#pragma once
// The stiff reference problems of the Bari test set (ROBER, HIRES, Van der Pol, POLLU) with
// their published references, for the accuracy tests of the stiff methods: mescd at a given
// rtol, with atol scaled to each problem.
//
// atol = rtol * scale, where scale is the magnitude below which a component no longer needs
// relative accuracy, read off the solutions: ROBER 1e-6 (y2 peaks at 3.6e-5 and is ~1e-13 at
// the end; the mescd metric then weighs y1, y3 relatively and y2 against 1e-6), HIRES 1e-4
// (its eight components live between 1e-4 and 1), Van der Pol 1 (components of order 1),
// POLLU 1e-4 (the species that matter are 1e-4..0.3, trace species go down to 1e-17). The
// mescd metric uses the same atol / rtol, so it measures what the tolerances asked for.

#include <array>
#include <span>
#include <string>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/stiff.hpp>

namespace odekit_test {

struct StiffOutcome {
  double mescd = 0;
  odekit::Solution solution;
};

/// Solves problem with method at rtol (atol = rtol * atol_scale) and scores y(t1).
template <class Method, class Problem, std::size_t N>
StiffOutcome solve_reference(const Problem& problem, const std::array<double, N>& reference,
                             Method method, double rtol, double atol_scale,
                             odekit::Options options = {}) {
  options.rtol = rtol;
  options.atol = rtol * atol_scale;
  options.save_everystep = false;
  StiffOutcome out{0, odekit::solve(problem, method, options)};
  if (out.solution.ok()) {
    out.mescd = odekit::problems::mescd(out.solution.y.back(), reference, rtol, rtol * atol_scale);
  }
  return out;
}

/// The four problems by name, each with its reference and atol scale.
template <class Method>
StiffOutcome solve_reference_problem(const std::string& name, Method method, double rtol,
                                     odekit::Options options = {}) {
  namespace pr = odekit::problems;
  if (name == "ROBER") {
    return solve_reference(pr::rober(), pr::rober_reference, method, rtol, 1e-6, options);
  }
  if (name == "HIRES") {
    return solve_reference(pr::hires(), pr::hires_reference, method, rtol, 1e-4, options);
  }
  if (name == "VanDerPol") {
    return solve_reference(pr::van_der_pol(), pr::van_der_pol_reference, method, rtol, 1.0,
                           options);
  }
  return solve_reference(pr::pollu(), pr::pollu_reference, method, rtol, 1e-4, options);
}

inline const std::array<std::string, 4> kStiffReferenceProblems{"ROBER", "HIRES", "VanDerPol",
                                                                "POLLU"};

/// The work counters a stiff test records next to its accuracy.
inline std::string work_summary(const odekit::Stats& s) {
  return "nf " + std::to_string(s.nf) + ", njac " + std::to_string(s.njac) + ", nfactor " +
         std::to_string(s.nfactor) + ", steps " + std::to_string(s.naccept) + " (+" +
         std::to_string(s.nreject) + " rejected), Newton " + std::to_string(s.nnewton);
}

}  // namespace odekit_test
