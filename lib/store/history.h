// The history of resources and demands, and the activity feed across the desks (domain/history.h).
// Thread-safe; Status returns, never throws.
#pragma once

#include <string>
#include <vector>

#include "domain/history.h"
#include "domain/status.h"
#include "store/desk.h"

namespace jsms {

namespace store {
class Connection;
class Database;

// Appends `entry` (its operator_name and create_time as given) inside the caller's write
// transaction: the resource and demand stores call it with every change they make.
void RecordHistory(Connection& c, const HistoryEntry& entry);
}  // namespace store

class HistoryStore {
 public:
  explicit HistoryStore(store::Database* db) : db_(db) {}

  // A resource's history, oldest first. kResourceNotFound when there is no such resource.
  Status ListOfResource(const std::string& resource_id, std::vector<HistoryEntry>* out);

  // The activity feed, newest first: the orders' progress and the history of resources and
  // demands, narrowed by `filter`, one page at a time.
  Status VisitActivity(const ActivityFilter& filter, const PageRequest& page, const OnTotal& on_total,
                       const OnRow<ActivityEntry>& on_row);

 private:
  store::Database* db_;
};

}  // namespace jsms
