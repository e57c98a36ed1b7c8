#pragma once
// What ODE and SDE files have in common (not installed): the t and y datasets of a solution,
// its method, status, message and counters as root attributes, the format check on reading,
// and the flattening of rows into datasets. hdf5.cpp and sde_hdf5.cpp add their own fields.

#include <hdf5.h>

#include <filesystem>
#include <string>
#include <vector>

#include "h5_util.hpp"
#include "odekit/core/solution.hpp"
#include "odekit/core/stats.hpp"
#include "odekit/core/status.hpp"

namespace odekit::io::h5 {

inline constexpr long kFormatVersion = 1;

/// Rows of equal length n as one row-major array.
template <class T>
std::vector<T> flatten(const std::vector<std::vector<T>>& rows, std::size_t n,
                       const std::filesystem::path& path) {
  std::vector<T> flat;
  flat.reserve(rows.size() * n);
  for (const auto& r : rows) {
    if (r.size() != n) fail(path, "rows of different sizes cannot form a dataset");
    flat.insert(flat.end(), r.begin(), r.end());
  }
  return flat;
}

/// A row-major array as `rows` rows of length n.
template <class T>
std::vector<std::vector<T>> unflatten(const std::vector<T>& flat, std::size_t rows, std::size_t n) {
  std::vector<std::vector<T>> out(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    out[i].assign(flat.begin() + static_cast<long>(i * n),
                  flat.begin() + static_cast<long>((i + 1) * n));
  }
  return out;
}

/// One integer attribute per Stats counter.
inline void write_stats(hid_t root, const Stats& s, const std::filesystem::path& path) {
#define ODEKIT_WRITE_STAT(field, doc) write_long(root, #field, s.field, path);
  ODEKIT_STATS_LIST(ODEKIT_WRITE_STAT)
#undef ODEKIT_WRITE_STAT
}
inline void read_stats(hid_t root, Stats& s, const std::filesystem::path& path) {
#define ODEKIT_READ_STAT(field, doc) s.field = read_long(root, #field, path);
  ODEKIT_STATS_LIST(ODEKIT_READ_STAT)
#undef ODEKIT_READ_STAT
}

inline void write_status(hid_t root, Status status, const std::string& message,
                         const std::filesystem::path& path) {
  write_long(root, "status", static_cast<long>(status), path);
  write_string(root, "status_name", std::string(name(status)), path);
  write_string(root, "message", message, path);
}

/// Writes the format attributes: `format` names the kind of file.
inline void write_format(hid_t root, const char* format, const std::filesystem::path& path) {
  write_string(root, "format", format, path);
  write_long(root, "format_version", kFormatVersion, path);
}

/// Opens a file written by this module for reading, checking its format and version.
class Reader {
 public:
  Reader(const std::filesystem::path& path, const char* format)
      : m_file((check_exists(path), H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)), H5Fclose) {
    if (!m_file.valid()) fail(path, "is not a readable HDF5 file");
    const hid_t root = m_file.get();
    if (H5Aexists(root, "format") <= 0 || read_string(root, "format", path) != format) {
      fail(path, std::string("is not an odekit file of format \"") + format + "\"");
    }
    const long version = read_long(root, "format_version", path);
    if (version != kFormatVersion) {
      fail(path, "has format_version " + std::to_string(version) + ", this odekit reads " +
                     std::to_string(kFormatVersion));
    }
  }
  hid_t root() const { return m_file.get(); }

 private:
  static bool check_exists(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) fail(path, "does not exist");
    return true;
  }
  QuietErrors m_quiet;
  Handle m_file;
};

/// The fields of every solution: /t, /y, method, status with message, state size, and the
/// Stats counters of sol.stats.
template <class T, class StatsT>
void write_solution(hid_t root, const SolutionBase<T, StatsT>& sol,
                    const std::filesystem::path& path) {
  const std::size_t rows = sol.t.size();
  const std::size_t n = sol.y.empty() ? 0 : sol.y.front().size();
  if (sol.y.size() != rows) fail(path, "solution has different numbers of times and states");
  const std::vector<T> y = flatten(sol.y, n, path);
  const hsize_t tdims[1] = {rows};
  const hsize_t ydims[2] = {rows, n};
  write_dataset(root, "t", 1, tdims, sol.t.data(), path);
  write_dataset(root, "y", 2, ydims, y.data(), path);
  write_string(root, "method", sol.method, path);
  write_status(root, sol.status, sol.message(), path);
  write_long(root, "state_size", static_cast<long>(n), path);
  write_stats(root, sol.stats, path);
}

/// Reads what write_solution() wrote.
template <class T, class StatsT>
void read_solution(hid_t root, SolutionBase<T, StatsT>& sol, const std::filesystem::path& path) {
  const std::size_t n = static_cast<std::size_t>(read_long(root, "state_size", path));
  std::vector<T> y;
  const auto tdims = read_dataset(root, "t", 1, sol.t, path);
  const auto ydims = read_dataset(root, "y", 2, y, path);
  if (ydims[0] != tdims[0] || ydims[1] != n) {
    fail(path, "'y' has shape [" + std::to_string(ydims[0]) + ", " + std::to_string(ydims[1]) +
                   "], expected [" + std::to_string(tdims[0]) + ", " + std::to_string(n) + "]");
  }
  sol.y = unflatten(y, tdims[0], n);
  sol.method = read_string(root, "method", path);
  sol.set_status(static_cast<Status>(read_long(root, "status", path)));
  sol.set_message(read_string(root, "message", path));
  read_stats(root, sol.stats, path);
}

}  // namespace odekit::io::h5
