#pragma once
// Counts heap allocations of the whole process by interposing malloc and its relatives, so
// that it sees operator new, Eigen's aligned allocations and C libraries (KLU) alike: the one
// allocation counter of the test suites (link odekit_test_allocations). Available with glibc
// and without sanitizers (which bring their own malloc).

namespace odekit_test {

/// Whether allocations() counts on this platform; tests GTEST_SKIP otherwise.
bool can_count_allocations() noexcept;
/// Allocation calls so far.
long allocations() noexcept;
/// Allocations the counter saw for one operator new and one malloc (2 when it works), made in a
/// way no optimiser can remove: tests check the counter with it.
long probe_allocations();

}  // namespace odekit_test
