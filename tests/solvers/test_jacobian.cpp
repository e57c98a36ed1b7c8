// Jacobians and Jacobian-vector products: dual numbers against the analytic Jacobians of
// POLLU and HIRES, coloured sparse against dense on the 2D Brusselator, finite differences
// against both, the optional members and their detection, and what wrong input does.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <cmath>
#include <cstdio>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <odekit/core/derivatives.hpp>
#include <odekit/problems/stiff.hpp>
#include <odekit/solvers/colouring.hpp>
#include <odekit/solvers/jacobian.hpp>

namespace {

namespace pr = odekit::problems;
using odekit::DerivativeMethod;
using odekit::JacobianWorkspace;
using odekit::MatrixIndex;
using odekit::SparsityPattern;
using odekit::Stats;
using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

#define EXPECT_MENTIONS(text, fragment) \
  EXPECT_NE(std::string(text).find(fragment), std::string::npos) << (text)

template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

/// Uniform values in [lo, hi) from a fixed seed.
std::vector<double> random_vector(std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (double& x : v) x = u(gen);
  return v;
}

/// A point of the Brusselator with no zero component (its y0 vanishes on the boundary).
std::vector<double> generic_point(const std::vector<double>& y0, unsigned seed) {
  std::vector<double> y = random_vector(y0.size(), 0.1, 1.0, seed);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += y0[i];
  return y;
}

template <class F>
Matrix dense_jacobian(const F& f, std::span<const double> y, std::span<const double> p,
                      DerivativeMethod method, Stats& stats) {
  JacobianWorkspace ws(f, y.size(), {.jac = method});
  EXPECT_EQ(ws.jac_method(), method);
  Matrix J(y.size(), y.size());
  ws.dense_jacobian(f, 0.0, y, p, J, stats);
  return J;
}

/// Entrywise agreement to round-off, relative to the largest entry of the row (entries are
/// sums of terms of the row's magnitude, added in different orders).
void expect_roundoff_equal(const Matrix& actual, const Matrix& expected, double ulps = 16) {
  ASSERT_EQ(actual.rows(), expected.rows());
  ASSERT_EQ(actual.cols(), expected.cols());
  const double tol = ulps * std::numeric_limits<double>::epsilon();
  for (Eigen::Index i = 0; i < expected.rows(); ++i) {
    const double scale = expected.row(i).cwiseAbs().maxCoeff();
    for (Eigen::Index j = 0; j < expected.cols(); ++j) {
      EXPECT_NEAR(actual(i, j), expected(i, j), tol * scale) << "entry (" << i << ", " << j << ")";
    }
  }
}

/// Largest error relative to the largest entry.
double relative_error(const Matrix& actual, const Matrix& expected) {
  return (actual - expected).cwiseAbs().maxCoeff() / expected.cwiseAbs().maxCoeff();
}

// ---- detection of the optional members ----------------------------------------------------

auto generic_rhs = [](auto, const auto& y, const auto& p, auto&& dydt) {
  using std::exp;
  dydt[0] = p[0] * exp(y[0]) * y[1];
  dydt[1] = -y[0];
};
auto double_only_rhs = [](double, std::span<const double> y, std::span<const double> p,
                          std::span<double> dydt) {
  dydt[0] = p[0] * std::exp(y[0]) * y[1];
  dydt[1] = -y[0];
};

/// y' = A y with every derivative member, for the detection and user-path tests.
struct LinearWithMembers {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P&, D&& dydt) const {
    dydt[0] = 2 * y[0] - y[1];
    dydt[1] = 3 * y[1];
    dydt[2] = y[0] - y[2];
  }
  void jvp(double, std::span<const double>, std::span<const double>, std::span<const double> v,
           std::span<double> Jv) const {
    Jv[0] = 2 * v[0] - v[1];
    Jv[1] = 3 * v[1];
    Jv[2] = v[0] - v[2];
  }
  void vjp(double, std::span<const double>, std::span<const double>, std::span<const double> w,
           std::span<double> wJy, std::span<double>) const {
    wJy[0] = 2 * w[0] + w[2];
    wJy[1] = -w[0] + 3 * w[1];
    wJy[2] = -w[2];
  }
};

