#include "util/metrics.h"

#include <algorithm>

namespace jsms {

Histogram::Histogram(std::vector<uint64_t> bounds)
    : bounds_(std::move(bounds)), slots_(new std::atomic<uint64_t>[bounds_.size() + 2]) {
  for (size_t i = 0; i < bounds_.size() + 2; ++i) slots_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(uint64_t value) {
  size_t bucket = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  slots_[bucket].fetch_add(1, std::memory_order_relaxed);
  slots_[bounds_.size() + 1].fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += slots_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = slots_[bounds_.size() + 1].load(std::memory_order_relaxed);
  return snapshot;
}

}  // namespace jsms
