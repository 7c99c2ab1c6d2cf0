// History beyond orders (issue 9): a resource's changes, and the activity feed across the desks.
#include "domain/history.h"
#include "http/context.h"
#include "http/router.h"

namespace jsms {

namespace {

ApiReply ResourceHistory(const RequestContext& context) {
  Status valid = ReadPathId(context, "resourceId");
  if (!valid.ok()) return ErrorReply(valid);
  std::vector<HistoryEntry> entries;
  Status listed = context.store->history().ListOfResource(context.path_id, &entries);
  return listed.ok() ? Json(EncodeResourceHistory(entries)) : ErrorReply(listed);
}

// GET|POST /activity: newest first, paged; filters operatorId, kind (order, resource, demand),
// dateFrom and dateTo (inclusive days).
ApiReply Activity(const RequestContext& context) {
  PageRequest page;
  ActivityFilter filter;
  std::string kind;
  for (Status s : {ReadPage(context.params, &page), ReadInteger(context.params, "operatorId", 1, &filter.operator_id),
                   ReadText(context.params, "kind", 20, &kind), ReadDate(context.params, "dateFrom", &filter.created_from),
                   ReadDate(context.params, "dateTo", &filter.created_to)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  if (!kind.empty()) {
    if (kind != "order" && kind != "resource" && kind != "demand") {
      return ErrorReply(Status::InvalidParam("参数kind无效（取值order、resource或demand）"));
    }
    filter.kind = kind;
  }
  std::vector<EchoParam> echo;
  if (filter.operator_id) echo.push_back({"operatorId", std::to_string(*filter.operator_id), true});
  if (filter.kind) echo.push_back({"kind", *filter.kind, false});
  if (filter.created_from) echo.push_back({"dateFrom", *filter.created_from, false});
  if (filter.created_to) echo.push_back({"dateTo", *filter.created_to, false});
  Store* store = context.store;
  return PagedReply<ActivityEntry>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->history().VisitActivity(filter, page, on_total, on_row);
  });
}

}  // namespace

std::vector<Route> HistoryRoutes() {
  return {
      {kGet, "/order/resource/{resourceId}/history", Permission::kResourceRead, ResourceHistory},
      {kGet | kPost, "/activity", Permission::kActivity, Activity},
  };
}

}  // namespace jsms
