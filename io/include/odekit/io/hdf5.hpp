#pragma once
// HDF5 output and input of solutions. Layout (readable by h5py):
//   /t  dataset [N]        saved times
//   /y  dataset [N, n]     saved states, row i at t[i]
//   root attributes: format = "odekit.solution", format_version, method, status (int),
//   status_name, message, state_size and one integer attribute per Stats counter
//   (nf, njac, ..., naccept, nreject).
// Dense output is not stored. Files are written to a temporary name in the same folder and
// renamed into place, so a crash never leaves a half-written file under the final name.

#include <filesystem>

#include "odekit/core/solution.hpp"

namespace odekit::io {

/// Writes sol to path (replacing an existing file atomically). Throws std::runtime_error
/// naming the path when the file cannot be written; an existing file is then left as it was.
template <class T>
void save_hdf5(const BasicSolution<T>& sol, const std::filesystem::path& path);

/// Reads a solution written by save_hdf5 (values converted to T). Throws
/// std::runtime_error naming the path and what is wrong when the file is missing, is not an
/// odekit solution, or is malformed.
template <class T = double>
BasicSolution<T> load_hdf5(const std::filesystem::path& path);

extern template void save_hdf5<float>(const BasicSolution<float>&, const std::filesystem::path&);
extern template void save_hdf5<double>(const BasicSolution<double>&, const std::filesystem::path&);
extern template BasicSolution<float> load_hdf5<float>(const std::filesystem::path&);
extern template BasicSolution<double> load_hdf5<double>(const std::filesystem::path&);

}  // namespace odekit::io
