#include "http/record_params.h"

#include <string_view>

#include "domain/text.h"
#include "domain/validation.h"

namespace jsms {

namespace {

constexpr size_t kMaxFieldChars = 500;

// Ids, states and times are the store's to set. An order's remark is the action's remark (kept
// on the progress entry too); a resource's remark is a plain field.
bool Settable(std::string_view name, bool is_order) {
  return name != "orderId" && name != "resourceId" && name != "state" && name != "createTime" &&
         name != "updateTime" && !(is_order && name == "remark");
}

template <size_t N, typename Check>
Status ReadPatch(const Params& params, const std::array<FieldSpec, N>& fields, Check check,
                 std::array<std::optional<Cell>, N>* out) {
  const bool is_order = fields[0].name == std::string_view("orderId");
  for (size_t i = 0; i < N; ++i) {
    const FieldSpec& field = fields[i];
    if (!Settable(field.name, is_order)) continue;
    const std::string* value = params.Find(field.name);
    if (!value) continue;
    if (value->empty()) {
      (*out)[i] = Cell();  // sent empty: cleared
      continue;
    }
    int64_t number = 0;
    if (field.kind == FieldKind::kInteger && !ParseInt64(*value, &number)) {
      return Status::InvalidParam(std::string("参数") + field.name + "无效（须为整数）");
    }
    if (Utf8Length(*value) > kMaxFieldChars) {
      return Status::InvalidParam(std::string("参数") + field.name + "过长（最多500个字符）");
    }
    Status valid = check(i, *value);
    if (!valid.ok()) return valid;
    (*out)[i] = Cell(field.kind == FieldKind::kInteger ? std::to_string(number) : *value);
  }
  return Status::Ok();
}

}  // namespace

Status ReadOrderPatch(const Params& params, OrderPatch* out) {
  return ReadPatch(params, kOrderFields,
                   [](size_t i, const std::string& value) { return CheckOrderField(static_cast<order::Field>(i), value); },
                   out);
}

Status CheckRequiredOrderFields(const OrderPatch& patch, bool require_all) {
  for (order::Field field : {order::kCompanyName, order::kBelongSale, order::kSmsType, order::kChannelType,
                             order::kSalePrice}) {
    const auto& entry = patch[field];
    bool missing = require_all ? (!entry || !*entry) : (entry && !*entry);
    if (missing) return Status::InvalidParam(std::string("缺少参数") + kOrderFields[field].name);
  }
  return Status::Ok();
}

Status ReadResourcePatch(const Params& params, ResourcePatch* out) {
  return ReadPatch(
      params, kResourceFields,
      [](size_t i, const std::string& value) { return CheckResourceField(static_cast<resource::Field>(i), value); },
      out);
}

}  // namespace jsms