TEST(DerivativeMembers, AreDetectedByConcepts) {
  static_assert(odekit::HasJac<pr::Pollu> && odekit::HasSparseJac<pr::Pollu>);
  static_assert(odekit::HasJac<pr::Hires> && !odekit::HasJac<pr::Rober>);
  static_assert(odekit::HasJacSparsity<pr::Brusselator2D> && !odekit::HasJacSparsity<pr::Pollu>);
  static_assert(odekit::HasJvp<LinearWithMembers> && !odekit::HasJvp<pr::Pollu>);
  static_assert(odekit::HasVjp<LinearWithMembers> && !odekit::HasVjp<pr::Pollu>);
  static_assert(odekit::RhsAcceptsDual<pr::Pollu, double, 8>);
  static_assert(odekit::RhsAcceptsDual<pr::Brusselator2D, double>);
  static_assert(odekit::RhsAcceptsDual<decltype(generic_rhs), double>);
  static_assert(!odekit::RhsAcceptsDual<decltype(double_only_rhs), double>);
  static_assert(odekit::RhsCallableWith<decltype(double_only_rhs), double, double>);
}

TEST(DerivativeMembers, AutomaticPicksUserThenDualThenFiniteDifferences) {
  using enum DerivativeMethod;
  const JacobianWorkspace pollu(pr::Pollu{}, 20);
  EXPECT_EQ(pollu.size(), 20u);
  EXPECT_EQ(pollu.jac_method(), user);
  EXPECT_EQ(pollu.jvp_method(), dual);
  EXPECT_FALSE(pollu.has_pattern());
  const JacobianWorkspace linear(LinearWithMembers{}, 3);
  EXPECT_EQ(linear.jac_method(), dual);
  EXPECT_EQ(linear.jvp_method(), user);
  const JacobianWorkspace generic(generic_rhs, 2);
  EXPECT_EQ(generic.jac_method(), dual);
  EXPECT_EQ(generic.jvp_method(), dual);
  const JacobianWorkspace plain(double_only_rhs, 2);
  EXPECT_EQ(plain.jac_method(), finite_difference);
  EXPECT_EQ(plain.jvp_method(), finite_difference);
  EXPECT_EQ(odekit::name(finite_difference), "finite_difference");
}

TEST(DerivativeMembers, ForcingAnUnavailableMethodNamesTheOption) {
  using enum DerivativeMethod;
  EXPECT_MENTIONS(error_of([] { JacobianWorkspace(double_only_rhs, 2, {.jac = dual}); }),
                  "options.jac is dual");
  EXPECT_MENTIONS(error_of([] { JacobianWorkspace(double_only_rhs, 2, {.jvp = dual}); }),
                  "options.jvp is dual");
  EXPECT_MENTIONS(error_of([] { JacobianWorkspace(pr::Rober{}, 3, {.jac = user}); }),
                  "options.jac is user, but f has no member jac");
  EXPECT_MENTIONS(error_of([] { JacobianWorkspace(pr::Rober{}, 3, {.jvp = user}); }),
                  "options.jvp is user, but f has no member jvp");
}

// ---- dense Jacobians ----------------------------------------------------------------------

TEST(DenseJacobian, DualNumbersEqualPolluAnalyticJacobianToRoundoff) {
  const auto problem = pr::pollu();
  for (const auto& y : {problem.y0, random_vector(20, 0.01, 0.5, 7)}) {
    Stats user_stats, dual_stats;
    const Matrix analytic =
        dense_jacobian(problem.f, y, problem.p, DerivativeMethod::user, user_stats);
    const Matrix dual = dense_jacobian(problem.f, y, problem.p, DerivativeMethod::dual, dual_stats);
    expect_roundoff_equal(dual, analytic);
    EXPECT_EQ(user_stats.nf, 0);
    EXPECT_EQ(dual_stats.nf, 3);  // ceil(20 / 8) sweeps
    EXPECT_EQ(dual_stats.njac, 1);
    EXPECT_EQ(user_stats.njac, 1);
  }
}

