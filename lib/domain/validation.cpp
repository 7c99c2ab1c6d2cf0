#include "domain/validation.h"

#include <string_view>

#include "domain/dates.h"
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

// Orders and resources name their code fields alike, so one rule per field name serves both.
Status CheckField(const char* name, const std::string& value) {
  const std::string_view field = name;
  int64_t n = 0;
  if (field == "channelType") return AllKnown(value, names::ChannelType) ? Status::Ok() : Refuse(name, kChannelTakes);
  if (field == "signType") return AllKnown(value, names::SignType) ? Status::Ok() : Refuse(name, kSignTakes);
  if (field == "directConnect") return names::DirectConnect(value) ? Status::Ok() : Refuse(name, kDirectTakes);
  if (field == "invoiceType") return names::InvoiceType(value) ? Status::Ok() : Refuse(name, kInvoiceTakes);
  if (field == "isAudit") return names::IsAudit(value) ? Status::Ok() : Refuse(name, kAuditTakes);
  if (field == "protocolType") return names::ProtocolType(value) ? Status::Ok() : Refuse(name, kProtocolTakes);
  if (field == "extendSize" || field == "minimumGuarantee" || field == "isCredit") {
    return NonNegativeInteger(value) ? Status::Ok() : Refuse(name, kCountTakes);
  }
  if (field == "belongSale" || field == "belongBusiness" || field == "auditorId" || field == "operatorId") {
    return ParseInt64(value, &n) && n > 0 ? Status::Ok() : Refuse(name, kIdTakes);
  }
  if (field == "onlineDate") return IsDate(value) ? Status::Ok() : Refuse(name, kDateTakes);
  return Status::Ok();
}

}  // namespace

Status CheckOrderField(order::Field field, const std::string& value) {
  return CheckField(kOrderFields[field].name, value);
}

Status CheckResourceField(resource::Field field, const std::string& value) {
  return CheckField(kResourceFields[field].name, value);
}

}  // namespace jsms
