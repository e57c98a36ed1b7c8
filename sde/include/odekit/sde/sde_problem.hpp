#pragma once
// SdeProblem{f, g, y0, tspan, p, noise}: dy = f(t, y, p) dt + g(t, y, p) dW, y(t0) = y0.
//
// f(t, y, p, dy) is the drift, written like an ODE right-hand side. g(t, y, p, G) is the
// diffusion and writes into a DiffusionView G whose shape follows the noise kind (noise.hpp):
// d entries G[i] for scalar, diagonal and additive noise, a d x m row-major matrix G(i, k)
// for Noise::general(m). Whether the SDE is read in the Itô or the Stratonovich sense is a
// property of the method (methods.hpp lists which is which).
//
// validate() calls g once at (t0, y0) through a bounds-checked view: a diffusion that writes
// outside the shape of its noise kind, or leaves entries unwritten, is reported as
// std::invalid_argument before any step is taken.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/core/problem.hpp"
#include "odekit/sde/noise.hpp"

namespace odekit {

template <class F, class G, class T = double>
struct SdeProblem {
  using value_type = T;

  F f;
  G g;
  std::vector<T> y0;
  std::array<T, 2> tspan;
  std::vector<T> p;
  Noise noise;

  SdeProblem(F f_, G g_, std::vector<T> y0_, std::array<T, 2> tspan_, std::vector<T> p_ = {},
             Noise noise_ = Noise::diagonal)
      : f(std::move(f_)),
        g(std::move(g_)),
        y0(std::move(y0_)),
        tspan(tspan_),
        p(std::move(p_)),
        noise(noise_) {}

  std::size_t size() const noexcept { return y0.size(); }
  /// Dimension m of the Brownian motion.
  std::size_t brownian_dim() const noexcept { return noise.brownian_dim(y0.size()); }
  std::size_t diffusion_size() const noexcept { return noise.diffusion_size(y0.size()); }
  T t0() const noexcept { return tspan[0]; }
  T t1() const noexcept { return tspan[1]; }
};

namespace detail {

/// The diffusion view used once by validate(): records writes outside the shape instead of
/// performing them.
template <class T>
class CheckedDiffusionView {
 public:
  using value_type = T;
  CheckedDiffusionView(T* data, std::size_t rows, std::size_t cols)
      : m_data(data), m_rows(rows), m_cols(cols) {}
  T& operator[](std::size_t j) const {
    if (j < m_rows * m_cols) return m_data[j];
    m_bad_flat = std::max(m_bad_flat, j + 1);
    return m_sink;
  }
  T& operator()(std::size_t i, std::size_t k) const {
    if (i < m_rows && k < m_cols) return m_data[i * m_cols + k];
    m_bad_row = std::max(m_bad_row, i + 1);
    m_bad_col = std::max(m_bad_col, k + 1);
    return m_sink;
  }
  std::size_t size() const noexcept { return m_rows * m_cols; }
  std::size_t rows() const noexcept { return m_rows; }
  std::size_t cols() const noexcept { return m_cols; }

  mutable std::size_t m_bad_flat = 0, m_bad_row = 0, m_bad_col = 0;

 private:
  T* m_data;
  std::size_t m_rows, m_cols;
  mutable T m_sink{};
};

/// A NaN with a payload no arithmetic produces: marks entries the diffusion did not write.
template <class T>
T unwritten_marker() noexcept {
  if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<double>(std::uint64_t{0x7FF80000000005DEull});
  } else if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(std::uint32_t{0x7FC005DEu});
  } else {
    return std::numeric_limits<T>::quiet_NaN();
  }
}
template <class T>
bool is_unwritten(const T& v) noexcept {
  const T marker = unwritten_marker<T>();
  return std::memcmp(&v, &marker, sizeof(T)) == 0;
}

}  // namespace detail

/// Throws std::invalid_argument naming the argument when the problem is malformed or its
/// diffusion does not match its noise kind.
template <class F, class G, class T>
void validate(SdeProblem<F, G, T>& problem) {
  detail::validate_state_and_span<T>(problem.y0, problem.p, problem.tspan);
  if (!(problem.tspan[0] < problem.tspan[1])) {
    const double t0 = static_cast<double>(problem.tspan[0]);
    const double t1 = static_cast<double>(problem.tspan[1]);
    throw std::invalid_argument("tspan = {" + detail::num(t0) + ", " + detail::num(t1) +
                                "}: SDEs are solved forward in time, expected t0 < t1");
  }
  const Noise noise = problem.noise;
  if (noise.kind == Noise::Kind::general && noise.m == 0) {
    throw std::invalid_argument(
        "noise = Noise::general(0): a general diffusion needs a Brownian dimension m >= 1");
  }
  const std::size_t d = problem.size();
  const std::size_t rows = d, cols = noise.columns();
  const std::string shape =
      noise.kind == Noise::Kind::general
          ? "a " + std::to_string(d) + " x " + std::to_string(cols) + " matrix G(i, k)"
          : std::to_string(d) + " entries G[i] (one per state component)";
  const std::string kind = "noise kind " + std::string(name(noise.kind));

  // Call g once through a checked view to catch a diffusion of the wrong shape.
  std::vector<T> buffer(rows * cols, detail::unwritten_marker<T>());
  detail::CheckedDiffusionView<T> view(buffer.data(), rows, cols);
  problem.g(problem.tspan[0], std::span<const T>(problem.y0), std::span<const T>(problem.p), view);
  if (view.m_bad_flat > 0 || view.m_bad_row > 0) {
    const std::string wrote = view.m_bad_flat > 0
                                  ? "G[" + std::to_string(view.m_bad_flat - 1) + "]"
                                  : "G(" + std::to_string(view.m_bad_row - 1) + ", " +
                                        std::to_string(view.m_bad_col - 1) + ")";
    std::string hint;
    if (noise.kind != Noise::Kind::general) {
      hint = ": for a d x m diffusion matrix use Noise::general(m)";
    } else {
      hint = ": check m in Noise::general(m)";
    }
    throw std::invalid_argument("diffusion g wrote " + wrote + " outside its shape: " + kind +
                                " with state size " + std::to_string(d) + " expects " + shape +
                                hint);
  }
  for (std::size_t j = 0; j < buffer.size(); ++j) {
    if (detail::is_unwritten(buffer[j])) {
      const std::string entry =
          noise.kind == Noise::Kind::general
              ? "G(" + std::to_string(j / cols) + ", " + std::to_string(j % cols) + ")"
              : "G[" + std::to_string(j) + "]";
      throw std::invalid_argument("diffusion g left " + entry + " unwritten: " + kind +
                                  " with state size " + std::to_string(d) + " expects " + shape +
                                  " (write zeros explicitly)");
    }
  }
  if (noise.kind == Noise::Kind::additive) {
    // Additive noise means g(t) does not depend on y: methods for additive noise rely on it.
    std::vector<T> y(problem.y0), other(rows * cols);
    for (auto& v : y) v = v * T(1.5) + T(1);
    problem.g(problem.tspan[0], std::span<const T>(y), std::span<const T>(problem.p),
              DiffusionView<T>(other.data(), rows, cols));
    for (std::size_t j = 0; j < other.size(); ++j) {
      if (!(other[j] == buffer[j]) && std::isfinite(static_cast<double>(buffer[j]))) {
        throw std::invalid_argument(
            "noise = Noise::additive but the diffusion depends on y (G[" + std::to_string(j) +
            "] changed with y): use Noise::diagonal, Noise::scalar or Noise::general(m)");
      }
    }
  }
}

}  // namespace odekit
