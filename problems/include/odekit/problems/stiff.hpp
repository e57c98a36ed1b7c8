#pragma once
// Stiff benchmark problems of the Bari test set (Mazzia & Magherini, "Test Set for IVP
// Solvers", release 2.4; reference digits as in the R package deTestSet) and of
// SciMLBenchmarks' StiffODE set, with their published reference solutions. Right-hand
// sides are generic, so they run with double, float and dual numbers; rate constants sit
// in the flat parameter vector p so that adjoints can differentiate them. POLLU and HIRES
// carry an analytic jac, the Brusselator its jac_sparsity.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "odekit/core/problem.hpp"
#include "odekit/core/sparsity.hpp"

namespace odekit::problems {

/// ROBER, Robertson's chemical kinetics (Bari test set, ROBER):
/// y1' = -k1 y1 + k3 y2 y3, y2' = k1 y1 - k3 y2 y3 - k2 y2^2, y3' = k2 y2^2, with
/// p = (k1, k2, k3) = (0.04, 3e7, 1e4). The sum y1 + y2 + y3 is conserved.
struct Rober {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    const auto slow = p[0] * y[0];
    const auto fast = p[1] * y[1] * y[1];
    const auto mid = p[2] * y[1] * y[2];
    dydt[0] = -slow + mid;
    dydt[1] = slow - mid - fast;
    dydt[2] = fast;
  }
};

template <class T = double>
OdeProblem<Rober, T> rober() {
  return {Rober{}, {1, 0, 0}, {0, T(1e11)}, {T(0.04), T(3e7), T(1e4)}};
}

/// Bari test set reference at t = 1e11.
inline const std::array<double, 3> rober_reference{0.2083340149701255e-7, 0.8333360770334713e-13,
                                                   0.9999999791665050};

/// HIRES, "High Irradiance RESponse" of photomorphogenesis (Schaefer, J. Math. Biology 2
/// (1975) 41-56; Bari test set, HIRES), 8 states, t in [0, 321.8122]. p holds the twelve distinct
/// coefficients in order of first appearance: (1.71, 0.43, 8.32, 0.0007, 8.75, 10.03,
/// 0.035, 1.12, 1.745, 280, 0.69, 1.81).
struct Hires {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    const auto r = p[9] * y[5] * y[7];
    dydt[0] = -p[0] * y[0] + p[1] * y[1] + p[2] * y[2] + p[3];
    dydt[1] = p[0] * y[0] - p[4] * y[1];
    dydt[2] = -p[5] * y[2] + p[1] * y[3] + p[6] * y[4];
    dydt[3] = p[2] * y[1] + p[0] * y[2] - p[7] * y[3];
    dydt[4] = -p[8] * y[4] + p[1] * y[5] + p[1] * y[6];
    dydt[5] = -r + p[10] * y[3] + p[0] * y[4] - p[1] * y[5] + p[10] * y[6];
    dydt[6] = r - p[11] * y[6];
    dydt[7] = -r + p[11] * y[6];
  }

  /// The analytic Jacobian df/dy.
  template <class T, class Y, class P, class View>
  void jac(T, const Y& y, const P& p, View&& J) const {
    J(0, 0) = -p[0];
    J(0, 1) = p[1];
    J(0, 2) = p[2];
    J(1, 0) = p[0];
    J(1, 1) = -p[4];
    J(2, 2) = -p[5];
    J(2, 3) = p[1];
    J(2, 4) = p[6];
    J(3, 1) = p[2];
    J(3, 2) = p[0];
    J(3, 3) = -p[7];
    J(4, 4) = -p[8];
    J(4, 5) = p[1];
    J(4, 6) = p[1];
    J(5, 3) = p[10];
    J(5, 4) = p[0];
    J(5, 5) = -p[9] * y[7] - p[1];
    J(5, 6) = p[10];
    J(5, 7) = -p[9] * y[5];
    J(6, 5) = p[9] * y[7];
    J(6, 6) = -p[11];
    J(6, 7) = p[9] * y[5];
    J(7, 5) = -p[9] * y[7];
    J(7, 6) = p[11];
    J(7, 7) = -p[9] * y[5];
  }
};

