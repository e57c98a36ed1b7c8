#include "odekit/linear_solvers/sparse_lu.hpp"

#include <klu.h>

#include <cmath>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>

namespace odekit {

struct SparseLU::Klu {
  klu_common common{};
  klu_symbolic* symbolic = nullptr;
  klu_numeric* numeric = nullptr;

  Klu() { klu_defaults(&common); }
  ~Klu() {
    free_numeric();
    if (symbolic) klu_free_symbolic(&symbolic, &common);
  }
  Klu(const Klu&) = delete;
  Klu& operator=(const Klu&) = delete;

  void free_numeric() {
    if (numeric) klu_free_numeric(&numeric, &common);
  }
  /// KLU's errors other than a singular matrix are misuse or exhaustion, not numerics.
  void throw_on_error(const char* call) const {
    if (common.status == KLU_OUT_OF_MEMORY) throw std::bad_alloc();
    if (common.status < 0) {
      throw std::invalid_argument(std::string("SparseLU: KLU's ") + call +
                                  " rejected the matrix (status " + std::to_string(common.status) +
                                  "): row indices out of range or duplicated, or too large");
    }
  }
};

SparseLU::SparseLU() : LinearSolver("SparseLU(KLU)"), m_klu(std::make_unique<Klu>()) {}
SparseLU::~SparseLU() = default;

Status SparseLU::do_setup(const LinearOperator& A) {
  const Eigen::SparseMatrix<double>& M = *A.sparse_matrix();
  if (!M.isCompressed()) {
    throw std::invalid_argument(
        "SparseLU::setup: A's sparse matrix is not compressed; call makeCompressed() on it");
  }
  const Eigen::Map<const Eigen::VectorXd> values(M.valuePtr(), M.nonZeros());
  if (!values.allFinite()) return Status::linear_solve_failed_recoverable;

  // KLU takes non-const pointers but does not write through them.
  int* Ap = const_cast<int*>(M.outerIndexPtr());
  int* Ai = const_cast<int*>(M.innerIndexPtr());
  double* Ax = const_cast<double*>(M.valuePtr());
  Klu& klu = *m_klu;

  bool reuse_pivots = false;
  if (!m_pattern.matches(M)) {
    klu.free_numeric();
    if (klu.symbolic) klu_free_symbolic(&klu.symbolic, &klu.common);
    m_pattern = {};  // until the analysis below succeeds
    klu.symbolic = klu_analyze(static_cast<int>(M.cols()), Ap, Ai, &klu.common);
    if (!klu.symbolic) klu.throw_on_error("klu_analyze");
    m_pattern.assign(M);
    ++m_analyses;
  } else if (klu.numeric) {
    // Same pattern: refactor with the previous pivot order, no allocation. Stale pivots show
    // as a small pivot ratio; below eps^(2/3) we pivot afresh rather than lose digits.
    const double stale_ratio = std::pow(std::numeric_limits<double>::epsilon(), 2.0 / 3.0);
    reuse_pivots = klu_refactor(Ap, Ai, Ax, klu.symbolic, klu.numeric, &klu.common) &&
                   klu_rcond(klu.symbolic, klu.numeric, &klu.common) &&
                   klu.common.rcond >= stale_ratio;
  }
  ++m_stats.nfactor;
  if (!reuse_pivots) {
    klu.free_numeric();
    klu.numeric = klu_factor(Ap, Ai, Ax, klu.symbolic, &klu.common);
    if (!klu.numeric) {
      if (klu.common.status == KLU_SINGULAR) return Status::linear_solve_failed_recoverable;
      klu.throw_on_error("klu_factor");
    }
    ++m_pivoting;
    klu_rcond(klu.symbolic, klu.numeric, &klu.common);
    const double n = static_cast<double>(M.cols());
    if (!(klu.common.rcond > n * std::numeric_limits<double>::epsilon())) {
      return Status::linear_solve_failed_recoverable;
    }
  }
  return Status::success;
}

Status SparseLU::do_solve(std::span<const double> b, std::span<double> x, double) {
  detail::as_eigen(x) = detail::as_eigen(b);
  Klu& klu = *m_klu;
  const int n = static_cast<int>(x.size());
  if (!klu_solve(klu.symbolic, klu.numeric, n, 1, x.data(), &klu.common)) {
    return Status::linear_solve_failed_recoverable;
  }
  return Status::success;
}

}  // namespace odekit
