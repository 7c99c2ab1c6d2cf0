// The orders of the store: the order desk (sales' side), the four seed actions (配单) and the
// progress log. Thread-safe; every call returns a Status and never throws (SQLite errors are
// logged and come back as kBusy or kInternal). Every change is one write transaction that
// commits whole or leaves nothing behind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/order_workflow.h"
#include "domain/records.h"
#include "domain/status.h"
#include "store/desk.h"

namespace jsms {

namespace store {
class Database;
}

// Data authority (accounts.md): the staff id whose orders alone a caller may see and change (a
// sales member's own: domain/access.h OwnOrdersOnly), or nullopt for every order. Every call of
// the order desk takes one; another's order is kForbidden (没有权限) and absent from lists.
using OrderOwner = std::optional<int64_t>;

struct OrderFilter {
  OrderOwner owner;  // applied whatever the other filters say
  std::optional<int64_t> state;
  std::optional<std::string> order_id;
  std::optional<std::string> company_name;  // substring
  std::optional<int64_t> belong_sale;
  std::optional<std::string> created_from;  // YYYY-MM-DD, inclusive
  std::optional<std::string> created_to;    // YYYY-MM-DD, inclusive
};

// One of the four seed actions, as read from a request.
struct ActionRequest {
  Action action = Action::kDaipipei;
  std::string order_id;
  std::vector<std::string> resource_ids;  // normalised: no blanks, no duplicates, order kept
  std::string remark;                     // may be empty
  std::optional<int64_t> operator_id;
};

class OrderStore {
 public:
  explicit OrderStore(store::Database* db) : db_(db) {}

  // The order with its staff name and demand state. kOrderNotFound when there is none.
  Status Get(const std::string& order_id, Order* out, OrderOwner owner = std::nullopt);

  // Orders matching `filter`, newest first.
  Status VisitPage(const OrderFilter& filter, const PageRequest& page, const OnTotal& on_total,
                   const OnRow<Order>& on_row);

  // A new order in 待配单 from `fields` (id, state and times are set here), with a progress entry
  // "add" (提交订单). Returns its id: D + 4-digit daily sequence from 0001 + YYYYMMDD. With an
  // owner, the owner is its belongSale whatever `fields` say. A belongSale naming no staff member
  // is kInvalidParam (so is it for Edit, checked before anything else).
  Status Add(const OrderPatch& fields, const DeskNote& note, std::string* new_id, OrderOwner owner = std::nullopt);

  // Edits an order in 退单 and returns it to 待配单 (progress "edit", 编辑订单). Fields not in
  // `changes` keep their values. When `seen_update_time` is given and differs from the order's
  // updateTime: kStaleUpdate, nothing changed. With an owner, belongSale stays the owner.
  Status Edit(const std::string& order_id, const OrderPatch& changes,
              const std::optional<std::string>& seen_update_time, const DeskNote& note,
              OrderOwner owner = std::nullopt);

  // 撤单: from 待配单, 待匹配 or 寻资源 to 撤单; links dropped; an open demand becomes 撤单.
  Status Cancel(const std::string& order_id, const DeskNote& note, OrderOwner owner = std::nullopt);

  // Runs a seed action (spec §4), checking in the contract's order: the request (kInvalidParam),
  // the order exists, its state allows the action, the resources (domain/order_workflow.h);
  // then updates the order, replaces its links, writes the demand and appends a progress entry.
  // A refusal changes nothing.
  Status ApplyAction(const ActionRequest& request);

  // Progress entries of an order, oldest first. kOrderNotFound when there is no such order.
  Status ListProgress(const std::string& order_id, std::vector<ProgressEntry>* out, OrderOwner owner = std::nullopt);

 private:
  store::Database* db_;
};

}  // namespace jsms
