#include "domain/records.h"

#include "domain/text.h"

namespace jsms {

namespace {
constexpr FieldKind T = FieldKind::kText;
constexpr FieldKind I = FieldKind::kInteger;
}  // namespace

// The seed's key order; the JSON encoder and SQL column lists follow these tables.
const std::array<FieldSpec, order::kFieldCount> kOrderFields = {{
    {"orderId", T}, {"companyName", T}, {"industryType", T}, {"belongSale", I}, {"smsType", T},
    {"expectNumber", T}, {"minimumGuarantee", T}, {"channelType", T}, {"directConnect", I},
    {"extendSize", I}, {"rate", T}, {"signType", T}, {"contentTemplate", T}, {"payType", T},
    {"salePrice", T}, {"invoiceType", I}, {"onlineDate", T}, {"isAudit", I}, {"state", I},
    {"remark", T}, {"auditorId", I}, {"operatorId", I}, {"createTime", T}, {"updateTime", T},
}};

const std::array<FieldSpec, resource::kFieldCount> kResourceFields = {{
    {"resourceId", T}, {"channelId", T}, {"channelType", T}, {"smsType", T}, {"contentProp", T},
    {"belongBusiness", T}, {"directConnect", T}, {"extendSize", T}, {"signType", T},
    {"purchasePrice", T}, {"rate", T}, {"minimumGuarantee", T}, {"isCredit", T}, {"payType", T},
    {"invoiceType", T}, {"mtIp", T}, {"protocolType", T}, {"supplier", T}, {"contact", T},
    {"mobile", T}, {"isAudit", T}, {"onlineDate", T}, {"state", T}, {"remark", T},
    {"auditorId", T}, {"operatorId", T}, {"createTime", T}, {"updateTime", T},
}};

const std::array<FieldSpec, demand::kFieldCount> kDemandFields = {{
    {"demandId", T}, {"orderId", T}, {"industryType", T}, {"smsType", T}, {"expectNumber", T},
    {"minimumGuarantee", T}, {"channelType", T}, {"directConnect", T}, {"extendSize", T},
    {"rate", T}, {"signType", T}, {"contentTemplate", T}, {"salePrice", T}, {"onlineDate", T},
    {"state", T}, {"remark", T}, {"operatorId", T}, {"createTime", T}, {"updateTime", T},
}};

bool IsValidId(const std::string& id) {
  if (id.empty() || !IsValidUtf8(id) || Utf8Length(id) > kMaxIdLength) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7f || c == '/') return false;
    // C1 controls U+0080..U+009F are encoded C2 80..C2 9F: not printable either.
    if (c == 0xc2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) <= 0x9f) return false;
  }
  return true;
}

}  // namespace jsms
