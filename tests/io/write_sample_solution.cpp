// Writes a known solution to the path given as argument, for the h5py readability check.
#include <odekit/io/hdf5.hpp>
#include <odekit/odekit.hpp>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto f = [](auto, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = -p[0] * y[0];
    dydt[1] = p[0] * y[0];
  };
  odekit::OdeProblem problem{f, {1.0, 0.0}, {0.0, 2.0}, {1.5}};
  const auto sol = odekit::solve(problem, odekit::Tsit5{},
                                 {.rtol = 1e-10, .atol = 1e-12, .saveat = {0.0, 0.5, 1.0, 2.0}});
  odekit::io::save_hdf5(sol, argv[1]);
  return 0;
}
