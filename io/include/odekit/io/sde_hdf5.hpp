#pragma once
// HDF5 output and input of SDE solutions and ensembles (readable by h5py). Written atomically
// like save_hdf5 for ODE solutions (hdf5.hpp).
//
// SDE solution: /t [N], /y [N, n]; root attributes format = "odekit.sde_solution",
//   format_version, method, noise ("scalar", "diagonal", "additive", "general"), brownian_dim,
//   seed, status, status_name, message, state_size and one integer attribute per counter (the
//   Stats fields and ng).
// Ensemble: /t [N], /mean [N, n], /var [N, n] and, when the paths were kept, /y [K, N, n]
//   (trajectory, time, component); root attributes format = "odekit.sde_ensemble",
//   format_version, method, seed, trajectories, failed, status, status_name, message,
//   state_size and the summed counters.

#include <filesystem>

#include "odekit/sde/ensemble.hpp"
#include "odekit/sde/sde_solution.hpp"

namespace odekit::io {

/// Writes an SDE solution (replacing an existing file atomically). Throws std::runtime_error
/// naming the path when the file cannot be written.
template <class T>
void save_hdf5(const BasicSdeSolution<T>& sol, const std::filesystem::path& path);

/// Reads an SDE solution written by save_hdf5. Throws std::runtime_error naming the path and
/// what is wrong.
template <class T = double>
BasicSdeSolution<T> load_sde_hdf5(const std::filesystem::path& path);

/// Writes an ensemble's statistics and, when kept, every trajectory.
template <class T>
void save_hdf5(const BasicEnsembleSolution<T>& ens, const std::filesystem::path& path);

/// Reads an ensemble written by save_hdf5.
template <class T = double>
BasicEnsembleSolution<T> load_ensemble_hdf5(const std::filesystem::path& path);

extern template void save_hdf5<double>(const BasicSdeSolution<double>&,
                                       const std::filesystem::path&);
extern template BasicSdeSolution<double> load_sde_hdf5<double>(const std::filesystem::path&);
extern template void save_hdf5<double>(const BasicEnsembleSolution<double>&,
                                       const std::filesystem::path&);
extern template BasicEnsembleSolution<double> load_ensemble_hdf5<double>(
    const std::filesystem::path&);

}  // namespace odekit::io
