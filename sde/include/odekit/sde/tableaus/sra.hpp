#pragma once
// Tableaus of Rößler's stochastic Runge–Kutta methods for SDEs with additive noise (SRA),
// strong order 1.5: Rößler, SIAM J. Numer. Anal. 48 (2010) 922–952, the SRA schemes. With
// I_(1) = dW and I_(1,0) = h (dW/2 + H) per Brownian component and g = g(t) independent of y:
//
//   H0_i = y + h sum_j A0_ij f(t + c0_j h, H0_j) + I_(1,0)/h sum_j B0_ij g(t + c1_j h)
//   y1   = y + h sum_i alpha_i f_i + sum_i (beta1_i I_(1) + beta2_i I_(1,0)/h) g(t + c1_i h)
//
// with c0 = A0 e; c1 is part of the tableau. check_sra_order() verifies the conditions.

#include <array>

#include "odekit/sde/tableaus/rows.hpp"

namespace odekit::tableaus {

template <int S>
struct SraTableau {
  static constexpr int stages = S;
  std::array<std::array<long double, S>, S> A0{}, B0{};
  std::array<long double, S> alpha{}, beta1{}, beta2{}, c1{};

  constexpr long double c0(int i) const { return row_sum(A0[i]); }
};

/// SRA1: Rößler (2010), the SRA method of strong order 1.5 with two stages (weak order 2).
struct SRA1 {
  static constexpr const char* name = "SRA1";
  static constexpr SraTableau<2> tableau{
      .A0 = {{{0, 0}, {0.75L, 0}}},
      .B0 = {{{0, 0}, {1.5L, 0}}},
      .alpha = {1.0L / 3, 2.0L / 3},
      .beta1 = {1, 0},
      .beta2 = {-1, 1},
      .c1 = {1, 0},
  };
};

/// SOSRA: the stability-optimized SRA method of Rackauckas & Nie, "Stability-optimized high
/// order methods and stiffness detection for pathwise stiff stochastic differential
/// equations", arXiv:1804.04344 (2018); coefficients as published there.
struct SOSRA {
  static constexpr const char* name = "SOSRA";
  static constexpr SraTableau<3> tableau{
      .A0 = {{{0, 0, 0},
              {0.6923962376159507L, 0, 0},
              {-3.1609142252828395L, 4.1609142252828395L, 0}}},
      .B0 = {{{0, 0, 0},
              {1.3371632704399763L, 0, 0},
              {1.442371048468624L, 1.8632741501139225L, 0}}},
      .alpha = {0.2889874966892885L, 0.6859880440839937L, 0.025024459226717772L},
      .beta1 = {-16.792534242221663L, 17.514995785380226L, 0.27753845684143835L},
      .beta2 = {0.4237535769069274L, 0.6010381474428539L, -1.0247917243497813L},
      .c1 = {0, 0.041248171110700504L, 1},
  };
};

namespace sra_check {

constexpr long double abs(long double x) {
  return x < 0 ? -x : x;
}

/// Largest residual of Rößler's (2010) conditions for strong order 1.5 of an
/// SRA scheme.
template <int S>
constexpr long double order_residual(const SraTableau<S>& t) {
  long double ae = 0, b1e = 0, b2e = 0, aB0e = 0, aA0e = 0, aB0e2 = 0, b1c1 = 0, b2c1 = 0;
  for (int i = 0; i < S; ++i) {
    long double A0e = 0, B0e = 0;
    for (int j = 0; j < S; ++j) {
      A0e += t.A0[i][j];
      B0e += t.B0[i][j];
    }
    ae += t.alpha[i];
    b1e += t.beta1[i];
    b2e += t.beta2[i];
    aB0e += t.alpha[i] * B0e;
    aA0e += t.alpha[i] * A0e;
    aB0e2 += t.alpha[i] * B0e * B0e;
    b1c1 += t.beta1[i] * t.c1[i];
    b2c1 += t.beta2[i] * t.c1[i];
  }
  const long double residuals[] = {ae - 1,      b1e - 1,      b2e,      aB0e - 1,
                                   aA0e - 0.5L, aB0e2 - 1.5L, b1c1 - 1, b2c1 + 1};
  long double worst = 0;
  for (long double r : residuals) worst = abs(r) > worst ? abs(r) : worst;
  return worst;
}

}  // namespace sra_check

static_assert(sra_check::order_residual(SRA1::tableau) < 1e-15L, "SRA1 misses an order condition");
static_assert(sra_check::order_residual(SOSRA::tableau) < 1e-12L,
              "SOSRA misses an order condition");

}  // namespace odekit::tableaus
