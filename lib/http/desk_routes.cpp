// The desks around the seed's six: orders (sales), resources (procurement), demands (the answer
// to 发起需求), progress and staff. Same conventions as the six (spec §1).
#include "domain/clock.h"
#include "domain/records.h"
#include "http/record_params.h"
#include "http/routes.h"

namespace jsms::routes {

namespace {

constexpr size_t kMaxFilterChars = 200;

// Reads the remark and X-Operator-Id every desk change takes.
Status ReadNote(const Context& context, DeskNote* note) {
  Status status = ReadText(context.params, "remark", kMaxRemarkChars, &note->remark);
  if (status.ok()) status = ReadOperatorId(context.operator_header, &note->operator_id);
  return status;
}

Status ReadDate(const Params& params, const char* name, std::optional<std::string>* out) {
  const std::string* value = params.Find(name);
  out->reset();
  if (!value || value->empty()) return Status::Ok();
  if (!IsDate(*value)) return Status::InvalidParam(std::string("参数") + name + "无效（须为YYYY-MM-DD格式的日期）");
  *out = *value;
  return Status::Ok();
}

ApiReply Done(const Status& status) { return status.ok() ? Json(EncodeSuccess("操作成功！")) : FromStatus(status); }

}  // namespace

// ---- Orders ----

ApiReply OrderList(const Context& context) {
  PageRequest page;
  OrderFilter filter;
  std::string company;
  for (Status s : {ReadPage(context.params, &page), ReadInteger(context.params, "state", 0, &filter.state),
                   ReadId(context.params, "orderId", false, &filter.order_id),
                   ReadText(context.params, "companyName", kMaxFilterChars, &company),
                   ReadInteger(context.params, "belongSale", 1, &filter.belong_sale),
                   ReadDate(context.params, "createTimeFrom", &filter.created_from),
                   ReadDate(context.params, "createTimeTo", &filter.created_to)}) {
    if (!s.ok()) return FromStatus(s);
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
  return PagedReply<Order>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->VisitOrderPage(filter, page, on_total, on_row);
  });
}

ApiReply OrderAdd(const Context& context) {
  OrderPatch fields;
  DeskNote note;
  for (Status s : {ReadOrderPatch(context.params, &fields), CheckRequiredOrderFields(fields, true),
                   ReadNote(context, &note)}) {
    if (!s.ok()) return FromStatus(s);
  }
  std::string id;
  Status added = context.store->AddOrder(fields, note, &id);
  return added.ok() ? Json(EncodeSuccessWithId("操作成功！", id)) : FromStatus(added);
}

ApiReply OrderEdit(const Context& context) {
  std::optional<std::string> order_id;
  OrderPatch changes;
  DeskNote note;
  for (Status s : {ReadId(context.params, "orderId", true, &order_id), ReadOrderPatch(context.params, &changes),
                   CheckRequiredOrderFields(changes, false), ReadNote(context, &note)}) {
    if (!s.ok()) return FromStatus(s);
  }
  // The updateTime the client last saw: an edit over someone else's change is refused.
  std::optional<std::string> seen;
  const std::string* update_time = context.params.Find("updateTime");
  if (update_time && !update_time->empty()) {
    if (!IsTimestamp(*update_time)) {
      return FromStatus(Status::InvalidParam("参数updateTime无效（须为YYYY-MM-DD HH:MM:SS）"));
    }
    seen = *update_time;
  }
  return Done(context.store->EditOrder(*order_id, changes, seen, note));
}

ApiReply OrderCancel(const Context& context) {
  std::optional<std::string> order_id;
  DeskNote note;
  for (Status s : {ReadId(context.params, "orderId", true, &order_id), ReadNote(context, &note)}) {
    if (!s.ok()) return FromStatus(s);
  }
  return Done(context.store->CancelOrder(*order_id, note));
}

ApiReply OrderProgress(const Context& context) {
  if (!IsValidId(context.path_id)) {
    return FromStatus(Status::InvalidParam("参数orderId无效（须为1到64个可打印字符，不含/）"));
  }
  std::vector<ProgressEntry> entries;
  Status listed = context.store->ListProgress(context.path_id, &entries);
  return listed.ok() ? Json(EncodeProgress(entries)) : FromStatus(listed);
}

// ---- Resources ----

ApiReply ResourceDetail(const Context& context) {
  if (!IsValidId(context.path_id)) {
    return FromStatus(Status::InvalidParam("参数resourceId无效（须为1到64个可打印字符，不含/）"));
  }
  Resource resource;
  Status found = context.store->GetResource(context.path_id, &resource);
  return found.ok() ? Json(EncodeResourceDetail(resource)) : FromStatus(found);
}