template <class T = double>
OdeProblem<Hires, T> hires() {
  return {Hires{},
          {1, 0, 0, 0, 0, 0, 0, T(0.0057)},
          {0, T(321.8122)},
          {T(1.71), T(0.43), T(8.32), T(0.0007), T(8.75), T(10.03), T(0.035), T(1.12), T(1.745),
           T(280), T(0.69), T(1.81)}};
}

/// Bari test set reference at t = 321.8122.
inline const std::array<double, 8> hires_reference{
    0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
    0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2};

/// Van der Pol in the scaled form of the Bari test set (VDPOL):
/// y1' = y2, y2' = ((1 - y1^2) y2 - y1) / eps, p = (eps) = (1e-6), y0 = (2, 0), t in [0, 2].
struct VanDerPol {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    dydt[0] = y[1];
    dydt[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) / p[0];
  }
};

template <class T = double>
OdeProblem<VanDerPol, T> van_der_pol() {
  return {VanDerPol{}, {2, 0}, {0, 2}, {T(1e-6)}};
}

/// Bari test set reference at t = 2.
inline const std::array<double, 2> van_der_pol_reference{0.1706167732170483e1, -0.8928097010247975};

/// POLLU, the air pollution model of Verwer (SIAM J. Sci. Comput. 15 (1994) 1243-1250; Bari
/// test set, POLLU): 20 species, 25 reactions, t in [0, 60]. p = (k1, ..., k25).
/// The right-hand side is written species by species; the analytic jac reaction by
/// reaction, so the two are independent statements of the same model.
struct Pollu {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& k, D&& dydt) const {
    const auto r1 = k[0] * y[0];
    const auto r2 = k[1] * y[1] * y[3];
    const auto r3 = k[2] * y[4] * y[1];
    const auto r4 = k[3] * y[6];
    const auto r5 = k[4] * y[6];
    const auto r6 = k[5] * y[6] * y[5];
    const auto r7 = k[6] * y[8];
    const auto r8 = k[7] * y[8] * y[5];
    const auto r9 = k[8] * y[10] * y[1];
    const auto r10 = k[9] * y[10] * y[0];
    const auto r11 = k[10] * y[12];
    const auto r12 = k[11] * y[9] * y[1];
    const auto r13 = k[12] * y[13];
    const auto r14 = k[13] * y[0] * y[5];
    const auto r15 = k[14] * y[2];
    const auto r16 = k[15] * y[3];
    const auto r17 = k[16] * y[3];
    const auto r18 = k[17] * y[15];
    const auto r19 = k[18] * y[15];
    const auto r20 = k[19] * y[16] * y[5];
    const auto r21 = k[20] * y[18];
    const auto r22 = k[21] * y[18];
    const auto r23 = k[22] * y[0] * y[3];
    const auto r24 = k[23] * y[18] * y[0];
    const auto r25 = k[24] * y[19];
    dydt[0] = -r1 - r10 - r14 - r23 - r24 + r2 + r3 + r9 + r11 + r12 + r22 + r25;
    dydt[1] = -r2 - r3 - r9 - r12 + r1 + r21;
    dydt[2] = -r15 + r1 + r17 + r19 + r22;
    dydt[3] = -r2 - r16 - r17 - r23 + r15;
    dydt[4] = -r3 + 2 * r4 + r6 + r7 + r13 + r20;
    dydt[5] = -r6 - r8 - r14 - r20 + r3 + 2 * r18;
    dydt[6] = -r4 - r5 - r6 + r13;
    dydt[7] = r4 + r5 + r6 + r7;
    dydt[8] = -r7 - r8;
    dydt[9] = -r12 + r7 + r9;
    dydt[10] = -r9 - r10 + r8 + r11;
    dydt[11] = r9;
    dydt[12] = -r11 + r10;
    dydt[13] = -r13 + r12;
    dydt[14] = r14;
    dydt[15] = -r18 - r19 + r16;
    dydt[16] = -r20;
    dydt[17] = r20;
    dydt[18] = -r21 - r22 - r24 + r23 + r25;
    dydt[19] = -r25 + r24;
  }

  /// Reaction j has rate k_j y_a (first order, b = -1) or k_j y_a y_b, and changes species s
  /// by c: dr/dy_a = k_j y_b (or k_j), dr/dy_b = k_j y_a, and J(s, .) += c dr/dy.
  struct Reaction {
    int a, b;
    std::array<std::array<int, 2>, 5> change;  // (species, coefficient); coefficient 0 ends
  };
  static constexpr std::array<Reaction, 25> reactions{{
      {0, -1, {{{0, -1}, {1, 1}, {2, 1}}}},                     // r1
      {1, 3, {{{0, 1}, {1, -1}, {3, -1}}}},                     // r2
      {4, 1, {{{0, 1}, {1, -1}, {4, -1}, {5, 1}}}},             // r3
      {6, -1, {{{4, 2}, {6, -1}, {7, 1}}}},                     // r4
      {6, -1, {{{6, -1}, {7, 1}}}},                             // r5
      {6, 5, {{{4, 1}, {5, -1}, {6, -1}, {7, 1}}}},             // r6
      {8, -1, {{{4, 1}, {7, 1}, {8, -1}, {9, 1}}}},             // r7
      {8, 5, {{{5, -1}, {8, -1}, {10, 1}}}},                    // r8
      {10, 1, {{{0, 1}, {1, -1}, {9, 1}, {10, -1}, {11, 1}}}},  // r9
      {10, 0, {{{0, -1}, {10, -1}, {12, 1}}}},                  // r10
      {12, -1, {{{0, 1}, {10, 1}, {12, -1}}}},                  // r11
      {9, 1, {{{0, 1}, {1, -1}, {9, -1}, {13, 1}}}},            // r12
      {13, -1, {{{4, 1}, {6, 1}, {13, -1}}}},                   // r13
      {0, 5, {{{0, -1}, {5, -1}, {14, 1}}}},                    // r14
      {2, -1, {{{2, -1}, {3, 1}}}},                             // r15
      {3, -1, {{{3, -1}, {15, 1}}}},                            // r16
      {3, -1, {{{2, 1}, {3, -1}}}},                             // r17
      {15, -1, {{{5, 2}, {15, -1}}}},                           // r18
      {15, -1, {{{2, 1}, {15, -1}}}},                           // r19
      {16, 5, {{{4, 1}, {5, -1}, {16, -1}, {17, 1}}}},          // r20
      {18, -1, {{{1, 1}, {18, -1}}}},                           // r21
      {18, -1, {{{0, 1}, {2, 1}, {18, -1}}}},                   // r22
      {0, 3, {{{0, -1}, {3, -1}, {18, 1}}}},                    // r23
      {18, 0, {{{0, -1}, {18, -1}, {19, 1}}}},                  // r24
      {19, -1, {{{0, 1}, {18, 1}, {19, -1}}}},                  // r25
  }};

  /// The analytic Jacobian df/dy.
  template <class T, class Y, class P, class View>
  void jac(T, const Y& y, const P& k, View&& J) const {
    for (std::size_t j = 0; j < reactions.size(); ++j) {
      const Reaction& r = reactions[j];
      const auto a = static_cast<std::size_t>(r.a), b = static_cast<std::size_t>(r.b);
      const auto d_a = r.b < 0 ? k[j] : k[j] * y[b];  // dr/dy_a
      for (const auto& [species, c] : r.change) {
        if (c == 0) break;
        const auto s = static_cast<std::size_t>(species);
        J(s, a) += c * d_a;
        if (r.b >= 0) J(s, b) += c * k[j] * y[a];
      }
    }
  }
};

