#include "store/reply_cache.h"

namespace jsms {

std::optional<std::string> ReplyCache::Find(const std::string& key, uint64_t version) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.body;
}

void ReplyCache::Remember(const std::string& key, uint64_t version, const std::string& body) {
  size_t size = key.size() + body.size();
  if (size > max_bytes_ / 8) return;  // one huge reply must not flush everything else
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    bytes_ -= it->first.size() + it->second.body.size();
    entries_.erase(it);
  }
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(key, Entry{version, body});
  bytes_ += size;
}

}  // namespace jsms
