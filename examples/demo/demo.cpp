// The odekit demo: solves the non-stiff benchmark problems with every adaptive method at
// three tolerances and prints accuracy (mescd, significant digits against the reference),
// accepted steps, right-hand side evaluations and time per solve.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/accuracy.hpp>
#include <odekit/problems/nonstiff.hpp>
#include <odekit/problems/reference.hpp>

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

template <class Method, class Problem>
void row(const char* problem_name, const Problem& problem, const std::vector<double>& ref,
         double tol) {
  const odekit::Options options{
      .rtol = tol, .atol = tol, .max_steps = 1'000'000, .save_everystep = false};
  const auto sol = odekit::solve(problem, Method{}, options);
  if (!sol.ok()) {
    std::printf("%-18s %-6s %7.0e  failed: %s\n", problem_name, std::string(Method::name).c_str(),
                tol, sol.message().c_str());
    return;
  }
  const double digits = pr::mescd(sol.y.back(), ref, tol, tol);
  const double seconds = time_per_solve<Problem, Method>(problem, options);
  std::printf("%-18s %-6s %7.0e %7.2f %8ld %9ld %11.1f\n", problem_name,
              std::string(Method::name).c_str(), tol, digits, sol.stats.naccept, sol.stats.nf,
              seconds * 1e6);
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
  std::printf("odekit %s demo: non-stiff benchmark problems\n", ODEKIT_VERSION);
  std::printf(
      "mescd: significant correct digits at t1 against the reference (Bari test set "
      "metric, rtol = atol = tol)\n\n");
  std::printf("%-18s %-6s %7s %7s %8s %9s %11s\n", "problem", "method", "tol", "mescd", "steps",
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
  return 0;
}