template <class T = double>
OdeProblem<Pollu, T> pollu() {
  std::vector<T> y0(20, T(0));
  y0[1] = T(0.2);
  y0[3] = T(0.04);
  y0[6] = T(0.1);
  y0[7] = T(0.3);
  y0[8] = T(0.01);
  y0[16] = T(0.007);
  return {
      Pollu{}, std::move(y0), {0, 60}, {T(0.35),   T(26.6),    T(1.23e4),  T(8.6e-4),  T(8.2e-4),
                                        T(1.5e4),  T(1.3e-4),  T(2.4e4),   T(1.65e4),  T(9.0e3),
                                        T(2.2e-2), T(1.2e4),   T(1.88),    T(1.63e4),  T(4.8e6),
                                        T(3.5e-4), T(1.75e-2), T(1.0e8),   T(4.44e11), T(1.24e3),
                                        T(2.1),    T(5.78),    T(4.74e-2), T(1.78e3),  T(3.12)}};
}

/// Bari test set reference at t = 60.
inline const std::array<double, 20> pollu_reference{
    0.5646255480022769e-01, 0.1342484130422339e+00, 0.4139734331099427e-08, 0.5523140207484359e-02,
    0.2018977262302196e-06, 0.1464541863493966e-06, 0.7784249118997964e-01, 0.3245075353396018e+00,
    0.7494013383880406e-02, 0.1622293157301561e-07, 0.1135863833257075e-07, 0.2230505975721359e-02,
    0.2087162882798630e-03, 0.1396921016840158e-04, 0.8964884856898295e-02, 0.4352846369330103e-17,
    0.6899219696263405e-02, 0.1007803037365946e-03, 0.1772146513969984e-05, 0.5682943292316392e-04};

