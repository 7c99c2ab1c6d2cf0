#include "store/page_index.h"

namespace jsms::store {

std::shared_ptr<const PageIndex> PageIndexCache::Find(int64_t key, uint64_t version) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = indexes_.find(key);
  if (it == indexes_.end() || it->second->version() != version) return nullptr;
  return it->second;
}

void PageIndexCache::Remember(int64_t key, std::shared_ptr<const PageIndex> index) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Keys are the resource states a client asks for: few, but any number can be named.
  if (indexes_.size() >= 64 && !indexes_.count(key)) indexes_.clear();
  indexes_[key] = std::move(index);
}

}  // namespace jsms::store