namespace {

// The acting operator, when named by X-Operator-Id, is the resource's operatorId.
Status ReadResourceChange(const Context& context, ResourcePatch* fields) {
  std::optional<int64_t> operator_id;
  Status status = ReadResourcePatch(context.params, fields);
  if (status.ok()) status = ReadOperatorId(context.operator_header, &operator_id);
  if (status.ok() && operator_id) (*fields)[resource::kOperatorId] = Cell(std::to_string(*operator_id));
  return status;
}

ApiReply ResourceStateChange(const Context& context,
                             Status (Store::*change)(const std::string&, std::optional<int64_t>)) {
  std::optional<std::string> resource_id;
  std::optional<int64_t> operator_id;
  for (Status s : {ReadId(context.params, "resourceId", true, &resource_id),
                   ReadOperatorId(context.operator_header, &operator_id)}) {
    if (!s.ok()) return FromStatus(s);
  }
  return Done((context.store->*change)(*resource_id, operator_id));
}

}  // namespace

ApiReply ResourceAdd(const Context& context) {
  ResourcePatch fields;
  Status read = ReadResourceChange(context, &fields);
  if (!read.ok()) return FromStatus(read);
  std::string id;
  Status added = context.store->AddResource(fields, &id);
  return added.ok() ? Json(EncodeSuccessWithId("操作成功！", id)) : FromStatus(added);
}

ApiReply ResourceEdit(const Context& context) {
  std::optional<std::string> resource_id;
  ResourcePatch changes;
  for (Status s : {ReadId(context.params, "resourceId", true, &resource_id), ReadResourceChange(context, &changes)}) {
    if (!s.ok()) return FromStatus(s);
  }
  return Done(context.store->EditResource(*resource_id, changes));
}

ApiReply ResourceOnline(const Context& context) { return ResourceStateChange(context, &Store::SetResourceOnline); }
ApiReply ResourceRepeal(const Context& context) { return ResourceStateChange(context, &Store::RepealResource); }

// ---- Demands ----

ApiReply DemandList(const Context& context) {
  PageRequest page;
  DemandFilter filter;
  for (Status s : {ReadPage(context.params, &page), ReadInteger(context.params, "state", 0, &filter.state),
                   ReadId(context.params, "orderId", false, &filter.order_id)}) {
    if (!s.ok()) return FromStatus(s);
  }
  std::vector<EchoParam> echo;
  if (filter.order_id) echo.push_back({"orderId", *filter.order_id, false});
  if (filter.state) echo.push_back({"state", std::to_string(*filter.state), true});
  Store* store = context.store;
  return PagedReply<Demand>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->VisitDemandPage(filter, page, on_total, on_row);
  });
}

ApiReply DemandOfOrder(const Context& context) {
  if (!IsValidId(context.path_id)) {
    return FromStatus(Status::InvalidParam("参数orderId无效（须为1到64个可打印字符，不含/）"));
  }
  Demand demand;
  Status found = context.store->GetDemandOfOrder(context.path_id, &demand);
  return found.ok() ? Json(EncodeDemandDetail(demand)) : FromStatus(found);
}

ApiReply DemandSupplied(const Context& context) {
  std::optional<std::string> demand_id;
  std::vector<std::string> resource_ids;
  DeskNote note;
  for (Status s : {ReadId(context.params, "demandId", true, &demand_id), ReadResourceIds(context.params, &resource_ids),
                   ReadNote(context, &note)}) {
    if (!s.ok()) return FromStatus(s);
  }
  if (resource_ids.empty()) return FromStatus(Status::InvalidParam("缺少参数resourceIds（已供应须指定至少一个资源）"));
  return Done(context.store->AnswerDemand(*demand_id, true, resource_ids, note));
}

ApiReply DemandNoSource(const Context& context) {
  std::optional<std::string> demand_id;
  DeskNote note;
  for (Status s : {ReadId(context.params, "demandId", true, &demand_id), ReadNote(context, &note)}) {
    if (!s.ok()) return FromStatus(s);
  }
  return Done(context.store->AnswerDemand(*demand_id, false, {}, note));
}

// ---- Staff ----

ApiReply StaffList(const Context& context) {
  std::vector<Staff> staff;
  Status listed = context.store->ListStaff(&staff);
  return listed.ok() ? Json(EncodeStaff(staff)) : FromStatus(listed);
}

}  // namespace jsms::routes
