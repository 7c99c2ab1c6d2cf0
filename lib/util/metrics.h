// Counters and histograms for GET /metrics, built on plain atomics: recording one costs a relaxed
// atomic add, never a lock, so the request path and the write queue can count freely. Used by
// the store (the group commit's batch sizes) and the HTTP edge (requests, actions, logins); the
// HTTP edge also writes them out in Prometheus's text format.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace jsms {

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A histogram over whole-number observations (microseconds, batch sizes, …) with fixed buckets.
// Thread-safe; Observe takes no lock. A snapshot read while others observe may be off by the
// observations in flight (each number is exact on its own), as Prometheus allows.
class Histogram {
 public:
  // `bounds`: the buckets' upper bounds (inclusive), ascending, in the observations' unit.
  explicit Histogram(std::vector<uint64_t> bounds);
  Histogram(Histogram&&) = default;
  Histogram& operator=(Histogram&&) = default;

  void Observe(uint64_t value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then the +Inf bucket (== count)
    uint64_t sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;

  const std::vector<uint64_t>& bounds() const { return bounds_; }

 private:
  std::vector<uint64_t> bounds_;
  // One slot per bucket (not cumulative; the last is above every bound), then the sum.
  std::unique_ptr<std::atomic<uint64_t>[]> slots_;
};

}  // namespace jsms
