// The history of resources and demands, and the activity feed across the desks (issue 9): who did
// what, when, and what it changed. Orders keep their own progress log (records.h ProgressEntry);
// the feed shows both. Pure data.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/records.h"

namespace jsms {

// What one entry changed in one field.
struct FieldChange {
  std::string field;  // the wire name, e.g. "purchasePrice"
  Cell from;          // null: the field had no value (or the record is new)
  Cell to;
};

// One change of a resource (add, edit, online 上线, repeal 撤销) or a demand (hasres 已供应, nores 无资源).
struct HistoryEntry {
  std::string kind;        // "resource" or "demand"
  std::string subject_id;  // the resourceId or demandId
  std::string action;
  Cell from_state;         // the subject's state before (null for a new resource)
  Cell to_state;
  std::vector<FieldChange> changes;
  std::string remark;
  std::optional<int64_t> operator_id;
  Cell operator_name;      // staff name of operator_id, when there is such staff
  std::string create_time;
};

// One line of the activity feed: an order's progress entry or a history entry.
struct ActivityEntry {
  std::string kind;        // "order", "resource" or "demand"
  std::string subject_id;
  std::string action;      // the endpoint's word: daipipei, add, online, hasres, …
  Cell from_state;         // codes as text (an order's state too)
  Cell to_state;
  std::string remark;
  std::optional<int64_t> operator_id;
  Cell operator_name;
  std::string create_time;
};

// What the feed may be narrowed to; every filter optional.
struct ActivityFilter {
  std::optional<int64_t> operator_id;
  std::optional<std::string> kind;          // "order", "resource" or "demand"
  std::optional<std::string> created_from;  // YYYY-MM-DD, inclusive
  std::optional<std::string> created_to;    // YYYY-MM-DD, inclusive
};

// The fields whose value differs between a resource's cells `before` and `after`, in field order;
// the id, the state (recorded as from/to state), the operator (recorded as who) and the times are
// left out. A new resource is `before` all null.
std::vector<FieldChange> ResourceChanges(const std::array<Cell, resource::kFieldCount>& before,
                                         const std::array<Cell, resource::kFieldCount>& after);

// The Chinese word for an action, as the desks name it ("上线", "已供应", "匹配成功" …); the
// action itself when it has none.
std::string ActionLabel(const std::string& kind, const std::string& action);

// The label of a state code of `kind` ("待配单", "已接入", "寻资源" …), or null.
Cell StateLabel(const std::string& kind, const Cell& state);

}  // namespace jsms
