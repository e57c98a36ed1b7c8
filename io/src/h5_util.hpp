#pragma once
// HDF5 helpers shared by the io sources (not installed): owning handles, quiet error
// printing, attributes, datasets, and the atomic write (temporary name, then rename).

#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace odekit::io::h5 {

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

[[noreturn]] inline void fail(const std::filesystem::path& path, const std::string& what) {
  throw std::runtime_error("HDF5 file " + path.string() + ": " + what);
}

template <class T>
hid_t native_type() {
  return sizeof(T) == sizeof(float) ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE;
}

inline void write_long(hid_t loc, const char* name, long value, const std::filesystem::path& path) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(loc, name, H5T_NATIVE_LONG, space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose);
  if (!attr.valid() || H5Awrite(attr.get(), H5T_NATIVE_LONG, &value) < 0) {
    fail(path, std::string("cannot write attribute ") + name);
  }
}

inline void write_string(hid_t loc, const char* name, const std::string& value,
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

inline long read_long(hid_t loc, const char* name, const std::filesystem::path& path) {
  Handle attr(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose);
  long value = 0;
  if (!attr.valid() || H5Aread(attr.get(), H5T_NATIVE_LONG, &value) < 0) {
    fail(path, std::string("missing or unreadable attribute '") + name + "'");
  }
  return value;
}

inline std::string read_string(hid_t loc, const char* name, const std::filesystem::path& path) {
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

/// Reads a whole dataset of rank `rank` into `out`, returning its dimensions; throws naming the
/// dataset when it is missing or has another rank.
template <class T>
std::vector<hsize_t> read_dataset(hid_t file, const char* name, int rank, std::vector<T>& out,
                                  const std::filesystem::path& path) {
  Handle set(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
  if (!set.valid()) fail(path, std::string("dataset '") + name + "' is missing");
  Handle space(H5Dget_space(set.get()), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.get()) != rank) {
    fail(path, std::string("dataset '") + name + "' must have rank " + std::to_string(rank));
  }
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  hsize_t total = 1;
  for (hsize_t d : dims) total *= d;
  out.resize(total);
  if (total > 0 &&
      H5Dread(set.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
    fail(path, std::string("cannot read dataset '") + name + "'");
  }
  return dims;
}

/// Creates the file under a temporary name in the same folder, lets `fill` write it, then
/// renames it into place: a crash never leaves a half-written file under the final name, and
/// on failure an existing file is left as it was.
template <class Fill>
void write_atomically(const std::filesystem::path& path, Fill&& fill) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  QuietErrors quiet;
  try {
    {
      Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
      if (!file.valid()) fail(path, "cannot create " + tmp.string());
      fill(file.get());
      if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) fail(path, "cannot flush");
    }
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
}

}  // namespace odekit::io::h5
