#include "odekit/io/sde_hdf5.hpp"

#include <hdf5.h>

#include <string>
#include <vector>

#include "solution_records.hpp"

namespace odekit::io {

namespace {

using namespace h5;

constexpr const char* kSolutionFormat = "odekit.sde_solution";
constexpr const char* kEnsembleFormat = "odekit.sde_ensemble";

/// The counters of an SDE solve: those of Stats, and ng.
void write_sde_stats(hid_t root, const SdeStats& s, const std::filesystem::path& path) {
  write_stats(root, s, path);
  write_long(root, "ng", s.ng, path);
}
SdeStats read_sde_stats(hid_t root, const std::filesystem::path& path) {
  SdeStats s;
  read_stats(root, s, path);
  s.ng = read_long(root, "ng", path);
  return s;
}

Noise::Kind noise_kind(const std::string& s, const std::filesystem::path& path) {
  for (auto k :
       {Noise::Kind::scalar, Noise::Kind::diagonal, Noise::Kind::additive, Noise::Kind::general})
    if (name(k) == s) return k;
  fail(path, "unknown noise kind '" + s + "'");
}

}  // namespace

template <class T>
void save_hdf5(const BasicSdeSolution<T>& sol, const std::filesystem::path& path) {
  const std::size_t n = sol.y.empty() ? 0 : sol.y.front().size();
  write_atomically(path, [&](hid_t root) {
    write_solution(root, sol, path);
    write_format(root, kSolutionFormat, path);
    write_string(root, "noise", std::string(name(sol.noise.kind)), path);
    write_long(root, "brownian_dim", static_cast<long>(sol.noise.brownian_dim(n)), path);
    write_long(root, "seed", static_cast<long>(sol.seed), path);
    write_long(root, "ng", sol.stats.ng, path);
  });
}

template <class T>
BasicSdeSolution<T> load_sde_hdf5(const std::filesystem::path& path) {
  const Reader file(path, kSolutionFormat);
  const hid_t root = file.root();
  BasicSdeSolution<T> sol;
  read_solution(root, sol, path);
  sol.stats.ng = read_long(root, "ng", path);
  sol.noise.kind = noise_kind(read_string(root, "noise", path), path);
  if (sol.noise.kind == Noise::Kind::general) {
    sol.noise.m = static_cast<std::size_t>(read_long(root, "brownian_dim", path));
  }
  sol.seed = static_cast<std::uint64_t>(read_long(root, "seed", path));
  return sol;
}

template <class T>
void save_hdf5(const BasicEnsembleSolution<T>& ens, const std::filesystem::path& path) {
  const std::size_t rows = ens.t.size(), n = ens.state_size;
  if (ens.mean.size() != rows || ens.var.size() != rows) {
    fail(path, "ensemble has different numbers of times and statistics");
  }
  const std::vector<T> mean = flatten(ens.mean, n, path), var = flatten(ens.var, n, path);
  if (!ens.paths.empty() && ens.paths.size() != ens.trajectories * rows * n) {
    fail(path, "kept paths do not match trajectories x times x state size");
  }
  write_atomically(path, [&](hid_t root) {
    const hsize_t tdims[1] = {rows};
    const hsize_t mdims[2] = {rows, n};
    write_dataset(root, "t", 1, tdims, ens.t.data(), path);
    write_dataset(root, "mean", 2, mdims, mean.data(), path);
    write_dataset(root, "var", 2, mdims, var.data(), path);
    if (!ens.paths.empty()) {
      const hsize_t ydims[3] = {ens.trajectories, rows, n};
      write_dataset(root, "y", 3, ydims, ens.paths.data(), path);
    }
    write_format(root, kEnsembleFormat, path);
    write_string(root, "method", ens.method, path);
    write_long(root, "seed", static_cast<long>(ens.seed), path);
    write_long(root, "trajectories", static_cast<long>(ens.trajectories), path);
    write_long(root, "failed", static_cast<long>(ens.failed), path);
    write_status(root, ens.status, ens.message, path);
    write_long(root, "state_size", static_cast<long>(n), path);
    write_sde_stats(root, ens.stats, path);
  });
}

template <class T>
BasicEnsembleSolution<T> load_ensemble_hdf5(const std::filesystem::path& path) {
  const Reader file(path, kEnsembleFormat);
  const hid_t root = file.root();
  BasicEnsembleSolution<T> ens;
  ens.state_size = static_cast<std::size_t>(read_long(root, "state_size", path));
  ens.trajectories = static_cast<std::size_t>(read_long(root, "trajectories", path));
  const std::size_t n = ens.state_size;
  std::vector<T> mean, var;
  const auto tdims = read_dataset(root, "t", 1, ens.t, path);
  const auto mdims = read_dataset(root, "mean", 2, mean, path);
  const auto vdims = read_dataset(root, "var", 2, var, path);
  if (mdims != vdims || mdims[0] != tdims[0] || mdims[1] != n) {
    fail(path, "'mean' and 'var' do not match 't' and state_size");
  }
  ens.mean = unflatten(mean, tdims[0], n);
  ens.var = unflatten(var, tdims[0], n);
  if (H5Lexists(root, "y", H5P_DEFAULT) > 0) {
    const auto ydims = read_dataset(root, "y", 3, ens.paths, path);
    if (ydims[0] != ens.trajectories || ydims[1] != tdims[0] || ydims[2] != n) {
      fail(path, "'y' does not have shape [trajectories, times, state_size]");
    }
  }
  ens.method = read_string(root, "method", path);
  ens.seed = static_cast<std::uint64_t>(read_long(root, "seed", path));
  ens.failed = static_cast<std::size_t>(read_long(root, "failed", path));
  ens.status = static_cast<Status>(read_long(root, "status", path));
  ens.message = read_string(root, "message", path);
  ens.stats = read_sde_stats(root, path);
  return ens;
}

template void save_hdf5<double>(const BasicSdeSolution<double>&, const std::filesystem::path&);
template BasicSdeSolution<double> load_sde_hdf5<double>(const std::filesystem::path&);
template void save_hdf5<double>(const BasicEnsembleSolution<double>&, const std::filesystem::path&);
template BasicEnsembleSolution<double> load_ensemble_hdf5<double>(const std::filesystem::path&);

}  // namespace odekit::io
