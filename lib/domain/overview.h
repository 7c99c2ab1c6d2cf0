// The figures of the console's overview (概览), as the store counts them and the API shows them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jsms {

struct DailyCount {
  std::string date;     // YYYY-MM-DD
  int64_t added = 0;    // orders created that day
  int64_t matched = 0;  // orders that reached 匹配成功 that day (progress log)
};

struct Overview {
  std::vector<int64_t> orders_by_state;         // index = order state 0..8
  std::vector<int64_t> resources_by_state;      // index = resource state 0..3
  int64_t open_demands = 0;                     // demands in 寻资源
  std::vector<DailyCount> daily;                // the last days of the window, oldest first
  std::optional<double> median_hours_to_match;  // from an order's creation to its 匹配成功
};

}  // namespace jsms
