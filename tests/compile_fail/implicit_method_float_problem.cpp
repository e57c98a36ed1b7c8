// Must not compile: implicit methods work in double precision (their linear algebra does).
#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/solve.hpp>

int main() {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  const odekit::OdeProblem<decltype(f), float> problem{f, {1.0f}, {0.0f, 1.0f}};
  (void)odekit::solve(problem, odekit::Rodas5P{}, {.rtol = 1e-6, .atol = 1e-9});
}