TEST(DenseJacobian, DualNumbersEqualHiresAnalyticJacobianToRoundoff) {
  const auto problem = pr::hires();
  for (const auto& y : {problem.y0, random_vector(8, 0.001, 1.0, 11)}) {
    Stats stats;
    const Matrix analytic = dense_jacobian(problem.f, y, problem.p, DerivativeMethod::user, stats);
    const Matrix dual = dense_jacobian(problem.f, y, problem.p, DerivativeMethod::dual, stats);
    expect_roundoff_equal(dual, analytic);
    EXPECT_EQ(stats.nf, 1);  // 8 columns: one sweep
  }
}

TEST(DenseJacobian, FiniteDifferencesAreCloseToTheAnalyticJacobian) {
  for (const bool pollu : {true, false}) {
    const auto y = pollu ? random_vector(20, 0.01, 0.5, 3) : random_vector(8, 0.001, 1.0, 5);
    const std::vector<double> p = pollu ? pr::pollu().p : pr::hires().p;
    Stats stats, fd_stats;
    const Matrix analytic = pollu
                                ? dense_jacobian(pr::Pollu{}, y, p, DerivativeMethod::user, stats)
                                : dense_jacobian(pr::Hires{}, y, p, DerivativeMethod::user, stats);
    const Matrix fd =
        pollu ? dense_jacobian(pr::Pollu{}, y, p, DerivativeMethod::finite_difference, fd_stats)
              : dense_jacobian(pr::Hires{}, y, p, DerivativeMethod::finite_difference, fd_stats);
    // Forward differences with step sqrt(eps): about half the digits.
    EXPECT_LT(relative_error(fd, analytic), 1e-7) << (pollu ? "POLLU" : "HIRES");
    EXPECT_EQ(fd_stats.nf, static_cast<long>(y.size()) + 1);  // n columns and f(t, y)
  }
}

TEST(DenseJacobian, FiniteDifferencesReuseAGivenRhsValue) {
  const auto problem = pr::hires();
  std::vector<double> fy(8);
  problem.f(0.0, std::span<const double>(problem.y0), std::span<const double>(problem.p),
            std::span<double>(fy));
  JacobianWorkspace ws(problem.f, 8, {.jac = DerivativeMethod::finite_difference});
  Matrix with(8, 8), without(8, 8);
  Stats a, b;
  ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, with, a, fy);
  ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, without, b);
  EXPECT_EQ(a.nf, 8);
  EXPECT_EQ(b.nf, 9);
  EXPECT_EQ(with, without);
}

TEST(DenseJacobian, NonGenericRightHandSidesFallBackToFiniteDifferences) {
  const std::vector<double> y{0.3, -1.2}, p{1.5};
  Stats stats;
  const Matrix fd =
      dense_jacobian(double_only_rhs, y, p, DerivativeMethod::finite_difference, stats);
  const Matrix dual = dense_jacobian(generic_rhs, y, p, DerivativeMethod::dual, stats);
  EXPECT_LT(relative_error(fd, dual), 1e-7);
  const double e = std::exp(0.3);
  EXPECT_DOUBLE_EQ(dual(0, 0), 1.5 * e * -1.2);
  EXPECT_DOUBLE_EQ(dual(0, 1), 1.5 * e);
  EXPECT_EQ(dual(1, 0), -1);
  EXPECT_EQ(dual(1, 1), 0);
}

