#include "odekit_test/allocation_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define ODEKIT_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ODEKIT_TEST_SANITIZED 1
#endif

namespace {
std::atomic<long> g_allocations{0};
}

#if defined(__GLIBC__) && !defined(ODEKIT_TEST_SANITIZED)
#define ODEKIT_TEST_COUNTS 1

// glibc's own entry points; the definitions below replace the public names for the whole
// process (the executable comes first in symbol lookup) and forward to them. free() stays
// glibc's, which releases what these return.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);

void* malloc(std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** p, std::size_t alignment, std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  *p = __libc_memalign(alignment, size);
  return *p ? 0 : ENOMEM;
}
}
#endif

namespace odekit_test {

bool can_count_allocations() noexcept {
#if defined(ODEKIT_TEST_COUNTS)
  return true;
#else
  return false;
#endif
}

long allocations() noexcept {
  return g_allocations.load(std::memory_order_relaxed);
}

long probe_allocations() {
  // Called through volatile pointers, so the pairs cannot be elided as unused.
  void* (*volatile allocate)(std::size_t) = static_cast<void* (*)(std::size_t)>(::operator new);
  void (*volatile release)(void*) noexcept =
      static_cast<void (*)(void*) noexcept>(::operator delete);
  void* (*volatile c_allocate)(std::size_t) = std::malloc;
  const long before = allocations();
  release(allocate(64));
  std::free(c_allocate(64));
  return allocations() - before;
}

}  // namespace odekit_test
