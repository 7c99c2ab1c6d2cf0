// The order routes: the order detail and the four seed actions (spec §2, 配单), and the order desk
// around them (sales' side: list, add, edit, 撤单, progress).
#include "domain/dates.h"
#include "domain/matching.h"
#include "domain/order_workflow.h"
#include "domain/records.h"
#include "http/context.h"
#include "http/csv_export.h"
#include "http/metrics.h"
#include "http/record_params.h"
#include "http/router.h"
#include "store/reply_cache.h"

namespace jsms {

namespace {

constexpr size_t kMaxFilterChars = 200;

ApiReply OrderDetail(const RequestContext& context) {
  Status valid = ReadPathId(context, "orderId");
  if (!valid.ok()) return ErrorReply(valid);
  Store* store = context.store;
  const OrderOwner owner = OwnOrdersOnly(context.principal);
  if (owner) {
    // The cache holds replies for callers who may see every order: the store checks the owner.
    Order order;
    Status found = store->orders().Get(context.path_id, &order, owner);
    return found.ok() ? Json(EncodeOrderDetail(order)) : ErrorReply(found);
  }
  // Read the version first: a write committing during the query leaves this reply unserved.
  uint64_t version = store->DataVersion();
  std::string key = "detail\n" + context.path_id;
  if (auto cached = store->replies().Find(key, version)) return Json(std::move(cached));
  Order order;
  Status found = store->orders().Get(context.path_id, &order);
  if (!found.ok()) return ErrorReply(found);
  ApiReply reply = Json(EncodeOrderDetail(order));
  store->replies().Remember(key, version, ShareBody(&reply));
  return reply;
}

Status ApplyAction(const RequestContext& context, Action action) {
  ActionRequest request;
  request.action = action;
  std::optional<std::string> order_id;
  for (Status s : {ReadId(context.params, "orderId", true, &order_id),
                   ReadText(context.params, "remark", kMaxRemarkChars, &request.remark),
                   ReadResourceIds(context.params, &request.resource_ids),
                   ActingOperator(context.principal, &request.operator_id)}) {
    if (!s.ok()) return s;
  }
  request.order_id = *order_id;
  return context.store->orders().ApplyAction(request);
}

ApiReply RunAction(const RequestContext& context, Action action) {
  Status result = ApplyAction(context, action);
  CountAction(action, result.code());
  return Done(result);
}

ApiReply Daipipei(const RequestContext& context) { return RunAction(context, Action::kDaipipei); }
ApiReply Pipeichenggong(const RequestContext& context) { return RunAction(context, Action::kPipeichenggong); }
ApiReply Huitui(const RequestContext& context) { return RunAction(context, Action::kHuitui); }
ApiReply Faqixuqiu(const RequestContext& context) { return RunAction(context, Action::kFaqixuqiu); }

ApiReply OrderList(const RequestContext& context) {
  PageRequest page;
  OrderFilter filter;
  filter.owner = OwnOrdersOnly(context.principal);
  std::string company;
  for (Status s : {ReadPage(context.params, &page), ReadInteger(context.params, "state", 0, &filter.state),
                   ReadId(context.params, "orderId", false, &filter.order_id),
                   ReadText(context.params, "companyName", kMaxFilterChars, &company),
                   ReadInteger(context.params, "belongSale", 1, &filter.belong_sale),
                   ReadDate(context.params, "createTimeFrom", &filter.created_from),
                   ReadDate(context.params, "createTimeTo", &filter.created_to)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  if (!company.empty()) filter.company_name = company;
  std::vector<EchoParam> echo;
  if (filter.state) echo.push_back({"state", std::to_string(*filter.state), true});
  if (filter.order_id) echo.push_back({"orderId", *filter.order_id, false});
  if (filter.company_name) echo.push_back({"companyName", *filter.company_name, false});
  if (filter.belong_sale) echo.push_back({"belongSale", std::to_string(*filter.belong_sale), true});
  if (filter.created_from) echo.push_back({"createTimeFrom", *filter.created_from, false});
  if (filter.created_to) echo.push_back({"createTimeTo", *filter.created_to, false});
  Store* store = context.store;
  bool csv = false;
  Status format = ReadListFormat(context.params, &csv);
  if (!format.ok()) return ErrorReply(format);
  if (csv) {
    return CsvList<Order>(context.params, "orders", [store, filter](const PageRequest& rows, const auto& on_row) {
      return store->orders().VisitPage(filter, rows, [](int64_t) {}, on_row);
    });
  }
  return PagedReply<Order>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->orders().VisitPage(filter, page, on_total, on_row);
  });
}

ApiReply OrderAdd(const RequestContext& context) {
  OrderPatch fields;
  DeskNote note;
  Status read = ReadOrderPatch(context.params, &fields);
  if (!read.ok()) return ErrorReply(read);
  // A sales member's order is theirs (the store sets it); they need not say so.
  const OrderOwner owner = OwnOrdersOnly(context.principal);
  if (owner && !fields[order::kBelongSale]) fields[order::kBelongSale] = Cell(std::to_string(*owner));
  for (Status s : {CheckRequiredOrderFields(fields, true), ReadNote(context, &note)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  std::string id;
  Status added = context.store->orders().Add(fields, note, &id, owner);
  return added.ok() ? Json(EncodeSuccessWithId("操作成功！", id)) : ErrorReply(added);
}

ApiReply OrderEdit(const RequestContext& context) {
  std::optional<std::string> order_id;
  OrderPatch changes;
  DeskNote note;
  for (Status s : {ReadId(context.params, "orderId", true, &order_id), ReadOrderPatch(context.params, &changes),
                   CheckRequiredOrderFields(changes, false), ReadNote(context, &note)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  // The updateTime the client last saw: an edit over someone else's change is refused.
  std::optional<std::string> seen;
  const std::string* update_time = context.params.Find("updateTime");
  if (update_time && !update_time->empty()) {
    if (!IsTimestamp(*update_time)) {
      return ErrorReply(Status::InvalidParam("参数updateTime无效（须为YYYY-MM-DD HH:MM:SS）"));
    }
    seen = *update_time;
  }
  return Done(context.store->orders().Edit(*order_id, changes, seen, note, OwnOrdersOnly(context.principal)));
}

ApiReply OrderCancel(const RequestContext& context) {
  std::optional<std::string> order_id;
  DeskNote note;
  for (Status s : {ReadId(context.params, "orderId", true, &order_id), ReadNote(context, &note)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  return Done(context.store->orders().Cancel(*order_id, note, OwnOrdersOnly(context.principal)));
}

ApiReply OrderProgress(const RequestContext& context) {
  Status valid = ReadPathId(context, "orderId");
  if (!valid.ok()) return ErrorReply(valid);
  std::vector<ProgressEntry> entries;
  Status listed = context.store->orders().ListProgress(context.path_id, &entries, OwnOrdersOnly(context.principal));
  return listed.ok() ? Json(EncodeProgress(entries)) : ErrorReply(listed);
}

// The matching assistant (assistant.md): the resources that fit the order, best first.
ApiReply OrderCandidates(const RequestContext& context) {
  constexpr int64_t kMaxLimit = 1000;
  std::optional<int64_t> limit, include_not_ready;
  Status valid = ReadPathId(context, "orderId");
  if (valid.ok() && (!ReadInteger(context.params, "limit", 1, &limit).ok() || limit.value_or(1) > kMaxLimit)) {
    valid = Status::InvalidParam("参数limit无效（须为1到1000的整数）");
  }
  if (valid.ok() &&
      (!ReadInteger(context.params, "includeNotReady", 0, &include_not_ready).ok() || include_not_ready.value_or(0) > 1)) {
    valid = Status::InvalidParam("参数includeNotReady无效（须为0或1）");
  }
  if (!valid.ok()) return ErrorReply(valid);
  Order order;
  Status found = context.store->orders().Get(context.path_id, &order);
  if (!found.ok()) return ErrorReply(found);
  CandidateSearch search;
  Status searched = context.store->resources().FindCandidates(order, include_not_ready.value_or(0) == 1,
                                                              static_cast<size_t>(limit.value_or(20)), &search);
  if (!searched.ok()) return ErrorReply(searched);
  const matching::OrderNeeds needs = matching::ReadNeeds(order);
  std::vector<CandidateEntry> candidates(search.best.size());
  for (size_t i = 0; i < search.best.size(); ++i) {
    const matching::Ranked& ranked = search.best[i];
    CandidateEntry& entry = candidates[i];
    entry.resource = &search.resources[i];
    entry.score = ranked.score;
    if (ranked.margin_rate) entry.margin_rate = matching::FormatMarginRate(*ranked.margin_rate);
    matching::Explain(needs, search.resources[i], &entry.reasons, &entry.gaps);
  }
  return Json(EncodeCandidates(context.path_id, search.considered, search.eligible, candidates));
}

}  // namespace

std::vector<Route> OrderRoutes() {
  return {
      {kGet, "/demandOrder/{orderId}", Permission::kOrderRead, OrderDetail},
      {kPost, "/peidan/daipipei", Permission::kMatch, Daipipei},
      {kPost, "/peidan/pipeichenggong", Permission::kMatch, Pipeichenggong},
      {kPost, "/peidan/huitui", Permission::kMatch, Huitui},
      {kPost, "/peidan/faqixuqiu", Permission::kMatch, Faqixuqiu},
      {kGet | kPost, "/demandOrder/list", Permission::kOrderList, OrderList},
      {kPost, "/demandOrder/add", Permission::kOrderWrite, OrderAdd},
      {kPost, "/demandOrder/edit", Permission::kOrderWrite, OrderEdit},
      {kPost, "/demandOrder/chedan", Permission::kOrderWrite, OrderCancel},
      {kGet, "/demandOrder/{orderId}/progress", Permission::kOrderRead, OrderProgress},
      {kGet | kPost, "/demandOrder/{orderId}/candidates", Permission::kMatch, OrderCandidates},
  };
}

}  // namespace jsms
