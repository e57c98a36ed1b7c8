#pragma once
// Every SDE method. Strong and weak orders are for the noise each method is made for
// (docs/sde.md has the full table):
//
//   method                  calculus        noise                         strong  weak  adaptive
//   EulerMaruyama           Itô             any                           0.5*    1     no
//   EulerHeun               Stratonovich    any                           0.5*    1     no
//   ItoMilstein             Itô             scalar, diagonal, additive    1.0     1     no
//   StratonovichMilstein    Stratonovich    scalar, diagonal, additive    1.0     1     no
//   ItoRKMilstein           Itô             scalar, diagonal, additive    1.0     1     no
//   StratonovichRKMilstein  Stratonovich    scalar, diagonal, additive    1.0     1     no
//   SRIW1, SOSRI            Itô             scalar, diagonal, additive    1.5     2     yes
//   SRA1, SOSRA             both            additive                      1.5     2     yes
//   ReversibleHeun          Stratonovich    any                           0.5*    1     no
//   (* 1.0 for additive noise; EulerHeun also 1.0 for scalar and diagonal noise.)

#include "odekit/sde/methods/euler_heun.hpp"
#include "odekit/sde/methods/euler_maruyama.hpp"
#include "odekit/sde/methods/milstein.hpp"
#include "odekit/sde/methods/reversible_heun.hpp"
#include "odekit/sde/methods/rk_milstein.hpp"
#include "odekit/sde/methods/sra.hpp"
#include "odekit/sde/methods/sri.hpp"
