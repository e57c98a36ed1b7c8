// HDF5 output of SDE solutions and ensembles: round trips, kept paths, atomic replacement and
// clear errors for files that are not what they claim.
#include <gtest/gtest.h>

#include <filesystem>
#include <odekit/io/hdf5.hpp>
#include <odekit/io/sde_hdf5.hpp>
#include <odekit/problems/sde.hpp>
#include <odekit/sde/sde.hpp>

namespace {

using namespace odekit;

std::filesystem::path temp_file(const char* name) {
  return std::filesystem::temp_directory_path() / (std::string("odekit_") + name + ".h5");
}

TEST(SdeHdf5, SolutionRoundTrip) {
  const auto sol = solve(problems::torchsde_linear_general(), EulerHeun{},
                         {.dt = 0.01, .seed = 4, .saveat = {0.0, 0.5, 1.0}});
  const auto path = temp_file("sde_solution");
  io::save_hdf5(sol, path);
  const auto back = io::load_sde_hdf5(path);
  EXPECT_EQ(back.t, sol.t);
  EXPECT_EQ(back.y, sol.y);
  EXPECT_EQ(back.method, "EulerHeun");
  EXPECT_EQ(back.noise, Noise::general(2));
  EXPECT_EQ(back.seed, 4u);
  EXPECT_EQ(back.stats, sol.stats);
  EXPECT_EQ(back.message(), sol.message());
  std::filesystem::remove(path);
}

TEST(SdeHdf5, EnsembleRoundTripWithPaths) {
  const auto ens = solve_ensemble(problems::gbm(), EulerMaruyama{},
                                  {.dt = 1.0 / 64, .seed = 2, .saveat = {0.0, 0.5, 1.0}},
                                  {.trajectories = 70, .keep_paths = true});
  const auto path = temp_file("sde_ensemble");
  io::save_hdf5(ens, path);
  const auto back = io::load_ensemble_hdf5(path);
  EXPECT_EQ(back.t, ens.t);
  EXPECT_EQ(back.mean, ens.mean);
  EXPECT_EQ(back.var, ens.var);
  EXPECT_EQ(back.paths, ens.paths);
  EXPECT_EQ(back.trajectories, 70u);
  EXPECT_EQ(back.stats, ens.stats);
  EXPECT_EQ(back.path(69, 2, 0), ens.path(69, 2, 0));
  std::filesystem::remove(path);
}

TEST(SdeHdf5, WrongFormatIsAClearError) {
  const auto path = temp_file("ode_not_sde");
  Solution ode;
  ode.t = {0.0};
  ode.y = {{1.0}};
  io::save_hdf5(ode, path);
  try {
    io::load_sde_hdf5(path);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("odekit.sde_solution"), std::string::npos) << e.what();
  }
  EXPECT_THROW(io::load_ensemble_hdf5(temp_file("does_not_exist")), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
