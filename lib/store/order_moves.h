// What every accepted change to an order writes besides its own fields (internal to lib/store):
// the new state, links and the progress entry. Shared by the order and demand desks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/connection.h"

namespace jsms::store {

// The state of an order, or nullopt when there is none.
std::optional<int> StateOfOrder(Connection& c, const std::string& order_id);

struct OrderMove {
  std::string order_id;
  std::string action;                       // progress action word
  std::optional<int> from_state;            // null for a new order
  int to_state = 0;
  const std::vector<std::string>* links = nullptr;  // replaces the links when set
  std::string remark;                       // kept on progress; non-empty also on the order
  std::optional<int64_t> operator_id;
  std::string now;
};

// Sets state, updateTime, operatorId (when given) and remark (when non-empty); replaces links
// when `move.links` is set; appends the progress entry.
void MoveOrder(Connection& c, const OrderMove& move);

// The progress entry alone (used for a new order, whose row the caller inserted).
void AppendProgress(Connection& c, const OrderMove& move, const std::vector<std::string>& resource_ids);

}  // namespace jsms::store
