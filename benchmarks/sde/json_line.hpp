#pragma once
// One JSON object per line, the odekit side's output in the torchsde comparison (read by
// torchsde_cases.py).

#include <cstdio>
#include <string>

namespace odekit_bench {

/// {"key": value, ...} from name/value pairs, printed as one line.
struct JsonLine {
  std::string text = "{";
  JsonLine& add(const char* key, const std::string& value) {
    text += (text.size() > 1 ? ", \"" : "\"") + std::string(key) + "\": \"" + value + "\"";
    return *this;
  }
  JsonLine& add(const char* key, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    text += (text.size() > 1 ? ", \"" : "\"") + std::string(key) + "\": " + buf;
    return *this;
  }
  void print() const { std::printf("%s}\n", text.c_str()); }
};

}  // namespace odekit_bench
