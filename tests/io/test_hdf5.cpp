#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include <odekit/io/hdf5.hpp>
#include <odekit/odekit.hpp>

namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("odekit_io_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

odekit::Solution decay_solution() {
  auto f = [](auto, const auto& y, const auto& p, auto&& dydt) {
    dydt[0] = -p[0] * y[0];
    dydt[1] = p[0] * y[0];
  };
  odekit::OdeProblem problem{f, {1.0, 0.0}, {0.0, 2.0}, {1.5}};
  return odekit::solve(problem, odekit::Tsit5{}, {.rtol = 1e-8, .atol = 1e-10});
}

TEST(Hdf5, RoundTripKeepsTimesStatesStatusAndStats) {
  const auto sol = decay_solution();
  const auto path = scratch("roundtrip.h5");
  odekit::io::save_hdf5(sol, path);
  const auto back = odekit::io::load_hdf5(path);
  EXPECT_EQ(back.t, sol.t);
  EXPECT_EQ(back.y, sol.y);
  EXPECT_EQ(back.status, sol.status);
  EXPECT_EQ(back.message(), sol.message());
  EXPECT_EQ(back.method, "Tsit5");
  EXPECT_EQ(back.stats, sol.stats);
  EXPECT_GT(back.stats.nf, 0);
}

TEST(Hdf5, FailedSolutionsKeepTheirStatusAndMessage) {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  odekit::OdeProblem problem{f, {1.0}, {0.0, 10.0}};
  const auto sol = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.1, .max_steps = 7});
  ASSERT_EQ(sol.status, odekit::Status::max_steps_reached);
  const auto path = scratch("failed.h5");
  odekit::io::save_hdf5(sol, path);
  const auto back = odekit::io::load_hdf5(path);
  EXPECT_EQ(back.status, odekit::Status::max_steps_reached);
  EXPECT_EQ(back.message(), sol.message());
  EXPECT_EQ(back.t.size(), 8u);
}

TEST(Hdf5, SinglePrecision) {
  auto f = [](auto, const auto& y, const auto&, auto&& dydt) { dydt[0] = -y[0]; };
  odekit::OdeProblem<decltype(f), float> problem{f, {1.0f}, {0.0f, 1.0f}};
  const auto sol = odekit::solve(problem, odekit::RK4{}, {.dt0 = 0.1});
  const auto path = scratch("float.h5");
  odekit::io::save_hdf5(sol, path);
  const auto back = odekit::io::load_hdf5<float>(path);
  EXPECT_EQ(back.y, sol.y);
  const auto as_double = odekit::io::load_hdf5<double>(path);
  EXPECT_NEAR(as_double.y.back()[0], sol.y.back()[0], 1e-7);
}

TEST(Hdf5, ErrorsNameTheFileAndLeaveExistingFilesAlone) {
  const auto sol = decay_solution();
  EXPECT_THROW(odekit::io::save_hdf5(sol, "/nonexistent-dir/x.h5"), std::runtime_error);
  try {
    (void)odekit::io::load_hdf5(scratch("missing.h5"));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.h5: does not exist"), std::string::npos);
  }
  const auto text = scratch("not_hdf5.h5");
  std::ofstream(text) << "plain text";
  try {
    (void)odekit::io::load_hdf5(text);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a readable HDF5 file"), std::string::npos);
  }
}

TEST(Hdf5, StatesOfDifferentSizesAreRejectedWithoutWriting) {
  odekit::Solution bad;
  bad.t = {0.0, 1.0};
  bad.y = {{1.0, 2.0}, {1.0}};
  const auto path = scratch("ragged.h5");
  EXPECT_THROW(odekit::io::save_hdf5(bad, path), std::runtime_error);
  EXPECT_FALSE(fs::exists(path));
}

TEST(Hdf5, AProcessKilledWhileWritingNeverLeavesAHalfWrittenFile) {
  const auto path = scratch("crash.h5");
  const auto small = decay_solution();
  odekit::io::save_hdf5(small, path);  // a complete earlier version
  odekit::Solution big;
  big.t.resize(400000);
  big.y.assign(400000, std::vector<double>(64, 1.0));
  for (int attempt = 0; attempt < 5; ++attempt) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      odekit::io::save_hdf5(big, path);
      ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 40 * attempt));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    // Whatever the moment of the kill, the final name holds a complete, loadable file.
    const auto back = odekit::io::load_hdf5(path);
    EXPECT_TRUE(back.t.size() == small.t.size() || back.t.size() == big.t.size());
    EXPECT_EQ(back.y.size(), back.t.size());
  }
}

}  // namespace
