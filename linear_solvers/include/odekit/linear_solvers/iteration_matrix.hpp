#pragma once
// The iteration matrix of implicit methods, W = I - gamma * J, where J = df/dy is the
// Jacobian at the linearisation point and gamma = dt * (the method's diagonal coefficient).
// Newton's method for an implicit stage (ESDIRK, BDF) and each Rosenbrock stage solve
// W x = b with it.
//
// Scaling: odekit uses W = I - gamma J throughout. Some codes (Radau5, Rodas) factor the
// scaled form M = I / gamma - J = W / gamma instead; M x = b and W x' = b give x' = x / gamma,
// so a method written for M passes gamma * b, or scales x afterwards.
//
// J is kept apart from W, so a change of gamma (a new step size, another stage coefficient)
// re-forms W with form(gamma) in O(n^2) (dense) or O(nnz) (sparse) without evaluating J
// again: the Jacobian is reused across steps until the caller refreshes it.

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "odekit/core/stats.hpp"
#include "odekit/linear_solvers/linear_operator.hpp"
#include "odekit/linear_solvers/sparse_pattern.hpp"

namespace odekit {

/// W = I - gamma J as a LinearOperator; the three concrete forms differ in how J is held.
class IterationMatrix : public LinearOperator {
 public:
  /// Re-forms W from the stored J with this gamma (also after J's values changed).
  /// gamma must be finite (std::invalid_argument otherwise).
  virtual void form(double gamma) = 0;
  /// The gamma of the last form() (0 before: W = I).
  double gamma() const noexcept { return m_gamma; }

 protected:
  static void require_finite_gamma(double gamma);
  double m_gamma = 0;
};

/// J dense (n x n). Write J into jacobian(), then call form(gamma).
class DenseIterationMatrix final : public IterationMatrix {
 public:
  /// J = 0, W = I. Throws std::invalid_argument when n == 0.
  explicit DenseIterationMatrix(std::size_t n);

  std::size_t size() const noexcept override { return static_cast<std::size_t>(m_J.rows()); }
  const Eigen::MatrixXd* dense_matrix() const noexcept override { return &m_W; }
  void form(double gamma) override;

  /// J, to be overwritten in place by the Jacobian evaluation (its size is fixed).
  Eigen::MatrixXd& jacobian() noexcept { return m_J; }
  const Eigen::MatrixXd& jacobian() const noexcept { return m_J; }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override;
  Eigen::MatrixXd m_J, m_W;
};

/// J sparse (compressed column storage). W's pattern is J's pattern plus the diagonal, built
/// once per pattern of J; form(gamma) then only rewrites W's values, so the sparse solvers see
/// an unchanged pattern and reuse their symbolic analysis.
class SparseIterationMatrix final : public IterationMatrix {
 public:
  /// Takes J's pattern and values (J is compressed here). Throws std::invalid_argument when J
  /// is empty or not square.
  explicit SparseIterationMatrix(Eigen::SparseMatrix<double> J);

  std::size_t size() const noexcept override { return static_cast<std::size_t>(m_J.rows()); }
  const Eigen::SparseMatrix<double>* sparse_matrix() const noexcept override { return &m_W; }
  /// Allocates only when J's pattern changed since the last form().
  void form(double gamma) override;

  /// J, whose values are overwritten in place by the Jacobian evaluation. Changing its
  /// pattern is allowed (the next form() rebuilds W's pattern) but costs allocations.
  Eigen::SparseMatrix<double>& jacobian() noexcept { return m_J; }
  const Eigen::SparseMatrix<double>& jacobian() const noexcept { return m_J; }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override;
  void build_pattern();

  Eigen::SparseMatrix<double> m_J, m_W;
  detail::SparsePattern m_J_pattern;  // the J that m_W's pattern and the maps were built for
  std::vector<int> m_J_to_W;          // position in W's values of each entry of J
  std::vector<int> m_diagonal;        // position in W's values of each W(i, i)
};

/// Jacobian-vector product: Jv = J v at the caller's current linearisation point. Returns
/// success, or the right-hand side's status (recoverable or terminal) when it failed.
using JvpFunction = std::function<Status(std::span<const double> v, std::span<double> Jv)>;

/// W applied matrix-free: W x = x - gamma * jvp(x), one JVP per apply. There is no assembled
/// matrix, so only Krylov solvers (with a matrix-free or user preconditioner) can use it.
/// It counts the JVPs it makes in stats().njvp.
class MatrixFreeIterationMatrix final : public IterationMatrix {
 public:
  /// Throws std::invalid_argument when n == 0 or jvp is empty.
  MatrixFreeIterationMatrix(std::size_t n, JvpFunction jvp);

  std::size_t size() const noexcept override { return m_n; }
  /// O(1): only records gamma.
  void form(double gamma) override;
  const Stats& stats() const noexcept { return m_stats; }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override;
  std::size_t m_n;
  JvpFunction m_jvp;
  mutable Stats m_stats;  // apply() is logically const; counting is bookkeeping
};

/// W applied matrix-free (exact JVPs at the current point) together with an assembled W from a
/// J that may be older, which preconditioners build on: the usual Jacobian-free Newton–Krylov
/// set-up (the Krylov solver converges to the exact W, the preconditioner only has to be
/// close). Its dense_matrix() / sparse_matrix() are the assembled one's.
class PreconditionedMatrixFreeIterationMatrix final : public IterationMatrix {
 public:
  /// Throws std::invalid_argument when assembled is null or sizes differ, or jvp is empty.
  PreconditionedMatrixFreeIterationMatrix(std::unique_ptr<IterationMatrix> assembled,
                                          JvpFunction jvp);
  std::size_t size() const noexcept override { return m_assembled->size(); }
  const Eigen::MatrixXd* dense_matrix() const noexcept override {
    return m_assembled->dense_matrix();
  }
  const Eigen::SparseMatrix<double>* sparse_matrix() const noexcept override {
    return m_assembled->sparse_matrix();
  }
  /// Forms both the matrix-free W and the assembled one.
  void form(double gamma) override;
  /// The assembled W, whose jacobian() the caller refreshes.
  IterationMatrix& assembled() noexcept { return *m_assembled; }

 private:
  Status do_apply(std::span<const double> x, std::span<double> y) const override;

  std::unique_ptr<IterationMatrix> m_assembled;
  MatrixFreeIterationMatrix m_free;
};

}  // namespace odekit
