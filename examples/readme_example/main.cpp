// The example of the README, verbatim: it must compile against the installed package.
#include <cstdio>
#include <odekit/odekit.hpp>

int main() {
  auto lotka_volterra = [](auto t, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = p[0] * y[0] - p[1] * y[0] * y[1];
    dydt[1] = -p[2] * y[1] + p[3] * y[0] * y[1];
  };
  odekit::OdeProblem problem{lotka_volterra, {1.0, 1.0}, {0.0, 10.0}, {1.5, 1.0, 3.0, 1.0}};
  odekit::Solution sol =
      odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-8, .atol = 1e-10, .dense = true});
  if (!sol.ok()) {
    std::puts(sol.message().c_str());
    return 1;
  }
  auto mid = sol(5.0);  // dense output
  std::printf("y(10) = %.10f %.10f, y(5) = %.10f, %ld steps\n", sol.y.back()[0], sol.y.back()[1],
              mid[0], (long)sol.stats.naccept);
}
