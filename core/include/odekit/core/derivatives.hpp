#pragma once
// Optional derivative members of a right-hand side functor f, detected by concepts. Each is
// called on a const f, with y, p, v, w as std::span<const T> and outputs as std::span<T>:
//
//   f.jac(t, y, p, J)             J(i, j) = df_i/dy_j; J arrives zeroed (see jacobian_view.hpp)
//   f.jvp(t, y, p, v, Jv)         Jv = (df/dy) v
//   f.vjp(t, y, p, w, wJy, wJp)   wJy = w^T df/dy (n entries), wJp = w^T df/dp (size of p)
//   f.jac_sparsity()              the SparsityPattern of df/dy (see sparsity.hpp)
//
// What is missing is derived: Jacobians and JVPs by dual numbers when f can be called with
// Dual states (RhsAcceptsDual), else by finite differences. The concepts check signatures
// only: a generic f whose body does not compile for Dual (say, it calls std::exp) is a
// compile error at the call, not a silent fallback. Declare y and dydt as spans of double
// to opt out of dual numbers.

#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "odekit/core/dual.hpp"
#include "odekit/core/jacobian_view.hpp"
#include "odekit/core/sparsity.hpp"

namespace odekit {

/// How a derivative is obtained. automatic picks the first available of user, dual,
/// finite_difference; naming one forces it (an unavailable one is std::invalid_argument).
enum class DerivativeMethod { automatic, user, dual, finite_difference };

constexpr std::string_view name(DerivativeMethod m) noexcept {
  switch (m) {
    case DerivativeMethod::automatic:
      return "automatic";
    case DerivativeMethod::user:
      return "user";
    case DerivativeMethod::dual:
      return "dual";
    case DerivativeMethod::finite_difference:
      return "finite_difference";
  }
  return "unknown";
}

/// f(t, y, p, dydt) with y and dydt spans of S (double, a Dual, ...) and p a span of T.
template <class F, class T, class S>
concept RhsCallableWith = requires(const F& f, T t, std::span<const S> y, std::span<const T> p,
                                   std::span<S> dydt) {
  f(t, y, p, dydt);
};

template <class F, class T, int N = 1>
concept RhsAcceptsDual = RhsCallableWith<F, T, Dual<T, N>>;

/// f accepts a dual time as well (t, y and dydt all Dual<T, 1>, p plain): df/dt exactly in
/// one sweep, for Rosenbrock methods on non-autonomous problems.
template <class F, class T>
concept RhsAcceptsDualTime = requires(const F& f, Dual<T, 1> t, std::span<const Dual<T, 1>> y,
                                      std::span<const T> p, std::span<Dual<T, 1>> dydt) {
  f(t, y, p, dydt);
};

template <class F, class T = double>
concept HasJac = requires(const F& f, T t, std::span<const T> y, std::span<const T> p,
                          DenseJacobianView<T>& J) {
  f.jac(t, y, p, J);
};

/// A jac member that can also fill a sparse view (needed for sparse Jacobians).
template <class F, class T = double>
concept HasSparseJac = requires(const F& f, T t, std::span<const T> y, std::span<const T> p,
                                SparseJacobianView<T>& J) {
  f.jac(t, y, p, J);
};

template <class F, class T = double>
concept HasJvp = requires(const F& f, T t, std::span<const T> y, std::span<const T> p,
                          std::span<const T> v, std::span<T> Jv) {
  f.jvp(t, y, p, v, Jv);
};

template <class F, class T = double>
concept HasVjp = requires(const F& f, T t, std::span<const T> y, std::span<const T> p,
                          std::span<const T> w, std::span<T> wJy, std::span<T> wJp) {
  f.vjp(t, y, p, w, wJy, wJp);
};

template <class F>
concept HasJacSparsity = requires(const F& f) {
  { f.jac_sparsity() } -> std::convertible_to<SparsityPattern>;
};

/// f declares df/dy block lower-triangular: jac_block_sizes() lists the sizes of its diagonal
/// blocks, top to bottom (they sum to n; entries above the blocks are zero). With a declared
/// sparsity, implicit methods then solve with BlockTriangularLU (docs/jacobians.md).
template <class F>
concept HasJacBlockSizes = requires(const F& f) {
  { f.jac_block_sizes() } -> std::convertible_to<std::vector<std::size_t>>;
};

}  // namespace odekit
