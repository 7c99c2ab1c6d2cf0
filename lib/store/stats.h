// Summaries for the console's overview (概览): counts by state, open demands, orders added and
// matched per day, and how long matching takes. Thread-safe; Status returns, never throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/overview.h"
#include "domain/status.h"

namespace jsms {

namespace store {
class Database;
}

class StatsStore {
 public:
  explicit StatsStore(store::Database* db) : db_(db) {}

  // The overview as of `today` (YYYY-MM-DD) over the last `days` days, in one snapshot. With
  // `owner`, only that sales member's orders count (and the demands of their orders).
  Status GetOverview(const std::string& today, int days, std::optional<int64_t> owner, Overview* out);

 private:
  store::Database* db_;
};

}  // namespace jsms
