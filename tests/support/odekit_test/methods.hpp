#pragma once
// The registry of ODE methods the tests run over, with the order each claims.

#include <gtest/gtest.h>

#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/methods.hpp>

namespace odekit_test {

using ExplicitRKMethods =
    ::testing::Types<odekit::Euler, odekit::Midpoint, odekit::Heun, odekit::RK4, odekit::BS3,
                     odekit::DP5, odekit::Tsit5, odekit::Vern7, odekit::Vern9>;

using AdaptiveRKMethods =
    ::testing::Types<odekit::BS3, odekit::DP5, odekit::Tsit5, odekit::Vern7, odekit::Vern9>;

using StiffMethods = ::testing::Types<odekit::Rosenbrock23, odekit::Rodas4, odekit::Rodas5P,
                                      odekit::KenCarp4, odekit::TRBDF2>;

/// Prints the method's literature name in test names: Convergence/Tsit5.
struct MethodName {
  template <class M>
  static std::string GetName(int) {
    return std::string(M::name);
  }
};

}  // namespace odekit_test
