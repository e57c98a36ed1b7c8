#pragma once
// Numbers in error messages: the shortest text that reads back as the value
// (0.1 prints as 0.1, not 0.100000 or 0.10000000000000001).

#include <charconv>
#include <string>

namespace odekit::detail {

inline std::string num(double v) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

}  // namespace odekit::detail
