#pragma once
// The non-stiff benchmark problems of SciMLBenchmarks' NonStiffODE set and the Bari test
// set (Mazzia & Magherini, "Test Set for IVP Solvers", release 2.4), with their published
// reference solutions. Right-hand sides are generic so they run in any precision.

#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "odekit/core/problem.hpp"

namespace odekit::problems {

/// Lotka–Volterra: x' = a x - b x y, y' = -c y + d x y, (a, b, c, d) = (1.5, 1, 3, 1).
struct LotkaVolterra {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    dydt[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dydt[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
  }
  /// First integral d x - c log x + b y - a log y, constant along solutions.
  template <class T>
  static T invariant(const T* y, const T* p) {
    using std::log;
    return p[3] * y[0] - p[2] * log(y[0]) + p[1] * y[1] - p[0] * log(y[1]);
  }
};

template <class T = double>
OdeProblem<LotkaVolterra, T> lotka_volterra() {
  return {LotkaVolterra{}, {1, 1}, {0, 10}, {T(1.5), 1, 3, 1}};
}

/// Euler's rigid body equations with a forcing term (Hairer, Norsett & Wanner, Solving
/// ODEs I, II.10; SciMLBenchmarks RigidBody): (I1, I2, I3) = (-2, 1.25, -0.5).
struct RigidBody {
  template <class T, class Y, class P, class D>
  void operator()(T t, const Y& y, const P& p, D&& dydt) const {
    using std::sin;
    const auto s = sin(t);
    dydt[0] = p[0] * y[1] * y[2];
    dydt[1] = p[1] * y[0] * y[2];
    dydt[2] = p[2] * y[0] * y[1] + 0.25 * s * s;
  }
};

template <class T = double>
OdeProblem<RigidBody, T> rigid_body() {
  return {RigidBody{}, {1, 0, T(0.9)}, {0, 10}, {-2, T(1.25), T(-0.5)}};
}

/// The Arenstorf orbit of the restricted three-body problem (Hairer, Norsett & Wanner,
/// Solving ODEs I, II.0, (0.1)): periodic with period arenstorf_period, so y(T) = y0.
/// State (y1, y2, y1', y2'); p = (mu).
struct Arenstorf {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    using std::sqrt;
    const auto mu = p[0];
    const auto mu1 = 1 - mu;
    const auto r1 = (y[0] + mu) * (y[0] + mu) + y[1] * y[1];
    const auto r2 = (y[0] - mu1) * (y[0] - mu1) + y[1] * y[1];
    const auto d1 = r1 * sqrt(r1);
    const auto d2 = r2 * sqrt(r2);
    dydt[0] = y[2];
    dydt[1] = y[3];
    dydt[2] = y[0] + 2 * y[3] - mu1 * (y[0] + mu) / d1 - mu * (y[0] - mu1) / d2;
    dydt[3] = y[1] - 2 * y[2] - mu1 * y[1] / d1 - mu * y[1] / d2;
  }
};

inline constexpr long double arenstorf_period = 17.0652165601579625588917206249L;

template <class T = double>
OdeProblem<Arenstorf, T> arenstorf() {
  return {Arenstorf{},
          {T(0.994L), 0, 0, T(-2.00158510637908252240537862224L)},
          {0, T(arenstorf_period)},
          {T(0.012277471L)}};
}

/// Pleiades: seven bodies in the plane, body j of mass j (Bari test set, PLEI). State
/// x(1..7), y(1..7), x'(1..7), y'(1..7).
struct Pleiades {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& u, const P&, D&& du) const {
    using std::sqrt;
    for (int i = 0; i < 14; ++i) du[i] = u[14 + i];
    for (int i = 0; i < 7; ++i) {
      auto ax = u[0] * 0;  // zero of the state's scalar type
      auto ay = ax;
      for (int j = 0; j < 7; ++j) {
        if (j == i) continue;
        const auto dx = u[j] - u[i];
        const auto dy = u[7 + j] - u[7 + i];
        const auto r2 = dx * dx + dy * dy;
        const auto r3 = r2 * sqrt(r2);
        ax += (j + 1) * dx / r3;
        ay += (j + 1) * dy / r3;
      }
      du[14 + i] = ax;
      du[21 + i] = ay;
    }
  }
};

template <class T = double>
OdeProblem<Pleiades, T> pleiades() {
  return {Pleiades{},
          {3, 3,  -1, -3,       2, -2,      2,        // x
           3, -3, 2,  0,        0, -4,      4,        // y
           0, 0,  0,  0,        0, T(1.75), T(-1.5),  // x'
           0, 0,  0,  T(-1.25), 1, 0,       0},       // y'
          {0, 3},
          {}};
}

/// 100 independent linear ODEs on a 100 x 100 array (SciMLBenchmarks "100 independent
/// linear"): u' = 1.01 u elementwise, u0 uniform in [0, 1) from a fixed seed, t in [0, 10].
/// Exact solution u0 exp(1.01 t).
struct IndependentLinear {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& u, const P& p, D&& du) const {
    for (std::size_t i = 0; i < u.size(); ++i) du[i] = p[0] * u[i];
  }
};

template <class T = double>
OdeProblem<IndependentLinear, T> independent_linear(unsigned seed = 1) {
  std::vector<T> u0(10000);
  // A small linear congruential generator: the same u0 on every platform.
  std::uint64_t state = seed;
  for (auto& u : u0) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    u = static_cast<T>(static_cast<double>(state >> 11) * 0x1.0p-53);
  }
  return {IndependentLinear{}, std::move(u0), {0, 10}, {T(1.01L)}};
}

template <class T>
std::vector<T> independent_linear_exact(const std::vector<T>& u0, T t) {
  std::vector<T> u(u0.size());
  using std::exp;
  for (std::size_t i = 0; i < u.size(); ++i) u[i] = u0[i] * exp(T(1.01L) * t);
  return u;
}

/// Reference at t = 3 (Bari test set, computed with PSIDE at rtol = atol = 1e-16).
inline const std::array<double, 28> pleiades_reference{
    0.3706139143970502,  3.237284092057233,   -3.222559032418324,  0.6597091455775310,
    0.3425581707156584,  1.562172101400631,   -0.7003092922212495, -3.943437585517392,
    -3.271380973972550,  5.225081843456543,   -2.590612434977470,  1.198213693392275,
    -0.2429682344935824, 1.091449240428980,   3.417003806314313,   1.354584501625501,
    -2.590065597810775,  2.025053734714242,   -1.155815100160448,  -0.8072988170223021,
    0.5952396354208710,  -3.741244961234010,  0.3773459685750630,  0.9386858869551073,
    0.3667922227200571,  -0.3474046353808490, 2.344915448180937,   -1.947020434263292};

}  // namespace odekit::problems
