// The 2D Brusselator at N = 64 (8192 states) with BDF: Newton–Krylov (GMRES preconditioned by
// ILU(0) of the sparse W, Jacobian-vector products by dual numbers) and sparse LU (KLU) give
// the same solution. Over t in [0, 1.5], which includes the forcing switching on at t = 1.1;
// the full span [0, 11.5] takes tens of seconds with sparse LU and runs as a benchmark
// (benchmarks/stiff/brusselator.cpp).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include <odekit/odekit.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit_test/stiff_references.hpp>

namespace {

using odekit::LinSolve;
using odekit::Precond;

TEST(BdfBrusselator64, KrylovWithIlu0AgreesWithSparseLU) {
  auto problem = odekit::problems::brusselator_2d(64);
  problem.tspan[1] = 1.5;
  const double tol = 1e-6;
  const odekit::Options options{.rtol = tol, .atol = tol, .save_everystep = false};

  auto run = [&](LinSolve linsolve, Precond preconditioner, const char* name) {
    odekit::Options o = options;
    o.linsolve = linsolve;
    o.preconditioner = preconditioner;
    const auto start = std::chrono::steady_clock::now();
    auto sol = odekit::solve(problem, odekit::BDF{}, o);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    RecordProperty(std::string(name) + "_seconds", odekit::detail::num(took.count()));
    RecordProperty(std::string(name) + "_work", odekit_test::work_summary(sol.stats));
    return sol;
  };
  const auto klu = run(LinSolve::sparse, Precond::none, "sparse_lu");
  const auto krylov = run(LinSolve::gmres, Precond::ilu0, "gmres_ilu0");
  ASSERT_TRUE(klu.ok()) << klu.message();
  ASSERT_TRUE(krylov.ok()) << krylov.message();

  // Both are error-controlled solutions at tolerance tol; they differ by at most the sum of
  // their global errors, a few tolerances here (docs/bdf_cvode.md has them against a tight
  // reference).
  const double worst =
      odekit_test::difference_in_tolerances(krylov.y.back(), klu.y.back(), tol, tol);
  RecordProperty("difference_in_tolerances", odekit::detail::num(worst));
  EXPECT_LT(worst, 10.0);

  EXPECT_GT(krylov.stats.nlinear_iter, 0);
  EXPECT_EQ(klu.stats.nlinear_iter, 0);
  // The ILU(0) set-ups follow the factorisations of W, and stay rare.
  EXPECT_LT(krylov.stats.nfactor, krylov.stats.naccept);
  EXPECT_LT(klu.stats.nfactor, klu.stats.naccept);
}

}  // namespace