TEST(DenseJacobian, FillsABlockOfALargerMatrix) {
  const auto problem = pr::hires();
  Matrix big = Matrix::Constant(10, 12, 7.0);
  Stats stats;
  JacobianWorkspace ws(problem.f, 8);
  ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, big.block(1, 2, 8, 8), stats);
  const Matrix J = dense_jacobian(problem.f, problem.y0, problem.p, DerivativeMethod::user, stats);
  EXPECT_EQ(Matrix(big.block(1, 2, 8, 8)), J);
  EXPECT_EQ(big(0, 0), 7.0);
  EXPECT_EQ(big(9, 11), 7.0);
}

TEST(DenseJacobian, WorksInSinglePrecision) {
  const auto problem = pr::hires<float>();
  Stats stats;
  Eigen::MatrixXf Jf(8, 8);
  for (const auto method : {DerivativeMethod::dual, DerivativeMethod::finite_difference}) {
    JacobianWorkspace<pr::Hires, float> ws(problem.f, 8, {.jac = method});
    ws.dense_jacobian(problem.f, 0.0f, problem.y0, problem.p, Jf, stats);
    const auto d = pr::hires();
    const Matrix J = dense_jacobian(d.f, d.y0, d.p, DerivativeMethod::user, stats);
    // float: about 7 digits exact, about 3 by forward differences.
    const double tol = method == DerivativeMethod::dual ? 1e-6 : 1e-2;
    EXPECT_LT(relative_error(Jf.cast<double>(), J), tol) << odekit::name(method);
  }
}

// ---- sparse Jacobians ---------------------------------------------------------------------

bool structurally_orthogonal(const SparsityPattern& pattern, const odekit::ColumnColouring& c) {
  // No row may hold two columns of one colour.
  std::vector<std::vector<std::size_t>> seen(pattern.size());
  for (const MatrixIndex& e : pattern.entries()) {
    for (const std::size_t other : seen[e.row]) {
      if (c.colour[other] == c.colour[e.col]) return false;
    }
    seen[e.row].push_back(e.col);
  }
  return true;
}

class Brusselator : public ::testing::TestWithParam<std::size_t> {};

TEST_P(Brusselator, ColouredDualJacobianEqualsTheDenseOne) {
  const std::size_t N = GetParam(), n = 2 * N * N;
  const auto problem = pr::brusselator_2d(N);
  const auto y = generic_point(problem.y0, 13);
  JacobianWorkspace ws(problem.f, n);
  ASSERT_TRUE(ws.has_pattern());
  EXPECT_EQ(ws.sparse_jac_method(), DerivativeMethod::dual);
  EXPECT_EQ(ws.pattern().nonzeros(), 12 * N * N);
  const std::size_t colours = ws.colouring().count;
  EXPECT_TRUE(structurally_orthogonal(ws.pattern(), ws.colouring()));
  // A row has 6 nonzeros, so 6 colours at least; greedy colouring stays close.
  EXPECT_GE(colours, 6u);
  EXPECT_LE(colours, 12u);
  RecordProperty("colours", static_cast<int>(colours));
  std::printf("Brusselator N = %zu: %zu states, %zu nonzeros, %zu colours\n", N, n,
              ws.pattern().nonzeros(), colours);

  Stats dense_stats, sparse_stats;
  Matrix dense(n, n);
  ws.dense_jacobian(problem.f, 0.0, y, problem.p, dense, dense_stats);
  EXPECT_EQ(dense_stats.nf, static_cast<long>((n + 7) / 8));
  auto sparse = ws.make_sparse_matrix();
  ws.sparse_jacobian(problem.f, 0.0, y, problem.p, sparse, sparse_stats);
  EXPECT_EQ(sparse_stats.nf, static_cast<long>((colours + 7) / 8));
  EXPECT_EQ(sparse_stats.njac, 1);
  expect_roundoff_equal(Matrix(sparse), dense);
}

