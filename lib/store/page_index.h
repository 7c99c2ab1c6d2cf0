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

// Every kStride-th id of a listing in sort order (the anchors), packed into one buffer, and the
// listing's length: row `n` is found by a seek to AnchorFor(n) and n % kStride rows skipped.
class PageIndex {
 public:
  // Each skipped row is a whole encoded row of ~1 KB read from its page: with an anchor every
  // 32nd id a page skipped 15 on average, two more 8 KiB pages read per page; every 4th skips
  // 1.5 (a fifth of a page) and keeps 3.3 bytes per id (330 KB for 100,000 resources, 3.3 MB for
  // 1,000,000, where every id cost 13 MB of resident memory).
  static constexpr int64_t kStride = 4;

  explicit PageIndex(uint64_t version) : version_(version) {}

  // The listing's next id, in order, with its row's position where it has one (the unfiltered
  // resource list: resource_rows' rowid, store/resource_rows.h).
  void Add(std::string_view id, int64_t position = 0) {
    if (total_++ % kStride != 0) return;
    ids_.append(id);
    ends_.push_back(static_cast<uint32_t>(ids_.size()));
    positions_.push_back(position);
  }
  uint64_t version() const { return version_; }  // the data version it was built at
  int64_t total() const { return total_; }
  // The id to seek to for row `row` (< total()), and how many rows to skip after it.
  std::string_view AnchorFor(int64_t row) const {
    const size_t anchor = static_cast<size_t>(row / kStride);
    const size_t begin = anchor == 0 ? 0 : ends_[anchor - 1];
    return std::string_view(ids_).substr(begin, ends_[anchor] - begin);
  }
  // The position added with that id.
  int64_t PositionFor(int64_t row) const { return positions_[static_cast<size_t>(row / kStride)]; }
  static int64_t SkipFor(int64_t row) { return row % kStride; }

 private:
  uint64_t version_;
  int64_t total_ = 0;
  std::string ids_;
  std::vector<uint32_t> ends_;  // ids are short (at most 64 characters): 4 GB holds 60 million
  std::vector<int64_t> positions_;
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
