#pragma once
// Timing and JSON helpers of the SDE benchmarks.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace odekit_bench {

/// Median wall time in seconds of `repeats` runs of fn (after one warm-up run).
template <class Fn>
double median_seconds(int repeats, Fn&& fn) {
  fn();
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

/// Prints one JSON object per line: {"key": value, ...} from name/value pairs.
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