TEST_P(Brusselator, ColouredFiniteDifferencesAreCloseToTheDualJacobian) {
  const std::size_t N = GetParam(), n = 2 * N * N;
  const auto problem = pr::brusselator_2d(N);
  const auto y = generic_point(problem.y0, 17);
  JacobianWorkspace dual(problem.f, n);
  JacobianWorkspace fd(problem.f, n, {.jac = DerivativeMethod::finite_difference});
  Stats stats, fd_stats;
  auto exact = dual.make_sparse_matrix();
  auto approx = fd.make_sparse_matrix();
  dual.sparse_jacobian(problem.f, 0.0, y, problem.p, exact, stats);
  fd.sparse_jacobian(problem.f, 0.0, y, problem.p, approx, fd_stats);
  EXPECT_EQ(fd_stats.nf, static_cast<long>(fd.colouring().count) + 1);
  EXPECT_LT(relative_error(Matrix(approx), Matrix(exact)), 1e-7);
}

TEST_P(Brusselator, DeclaredPatternPassesTheDebugCheck) {
  const auto problem = pr::brusselator_2d(GetParam());
  const auto report = odekit::check_sparsity(problem.f, 1.5, generic_point(problem.y0, 19),
                                             problem.p, problem.f.jac_sparsity());
  EXPECT_TRUE(report.ok()) << report.message();
}

INSTANTIATE_TEST_SUITE_P(Grids, Brusselator, ::testing::Values(8, 32), [](const auto& info) {
  std::string name = "N";
  return name += std::to_string(info.param);
});

TEST(SparsityCheck, FindsANonzeroMissingFromThePattern) {
  const std::size_t N = 8, M = N * N;
  const auto problem = pr::brusselator_2d(N);
  std::vector<MatrixIndex> entries = problem.f.jac_sparsity().entries();
  std::erase(entries, MatrixIndex{0, M});  // du(0,0)/dv(0,0) = 2 u v, not zero
  const SparsityPattern incomplete(2 * M, entries);
  const auto report =
      odekit::check_sparsity(problem.f, 0.0, generic_point(problem.y0, 23), problem.p, incomplete);
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.missing.size(), 1u);
  EXPECT_EQ(report.missing[0], (MatrixIndex{0, M}));
  EXPECT_MENTIONS(report.message(), "misses 1 nonzero(s): (0, 64)");
}

TEST(SparsityCheck, ReportsEntriesCorruptedByAMissingOne) {
  // f0 = y0 y1 with (0, 1) left out: columns 0 and 1 then share a colour, and the coloured
  // J(0, 0) receives J(0, 1) as well.
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) {
    dydt[0] = y[0] * y[1];
    dydt[1] = y[1];
    dydt[2] = y[2];
  };
  const SparsityPattern pattern(3, {{0, 0}, {1, 1}, {2, 2}});
  const std::vector<double> y{2.0, 3.0, 5.0}, p;
  const auto report = odekit::check_sparsity(f, 0.0, y, p, pattern);
  EXPECT_EQ(report.missing, (std::vector<MatrixIndex>{{0, 1}}));
  EXPECT_EQ(report.corrupted, (std::vector<MatrixIndex>{{0, 0}}));
  EXPECT_MENTIONS(report.message(), "coloured entries corrupted by them: (0, 0)");
}

/// HIRES's nonzeros, as its analytic jac writes them.
SparsityPattern hires_pattern() {
  return {8, {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {2, 2}, {2, 3}, {2, 4}, {3, 1},
              {3, 2}, {3, 3}, {4, 4}, {4, 5}, {4, 6}, {5, 3}, {5, 4}, {5, 5}, {5, 6},
              {5, 7}, {6, 5}, {6, 6}, {6, 7}, {7, 5}, {7, 6}, {7, 7}}};
}

TEST(SparseJacobian, UserJacFillsTheSparseViewLikeTheDenseOne) {
  const auto problem = pr::hires();
  const auto y = random_vector(8, 0.001, 1.0, 29);
  JacobianWorkspace ws(problem.f, 8, hires_pattern());
  EXPECT_EQ(ws.sparse_jac_method(), DerivativeMethod::user);
  auto J = ws.make_sparse_matrix();
  J.coeffs().setConstant(99);  // stale values must be cleared
  Stats stats;
  ws.sparse_jacobian(problem.f, 0.0, y, problem.p, J, stats);
  EXPECT_EQ(stats.nf, 0);
  EXPECT_EQ(Matrix(J), dense_jacobian(problem.f, y, problem.p, DerivativeMethod::user, stats));
}

