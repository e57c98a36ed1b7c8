// Must not compile: a SplitOdeProblem needs an IMEX method (KenCarp4).
#include <odekit/core/split_problem.hpp>
#include <odekit/solvers/implicit/methods.hpp>
#include <odekit/solvers/solve.hpp>

int main() {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  const odekit::SplitOdeProblem problem{f, f, {1.0}, {0.0, 1.0}};
  (void)odekit::solve(problem, odekit::Rodas5P{}, {.rtol = 1e-6, .atol = 1e-9});
}
