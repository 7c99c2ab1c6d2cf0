// The resources of the store: the resource page (the seed's hottest read), and the resource desk
// (procurement's side: add, edit, 上线, 撤销). Thread-safe; Status returns, never throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/matching.h"
#include "domain/records.h"
#include "domain/resource_workflow.h"
#include "domain/status.h"
#include "store/desk.h"

namespace jsms {

namespace store {
class Database;
class PageIndexCache;
}  // namespace store

// Which resources a page lists: every filter given must hold (AND), as the original's query.
struct ResourceFilter {
  std::optional<std::string> order_id;  // only resources linked to this order
  std::optional<int64_t> state;         // only resources in this state
  // Equality on other fields (any but kState, each at most once, in field order).
  std::vector<std::pair<resource::Field, std::string>> equals;
  std::optional<std::string> supplier_like;  // supplier contains this text (ASCII case-insensitive)
  std::optional<std::string> remark_like;    // remark contains this text (ASCII case-insensitive)

  // True when only order_id and state are given: the page index (or the order's links) serves it.
  bool Plain() const { return equals.empty() && !supplier_like && !remark_like; }
};

// What the matching assistant found for one order (domain/matching.h).
struct CandidateSearch {
  size_t considered = 0;                  // resources in the allowed states
  size_t eligible = 0;                    // those passing every hard rule
  std::vector<matching::Ranked> best;     // the best `limit` eligible, best first
  std::vector<Resource> resources;        // their whole records, in the same order
};

class ResourceStore {
 public:
  ResourceStore(store::Database* db, store::PageIndexCache* page_indexes) : db_(db), page_indexes_(page_indexes) {}

  // kResourceNotFound when there is none.
  Status Get(const std::string& resource_id, Resource* out);

  // One page of the resources matching `filter`, sorted by resourceId, total and rows from one
  // snapshot. No filter, state alone, and orderId (with or without state) are the fast paths;
  // other filters scan the table unless resourceId, state or orderId narrows it.
  Status VisitPage(const ResourceFilter& filter, const PageRequest& page, const OnTotal& on_total,
                   const OnRow<Resource>& on_row);

  // Runs the matching assistant for `order` over every resource in the allowed states (已接入;
  // with `include_not_ready` also 待接入 and 待审批), read through the state index, and reads the
  // best `limit` whole, all in one snapshot.
  Status FindCandidates(const Order& order, bool include_not_ready, size_t limit, CandidateSearch* out);

  // A new resource in its initial state (domain/resource_workflow.h). Returns its id: T + 4-digit
  // daily sequence from 0000 + YYYYMMDD.
  Status Add(const ResourcePatch& fields, std::string* new_id);

  // Edits any field but the id and the state; fields not in `changes` keep their values.
  Status Edit(const std::string& resource_id, const ResourcePatch& changes);

  // 上线 or 撤销 (domain/resource_workflow.h); kStateConflict when the state does not allow it.
  // The operator, when given, becomes the resource's operatorId.
  Status Move(const std::string& resource_id, ResourceMove move, std::optional<int64_t> operator_id);

 private:
  store::Database* db_;
  store::PageIndexCache* page_indexes_;
};

}  // namespace jsms