TEST(SparseJacobian, UserJacWritingOutsideThePatternThrowsNamingTheEntry) {
  const auto problem = pr::hires();
  std::vector<MatrixIndex> entries = hires_pattern().entries();
  std::erase(entries, MatrixIndex{5, 7});
  JacobianWorkspace ws(problem.f, 8, SparsityPattern(8, entries));
  auto J = ws.make_sparse_matrix();
  Stats stats;
  EXPECT_MENTIONS(
      error_of([&] { ws.sparse_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats); }),
      "jac wrote J(5, 7), which is not in the declared sparsity pattern");
}

TEST(SparseJacobian, RejectsAMatrixWithAnotherStructure) {
  const auto problem = pr::hires();
  JacobianWorkspace ws(problem.f, 8, hires_pattern());
  Eigen::SparseMatrix<double> J(8, 8);
  Stats stats;
  EXPECT_MENTIONS(
      error_of([&] { ws.sparse_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats); }),
      "make it with make_sparse_matrix()");
  JacobianWorkspace no_pattern(problem.f, 8);
  EXPECT_THROW(no_pattern.sparse_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats),
               std::logic_error);
}

// ---- Jacobian-vector products -------------------------------------------------------------

TEST(Jvp, DualNumbersEqualJTimesV) {
  const auto problem = pr::pollu();
  const auto y = random_vector(20, 0.01, 0.5, 31);
  const auto v = random_vector(20, -1.0, 1.0, 37);
  Stats stats;
  const Matrix J = dense_jacobian(problem.f, y, problem.p, DerivativeMethod::user, stats);
  JacobianWorkspace ws(problem.f, 20);
  ASSERT_EQ(ws.jvp_method(), DerivativeMethod::dual);
  std::vector<double> Jv(20);
  Stats jvp_stats;
  ws.jvp(problem.f, 0.0, y, problem.p, v, Jv, jvp_stats);
  EXPECT_EQ(jvp_stats.nf, 1);
  EXPECT_EQ(jvp_stats.njvp, 1);
  const Vector expected = J * Eigen::Map<const Vector>(v.data(), 20);
  const Vector scale = J.cwiseAbs() * Eigen::Map<const Vector>(v.data(), 20).cwiseAbs();
  for (int i = 0; i < 20; ++i) {
    EXPECT_NEAR(Jv[i], expected(i), 16 * std::numeric_limits<double>::epsilon() * scale(i)) << i;
  }
}

TEST(Jvp, FiniteDifferencesAreCloseToJTimesV) {
  const std::size_t N = 8, n = 2 * N * N;
  const auto problem = pr::brusselator_2d(N);
  const auto y = generic_point(problem.y0, 41);
  const auto v = random_vector(n, -1.0, 1.0, 43);
  JacobianWorkspace exact(problem.f, n);
  JacobianWorkspace fd(problem.f, n, {.jvp = DerivativeMethod::finite_difference});
  Stats stats, fd_stats;
  auto J = exact.make_sparse_matrix();
  exact.sparse_jacobian(problem.f, 0.0, y, problem.p, J, stats);
  std::vector<double> Jv(n);
  fd.jvp(problem.f, 0.0, y, problem.p, v, Jv, fd_stats);
  EXPECT_EQ(fd_stats.nf, 2);
  const Vector expected = J * Eigen::Map<const Vector>(v.data(), static_cast<Eigen::Index>(n));
  const Vector got = Eigen::Map<const Vector>(Jv.data(), static_cast<Eigen::Index>(n));
  EXPECT_LT((got - expected).cwiseAbs().maxCoeff() / expected.cwiseAbs().maxCoeff(), 1e-6);

  // A zero direction needs no evaluation.
  const std::vector<double> zero(n, 0.0);
  fd.jvp(problem.f, 0.0, y, problem.p, zero, Jv, fd_stats);
  EXPECT_EQ(fd_stats.nf, 2);
  EXPECT_EQ(fd_stats.njvp, 2);
  for (const double x : Jv) EXPECT_EQ(x, 0);
}

