#include "odekit/io/hdf5.hpp"

#include <hdf5.h>

#include "solution_records.hpp"

namespace odekit::io {

namespace {

constexpr const char* kFormat = "odekit.solution";

}  // namespace

template <class T>
void save_hdf5(const BasicSolution<T>& sol, const std::filesystem::path& path) {
  h5::write_atomically(path, [&](hid_t root) {
    h5::write_solution(root, sol, path);
    h5::write_format(root, kFormat, path);
  });
}

template <class T>
BasicSolution<T> load_hdf5(const std::filesystem::path& path) {
  const h5::Reader file(path, kFormat);
  BasicSolution<T> sol;
  h5::read_solution(file.root(), sol, path);
  return sol;
}

template void save_hdf5<float>(const BasicSolution<float>&, const std::filesystem::path&);
template void save_hdf5<double>(const BasicSolution<double>&, const std::filesystem::path&);
template BasicSolution<float> load_hdf5<float>(const std::filesystem::path&);
template BasicSolution<double> load_hdf5<double>(const std::filesystem::path&);

}  // namespace odekit::io
