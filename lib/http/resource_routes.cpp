// The resource routes: the resource page (spec §2) and the resource desk (procurement's side:
// detail, add, edit, 上线, 撤销).
#include "domain/records.h"
#include "domain/resource_workflow.h"
#include "http/context.h"
#include "http/csv_export.h"
#include "http/record_params.h"
#include "http/router.h"
#include "store/reply_cache.h"

namespace jsms {

namespace {

constexpr size_t kMaxFilterChars = 500;  // as long as any field a request can set

// The resource page's filters, as the original's query: orderId (its links), equality on every
// field from resourceId to remark (state as an integer), and substring searches supplierLike and
// remarkLike. Empty values read as absent; unknown parameters are ignored. Each filter given is
// echoed in `params`, in that order.
Status ReadResourceFilter(const Params& params, ResourceFilter* filter, std::vector<EchoParam>* echo) {
  Status status = ReadId(params, "orderId", false, &filter->order_id);
  if (!status.ok()) return status;
  if (filter->order_id) echo->push_back({"orderId", *filter->order_id, false});
  for (size_t i = 0; i <= resource::kRemark; ++i) {
    const auto field = static_cast<resource::Field>(i);
    const char* name = kResourceFields[field].name;
    if (field == resource::kState) {
      status = ReadInteger(params, name, 0, &filter->state);
      if (!status.ok()) return status;
      if (filter->state) echo->push_back({name, std::to_string(*filter->state), true});
      continue;
    }
    std::string value;
    status = ReadText(params, name, kMaxFilterChars, &value);
    if (!status.ok()) return status;
    if (value.empty()) continue;
    echo->push_back({name, value, false});
    filter->equals.emplace_back(field, std::move(value));
  }
  for (auto [name, out] : {std::pair{"supplierLike", &filter->supplier_like},
                           std::pair{"remarkLike", &filter->remark_like}}) {
    std::string value;
    status = ReadText(params, name, kMaxFilterChars, &value);
    if (!status.ok()) return status;
    if (value.empty()) continue;
    echo->push_back({name, value, false});
    *out = std::move(value);
  }
  return Status::Ok();
}

// The reply cache's key for a page: every filter (length-prefixed, so no value can pass for
// another), rows and page.
std::string PageKey(const std::vector<EchoParam>& echo, const PageRequest& page) {
  std::string key = "page";
  for (const EchoParam& param : echo) {
    key.append("\n").append(param.name).append("=").append(std::to_string(param.value.size()));
    key.append(":").append(param.value);
  }
  return key + "\n" + std::to_string(page.rows) + "\n" + std::to_string(page.page);
}

ApiReply ResourcePage(const RequestContext& context) {
  PageRequest page;
  ResourceFilter filter;
  std::vector<EchoParam> echo;
  for (Status s : {ReadPage(context.params, &page), ReadResourceFilter(context.params, &filter, &echo)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  Store* store = context.store;
  bool csv = false;
  Status format = ReadListFormat(context.params, &csv);
  if (!format.ok()) return ErrorReply(format);
  if (csv) {
    return CsvList<Resource>(context.params, "resources", [store, filter](const PageRequest& rows, const auto& on_row) {
      return store->resources().VisitPage(filter, rows, [](int64_t) {}, on_row);
    });
  }
  uint64_t version = store->DataVersion();
  std::string key = PageKey(echo, page);
  if (auto cached = store->replies().Find(key, version)) return Json(std::move(cached));
  ApiReply reply = PagedReply<Resource>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->resources().VisitPage(filter, page, on_total, on_row, /*encoded=*/true);
  });
  // Streamed pages are too big to keep; refusals are not kept either.
  if (!reply.stream && reply.status == 200) store->replies().Remember(key, version, ShareBody(&reply));
  return reply;
}

ApiReply ResourceDetail(const RequestContext& context) {
  Status valid = ReadPathId(context, "resourceId");
  if (!valid.ok()) return ErrorReply(valid);
  Resource resource;
  Status found = context.store->resources().Get(context.path_id, &resource);
  return found.ok() ? Json(EncodeResourceDetail(resource)) : ErrorReply(found);
}

// The resource's fields from the request; the acting operator, when there is one, becomes its
// operatorId.
Status ReadResourceChange(const RequestContext& context, ResourcePatch* fields) {
  std::optional<int64_t> operator_id;
  Status status = ReadResourcePatch(context.params, fields);
  if (status.ok()) status = ActingOperator(context.principal, &operator_id);
  if (status.ok() && operator_id) (*fields)[resource::kOperatorId] = Cell(std::to_string(*operator_id));
  return status;
}

ApiReply ResourceAdd(const RequestContext& context) {
  ResourcePatch fields;
  Status read = ReadResourceChange(context, &fields);
  if (!read.ok()) return ErrorReply(read);
  std::string id;
  Status added = context.store->resources().Add(fields, &id);
  return added.ok() ? Json(EncodeSuccessWithId("操作成功！", id)) : ErrorReply(added);
}

ApiReply ResourceEdit(const RequestContext& context) {
  std::optional<std::string> resource_id;
  ResourcePatch changes;
  for (Status s : {ReadId(context.params, "resourceId", true, &resource_id), ReadResourceChange(context, &changes)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  return Done(context.store->resources().Edit(*resource_id, changes));
}

ApiReply MoveResource(const RequestContext& context, ResourceMove move) {
  std::optional<std::string> resource_id;
  std::optional<int64_t> operator_id;
  for (Status s : {ReadId(context.params, "resourceId", true, &resource_id),
                   ActingOperator(context.principal, &operator_id)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  return Done(context.store->resources().Move(*resource_id, move, operator_id));
}

ApiReply ResourceOnline(const RequestContext& context) { return MoveResource(context, ResourceMove::kOnline); }
ApiReply ResourceRepeal(const RequestContext& context) { return MoveResource(context, ResourceMove::kRepeal); }

}  // namespace

std::vector<Route> ResourceRoutes() {
  return {
      {kGet | kPost, "/order/resource/query", Permission::kResourceRead, ResourcePage},
      {kGet, "/order/resource/{resourceId}", Permission::kResourceRead, ResourceDetail},
      {kPost, "/order/resource/add/save", Permission::kResourceWrite, ResourceAdd},
      {kPost, "/order/resource/edit/save", Permission::kResourceWrite, ResourceEdit},
      {kPost, "/order/resource/online", Permission::kResourceWrite, ResourceOnline},
      {kPost, "/order/resource/repeal", Permission::kResourceWrite, ResourceRepeal},
  };
}

}  // namespace jsms
