#pragma once
// log2 and exp2 in single precision to about 5 digits, for step-size factors: the PI
// controller runs every step, and libm's logf + expf cost as much as a whole Runge–Kutta step
// of a small system. Polynomials fitted by least squares to log2(1 + u) and 2^u on [0, 1]
// (maximum errors 2.9e-5 absolute and 2.3e-7 relative).

#include <bit>
#include <cmath>
#include <cstdint>

namespace odekit::detail {

/// log2(x) for finite x > 0.
inline float fast_log2(float x) noexcept {
  const auto bits = std::bit_cast<std::uint32_t>(x);
  const int exponent = static_cast<int>((bits >> 23) & 0xff) - 127;
  const float u = std::bit_cast<float>((bits & 0x007fffffu) | 0x3f800000u) - 1.0f;  // in [0, 1)
  const float q =
      1.4418258f + u * (-0.7086821f + u * (0.41542195f + u * (-0.19442267f + u * 0.04588553f)));
  return static_cast<float>(exponent) + u * q;
}

/// 2^y, for y in [-126, 127] (step-size factors stay far inside).
inline float fast_exp2(float y) noexcept {
  const float n = std::floor(y);
  const float u = y - n;  // in [0, 1)
  const float p = 0.99999977f +
                  u * (0.69315678f +
                       u * (0.24013169f + u * (0.05587656f + u * (0.00894058f + u * 0.00189438f))));
  const auto scale =
      std::bit_cast<float>(static_cast<std::uint32_t>(static_cast<int>(n) + 127) << 23);
  return p * scale;
}

}  // namespace odekit::detail
