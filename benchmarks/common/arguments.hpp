#pragma once
// The command line of the work-precision runners: [--json FILE] [--markdown FILE] [--quick].

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

namespace odekit_bench {

struct Arguments {
  std::string json, markdown = "docs/benchmarks.md";
  bool quick = false;  ///< a smoke run: few tolerances, short batches
};

/// Empty (after printing the usage) on an unknown argument.
inline std::optional<Arguments> parse_arguments(int argc, char** argv, std::string default_json) {
  Arguments a{std::move(default_json)};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) {
      a.json = argv[++i];
    } else if (!std::strcmp(argv[i], "--markdown") && i + 1 < argc) {
      a.markdown = argv[++i];
    } else if (!std::strcmp(argv[i], "--quick")) {
      a.quick = true;
    } else {
      std::fprintf(stderr, "usage: %s [--json FILE] [--markdown FILE] [--quick]\n", argv[0]);
      return std::nullopt;
    }
  }
  return a;
}

}  // namespace odekit_bench
