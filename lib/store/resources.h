// The resources of the store: the resource page (the seed's hottest read), and the resource desk
// (procurement's side: add, edit, 上线, 撤销). Thread-safe; Status returns, never throws.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
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
class Connection;
class Database;
class PageIndexCache;
}  // namespace store

// Packs a resource's row with the name placeholder (json/encode.h PackResourceRow).
// The store cannot write JSON itself: whoever opens it hands it in (StoreOptions). Without one,
// rows are kept NULL and the page encodes them from the columns (the same bytes, slower).
using ResourceRowEncoder = std::function<std::string(const Resource&)>;

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
  ResourceStore(store::Database* db, store::PageIndexCache* page_indexes, ResourceRowEncoder encode)
      : db_(db), page_indexes_(page_indexes), encode_(std::move(encode)) {}

  // kResourceNotFound when there is none.
  Status Get(const std::string& resource_id, Resource* out);

  // Encodes the rows of resources kept without one (every row after the migration to schema
  // version 4, or written by a jsms-ops that had no encoder), a batch per write transaction.
  // Sets *encoded to how many. Does nothing without an encoder.
  Status EncodeMissingRows(int64_t* encoded);

  // One page of the resources matching `filter`, sorted by resourceId, total and rows from one
  // snapshot. No filter, state alone, and orderId (with or without state) are the fast paths;
  // other filters scan the table unless resourceId, state or orderId narrows it. With `encoded`
  // (the JSON page), the no-filter and state-only pages come as the store keeps them encoded
  // (Resource::encoded_row with the staff name, cells unread) where it has them, whole records
  // otherwise; without it (CSV), always whole records.
  Status VisitPage(const ResourceFilter& filter, const PageRequest& page, const OnTotal& on_total,
                   const OnRow<Resource>& on_row, bool encoded = false);

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
  // The names of staff as the page splices them into rows kept encoded, by data version.
  std::shared_ptr<const std::unordered_map<std::string, std::string>> StaffNames(store::Connection& c, uint64_t version);

  store::Database* db_;
  store::PageIndexCache* page_indexes_;
  ResourceRowEncoder encode_;
  std::mutex names_mutex_;
  uint64_t names_version_ = 0;
  std::shared_ptr<const std::unordered_map<std::string, std::string>> names_;
};

}  // namespace jsms
