#pragma once
// What a baseline solver run returns: the state at t1 and its work counters.

#include <vector>

namespace odekit_bench {

struct RunResult {
  std::vector<double> y;
  long nf = 0, steps = 0, njac = 0, nfactor = 0;
  bool ok = true;
};

}  // namespace odekit_bench
