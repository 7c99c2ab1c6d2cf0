#include "store/query.h"

#include <atomic>

namespace jsms::store {

namespace {

// Function-local, so queries defined at namespace scope in any file can be made in any order.
std::atomic<size_t>& NextQueryId() {
  static std::atomic<size_t> next{0};
  return next;
}

}  // namespace

Query::Query(std::string sql) : id_(NextQueryId().fetch_add(1)), sql_(std::move(sql)) {}

}  // namespace jsms::store
