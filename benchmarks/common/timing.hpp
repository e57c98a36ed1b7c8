#pragma once
// Timing of a callable: batches repeated until each lasts at least `batch` seconds; the
// median batch mean is reported (robust to a busy machine's outliers). Wall-clock time, or
// the process's CPU time, which other processes on a shared machine disturb less (the solvers
// run on one thread).

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

namespace odekit_bench {

enum class Timer { wall, cpu };

inline double now_seconds(Timer timer) {
  if (timer == Timer::cpu) {
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class F>
double seconds_per_call(F&& f, double batch = 0.02, int batches = 5, Timer timer = Timer::wall) {
  // Calibrate the repetitions per batch on one call.
  double start = now_seconds(timer);
  f();
  const double once = now_seconds(timer) - start;
  const long reps = std::max(1L, static_cast<long>(batch / std::max(once, 1e-9)));
  std::vector<double> means;
  for (int b = 0; b < batches; ++b) {
    start = now_seconds(timer);
    for (long r = 0; r < reps; ++r) f();
    means.push_back((now_seconds(timer) - start) / static_cast<double>(reps));
  }
  std::nth_element(means.begin(), means.begin() + batches / 2, means.end());
  return means[batches / 2];
}

}  // namespace odekit_bench
