#include "domain/validation.h"

#include "domain/clock.h"
#include "domain/names.h"
#include "domain/status.h"
#include "domain/text.h"

namespace jsms {

namespace {

// Every comma-separated code must be known (the name rule drops unknown ones silently; input
// validation refuses them instead).
bool AllKnown(const std::string& codes, Cell (*name_of)(const Cell&)) {
  if (codes.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t comma = codes.find(',', start);
    std::string code = std::string(Trim(std::string_view(codes).substr(start, comma - start)));
    Cell name = name_of(code);  // the multi-valued rule gives "" for an unknown code
    if (!name || name->empty()) return false;
    if (comma == std::string::npos) return true;
    start = comma + 1;
  }
}

bool NonNegativeInteger(const std::string& value) {
  int64_t n = 0;
  return ParseInt64(value, &n) && n >= 0;
}

Status Refuse(const char* field, const char* takes) {
  return Status::InvalidParam(std::string("参数") + field + "无效（" + takes + "）");
}

constexpr const char* kChannelTakes = "取值0三网合一,1移动,2电信,3联通,4全网，可逗号分隔多个";
constexpr const char* kSignTakes = "取值0自定义,1报备签名,2固签，可逗号分隔多个";
constexpr const char* kDirectTakes = "取值0直连,1第三方";
constexpr const char* kInvoiceTakes = "取值0不要票,1专票,2普票";
constexpr const char* kAuditTakes = "取值0否,1是";
constexpr const char* kProtocolTakes = "取值0HTTP,1CMPP,2SMGP,3SGIP,4SMPP";
constexpr const char* kCountTakes = "须为不小于0的整数";
constexpr const char* kIdTakes = "须为正整数";
constexpr const char* kDateTakes = "须为YYYY-MM-DD格式的日期";

}  // namespace

Status CheckOrderField(order::Field field, const std::string& value) {
  const char* name = kOrderFields[field].name;
  int64_t n = 0;
  switch (field) {
    case order::kChannelType:
      return AllKnown(value, names::ChannelType) ? Status::Ok() : Refuse(name, kChannelTakes);
    case order::kSignType:
      return AllKnown(value, names::SignType) ? Status::Ok() : Refuse(name, kSignTakes);
    case order::kDirectConnect:
      return names::DirectConnect(value) ? Status::Ok() : Refuse(name, kDirectTakes);
    case order::kInvoiceType:
      return names::InvoiceType(value) ? Status::Ok() : Refuse(name, kInvoiceTakes);
    case order::kIsAudit:
      return names::IsAudit(value) ? Status::Ok() : Refuse(name, kAuditTakes);
    case order::kExtendSize:
    case order::kMinimumGuarantee:
      return NonNegativeInteger(value) ? Status::Ok() : Refuse(name, kCountTakes);
    case order::kBelongSale:
    case order::kAuditorId:
    case order::kOperatorId:
      return ParseInt64(value, &n) && n > 0 ? Status::Ok() : Refuse(name, kIdTakes);
    case order::kOnlineDate:
      return IsDate(value) ? Status::Ok() : Refuse(name, kDateTakes);
    default:
      return Status::Ok();
  }
}

Status CheckResourceField(resource::Field field, const std::string& value) {
  const char* name = kResourceFields[field].name;
  int64_t n = 0;
  switch (field) {
    case resource::kChannelType:
      return AllKnown(value, names::ChannelType) ? Status::Ok() : Refuse(name, kChannelTakes);
    case resource::kSignType:
      return AllKnown(value, names::SignType) ? Status::Ok() : Refuse(name, kSignTakes);
    case resource::kDirectConnect:
      return names::DirectConnect(value) ? Status::Ok() : Refuse(name, kDirectTakes);
    case resource::kInvoiceType:
      return names::InvoiceType(value) ? Status::Ok() : Refuse(name, kInvoiceTakes);
    case resource::kIsAudit:
      return names::IsAudit(value) ? Status::Ok() : Refuse(name, kAuditTakes);
    case resource::kProtocolType:
      return names::ProtocolType(value) ? Status::Ok() : Refuse(name, kProtocolTakes);
    case resource::kExtendSize:
    case resource::kMinimumGuarantee:
    case resource::kIsCredit:
      return NonNegativeInteger(value) ? Status::Ok() : Refuse(name, kCountTakes);
    case resource::kBelongBusiness:
    case resource::kAuditorId:
    case resource::kOperatorId:
      return ParseInt64(value, &n) && n > 0 ? Status::Ok() : Refuse(name, kIdTakes);
    case resource::kOnlineDate:
      return IsDate(value) ? Status::Ok() : Refuse(name, kDateTakes);
    default:
      return Status::Ok();
  }
}

}  // namespace jsms
