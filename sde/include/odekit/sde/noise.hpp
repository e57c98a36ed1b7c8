#pragma once
// Noise kinds of an SDE dy = f(t, y) dt + g(t, y) dW and the view the diffusion g writes.
//
//   kind       Brownian dim m   g has          g(t, y) may depend on
//   scalar     1                d entries      t, y          (one W drives every component)
//   diagonal   d                d entries      t, y_i only   (g_i dW_i, commutative noise)
//   additive   d                d entries      t only        (g_i(t) dW_i)
//   general    m (given)        d x m entries  t, y          (row-major: g(i, k) = g[i*m + k])
//
// The diffusion callable is g(t, y, p, G) with G a DiffusionView: G[j] is the j-th entry of
// the flat buffer and G(i, k) the entry in row i, column k (k = 0 for every kind but general).

#include <cstddef>
#include <string_view>

namespace odekit {

struct Noise {
  enum class Kind { scalar, diagonal, additive, general };

  Kind kind = Kind::diagonal;
  /// Brownian dimension for general noise (0 for the other kinds, whose m follows from d).
  std::size_t m = 0;

  static const Noise scalar;
  static const Noise diagonal;
  static const Noise additive;
  /// A d x m diffusion matrix driven by an m-dimensional Brownian motion.
  static constexpr Noise general(std::size_t m) noexcept { return {Kind::general, m}; }

  /// Brownian dimension for state size d.
  constexpr std::size_t brownian_dim(std::size_t d) const noexcept {
    switch (kind) {
      case Kind::scalar:
        return 1;
      case Kind::general:
        return m;
      default:
        return d;
    }
  }
  /// Number of entries g writes for state size d.
  constexpr std::size_t diffusion_size(std::size_t d) const noexcept {
    return kind == Kind::general ? d * m : d;
  }
  /// Columns of the diffusion view (1 unless general).
  constexpr std::size_t columns() const noexcept { return kind == Kind::general ? m : 1; }

  friend constexpr bool operator==(const Noise&, const Noise&) = default;
};

inline constexpr Noise Noise::scalar{Noise::Kind::scalar, 0};
inline constexpr Noise Noise::diagonal{Noise::Kind::diagonal, 0};
inline constexpr Noise Noise::additive{Noise::Kind::additive, 0};

constexpr std::string_view name(Noise::Kind k) noexcept {
  switch (k) {
    case Noise::Kind::scalar:
      return "scalar";
    case Noise::Kind::diagonal:
      return "diagonal";
    case Noise::Kind::additive:
      return "additive";
    case Noise::Kind::general:
      return "general";
  }
  return "unknown";
}

/// The buffer the diffusion writes: rows x cols entries, row-major.
template <class T>
class DiffusionView {
 public:
  using value_type = T;
  DiffusionView(T* data, std::size_t rows, std::size_t cols) noexcept
      : m_data(data), m_rows(rows), m_cols(cols) {}

  T& operator[](std::size_t j) const noexcept { return m_data[j]; }
  T& operator()(std::size_t i, std::size_t k) const noexcept { return m_data[i * m_cols + k]; }
  std::size_t size() const noexcept { return m_rows * m_cols; }
  std::size_t rows() const noexcept { return m_rows; }
  std::size_t cols() const noexcept { return m_cols; }
  T* data() const noexcept { return m_data; }

 private:
  T* m_data;
  std::size_t m_rows, m_cols;
};

}  // namespace odekit
