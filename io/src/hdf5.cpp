#include "odekit/io/hdf5.hpp"

#include <hdf5.h>
#include <unistd.h>

#include "h5_util.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace odekit::io {

namespace {

using namespace h5;

constexpr const char* kFormat = "odekit.solution";
constexpr long kFormatVersion = 1;

}  // namespace

template <class T>
void save_hdf5(const BasicSolution<T>& sol, const std::filesystem::path& path) {
  const std::size_t rows = sol.t.size();
  const std::size_t n = sol.y.empty() ? 0 : sol.y.front().size();
  if (sol.y.size() != rows) fail(path, "solution has different numbers of times and states");
  std::vector<T> y(rows * n);
  for (std::size_t i = 0; i < rows; ++i) {
    if (sol.y[i].size() != n) fail(path, "states of different sizes cannot form the y dataset");
    std::copy(sol.y[i].begin(), sol.y[i].end(), y.begin() + static_cast<long>(i * n));
  }

  write_atomically(path, [&](hid_t root) {
    const hsize_t tdims[1] = {rows};
    const hsize_t ydims[2] = {rows, n};
    write_dataset(root, "t", 1, tdims, sol.t.data(), path);
    write_dataset(root, "y", 2, ydims, y.data(), path);
    write_string(root, "format", kFormat, path);
    write_long(root, "format_version", kFormatVersion, path);
    write_string(root, "method", sol.method, path);
    write_long(root, "status", static_cast<long>(sol.status), path);
    write_string(root, "status_name", std::string(name(sol.status)), path);
    write_string(root, "message", sol.message(), path);
    write_long(root, "state_size", static_cast<long>(n), path);
#define ODEKIT_WRITE_STAT(field, doc) write_long(root, #field, sol.stats.field, path);
    ODEKIT_STATS_LIST(ODEKIT_WRITE_STAT)
#undef ODEKIT_WRITE_STAT
  });
}

template <class T>
BasicSolution<T> load_hdf5(const std::filesystem::path& path) {
  QuietErrors quiet;
  if (!std::filesystem::exists(path)) fail(path, "does not exist");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) fail(path, "is not a readable HDF5 file");
  const hid_t root = file.get();
  if (H5Aexists(root, "format") <= 0 || read_string(root, "format", path) != kFormat) {
    fail(path, "is not an odekit solution (no format = \"odekit.solution\" attribute)");
  }
  const long version = read_long(root, "format_version", path);
  if (version != kFormatVersion) {
    fail(path, "has format_version " + std::to_string(version) + ", this odekit reads " +
                   std::to_string(kFormatVersion));
  }
  BasicSolution<T> sol;
  const std::size_t n = static_cast<std::size_t>(read_long(root, "state_size", path));

  Handle tset(H5Dopen2(root, "t", H5P_DEFAULT), H5Dclose);
  Handle yset(H5Dopen2(root, "y", H5P_DEFAULT), H5Dclose);
  if (!tset.valid() || !yset.valid()) fail(path, "datasets 't' and 'y' are required");
  Handle tspace(H5Dget_space(tset.get()), H5Sclose);
  Handle yspace(H5Dget_space(yset.get()), H5Sclose);
  hsize_t tdims[1] = {0}, ydims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(tspace.get()) != 1 ||
      H5Sget_simple_extent_ndims(yspace.get()) != 2) {
    fail(path, "'t' must be one-dimensional and 'y' two-dimensional");
  }
  H5Sget_simple_extent_dims(tspace.get(), tdims, nullptr);
  H5Sget_simple_extent_dims(yspace.get(), ydims, nullptr);
  if (ydims[0] != tdims[0] || ydims[1] != n) {
    fail(path, "'y' has shape [" + std::to_string(ydims[0]) + ", " + std::to_string(ydims[1]) +
                   "], expected [" + std::to_string(tdims[0]) + ", " + std::to_string(n) + "]");
  }
  sol.t.resize(tdims[0]);
  std::vector<T> y(tdims[0] * n);
  if ((tdims[0] > 0 &&
       H5Dread(tset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, sol.t.data()) < 0) ||
      (!y.empty() &&
       H5Dread(yset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, y.data()) < 0)) {
    fail(path, "cannot read the datasets");
  }
  sol.y.resize(tdims[0]);
  for (std::size_t i = 0; i < tdims[0]; ++i) {
    sol.y[i].assign(y.begin() + static_cast<long>(i * n),
                    y.begin() + static_cast<long>((i + 1) * n));
  }
  sol.method = read_string(root, "method", path);
  const Status status = static_cast<Status>(read_long(root, "status", path));
  const std::string message = read_string(root, "message", path);
  sol.set_status(status);
  sol.set_message(message);
#define ODEKIT_READ_STAT(field, doc) sol.stats.field = read_long(root, #field, path);
  ODEKIT_STATS_LIST(ODEKIT_READ_STAT)
#undef ODEKIT_READ_STAT
  return sol;
}

template void save_hdf5<float>(const BasicSolution<float>&, const std::filesystem::path&);
template void save_hdf5<double>(const BasicSolution<double>&, const std::filesystem::path&);
template BasicSolution<float> load_hdf5<float>(const std::filesystem::path&);
template BasicSolution<double> load_hdf5<double>(const std::filesystem::path&);

}  // namespace odekit::io
