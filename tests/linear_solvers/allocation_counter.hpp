#pragma once
// Counts heap allocations of the whole process by interposing malloc and its relatives, so
// that it sees operator new, Eigen's aligned allocations and C libraries (KLU) alike.
// Available with glibc and without sanitizers (which bring their own malloc).

namespace odekit_test {

/// Whether allocations() counts on this platform; tests GTEST_SKIP otherwise.
bool can_count_allocations() noexcept;
/// Allocation calls so far.
long allocations() noexcept;

}  // namespace odekit_test