TEST(Jvp, UserJvpIsCalledAndCounted) {
  const LinearWithMembers f;
  JacobianWorkspace ws(f, 3);
  const std::vector<double> y{1, 2, 3}, p, v{1, -1, 2};
  std::vector<double> Jv(3);
  Stats stats;
  ws.jvp(f, 0.0, y, p, v, Jv, stats);
  EXPECT_EQ(Jv, (std::vector<double>{3, -3, -1}));
  EXPECT_EQ(stats.njvp, 1);
  EXPECT_EQ(stats.nf, 0);
  // The dual-number JVP of the same f agrees.
  JacobianWorkspace dual(f, 3, {.jvp = DerivativeMethod::dual});
  std::vector<double> Jv_dual(3);
  dual.jvp(f, 0.0, y, p, v, Jv_dual, stats);
  EXPECT_EQ(Jv_dual, Jv);
}

// ---- df/dt --------------------------------------------------------------------------------

// y1' = sin(t) y1 + t^2 y2, y2' = -y1: df/dt = (cos(t) y1 + 2 t y2, 0).
auto time_dependent = [](auto t, const auto& y, const auto&, auto&& dydt) {
  using std::sin;
  dydt[0] = sin(t) * y[0] + t * t * y[1];
  dydt[1] = -y[0];
};
auto time_dependent_double_t = [](double t, const auto& y, const auto& p, auto&& dydt) {
  time_dependent(t, y, p, dydt);
};

TEST(TimeDerivative, DualTimeIsExactAndDifferencesAreClose) {
  static_assert(odekit::RhsAcceptsDualTime<decltype(time_dependent), double>);
  static_assert(!odekit::RhsAcceptsDualTime<decltype(time_dependent_double_t), double>);
  const double t = 0.7;
  const std::vector<double> y{1.5, -2.0}, p;
  const std::vector<double> exact{std::cos(t) * y[0] + 2 * t * y[1], 0.0};
  std::vector<double> ft(2), fy(2);
  Stats stats;
  JacobianWorkspace dual(time_dependent, 2);
  EXPECT_EQ(dual.time_method(), DerivativeMethod::dual);
  dual.time_derivative(time_dependent, t, y, p, ft, stats);
  EXPECT_EQ(stats.nf, 1);
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(ft[i], exact[i], 1e-15);

  // A t declared double falls back to a forward difference, reusing a given f(t, y).
  JacobianWorkspace fd(time_dependent_double_t, 2);
  EXPECT_EQ(fd.time_method(), DerivativeMethod::finite_difference);
  time_dependent(t, std::span<const double>(y), std::span<const double>(p), std::span(fy));
  Stats fd_stats;
  fd.time_derivative(time_dependent_double_t, t, y, p, ft, fd_stats, fy, 1e-3);
  EXPECT_EQ(fd_stats.nf, 1);
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(ft[i], exact[i], 1e-7);
  EXPECT_MENTIONS(error_of([] {
                    JacobianWorkspace(time_dependent_double_t, 2, {.time = DerivativeMethod::dual});
                  }),
                  "options.time is dual");
}

// ---- wrong input --------------------------------------------------------------------------

