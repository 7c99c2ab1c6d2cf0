// Where the pages of a long sorted listing start, so any page is found by a short index seek
// instead of an OFFSET walk over everything before it (internal to lib/store).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace jsms::store {

// Every kStride-th id of a listing in sort order, and its length. Row `n` of the listing is
// found by seeking to anchors[n / kStride] and skipping n % kStride rows.
struct PageIndex {
  // Small enough that the rows skipped after an anchor (each a whole encoded row read from the
  // table or the covering index) cost little; 100,000 ids make 3,125 anchors.
  static constexpr int64_t kStride = 32;
  uint64_t version = 0;  // the database's data version it was built at (Database::DataVersion)
  int64_t total = 0;
  std::vector<std::string> anchors;
};

// Page indexes by filter key, each valid until the next commit to the database file. Thread-safe;
// an index is shared read-only once built.
class PageIndexCache {
 public:
  std::shared_ptr<const PageIndex> Find(int64_t key, uint64_t version);
  void Remember(int64_t key, std::shared_ptr<const PageIndex> index);

 private:
  std::mutex mutex_;
  std::unordered_map<int64_t, std::shared_ptr<const PageIndex>> indexes_;
};

}  // namespace jsms::store
