// Encoded replies of the hottest reads (order detail, resource pages), kept until the next write.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace jsms {

// An operations desk reads far more than it writes: the same order details and resource pages
// are asked for again and again between two actions. A reply is stored with the store's data
// version (Store::DataVersion) read BEFORE the query that produced it, and is served only while
// the version is unchanged, so any commit makes every stored reply stale (a reply that raced a
// commit carries the older version and is never served). Bounded in bytes: when full, the oldest
// replies make room. (Dropping everything when full, as before, kept on average half the budget:
// random pages of one state, 23 MB of them over 100,000 resources, were found a third of the
// time in 16 MiB; oldest-first keeps the budget full, two thirds.) A reply found stale is
// dropped at once. Thread-safe.
class ReplyCache {
 public:
  explicit ReplyCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Replies are shared, never copied: a hit hands out the same bytes to every reader.
  std::shared_ptr<const std::string> Find(const std::string& key, uint64_t version);
  void Remember(const std::string& key, uint64_t version, std::shared_ptr<const std::string> body);

  // How many Finds were answered from the cache, and how many were not: for metrics, and for
  // tests that must tell a served reply from a fresh one (both read the same).
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    uint64_t version;
    std::shared_ptr<const std::string> body;
    std::list<const std::string*>::iterator age;  // its place in oldest_first_
  };
  using Entries = std::unordered_map<std::string, Entry>;

  void Drop(Entries::iterator entry);  // mutex_ held

  const size_t max_bytes_;
  std::mutex mutex_;
  Entries entries_;
  std::list<const std::string*> oldest_first_;  // the keys of entries_ (stable: node-based map)
  size_t bytes_ = 0;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace jsms
