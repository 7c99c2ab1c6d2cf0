// The demand routes: the demand desk (procurement answers 发起需求: list, an order's demand,
// 已供应, 无资源).
#include "domain/demand_workflow.h"
#include "domain/records.h"
#include "http/context.h"
#include "http/csv_export.h"
#include "http/router.h"

namespace jsms {

namespace {

ApiReply DemandList(const RequestContext& context) {
  PageRequest page;
  DemandFilter filter;
  for (Status s : {ReadPage(context.params, &page), ReadInteger(context.params, "state", 0, &filter.state),
                   ReadId(context.params, "orderId", false, &filter.order_id)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  std::vector<EchoParam> echo;
  if (filter.order_id) echo.push_back({"orderId", *filter.order_id, false});
  if (filter.state) echo.push_back({"state", std::to_string(*filter.state), true});
  Store* store = context.store;
  bool csv = false;
  Status format = ReadListFormat(context.params, &csv);
  if (!format.ok()) return ErrorReply(format);
  if (csv) {
    return CsvList<Demand>(context.params, "demands", [store, filter](const PageRequest& rows, const auto& on_row) {
      return store->demands().VisitPage(filter, rows, [](int64_t) {}, on_row);
    });
  }
  return PagedReply<Demand>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->demands().VisitPage(filter, page, on_total, on_row);
  });
}

ApiReply DemandOfOrder(const RequestContext& context) {
  Status valid = ReadPathId(context, "orderId");
  if (!valid.ok()) return ErrorReply(valid);
  Demand demand;
  Status found = context.store->demands().GetOfOrder(context.path_id, &demand);
  return found.ok() ? Json(EncodeDemandDetail(demand)) : ErrorReply(found);
}

ApiReply AnswerDemand(const RequestContext& context, DemandAnswer answer) {
  std::optional<std::string> demand_id;
  std::vector<std::string> resource_ids;
  DeskNote note;
  Status read = ReadId(context.params, "demandId", true, &demand_id);
  if (read.ok() && answer == DemandAnswer::kSupplied) read = ReadResourceIds(context.params, &resource_ids);
  if (read.ok()) read = ReadNote(context, &note);
  if (!read.ok()) return ErrorReply(read);
  return Done(context.store->demands().Answer(*demand_id, answer, resource_ids, note));
}

ApiReply DemandSupplied(const RequestContext& context) { return AnswerDemand(context, DemandAnswer::kSupplied); }
ApiReply DemandNoSource(const RequestContext& context) { return AnswerDemand(context, DemandAnswer::kNoSource); }

}  // namespace

std::vector<Route> DemandRoutes() {
  return {
      {kGet | kPost, "/order/resource/demand/list", Permission::kDemandRead, DemandList},
      {kGet, "/order/resource/demand/byorder/{orderId}", Permission::kDemandRead, DemandOfOrder},
      {kPost, "/order/resource/demand/hasres/save", Permission::kDemandAnswer, DemandSupplied},
      {kPost, "/order/resource/demand/nores", Permission::kDemandAnswer, DemandNoSource},
  };
}

}  // namespace jsms
