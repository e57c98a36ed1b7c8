// Must not compile: implicit methods work in double precision (their linear algebra does).
#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/solve.hpp>

int main() {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  const odekit::OdeProblem<decltype(f), long double> problem{f, {1.0L}, {0.0L, 1.0L}};
  (void)odekit::solve(problem, odekit::KenCarp4{}, {.rtol = 1e-6, .atol = 1e-9});
}
