#include "odekit/io/hdf5.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace odekit::io {

namespace {

constexpr const char* kFormat = "odekit.solution";
constexpr long kFormatVersion = 1;

/// Owns an HDF5 identifier and closes it with the matching function.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : m_id(id), m_close(close) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (m_id >= 0) m_close(m_id);
  }
  hid_t get() const { return m_id; }
  bool valid() const { return m_id >= 0; }

 private:
  hid_t m_id;
  herr_t (*m_close)(hid_t);
};

/// Silences HDF5's own error printing while alive: errors become exceptions here.
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &m_func, &m_data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, m_func, m_data); }

 private:
  H5E_auto2_t m_func = nullptr;
  void* m_data = nullptr;
};

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw std::runtime_error("HDF5 file " + path.string() + ": " + what);
}

template <class T>
hid_t native_type() {
  return sizeof(T) == sizeof(float) ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE;
}

void write_long(hid_t loc, const char* name, long value, const std::filesystem::path& path) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(loc, name, H5T_NATIVE_LONG, space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose);
  if (!attr.valid() || H5Awrite(attr.get(), H5T_NATIVE_LONG, &value) < 0) {
    fail(path, std::string("cannot write attribute ") + name);
  }
}

void write_string(hid_t loc, const char* name, const std::string& value,
                  const std::filesystem::path& path) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), value.empty() ? 1 : value.size());
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(loc, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  if (!attr.valid() || H5Awrite(attr.get(), type.get(), padded.data()) < 0) {
    fail(path, std::string("cannot write attribute ") + name);
  }
}

long read_long(hid_t loc, const char* name, const std::filesystem::path& path) {
  Handle attr(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose);
  long value = 0;
  if (!attr.valid() || H5Aread(attr.get(), H5T_NATIVE_LONG, &value) < 0) {
    fail(path, std::string("missing or unreadable attribute '") + name + "'");
  }
  return value;
}

std::string read_string(hid_t loc, const char* name, const std::filesystem::path& path) {
  Handle attr(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose);
  if (!attr.valid()) fail(path, std::string("missing attribute '") + name + "'");
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0) {
    fail(path, std::string("attribute '") + name + "' is not a fixed-length string");
  }
  std::string value(H5Tget_size(type.get()), '\0');
  if (H5Aread(attr.get(), type.get(), value.data()) < 0) {
    fail(path, std::string("unreadable attribute '") + name + "'");
  }
  value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
  return value;
}

template <class T>
void write_dataset(hid_t file, const char* name, int rank, const hsize_t* dims, const T* data,
                   const std::filesystem::path& path) {
  Handle space(H5Screate_simple(rank, dims, nullptr), H5Sclose);
  Handle set(
      H5Dcreate2(file, name, native_type<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose);
  if (!set.valid()) fail(path, std::string("cannot create dataset ") + name);
  hsize_t total = 1;
  for (int i = 0; i < rank; ++i) total *= dims[i];
  if (total > 0 && H5Dwrite(set.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail(path, std::string("cannot write dataset ") + name);
  }
}

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

  // Temporary name in the same folder (same file system), unique per process.
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  QuietErrors quiet;
  try {
    {
      Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
      if (!file.valid()) fail(path, "cannot create " + tmp.string());
      const hsize_t tdims[1] = {rows};
      const hsize_t ydims[2] = {rows, n};
      write_dataset(file.get(), "t", 1, tdims, sol.t.data(), path);
      write_dataset(file.get(), "y", 2, ydims, y.data(), path);
      const hid_t root = file.get();
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
      if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) fail(path, "cannot flush");
    }
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
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
