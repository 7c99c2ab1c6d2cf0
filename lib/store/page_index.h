// Where the pages of a long sorted listing start, so any page is found by a short index seek
// instead of an OFFSET walk over everything before it (internal to lib/store).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jsms::store {

// Every id of a listing in sort order, packed into one buffer: a page starting at row `n` is a
// seek to IdAt(n) and a read of its rows, none skipped. (Anchors every 32nd id made a page skip 15
// rows on average, each a whole encoded row of ~1 KB: two more 8 KiB pages read per page.) About
// 13 bytes per id: 1.3 MB for 100,000 resources.
class PageIndex {
 public:
  explicit PageIndex(uint64_t version) : version_(version) {}

  void Add(std::string_view id) {
    ids_.append(id);
    ends_.push_back(static_cast<uint32_t>(ids_.size()));
  }
  uint64_t version() const { return version_; }  // the data version it was built at
  int64_t total() const { return static_cast<int64_t>(ends_.size()); }
  std::string_view IdAt(int64_t row) const {
    const size_t begin = row == 0 ? 0 : ends_[row - 1];
    return std::string_view(ids_).substr(begin, ends_[row] - begin);
  }

 private:
  uint64_t version_;
  std::string ids_;
  std::vector<uint32_t> ends_;  // ids are short (at most 64 characters): 4 GB holds 60 million
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
