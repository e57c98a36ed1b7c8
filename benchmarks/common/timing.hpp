#pragma once
// Timing of a callable: batches repeated until each lasts at least `batch` seconds; the
// median batch mean is reported (robust to a busy machine's outliers). Wall-clock time by
// default; ProcessCpuClock counts this process's CPU time only, for single-threaded work on
// a machine shared with other jobs.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace odekit_bench {

/// The CPU time of this process (CLOCK_PROCESS_CPUTIME_ID) as a std::chrono clock.
struct ProcessCpuClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ProcessCpuClock>;
  static constexpr bool is_steady = true;
  static time_point now() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return time_point(duration(static_cast<rep>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec));
  }
};

template <class Clock = std::chrono::steady_clock, class F>
double seconds_per_call(F&& f, double batch = 0.02, int batches = 5) {
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
