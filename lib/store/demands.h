// The demands of the store: the demand desk (procurement answers 发起需求). Thread-safe; Status
// returns, never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/demand_workflow.h"
#include "domain/records.h"
#include "domain/status.h"
#include "store/desk.h"

namespace jsms {

namespace store {
class Database;
}

struct DemandFilter {
  std::optional<int64_t> state;
  std::optional<std::string> order_id;
};

class DemandStore {
 public:
  explicit DemandStore(store::Database* db) : db_(db) {}

  // Demands matching `filter`, newest first.
  Status VisitPage(const DemandFilter& filter, const PageRequest& page, const OnTotal& on_total,
                   const OnRow<Demand>& on_row);

  // The order's current demand: kOrderNotFound, or kDemandNotFound when it has none.
  Status GetOfOrder(const std::string& order_id, Demand* out);

  // Answers a demand in 寻资源 (domain/demand_workflow.h): 已供应 with resources (each must
  // exist; the order goes 寻资源 -> 待配单 linked to them) or 无资源 (back to 待配单, no links).
  Status Answer(const std::string& demand_id, DemandAnswer answer, const std::vector<std::string>& resource_ids,
                const DeskNote& note);

 private:
  store::Database* db_;
};

}  // namespace jsms
