#pragma once
// Rodas4: the stiffly accurate, L-stable Rosenbrock method of order 4 (embedded order 3)
// with 6 stages and a stiffly accurate dense output of order 3. E. Hairer and G. Wanner,
// Solving Ordinary Differential Equations II, 2nd ed., Springer 1996, Sec. VI.4 (method
// RODAS, in the transformed form (4.8)), with the digits and the dense-output
// coefficients H (D21..D35) of the authors' code RODAS (rodas.f, subroutine ROCOE, METH = 1).
//
// Stages 5 and 6 sit at t0 + h; y1 = Y_6 + u_6 and the embedded solution is Y_6, so the error
// estimate is u_6 (with_rodas_weights).

#include <string_view>

#include "odekit/solvers/implicit/rosenbrock_tableau.hpp"

namespace odekit::tableaus {

struct Rodas4 {
  static constexpr std::string_view name = "Rodas4";
  static constexpr RosenbrockTableau<6, 2> tableau = with_rodas_weights(RosenbrockTableau<6, 2>{
      .gamma = 0.25L,
      .c = {0, 0.386L, 0.21L, 0.63L, 1, 1},
      .d = {0.25L, -0.1043L, 0.1035L, -0.3620000000000023e-1L, 0, 0},
      .a = {{{0, 0, 0, 0, 0, 0},
             {0.1544000000000000e+1L, 0, 0, 0, 0, 0},
             {0.9466785280815826L, 0.2557011698983284L, 0, 0, 0, 0},
             {0.3314825187068521e+1L, 0.2896124015972201e+1L, 0.9986419139977817L, 0, 0, 0},
             {0.1221224509226641e+1L, 0.6019134481288629e+1L, 0.1253708332932087e+2L,
              -0.6878860361058950L, 0, 0},
             {0.1221224509226641e+1L, 0.6019134481288629e+1L, 0.1253708332932087e+2L,
              -0.6878860361058950L, 1, 0}}},
      .C = {{{0, 0, 0, 0, 0, 0},
             {-0.5668800000000000e+1L, 0, 0, 0, 0, 0},
             {-0.2430093356833875e+1L, -0.2063599157091915L, 0, 0, 0, 0},
             {-0.1073529058151375L, -0.9594562251023355e+1L, -0.2047028614809616e+2L, 0, 0, 0},
             {0.7496443313967647e+1L, -0.1024680431464352e+2L, -0.3399990352819905e+2L,
              0.1170890893206160e+2L, 0, 0},
             {0.8083246795921522e+1L, -0.7981132988064893e+1L, -0.3152159432874371e+2L,
              0.1631930543123136e+2L, -0.6058818238834054e+1L, 0}}},
      .H = {{{0.1012623508344586e+2L, -0.7487995877610167e+1L, -0.3480091861555747e+2L,
              -0.7992771707568823e+1L, 0.1025137723295662e+1L, 0},
             {-0.6762803392801253L, 0.6087714651680015e+1L, 0.1643084320892478e+2L,
              0.2476722511418386e+2L, -0.6594389125716872e+1L, 0}}},
      .order = 4,
      .error_order = 3,
      .dense_order = 3,
      .dense_description = "RODAS stiffly accurate interpolant, order 3 (Hairer & Wanner)",
  });
};

}  // namespace odekit::tableaus
