#include "store/reply_cache.h"

namespace jsms {

std::shared_ptr<const std::string> ReplyCache::Find(const std::string& key, uint64_t version) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) {
    // Versions only grow: a reply older than the version asked for is never served again.
    if (it != entries_.end() && it->second.version < version) Drop(it);
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.body;
}

void ReplyCache::Remember(const std::string& key, uint64_t version, std::shared_ptr<const std::string> body) {
  // What the entry holds in memory: a page written in place has room to spare (json/encode.cpp).
  size_t size = key.size() + body->capacity();
  if (size > max_bytes_ / 8) return;  // one huge reply must not flush everything else
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) Drop(it);
  while (bytes_ + size > max_bytes_) Drop(entries_.find(*oldest_first_.front()));
  it = entries_.emplace(key, Entry{version, std::move(body), {}}).first;
  it->second.age = oldest_first_.insert(oldest_first_.end(), &it->first);
  bytes_ += size;
}

void ReplyCache::Drop(Entries::iterator entry) {
  bytes_ -= entry->first.size() + entry->second.body->capacity();
  oldest_first_.erase(entry->second.age);
  entries_.erase(entry);
}

}  // namespace jsms
