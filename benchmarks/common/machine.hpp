#pragma once
// A one-line description of the machine and commit a benchmark ran on, for its records.

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace odekit_bench {

inline std::string machine_description() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::string commit = "unknown commit";
  if (FILE* p = ::popen("git rev-parse --short HEAD 2>/dev/null", "r")) {
    char buf[64] = {0};
    if (std::fgets(buf, sizeof buf, p)) commit = std::string(buf).substr(0, 12);
    ::pclose(p);
    while (!commit.empty() && (commit.back() == '\n' || commit.back() == ' ')) commit.pop_back();
  }
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) +
         " hardware threads, commit " + commit;
}

}  // namespace odekit_bench
