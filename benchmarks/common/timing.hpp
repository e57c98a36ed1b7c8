#pragma once
// Wall-clock timing of a callable: batches repeated until each lasts at least `batch`
// seconds; the median batch mean is reported (robust to a busy machine's outliers).

#include <algorithm>
#include <chrono>
#include <vector>

namespace odekit_bench {

template <class F>
double seconds_per_call(F&& f, double batch = 0.02, int batches = 5) {
  using Clock = std::chrono::steady_clock;
  // Calibrate the repetitions per batch on one call.
  auto start = Clock::now();
  f();
  const double once = std::chrono::duration<double>(Clock::now() - start).count();
  const long reps = std::max(1L, static_cast<long>(batch / std::max(once, 1e-9)));
  std::vector<double> means;
  for (int b = 0; b < batches; ++b) {
    start = Clock::now();
    for (long r = 0; r < reps; ++r) f();
    means.push_back(std::chrono::duration<double>(Clock::now() - start).count() /
                    static_cast<double>(reps));
  }
  std::nth_element(means.begin(), means.begin() + batches / 2, means.end());
  return means[batches / 2];
}

}  // namespace odekit_bench