TEST(JacobianBadInput, SizesAndOptionsAreCheckedNamingTheArgument) {
  const auto problem = pr::hires();
  JacobianWorkspace ws(problem.f, 8);
  Stats stats;
  Matrix J(8, 8), small(7, 8);
  const std::vector<double> short_y(7, 1.0), fy(3, 0.0);
  std::vector<double> Jv(8);
  EXPECT_MENTIONS(
      error_of([&] { ws.dense_jacobian(problem.f, 0.0, short_y, problem.p, J, stats); }),
      "y has 7 entries: expected the state size 8");
  EXPECT_MENTIONS(
      error_of([&] { ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, small, stats); }),
      "J is 7 x 8: expected 8 x 8");
  EXPECT_MENTIONS(
      error_of([&] { ws.dense_jacobian(problem.f, 0.0, problem.y0, problem.p, J, stats, fy); }),
      "fy has 3 entries");
  EXPECT_MENTIONS(
      error_of([&] { ws.jvp(problem.f, 0.0, problem.y0, problem.p, short_y, Jv, stats); }),
      "v has 7 entries");
  EXPECT_MENTIONS(error_of([&] { JacobianWorkspace(problem.f, 0); }), "n is 0");
  EXPECT_MENTIONS(error_of([&] { JacobianWorkspace(problem.f, 8, {.typical_y = 0}); }),
                  "options.typical_y = 0");
  EXPECT_MENTIONS(error_of([&] { JacobianWorkspace(problem.f, 7, hires_pattern()); }),
                  "pattern is 8 x 8 but the state has 7 components");
  EXPECT_EQ(stats.njac, 0);
}

TEST(JacobianBadInput, PatternEntriesOutsideTheMatrixAreNamed) {
  EXPECT_MENTIONS(error_of([] {
                    SparsityPattern(3, {{0, 0}, {3, 1}});
                  }),
                  "entries: (3, 1) lies outside the 3 x 3 matrix");
}

TEST(SparsityPatternTest, SortsAndMergesEntriesIntoCompressedColumns) {
  const SparsityPattern p(3, {{2, 0}, {0, 0}, {1, 2}, {2, 0}, {0, 2}});
  EXPECT_EQ(p.size(), 3u);
  EXPECT_EQ(p.nonzeros(), 4u);
  EXPECT_EQ(std::vector<std::size_t>(p.col_starts().begin(), p.col_starts().end()),
            (std::vector<std::size_t>{0, 2, 2, 4}));
  EXPECT_EQ(std::vector<std::size_t>(p.row_indices().begin(), p.row_indices().end()),
            (std::vector<std::size_t>{0, 2, 0, 1}));
  EXPECT_TRUE(p.contains(2, 0));
  EXPECT_FALSE(p.contains(1, 0));
  EXPECT_FALSE(p.contains(5, 5));
  EXPECT_EQ(p.find(1, 2), 3u);
  EXPECT_EQ(p.find(1, 1), p.nonzeros());
}

TEST(Colouring, TridiagonalNeedsThreeColours) {
  std::vector<MatrixIndex> entries;
  for (std::size_t i = 0; i < 10; ++i) {
    for (std::size_t j = (i == 0 ? 0 : i - 1); j <= std::min<std::size_t>(i + 1, 9); ++j) {
      entries.push_back({i, j});
    }
  }
  const SparsityPattern pattern(10, entries);
  const auto c = odekit::colour_columns(pattern);
  EXPECT_EQ(c.count, 3u);
  for (std::size_t j = 0; j < 10; ++j) EXPECT_EQ(c.colour[j], j % 3);
  EXPECT_TRUE(structurally_orthogonal(pattern, c));
  EXPECT_EQ(c.group_starts, (std::vector<std::size_t>{0, 4, 7, 10}));
  EXPECT_EQ(c.columns, (std::vector<std::size_t>{0, 3, 6, 9, 1, 4, 7, 2, 5, 8}));
}

TEST(Colouring, DiagonalNeedsOneAndDenseNeedsN) {
  const auto diagonal =
      odekit::colour_columns(SparsityPattern(4, {{0, 0}, {1, 1}, {2, 2}, {3, 3}}));
  EXPECT_EQ(diagonal.count, 1u);
  std::vector<MatrixIndex> all;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) all.push_back({i, j});
  EXPECT_EQ(odekit::colour_columns(SparsityPattern(4, all)).count, 4u);
}

}  // namespace
