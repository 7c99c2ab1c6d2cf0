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

class ConnectionPool;

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

  // Progress entries of an order, oldest first (empty when the order has none or does not exist).
  Status ListProgress(const std::string& order_id, std::vector<ProgressEntry>* out);

  // Counts of rows per table, for the CLI's report after seeding.
  Status CountRecords(int64_t* orders, int64_t* resources);

 private:
  explicit Store(std::unique_ptr<ConnectionPool> pool);
  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace jsms
