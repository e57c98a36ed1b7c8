#pragma once
// Test matrices for the linear-solver suites: small, deterministic, and each standing for a
// kind of system the stiff integrators produce.

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <cmath>
#include <random>
#include <span>
#include <vector>

namespace odekit_test {

using SparseMatrix = Eigen::SparseMatrix<double>;
using Triplets = std::vector<Eigen::Triplet<double>>;

/// A vector as the span the solvers take.
inline std::span<const double> span(const Eigen::VectorXd& v) {
  return {v.data(), static_cast<std::size_t>(v.size())};
}
inline std::span<double> span(Eigen::VectorXd& v) {
  return {v.data(), static_cast<std::size_t>(v.size())};
}

inline SparseMatrix from_triplets(int n, const Triplets& t) {
  SparseMatrix A(n, n);
  A.setFromTriplets(t.begin(), t.end());
  A.makeCompressed();
  return A;
}

/// Dense, nonsymmetric, strictly diagonally dominant by rows: entries uniform in [-1, 1],
/// a_ii = sum_j |a_ij| + 1.
inline SparseMatrix random_diagonally_dominant(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::MatrixXd A(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) A(i, j) = u(rng);
    A(i, i) = A.row(i).cwiseAbs().sum() + 1;
  }
  return A.sparseView();
}

/// tridiag(lower, diagonal, upper) of size n.
inline SparseMatrix tridiagonal(int n, double lower, double diagonal, double upper) {
  Triplets t;
  for (int i = 0; i < n; ++i) {
    t.emplace_back(i, i, diagonal);
    if (i > 0) t.emplace_back(i, i - 1, lower);
    if (i < n - 1) t.emplace_back(i, i + 1, upper);
  }
  return from_triplets(n, t);
}

/// 5-point Laplacian -Delta on an m x m grid with Dirichlet boundaries (times h^2): symmetric
/// positive definite, condition number ~ 0.4 m^2.
inline SparseMatrix laplacian_2d(int m) {
  Triplets t;
  const auto id = [m](int i, int j) { return i * m + j; };
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < m; ++j) {
      t.emplace_back(id(i, j), id(i, j), 4.0);
      if (i > 0) t.emplace_back(id(i, j), id(i - 1, j), -1.0);
      if (i < m - 1) t.emplace_back(id(i, j), id(i + 1, j), -1.0);
      if (j > 0) t.emplace_back(id(i, j), id(i, j - 1), -1.0);
      if (j < m - 1) t.emplace_back(id(i, j), id(i, j + 1), -1.0);
    }
  }
  return from_triplets(m * m, t);
}

/// -Delta u + c . grad u on an m x m grid, first-order upwind convection with cell Peclet
/// number `peclet` in x and peclet / 2 in y: nonsymmetric, an M-matrix.
inline SparseMatrix convection_diffusion_2d(int m, double peclet) {
  Triplets t;
  const auto id = [m](int i, int j) { return i * m + j; };
  const double px = peclet, py = peclet / 2;
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < m; ++j) {
      t.emplace_back(id(i, j), id(i, j), 4.0 + px + py);
      if (i > 0) t.emplace_back(id(i, j), id(i - 1, j), -1.0 - py);
      if (i < m - 1) t.emplace_back(id(i, j), id(i + 1, j), -1.0);
      if (j > 0) t.emplace_back(id(i, j), id(i, j - 1), -1.0 - px);
      if (j < m - 1) t.emplace_back(id(i, j), id(i, j + 1), -1.0);
    }
  }
  return from_triplets(m * m, t);
}

/// Jacobian of a stiff reaction network: species i decays at rate k_i (k_i log-uniform in
/// [1, 1e6]) into species i+1 (60%) and i+7 (30%), plus weak random couplings. W = I - gamma J
/// is then column-diagonally dominant but spans a wide range of scales.
inline SparseMatrix stiff_chemistry_jacobian(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  Triplets t;
  for (int i = 0; i < n; ++i) {
    const double k = std::pow(10.0, 6 * u(rng));
    t.emplace_back(i, i, -k);
    t.emplace_back((i + 1) % n, i, 0.6 * k);
    t.emplace_back((i + 7) % n, i, 0.3 * k);
    t.emplace_back(static_cast<int>(u(rng) * n) % n, i, 0.01 * k * u(rng));
  }
  return from_triplets(n, t);
}

/// A vector with entries uniform in [-1, 1].
inline Eigen::VectorXd random_vector(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::VectorXd v(n);
  for (int i = 0; i < n; ++i) v[i] = u(rng);
  return v;
}

inline double relative_residual(const SparseMatrix& A, const Eigen::VectorXd& x,
                                const Eigen::VectorXd& b) {
  return (b - A * x).norm() / b.norm();
}

}  // namespace odekit_test
