// The linear solvers on the iteration matrix of a 2D problem: W = I - gamma J with J the
// upwind convection-diffusion operator on an m x m grid of the unit square (n = m^2), as an
// implicit method meets it at every step. Prints setup and solve times per solver.
//
//   linear_solvers_2d [m] [gamma] [--dense]     defaults: m = 90 (n = 8100), gamma = 1e-3
//
// DenseLU is skipped for n > 3000 unless --dense is given (it needs n^2 doubles and O(n^3)).
#include <Eigen/SparseCore>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <odekit/linear_solvers/dense_lu.hpp>
#include <odekit/linear_solvers/factory.hpp>
#include <odekit/linear_solvers/iteration_matrix.hpp>

namespace {

/// J u = D Laplace(u) - c . grad(u), D = 1, c = (50, 25), first-order upwind, Dirichlet.
Eigen::SparseMatrix<double> convection_diffusion_jacobian(int m) {
  const double h = 1.0 / (m + 1), d = 1 / (h * h), cx = 50 / h, cy = 25 / h;
  std::vector<Eigen::Triplet<double>> t;
  const auto id = [m](int i, int j) { return i * m + j; };
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < m; ++j) {
      t.emplace_back(id(i, j), id(i, j), -4 * d - cx - cy);
      if (i > 0) t.emplace_back(id(i, j), id(i - 1, j), d + cy);
      if (i < m - 1) t.emplace_back(id(i, j), id(i + 1, j), d);
      if (j > 0) t.emplace_back(id(i, j), id(i, j - 1), d + cx);
      if (j < m - 1) t.emplace_back(id(i, j), id(i, j + 1), d);
    }
  }
  Eigen::SparseMatrix<double> J(m * m, m * m);
  J.setFromTriplets(t.begin(), t.end());
  return J;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The first setup (analysis, allocation), then the mean of `repeats` setups and solves.
void time_solver(odekit::LinearSolver& solver, odekit::IterationMatrix& W, int repeats) {
  const std::size_t n = W.size();
  std::vector<double> b(n), x(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = std::sin(0.1 * static_cast<double>(i));
  auto start = std::chrono::steady_clock::now();
  if (solver.setup(W) != odekit::Status::success) {
    std::printf("%-22s setup failed\n", std::string(solver.name()).c_str());
    return;
  }
  const double first_setup = seconds_since(start);
  start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeats; ++r) (void)solver.setup(W);  // same pattern, new values
  const double setup = seconds_since(start) / repeats;
  start = std::chrono::steady_clock::now();
  odekit::Status status = odekit::Status::success;
  for (int r = 0; r < repeats; ++r) status = solver.solve(b, x, 1e-8);
  const double solve = seconds_since(start) / repeats;
  std::printf("%-22s first setup %9.3f ms  setup %9.3f ms  solve %8.3f ms  iterations %4ld  %s\n",
              std::string(solver.name()).c_str(), 1e3 * first_setup, 1e3 * setup, 1e3 * solve,
              solver.last().iterations, std::string(odekit::name(status)).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const int m = argc > 1 ? std::atoi(argv[1]) : 90;
  const double gamma = argc > 2 ? std::atof(argv[2]) : 1e-3;
  const bool dense = argc > 3 && std::strcmp(argv[3], "--dense") == 0;
  const Eigen::SparseMatrix<double> J = convection_diffusion_jacobian(m);
  std::printf("W = I - gamma J, 2D convection-diffusion, n = %d, nnz = %ld, gamma = %g\n", m * m,
              static_cast<long>(J.nonZeros()), gamma);

  odekit::SparseIterationMatrix W_sparse(J);
  W_sparse.form(gamma);
  const int repeats = 5;
  for (const auto& [name, preconditioner] :
       {std::pair{"sparse", "none"}, {"gmres", "ilu0"}, {"gmres", "jacobi"}, {"gmres", "none"}}) {
    auto solver = odekit::make_linear_solver(name, {.preconditioner = preconditioner});
    time_solver(*solver, W_sparse, repeats);
  }
  if (m * m <= 3000 || dense) {
    odekit::DenseIterationMatrix W_dense(static_cast<std::size_t>(m * m));
    W_dense.jacobian() = Eigen::MatrixXd(J);
    W_dense.form(gamma);
    odekit::DenseLU lu;
    time_solver(lu, W_dense, 1);
  }
  return 0;
}
