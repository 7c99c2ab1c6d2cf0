// What the store's desks (orders, resources, demands) share: paged listings, as every list of
// the API answers (spec §2's resource page shape), and who acts on a change.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace jsms {

struct PageRequest {
  int64_t rows = 30;  // >= 1
  int64_t page = 1;   // >= 1
};

// How a store walks one page of a listing inside one read transaction: `on_total` is called once
// with the number of records matching the filter, then `on_row` for each record of the page;
// `on_row` returning false stops the walk (the visit still answers Ok).
using OnTotal = std::function<void(int64_t total)>;
template <typename Record>
using OnRow = std::function<bool(const Record&)>;

// A change on a desk: what the person says and who they are.
struct DeskNote {
  std::string remark;
  std::optional<int64_t> operator_id;
};

}  // namespace jsms
