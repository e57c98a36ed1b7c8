#pragma once
// Tableaus of the stochastic Runge–Kutta methods of Rößler for Itô SDEs with scalar or
// diagonal noise (SRI), strong order 1.5: Rößler, "Runge–Kutta methods for the strong
// approximation of solutions of stochastic differential equations", SIAM J. Numer. Anal. 48
// (2010) 922–952. The scheme, with I_(1) = dW, I_(1,1) = (dW^2 - h)/2, I_(1,1,1) =
// (dW^3 - 3 h dW)/6 and I_(1,0) = h (dW/2 + H) per Brownian component:
//
//   H0_i = y + h sum_j A0_ij f(t + c0_j h, H0_j) + I_(1,0)/h   sum_j B0_ij g(t + c1_j h, H1_j)
//   H1_i = y + h sum_j A1_ij f(t + c0_j h, H0_j) + sqrt(h)      sum_j B1_ij g(t + c1_j h, H1_j)
//   y1   = y + h sum_i alpha_i f_i + sum_i (beta1_i I_(1) + beta2_i I_(1,1)/sqrt(h)
//                                           + beta3_i I_(1,0)/h + beta4_i I_(1,1,1)/h) g_i
//
// with c0 = A0 e and c1 = A1 e. check_sri_order() verifies Rößler's order-1.5 conditions.

#include <array>

#include "odekit/sde/tableaus/rows.hpp"

namespace odekit::tableaus {

template <int S>
struct SriTableau {
  static constexpr int stages = S;
  std::array<std::array<long double, S>, S> A0{}, A1{}, B0{}, B1{};
  std::array<long double, S> alpha{}, beta1{}, beta2{}, beta3{}, beta4{};

