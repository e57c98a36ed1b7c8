#pragma once
// CheckpointStore: the states a reverse pass keeps, indexed by step, at most `capacity` at
// once. It is the only place checkpointed adjoints hold states, so its peak() is the exact
// count of states held (the SUNDIALS SUNAdjointCheckpointScheme idea: checkpoint policy
// kept apart from the adjoint stepper).

#include <algorithm>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace odekit {

class CheckpointStore {
 public:
  /// States of n entries; capacity 0 means unbounded.
  CheckpointStore(std::size_t n, std::size_t capacity) : m_n(n), m_capacity(capacity) {}

  std::size_t capacity() const noexcept { return m_capacity; }
  std::size_t size() const noexcept { return m_index.size(); }
  /// Most states held at once so far.
  std::size_t peak() const noexcept { return m_peak; }
  bool full() const noexcept { return m_capacity != 0 && size() >= m_capacity; }
  bool contains(long step) const { return m_index.count(step) != 0; }

  /// Keeps the state of step `step`. Throws std::logic_error when the store is full (a
  /// schedule that would exceed its bound is a bug) or the step is already held.
  void insert(long step, std::span<const double> y) {
    if (full()) {
      throw std::logic_error("CheckpointStore: more than " + std::to_string(m_capacity) +
                             " states requested");
    }
    if (!m_index.emplace(step, slot()).second) {
      throw std::logic_error("CheckpointStore: step " + std::to_string(step) + " held twice");
    }
    std::copy(y.begin(), y.end(), m_slots[m_index[step]].begin());
    m_peak = std::max(m_peak, size());
  }

  /// Copies the state of `step` into y (std::logic_error when it is not held).
  void load(long step, std::span<double> y) const {
    const auto it = m_index.find(step);
    if (it == m_index.end()) {
      throw std::logic_error("CheckpointStore: step " + std::to_string(step) + " is not held");
    }
    std::copy(m_slots[it->second].begin(), m_slots[it->second].end(), y.begin());
  }

  /// Forgets the state of `step` (its slot is reused).
  void erase(long step) {
    const auto it = m_index.find(step);
    if (it == m_index.end()) return;
    m_free.push_back(it->second);
    m_index.erase(it);
  }

 private:
  std::size_t slot() {
    if (!m_free.empty()) {
      const std::size_t s = m_free.back();
      m_free.pop_back();
      return s;
    }
    m_slots.emplace_back(m_n);
    return m_slots.size() - 1;
  }

  std::size_t m_n, m_capacity, m_peak = 0;
  std::vector<std::vector<double>> m_slots;
  std::vector<std::size_t> m_free;
  std::unordered_map<long, std::size_t> m_index;
};

}  // namespace odekit
