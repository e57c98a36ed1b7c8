#pragma once
// Dense output of CVODE_BDF steps: CVODE's own interpolating polynomial (the one CVodeGetDky
// evaluates), of degree q, the order of the step, so its error inside the step is
// O(h^(q+1)): order q. A segment stores the Taylor coefficients at the step's end t_n,
//   c_j = h^j y^(j)(t_n) / j!,  j = 0..q,  y(t_n + s h) = sum_j c_j s^j,  s = theta - 1,
// taken from CVodeGetDky when the step is pushed.

#include <array>
#include <cstddef>

#include "odekit/core/dense_output.hpp"

namespace odekit::detail {

template <int Q>
void cvode_evaluate(double theta, double /*dt*/, const double* /*y0*/, const double* stored,
                    std::size_t n, double* out) {
  const double s = theta - 1;
  const double* top = stored + static_cast<std::size_t>(Q) * n;
  for (std::size_t i = 0; i < n; ++i) out[i] = top[i];
  for (int j = Q - 1; j >= 0; --j) {  // Horner
    const double* cj = stored + static_cast<std::size_t>(j) * n;
    for (std::size_t i = 0; i < n; ++i) out[i] = out[i] * s + cj[i];
  }
}

inline constexpr std::array<Interpolant<double>, 5> kCvodeInterpolants{{
    {"CVODE interpolating polynomial (CVodeGetDky), order 1", 1, 2, &cvode_evaluate<1>},
    {"CVODE interpolating polynomial (CVodeGetDky), order 2", 2, 3, &cvode_evaluate<2>},
    {"CVODE interpolating polynomial (CVodeGetDky), order 3", 3, 4, &cvode_evaluate<3>},
    {"CVODE interpolating polynomial (CVodeGetDky), order 4", 4, 5, &cvode_evaluate<4>},
    {"CVODE interpolating polynomial (CVodeGetDky), order 5", 5, 6, &cvode_evaluate<5>},
}};

}  // namespace odekit::detail