/// The 2D Brusselator of SciMLBenchmarks (StiffODE "Bruss"): on an N x N periodic grid of
/// the unit square, x_i = i / (N - 1),
///   u_t = alpha lap(u) + B + u^2 v - (A + 1) u + f(x, y, t),   v_t = alpha lap(v) + A u - u^2 v,
/// with the 5-point Laplacian (spacing 1 / (N - 1)), f = 5 inside the disc of radius 0.1
/// around (0.3, 0.6) from t = 1.1 on, p = (A, B, alpha) = (3.4, 1, 10). State layout as in
/// SciMLBenchmarks' N x N x 2 array: u(i, j) at i + N j, v(i, j) at N^2 + i + N j.
///
/// With rate_per_cell, A varies over the grid: p = (A_0, ..., A_{N^2 - 1}, B, alpha), A_c the
/// rate of cell c, so that adjoints have N^2 + 2 parameters to differentiate. Besides its
/// jac_sparsity, the model declares the sparsity of df/dp (param_sparsity) and a hand-written
/// vjp, the derivative members adjoints use.
struct Brusselator2D {
  std::size_t N;
  bool rate_per_cell = false;

  template <class T, class Y, class P, class D>
  void operator()(T t, const Y& y, const P& p, D&& dydt) const {
    const std::size_t M = N * N;
    const double dx = 1.0 / static_cast<double>(N - 1);
    const auto B = p[b_index()];
    const auto alpha = p[b_index() + 1] / (dx * dx);
    for (std::size_t j = 0; j < N; ++j) {
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t c = i + N * j;
        const auto A = p[rate_per_cell ? c : 0];
        const auto& u = y[c];
        const auto& v = y[M + c];
        const auto uuv = u * u * v;
        dydt[c] = alpha * laplacian(y, i, j, 0) + B + uuv - (A + 1) * u +
                  forcing(static_cast<double>(i) * dx, static_cast<double>(j) * dx, t);
        dydt[M + c] = alpha * laplacian(y, i, j, M) + A * u - uuv;
      }
    }
  }

  /// Each u(i, j) and v(i, j) depends on itself, its four neighbours and its partner.
  SparsityPattern jac_sparsity() const {
    const std::size_t M = N * N;
    std::vector<MatrixIndex> entries;
    entries.reserve(12 * M);
    for (std::size_t j = 0; j < N; ++j) {
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t c = i + N * j;
        const std::size_t stencil[] = {c, prev(i) + N * j, next(i) + N * j, i + N * prev(j),
                                       i + N * next(j)};
        for (const std::size_t k : stencil) {
          entries.push_back({c, k});
          entries.push_back({M + c, M + k});
        }
        entries.push_back({c, M + c});
        entries.push_back({M + c, c});
      }
    }
    return {2 * M, entries};
  }

  /// The nonzeros (state row, parameter) of df/dp: A_c moves u and v of its cell (every cell
  /// for a global A), B every u, alpha every state.
  std::vector<MatrixIndex> param_sparsity() const {
    const std::size_t M = N * N, b = b_index();
    std::vector<MatrixIndex> entries;
    for (std::size_t c = 0; c < M; ++c) {
      const std::size_t a = rate_per_cell ? c : 0;
      entries.insert(entries.end(), {{c, a}, {M + c, a}, {c, b}, {c, b + 1}, {M + c, b + 1}});
    }
    return entries;
  }

  /// wJy = w^T df/dy, wJp = w^T df/dp. The periodic Laplacian is symmetric, so its transpose
  /// is itself.
  void vjp(double, std::span<const double> y, std::span<const double> p, std::span<const double> w,
           std::span<double> wJy, std::span<double> wJp) const {
    const std::size_t M = N * N, b = b_index();
    const double dx = 1.0 / static_cast<double>(N - 1);
    const double scale = 1 / (dx * dx), alpha = p[b + 1] * scale;
    std::fill(wJp.begin(), wJp.end(), 0.0);
    for (std::size_t j = 0; j < N; ++j) {
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t c = i + N * j;
        const double A = p[rate_per_cell ? c : 0];
        const double u = y[c], v = y[M + c], wu = w[c], wv = w[M + c];
        wJy[c] = alpha * laplacian(w, i, j, 0) + wu * (2 * u * v - (A + 1)) + wv * (A - 2 * u * v);
        wJy[M + c] = alpha * laplacian(w, i, j, M) + (wu - wv) * u * u;
        wJp[rate_per_cell ? c : 0] += (wv - wu) * u;
        wJp[b] += wu;
        wJp[b + 1] += scale * (wu * laplacian(y, i, j, 0) + wv * laplacian(y, i, j, M));
      }
    }
  }

 private:
  std::size_t b_index() const { return rate_per_cell ? N * N : 1; }
  // Periodic neighbours on the grid.
  std::size_t prev(std::size_t i) const { return i == 0 ? N - 1 : i - 1; }
  std::size_t next(std::size_t i) const { return i + 1 == N ? 0 : i + 1; }
  /// The 5-point stencil of the field starting at `offset` (0: u, N^2: v), unscaled.
  template <class Y>
  auto laplacian(const Y& y, std::size_t i, std::size_t j, std::size_t offset) const
      -> std::remove_cvref_t<decltype(y[0])> {
    const std::size_t c = offset + i + N * j;
    return y[offset + prev(i) + N * j] + y[offset + next(i) + N * j] + y[offset + i + N * prev(j)] +
           y[offset + i + N * next(j)] - 4 * y[c];
  }
  template <class T>
  static double forcing(double x, double y, T t) {
    return (x - 0.3) * (x - 0.3) + (y - 0.6) * (y - 0.6) <= 0.01 && t >= T(1.1) ? 5.0 : 0.0;
  }
};

