#pragma once
// Which stochastic integral a method approximates. For additive noise the two agree.

#include <string_view>

namespace odekit {

enum class Interpretation { ito, stratonovich, both };

constexpr std::string_view name(Interpretation i) noexcept {
  switch (i) {
    case Interpretation::ito:
      return "Ito";
    case Interpretation::stratonovich:
      return "Stratonovich";
    case Interpretation::both:
      return "Ito and Stratonovich (additive noise)";
  }
  return "unknown";
}

}  // namespace odekit