  constexpr long double c0(int i) const { return row_sum(A0[i]); }
  constexpr long double c1(int i) const { return row_sum(A1[i]); }
};

/// SRIW1: Rößler (2010), the SRI method "SRI1W1" for weak order 2 and strong order 1.5.
struct SRIW1 {
  static constexpr const char* name = "SRIW1";
  static constexpr SriTableau<4> tableau{
      .A0 = {{{0, 0, 0, 0}, {0.75L, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}},
      .A1 = {{{0, 0, 0, 0}, {0.25L, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0.25L, 0}}},
      .B0 = {{{0, 0, 0, 0}, {1.5L, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}},
      .B1 = {{{0, 0, 0, 0}, {0.5L, 0, 0, 0}, {-1, 0, 0, 0}, {-5, 3, 0.5L, 0}}},
      .alpha = {1.0L / 3, 2.0L / 3, 0, 0},
      .beta1 = {-1, 4.0L / 3, 2.0L / 3, 0},
      .beta2 = {-1, 4.0L / 3, -1.0L / 3, 0},
      .beta3 = {2, -4.0L / 3, -2.0L / 3, 0},
      .beta4 = {-2, 5.0L / 3, -2.0L / 3, 1},
  };
};

/// SOSRI: the stability-optimized SRI method of Rackauckas & Nie, "Stability-optimized high
/// order methods and stiffness detection for pathwise stiff stochastic differential
/// equations", arXiv:1804.04344 (2018); coefficients as published there
/// (16 digits).
struct SOSRI {
  static constexpr const char* name = "SOSRI";
  static constexpr SriTableau<4> tableau{
      .A0 = {{{0, 0, 0, 0},
              {-0.04199224421316468L, 0, 0, 0},
              {2.842612915017106L, -2.0527723684000727L, 0, 0},
              {4.338237071435815L, -2.8895936137439793L, 2.3017575594644466L, 0}}},
      .A1 = {{{0, 0, 0, 0},
              {0.26204282091330466L, 0, 0, 0},
              {0.20903646383505375L, -0.1502377115150361L, 0, 0},
              {0.05836595312746999L, 0.6149440396332373L, 0.08535117634046772L, 0}}},
      .B0 = {{{0, 0, 0, 0},
              {-0.21641093549612528L, 0, 0, 0},
              {1.5336352863679572L, 0.26066223492647056L, 0, 0},
              {-1.0536037558179159L, 1.7015284721089472L, -0.20725685784180017L, 0}}},
      .B1 = {{{0, 0, 0, 0},
              {-0.5119011827621657L, 0, 0, 0},
              {2.67767339866713L, -4.9395031322250995L, 0, 0},
              {0.15580956238299215L, 3.2361551006624674L, -1.4223118283355949L, 0}}},
      .alpha = {1.140099274172029L, -0.6401334255743456L, 0.4736296532772559L,
                0.026404498125060714L},
      .beta1 = {-1.8453464565104432L, 2.688764531100726L, -0.2523866501071323L,
                0.40896857551684956L},
      .beta2 = {0.4969658141589478L, -0.5771202869753592L, -0.12919702470322217L,
                0.2093514975196336L},
      .beta3 = {2.8453464565104425L, -2.688764531100725L, 0.2523866501071322L,
                -0.40896857551684945L},
      .beta4 = {0.11522663875443433L, -0.57877086147738L, 0.2857851028163886L,
                0.17775911990655704L},
  };
};

namespace sri_check {

constexpr long double abs(long double x) {
  return x < 0 ? -x : x;
}

/// Largest residual of Rößler's (2010) conditions for strong order 1.5 of an
/// SRI scheme with scalar (or diagonal) noise; e = (1, ..., 1).
template <int S>
constexpr long double order_residual(const SriTableau<S>& t) {
  auto dot = [](const auto& a, const auto& b) {
    long double s = 0;
    for (int i = 0; i < S; ++i) s += a[i] * b[i];
    return s;
  };
  auto mat_e = [](const auto& M) {
    std::array<long double, S> r{};
    for (int i = 0; i < S; ++i)
      for (int j = 0; j < S; ++j) r[i] += M[i][j];
    return r;
  };
  auto mat_v = [](const auto& M, const std::array<long double, S>& v) {
    std::array<long double, S> r{};
    for (int i = 0; i < S; ++i)
      for (int j = 0; j < S; ++j) r[i] += M[i][j] * v[j];
    return r;
  };
  auto sq = [](std::array<long double, S> v) {
    for (auto& x : v) x *= x;
    return v;
  };
  std::array<long double, S> e{};
  for (auto& x : e) x = 1;
  const auto A0e = mat_e(t.A0), A1e = mat_e(t.A1), B0e = mat_e(t.B0), B1e = mat_e(t.B1);
  const auto B1B1e = mat_v(t.B1, B1e), A1B0e = mat_v(t.A1, B0e);
  const long double residuals[] = {
      dot(t.alpha, e) - 1,
      dot(t.beta1, e) - 1,
      dot(t.beta2, e),
      dot(t.beta3, e),
      dot(t.beta4, e),
      dot(t.beta1, B1e),
      dot(t.beta2, B1e) - 1,
      dot(t.beta3, B1e),
      dot(t.beta4, B1e),
      dot(t.alpha, A0e) - 0.5L,
      dot(t.alpha, B0e) - 1,
      dot(t.alpha, sq(B0e)) - 1.5L,
      dot(t.beta1, A1e) - 1,
      dot(t.beta2, A1e),
      dot(t.beta3, A1e) + 1,
      dot(t.beta4, A1e),
      dot(t.beta1, sq(B1e)) - 1,
      dot(t.beta2, sq(B1e)),
      dot(t.beta3, sq(B1e)) + 1,
      dot(t.beta4, sq(B1e)) - 2,
      dot(t.beta1, B1B1e),
      dot(t.beta2, B1B1e),
      dot(t.beta3, B1B1e),
      dot(t.beta4, B1B1e) - 1,
      0.5L * dot(t.beta1, A1B0e) + dot(t.beta3, A1B0e) / 3,
  };
  long double worst = 0;
  for (long double r : residuals) worst = abs(r) > worst ? abs(r) : worst;
  return worst;
}

}  // namespace sri_check

static_assert(sri_check::order_residual(SRIW1::tableau) < 1e-15L,
              "SRIW1 misses an order condition");
static_assert(sri_check::order_residual(SOSRI::tableau) < 1e-12L,
              "SOSRI misses an order condition");

}  // namespace odekit::tableaus