/// The Brusselator on an N x N grid (2 N^2 states), t in [0, 11.5], with the initial state
/// u = 22 (y (1 - y))^(3/2), v = 27 (x (1 - x))^(3/2) of SciMLBenchmarks. Throws
/// std::invalid_argument for N < 2.
template <class T = double>
OdeProblem<Brusselator2D, T> brusselator_2d(std::size_t N = 8) {
  if (N < 2) {
    throw std::invalid_argument("N = " + std::to_string(N) + ": the grid needs N >= 2 points");
  }
  const std::size_t M = N * N;
  std::vector<T> y0(2 * M);
  const double dx = 1.0 / static_cast<double>(N - 1);
  for (std::size_t j = 0; j < N; ++j) {
    for (std::size_t i = 0; i < N; ++i) {
      const double x = static_cast<double>(i) * dx, y = static_cast<double>(j) * dx;
      y0[i + N * j] = static_cast<T>(22 * std::pow(y * (1 - y), 1.5));
      y0[M + i + N * j] = static_cast<T>(27 * std::pow(x * (1 - x), 1.5));
    }
  }
  return {Brusselator2D{N}, std::move(y0), {0, T(11.5)}, {T(3.4), 1, 10}};
}

/// The Brusselator with one rate A per grid cell (all 3.4, the published model):
/// N^2 + 2 parameters (A_0, ..., A_{N^2 - 1}, B, alpha).
template <class T = double>
OdeProblem<Brusselator2D, T> brusselator_2d_rates(std::size_t N = 10) {
  OdeProblem<Brusselator2D, T> problem = brusselator_2d<T>(N);
  problem.f.rate_per_cell = true;
  problem.p.assign(N * N, T(3.4));
  problem.p.push_back(T(1));
  problem.p.push_back(T(10));
  return problem;
}

}  // namespace odekit::problems
