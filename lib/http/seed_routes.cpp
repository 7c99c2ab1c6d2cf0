// The seed's six endpoints (spec §2): order detail, resource page and the four actions.
#include "domain/records.h"
#include "domain/workflow.h"
#include "http/routes.h"

namespace jsms::routes {

ApiReply OrderDetail(const Context& context) {
  if (!IsValidId(context.path_id)) {
    return FromStatus(Status::InvalidParam("参数orderId无效（须为1到64个可打印字符，不含/）"));
  }
  // Read the version first: a write committing during the query leaves this reply unserved.
  uint64_t version = context.store->DataVersion();
  std::string key = "detail\n" + context.path_id;
  if (auto cached = context.cache->Find(key, version)) return Json(std::move(*cached));
  Order order;
  Status found = context.store->GetOrder(context.path_id, &order);
  if (!found.ok()) return FromStatus(found);
  ApiReply reply = Json(EncodeOrderDetail(order));
  context.cache->Remember(key, version, reply.body);
  return reply;
}

ApiReply ResourcePage(const Context& context) {
  PageRequest page;
  std::optional<int64_t> state;
  std::optional<std::string> order_id;
  for (Status s : {ReadPage(context.params, &page), ReadInteger(context.params, "state", 0, &state),
                   ReadId(context.params, "orderId", false, &order_id)}) {
    if (!s.ok()) return FromStatus(s);
  }
  std::vector<EchoParam> echo;
  if (order_id) echo.push_back({"orderId", *order_id, false});
  if (state) echo.push_back({"state", std::to_string(*state), true});
  ResourceFilter filter{order_id, state};
  Store* store = context.store;
  uint64_t version = store->DataVersion();
  std::string key = "page\n" + order_id.value_or("") + "\n" + (state ? std::to_string(*state) : "") + "\n" +
                    std::to_string(page.rows) + "\n" + std::to_string(page.page);
  if (auto cached = context.cache->Find(key, version)) return Json(std::move(*cached));
  ApiReply reply = PagedReply<Resource>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->VisitResourcePage(filter, page, on_total, on_row);
  });
  // Streamed pages are too big to keep; refusals are not kept either.
  if (!reply.stream && reply.status == 200) context.cache->Remember(key, version, reply.body);
  return reply;
}

namespace {

ApiReply RunAction(const Context& context, Action action) {
  ActionRequest request;
  request.action = action;
  std::optional<std::string> order_id;
  for (Status s : {ReadId(context.params, "orderId", true, &order_id),
                   ReadText(context.params, "remark", kMaxRemarkChars, &request.remark),
                   ReadResourceIds(context.params, &request.resource_ids),
                   ReadOperatorId(context.operator_header, &request.operator_id)}) {
    if (!s.ok()) return FromStatus(s);
  }
  request.order_id = *order_id;
  const ActionRule& rule = RuleFor(action);
  if (rule.resources == ResourceRule::kRequiredOnline && request.resource_ids.empty()) {
    return FromStatus(Status::InvalidParam("缺少参数resourceIds（匹配成功须指定至少一个资源）"));
  }
  if (rule.resources == ResourceRule::kNone) request.resource_ids.clear();
  Status applied = context.store->ApplyAction(request);
  return applied.ok() ? Json(EncodeSuccess("操作成功！")) : FromStatus(applied);
}

}  // namespace

ApiReply Daipipei(const Context& context) { return RunAction(context, Action::kDaipipei); }
ApiReply Pipeichenggong(const Context& context) { return RunAction(context, Action::kPipeichenggong); }
ApiReply Huitui(const Context& context) { return RunAction(context, Action::kHuitui); }
ApiReply Faqixuqiu(const Context& context) { return RunAction(context, Action::kFaqixuqiu); }

}  // namespace jsms::routes
