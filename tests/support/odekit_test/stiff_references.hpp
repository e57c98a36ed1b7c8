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

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
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

/// max_i |y_i - ref_i| / (atol + rtol |ref_i|): how far apart two solutions are, in units of
/// the local error tolerance.
inline double difference_in_tolerances(std::span<const double> y, std::span<const double> ref,
                                       double rtol, double atol) {
  double worst = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    worst = std::max(worst, std::abs(y[i] - ref[i]) / (atol + rtol * std::abs(ref[i])));
  }
  return worst;
}

struct AgainstDenseLU {
  odekit::Solution solution;
  double difference = 0;  ///< to the dense-LU solve, in tolerances
};

/// The 2D Brusselator (N = 8, 128 states) over [0, 2], which includes the forcing switching on
/// at t = 1.1, at rtol = atol = 1e-7 with method and options' linear solver, against the same
/// solve with dense LU.
template <class Method>
AgainstDenseLU brusselator_against_dense_lu(Method method, odekit::Options options) {
  auto problem = odekit::problems::brusselator_2d(8);
  problem.tspan[1] = 2.0;
  const double tol = 1e-7;
  options.rtol = tol;
  options.atol = tol;
  options.save_everystep = false;
  odekit::Options dense_options = options;
  dense_options.linsolve = odekit::LinSolve::dense;
  dense_options.preconditioner = odekit::Precond::none;
  const auto dense = odekit::solve(problem, method, dense_options);
  AgainstDenseLU out{odekit::solve(problem, method, options)};
  out.difference = dense.ok() && out.solution.ok()
                       ? difference_in_tolerances(out.solution.y.back(), dense.y.back(), tol, tol)
                       : std::numeric_limits<double>::infinity();
  return out;
}

/// The work counters a stiff test records next to its accuracy.
inline std::string work_summary(const odekit::Stats& s) {
  return "nf " + std::to_string(s.nf) + ", njac " + std::to_string(s.njac) + ", nfactor " +
         std::to_string(s.nfactor) + ", steps " + std::to_string(s.naccept) + " (+" +
         std::to_string(s.nreject) + " rejected), Newton " + std::to_string(s.nnewton);
}

}  // namespace odekit_test
