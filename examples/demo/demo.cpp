// The odekit demo: solves the non-stiff benchmark problems with every adaptive explicit
// method and the stiff ones (Bari test set) with the stiff methods and the auto-switching
// default, at several tolerances, and prints accuracy (mescd, significant digits against the
// reference), accepted steps, right-hand side evaluations and time per solve.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/reference.hpp>
#include <odekit/problems/stiff.hpp>

namespace {

namespace pr = odekit::problems;
using Clock = std::chrono::steady_clock;

/// Seconds per solve, repeating until at least 20 ms have passed.
template <class Problem, class Method>
double time_per_solve(const Problem& problem, const odekit::Options& options) {
  int reps = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    (void)odekit::solve(problem, Method{}, options);
    ++reps;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < 0.02);
  return elapsed / reps;
}

/// One solve at rtol = tol, atol = atol_scale * tol (mescd measured with the same pair).
template <class Method, class Problem, class Reference>
void row(const char* problem_name, const Problem& problem, const Reference& ref, double tol,
         double atol_scale = 1) {
  const odekit::Options options{
      .rtol = tol, .atol = atol_scale * tol, .max_steps = 1'000'000, .save_everystep = false};
  const auto sol = odekit::solve(problem, Method{}, options);
  if (!sol.ok()) {
    std::printf("%-18s %-20s %7.0e  failed: %s\n", problem_name, sol.method.c_str(), tol,
                sol.message().c_str());
    return;
  }
  const double digits = pr::mescd(sol.y.back(), ref, tol, atol_scale * tol);
  const double seconds = time_per_solve<Problem, Method>(problem, options);
  std::printf("%-18s %-20s %7.0e %7.2f %8ld %9ld %11.1f\n", problem_name, sol.method.c_str(), tol,
              digits, sol.stats.naccept, sol.stats.nf, seconds * 1e6);
}

/// The stiff problems at rtol 1e-6 and 1e-8 with atol = 1e-4 rtol (their small components
/// are held to it, as in the stiff reference tests).
template <class Problem, class Reference>
void stiff_rows(const char* name, const Problem& problem, const Reference& ref) {
  for (double tol : {1e-6, 1e-8}) {
    row<odekit::Rodas5P>(name, problem, ref, tol, 1e-4);
    row<odekit::KenCarp4>(name, problem, ref, tol, 1e-4);
    row<odekit::BDF>(name, problem, ref, tol, 1e-4);
    row<odekit::Default>(name, problem, ref, tol, 1e-4);
  }
}

template <class Problem>
void problem_rows(const char* name, const Problem& problem, const std::vector<double>& ref) {
  for (double tol : {1e-6, 1e-9, 1e-12}) {
    if (tol > 1e-9) row<odekit::BS3>(name, problem, ref, tol);
    row<odekit::DP5>(name, problem, ref, tol);
    row<odekit::Tsit5>(name, problem, ref, tol);
    row<odekit::Vern7>(name, problem, ref, tol);
    row<odekit::Vern9>(name, problem, ref, tol);
  }
}

}  // namespace

int main() {
  std::printf("odekit %s demo: non-stiff and stiff benchmark problems\n", ODEKIT_VERSION);
  std::printf(
      "mescd: significant correct digits at t1 against the reference (Bari test set "
      "metric, rtol = atol = tol)\n\n");
  std::printf("%-18s %-20s %7s %7s %8s %9s %11s\n", "problem", "method", "tol", "mescd", "steps",
              "f evals", "time [us]");
  const auto arenstorf = pr::arenstorf();
  const auto linear = pr::independent_linear();
  problem_rows("Lotka-Volterra", pr::lotka_volterra(),
               pr::long_double_reference(pr::lotka_volterra<long double>()));
  problem_rows("Rigid body", pr::rigid_body(),
               pr::long_double_reference(pr::rigid_body<long double>()));
  problem_rows("Arenstorf (period)", arenstorf, arenstorf.y0);
  problem_rows("Pleiades", pr::pleiades(),
               std::vector<double>(pr::pleiades_reference.begin(), pr::pleiades_reference.end()));
  problem_rows("100x100 linear", linear, pr::independent_linear_exact(linear.y0, 10.0));
  std::printf(
      "\nReferences: Pleiades from the Bari test set (PSIDE); Arenstorf returns to its\n"
      "start after one period; 100x100 linear has an exact solution; Lotka-Volterra\n"
      "and rigid body from a long double Vern9 solve at tolerance 1e-19.\n");

  std::printf(
      "\nStiff problems (rtol = tol, atol = 1e-4 tol; f evals include Jacobian sweeps)\n\n");
  stiff_rows("ROBER (t = 1e11)", pr::rober(), pr::rober_reference);
  stiff_rows("HIRES", pr::hires(), pr::hires_reference);
  stiff_rows("Van der Pol 1e-6", pr::van_der_pol(), pr::van_der_pol_reference);
  stiff_rows("POLLU", pr::pollu(), pr::pollu_reference);
  std::printf("\nReferences: the Bari test set (ROBER, HIRES, Van der Pol, POLLU).\n");
  return 0;
}
