// The 2D Brusselator (SciMLBenchmarks "Bruss", N x N grid, 2 N^2 states) over its full span
// [0, 11.5] with the large-system linear algebra of the stiff methods: BDF with sparse LU
// (KLU) and with GMRES preconditioned by ILU(0), and CVODE_BDF with KLU and with matrix-free
// SPGMR. Prints a Markdown table: time, work counters and the difference to the BDF + sparse
// LU solution in units of the tolerance. The unit test tests/solvers/test_bdf_brusselator.cpp
// runs the short span [0, 1.5]; the stiff work-precision runner (work_precision/stiff.cpp)
// compares these linear solvers with dense LU.
//
//   odekit_bench_brusselator [--n N] [--t1 T] [--rtol R] [--quick]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>

#include "common/machine.hpp"
#include "stiff/timed_solve.hpp"

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
  using odekit::LinSolve;
  using odekit::Precond;
  using odekit_bench::large_system_options;
  using odekit_bench::timed_solve;
  std::vector<odekit_bench::TimedSolve> rows;
  rows.push_back(timed_solve("BDF + sparse LU (KLU)", problem, odekit::BDF{},
                             large_system_options(rtol, LinSolve::sparse)));
  rows.push_back(timed_solve("BDF + GMRES + ILU(0)", problem, odekit::BDF{},
                             large_system_options(rtol, LinSolve::gmres, Precond::ilu0)));
#if ODEKIT_ENABLE_SUNDIALS
  rows.push_back(timed_solve("CVODE_BDF + KLU", problem, odekit::CVODE_BDF{},
                             large_system_options(rtol, LinSolve::sparse)));
  rows.push_back(timed_solve("CVODE_BDF + SPGMR (matrix-free)", problem, odekit::CVODE_BDF{},
                             large_system_options(rtol, LinSolve::gmres)));
#endif

  std::printf("Brusselator 2D, N = %zu (%zu states), t in [0, %g], rtol = atol = %g; %s.\n\n", n,
              problem.size(), t1, rtol, odekit_bench::machine_description().c_str());
  std::printf("%s", odekit_bench::timed_solve_table(rows, rtol, rtol).c_str());
  for (const auto& r : rows) {
    if (!r.sol.ok()) return 1;
  }
  return 0;
}
