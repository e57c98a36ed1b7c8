// The 2D Brusselator (SciMLBenchmarks "Bruss", N x N grid, 2 N^2 states) over its full span
// [0, 11.5] with the large-system linear algebra of the stiff methods: BDF with sparse LU
// (KLU) and with GMRES preconditioned by ILU(0), and CVODE_BDF with KLU and with matrix-free
// SPGMR. Prints one Markdown table row per solver: time, work counters and the difference to
// the BDF + sparse LU solution in units of the tolerance. The unit test
// tests/solvers/test_bdf_brusselator.cpp runs the short span [0, 1.5].
//
//   odekit_bench_brusselator [--n N] [--t1 T] [--rtol R] [--quick]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>

#include "common/machine.hpp"

namespace {

struct Row {
  std::string solver;
  odekit::Solution sol;
  double wall = 0, cpu = 0;
};

template <class Method, class Problem>
Row run(const std::string& name, const Problem& problem, Method method, odekit::Options o) {
  const auto wall0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  Row r{name, odekit::solve(problem, method, o)};
  r.cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  std::fprintf(stderr, "  %s: %.2f s\n", name.c_str(), r.cpu);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 64;
  double t1 = 11.5, rtol = 1e-6;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--n") && i + 1 < argc) {
      n = static_cast<std::size_t>(std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--t1") && i + 1 < argc) {
      t1 = std::atof(argv[++i]);
    } else if (!std::strcmp(argv[i], "--rtol") && i + 1 < argc) {
      rtol = std::atof(argv[++i]);
    } else if (!std::strcmp(argv[i], "--quick")) {
      n = 16;
      t1 = 1.5;
    } else {
      std::fprintf(stderr, "usage: %s [--n N] [--t1 T] [--rtol R] [--quick]\n", argv[0]);
      return 2;
    }
  }
  auto problem = odekit::problems::brusselator_2d(n);
  problem.tspan[1] = t1;
  const odekit::Options base{
      .rtol = rtol, .atol = rtol, .max_steps = 10'000'000, .save_everystep = false};
  auto with = [&](odekit::LinSolve linsolve, odekit::Precond preconditioner) {
    odekit::Options o = base;
    o.linsolve = linsolve;
    o.preconditioner = preconditioner;
    return o;
  };
  using odekit::LinSolve;
  using odekit::Precond;
  std::vector<Row> rows;
  rows.push_back(
      run("BDF + sparse LU (KLU)", problem, odekit::BDF{}, with(LinSolve::sparse, Precond::none)));
  rows.push_back(
      run("BDF + GMRES + ILU(0)", problem, odekit::BDF{}, with(LinSolve::gmres, Precond::ilu0)));
#if ODEKIT_ENABLE_SUNDIALS
  rows.push_back(
      run("CVODE_BDF + KLU", problem, odekit::CVODE_BDF{}, with(LinSolve::sparse, Precond::none)));
  rows.push_back(run("CVODE_BDF + SPGMR (matrix-free)", problem, odekit::CVODE_BDF{},
                     with(LinSolve::gmres, Precond::none)));
#endif

  std::printf("Brusselator 2D, N = %zu (%zu states), t in [0, %g], rtol = atol = %g; %s.\n\n", n,
              problem.size(), t1, rtol, odekit_bench::machine_description().c_str());
  std::printf(
      "| solver | CPU [s] | wall [s] | steps | rejected | nf | njac | nfactor | Newton | Krylov "
      "iterations | max diff / tol |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  const auto& reference = rows.front().sol.y.back();
  bool all_ok = true;
  for (const Row& r : rows) {
    all_ok = all_ok && r.sol.ok();
    double worst = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
      worst = std::max(worst, std::abs(r.sol.y.back()[i] - reference[i]) /
                                  (rtol + rtol * std::abs(reference[i])));
    }
    const odekit::Stats& s = r.sol.stats;
    std::printf("| %s%s | %.2f | %.2f | %ld | %ld | %ld | %ld | %ld | %ld | %ld | %.2g |\n",
                r.solver.c_str(), r.sol.ok() ? "" : " (failed)", r.cpu, r.wall, s.naccept,
                s.nreject, s.nf, s.njac, s.nfactor, s.nnewton, s.nlinear_iter, worst);
  }
  return all_ok ? 0 : 1;
}
