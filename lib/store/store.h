// The SQLite store: every read and write of jsms-ops goes through here.
//
// Thread-safe: each call leases a connection of its own from a pool (at most one per concurrent
// caller, so one per worker thread), whose statements are prepared once and reused. Every write
// is one BEGIN IMMEDIATE transaction that either commits whole or leaves nothing behind. Calls
// return a Status and never throw; SQLite errors are logged on stderr and come back as kBusy (the
// database stayed locked past the busy timeout) or kInternal.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/fixture.h"
#include "domain/records.h"
#include "domain/status.h"
#include "domain/workflow.h"

namespace jsms {

class Checkpointer;
class ConnectionPool;
namespace store {
class PageIndexCache;
}

// The schema version this build writes and reads (PRAGMA user_version).
constexpr int kSchemaVersion = 1;

struct ResourceFilter {
  std::optional<std::string> order_id;  // only resources linked to this order
  std::optional<int64_t> state;         // only resources in this state
};

struct PageRequest {
  int64_t rows = 30;  // >= 1
  int64_t page = 1;   // >= 1
};

struct OrderFilter {
  std::optional<int64_t> state;
  std::optional<std::string> order_id;
  std::optional<std::string> company_name;  // substring
  std::optional<int64_t> belong_sale;
  std::optional<std::string> created_from;  // YYYY-MM-DD, inclusive
  std::optional<std::string> created_to;    // YYYY-MM-DD, inclusive
};

struct DemandFilter {
  std::optional<int64_t> state;
  std::optional<std::string> order_id;
};

// A change on the order desk or the demand desk: who acts and what they say.
struct DeskNote {
  std::string remark;
  std::optional<int64_t> operator_id;
};

// One of the four seed actions, as validated by the HTTP layer.
struct ActionRequest {
  Action action = Action::kDaipipei;
  std::string order_id;
  std::vector<std::string> resource_ids;  // normalised: no blanks, no duplicates, order kept
  std::string remark;                     // may be empty
  std::optional<int64_t> operator_id;     // from X-Operator-Id
};

class Store {
 public:
  // Opens the database file at `path`, creating it with the embedded schema when it is new.
  // Refuses (kInternal with a message naming the problem) a file that is not a database or
  // whose schema version is newer than kSchemaVersion. Sets WAL, synchronous=NORMAL, foreign
  // keys and a busy timeout of `busy_timeout_ms` on every connection.
  static Status Open(const std::string& path, std::unique_ptr<Store>* out, int busy_timeout_ms = 5000);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The order with its staff name and demand state. kOrderNotFound when there is none.
  Status GetOrder(const std::string& order_id, Order* out);

  // Reads one page of resources sorted by resourceId, inside one read transaction: calls
  // `on_total` once with the number of resources matching `filter`, then `on_row` for each
  // resource of the page. `on_row` returning false stops the walk (Ok is still returned).
  Status VisitResourcePage(const ResourceFilter& filter, const PageRequest& page,
                           const std::function<void(int64_t total)>& on_total,
                           const std::function<bool(const Resource&)>& on_row);

  // Runs an action (spec §4) in one transaction: checks the order exists and its state allows
  // the action, then the resources, then updates the order, replaces its links, writes the demand
  // and appends a progress entry. A refusal (kOrderNotFound, kStateConflict, kResourceNotFound,
  // kResourceNotReady) changes nothing.
  Status ApplyAction(const ActionRequest& request);

  // Upserts every record of `fixtures` by id, in one transaction: all or nothing. A link or
  // demand naming a missing order or resource gives kInvalidParam naming its origin.
  Status Load(const FixtureSet& fixtures);

  // Progress entries of an order, oldest first. kOrderNotFound when there is no such order.
  Status ListProgress(const std::string& order_id, std::vector<ProgressEntry>* out);

  // ---- The order desk (lib/store/order_desk.cpp) ----

  // Orders matching `filter`, newest first, like VisitResourcePage.
  Status VisitOrderPage(const OrderFilter& filter, const PageRequest& page,
                        const std::function<void(int64_t total)>& on_total,
                        const std::function<bool(const Order&)>& on_row);

  // A new order in 待配单 from `fields` (id, state and times are set here), with a progress entry
  // "add" (提交订单). Returns its id: D + 4-digit daily sequence from 0001 + YYYYMMDD.
  Status AddOrder(const OrderPatch& fields, const DeskNote& note, std::string* new_id);

  // Edits an order in 退单 and returns it to 待配单 (progress "edit", 编辑订单). Fields not in
  // `changes` keep their values. When `seen_update_time` is given and differs from the order's
  // updateTime: kStaleUpdate, nothing changed.
  Status EditOrder(const std::string& order_id, const OrderPatch& changes,
                   const std::optional<std::string>& seen_update_time, const DeskNote& note);

  // 撤单: from 待配单, 待匹配 or 寻资源 to 撤单; links dropped; an open demand becomes 撤单.
  Status CancelOrder(const std::string& order_id, const DeskNote& note);

  // ---- The resource desk (lib/store/resource_desk.cpp) ----

  Status GetResource(const std::string& resource_id, Resource* out);

  // A new resource: 已接入 when `fields` has no onlineDate, else 待接入 (as the original).
  // Returns its id: T + 4-digit daily sequence from 0000 + YYYYMMDD.
  Status AddResource(const ResourcePatch& fields, std::string* new_id);

  // Edits any field but the id and the state; fields not in `changes` keep their values.
  Status EditResource(const std::string& resource_id, const ResourcePatch& changes);

  // 上线: 待接入 or 待审批 -> 已接入. 撤销: any state -> 撤销, as the original did (an order matched
  // to it keeps its link). The operator, when given, becomes the resource's operatorId.
  Status SetResourceOnline(const std::string& resource_id, std::optional<int64_t> operator_id);
  Status RepealResource(const std::string& resource_id, std::optional<int64_t> operator_id);

  // ---- The demand desk (lib/store/demand_desk.cpp) ----

  // Demands matching `filter`, newest first, like VisitResourcePage.
  Status VisitDemandPage(const DemandFilter& filter, const PageRequest& page,
                         const std::function<void(int64_t total)>& on_total,
                         const std::function<bool(const Demand&)>& on_row);

  // The order's current demand: kOrderNotFound, or kDemandNotFound when it has none.
  Status GetDemandOfOrder(const std::string& order_id, Demand* out);

  // Answers a demand in 寻资源: with resources (已供应, the order goes 寻资源 -> 待配单 linked to
  // them; each must exist) or without (无资源, the order goes back to 待配单 with no links).
  Status AnswerDemand(const std::string& demand_id, bool supplied, const std::vector<std::string>& resource_ids,
                      const DeskNote& note);

  // Every staff member, by id.
  Status ListStaff(std::vector<Staff>* out);

  // Changes whenever a write commits through this store: a value read before a query and
  // unchanged afterwards means nothing the query read has changed since. (Writes by another
  // process are not seen: jsms-ops owns its database file.)
  uint64_t DataVersion() const;

  // Counts of rows per table, for the CLI's report after seeding.
  Status CountRecords(int64_t* orders, int64_t* resources);

 private:
  explicit Store(std::unique_ptr<ConnectionPool> pool);
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<store::PageIndexCache> page_indexes_;  // resource page indexes by state filter
  std::unique_ptr<Checkpointer> checkpointer_;            // destroyed first: checkpoints, then the pool closes
};

}  // namespace jsms
