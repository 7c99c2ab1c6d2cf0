#include "csv/csv.h"

#include <cstddef>

#include "domain/names.h"

namespace jsms {

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";
constexpr const char* kLineEnd = "\r\n";

// A column: its title and how to read it from a record. The titles are the original pages' words
// (order-list.html, resource-list.html and resource-detail.html, demand-detail.html; the
// entities' comments where a page shows none). A code and its name share the page's word: the
// name gets the word itself (what the page showed), the code the word + 代码 (+ ID for staff).
template <typename Record>
struct Column {
  const char* title;
  void (*write)(const Record& record, std::string* out);  // appends the cell
};

void Write(const Cell& cell, std::string* out) {
  if (cell) AppendCsvCell(*cell, out);
}

template <typename Record, size_t kField>
void FieldOf(const Record& record, std::string* out) {
  Write(record.cells[kField], out);
}

template <typename Record, size_t kField, Cell (*kName)(const Cell&)>
void NameOf(const Record& record, std::string* out) {
  Write(kName(record.cells[kField]), out);
}

void BelongSaleName(const Order& order, std::string* out) { Write(order.belong_sale_name, out); }
void DemandState(const Order& order, std::string* out) { Write(order.demand_state, out); }
void DemandStateName(const Order& order, std::string* out) { Write(names::OrderDemandState(order.demand_state), out); }
void BelongBusinessName(const Resource& resource, std::string* out) { Write(resource.belong_business_name, out); }

// The record's fields in the JSON's order, each name moved right beside its code.
const Column<Order> kOrderColumns[] = {
    {"订单号", FieldOf<Order, order::kOrderId>},
    {"客户名称", FieldOf<Order, order::kCompanyName>},
    {"所属行业", FieldOf<Order, order::kIndustryType>},
    {"归属销售ID", FieldOf<Order, order::kBelongSale>},
    {"归属销售", BelongSaleName},
    {"发送类型", FieldOf<Order, order::kSmsType>},
    {"预计量(条/月)", FieldOf<Order, order::kExpectNumber>},
    {"是否保底代码", FieldOf<Order, order::kMinimumGuarantee>},
    {"是否保底", NameOf<Order, order::kMinimumGuarantee, names::MinimumGuarantee>},
    {"通道类型代码", FieldOf<Order, order::kChannelType>},
    {"通道类型", NameOf<Order, order::kChannelType, names::ChannelType>},
    {"是否直连代码", FieldOf<Order, order::kDirectConnect>},
    {"是否直连", NameOf<Order, order::kDirectConnect, names::DirectConnect>},
    {"扩展位代码", FieldOf<Order, order::kExtendSize>},
    {"扩展位", NameOf<Order, order::kExtendSize, names::OrderExtendSize>},
    {"速率", FieldOf<Order, order::kRate>},
    {"签名代码", FieldOf<Order, order::kSignType>},
    {"签名", NameOf<Order, order::kSignType, names::SignType>},
    {"发送内容模板", FieldOf<Order, order::kContentTemplate>},
    {"结算方式", FieldOf<Order, order::kPayType>},
    {"销售价格(元/条)", FieldOf<Order, order::kSalePrice>},
    {"发票代码", FieldOf<Order, order::kInvoiceType>},
    {"发票", NameOf<Order, order::kInvoiceType, names::InvoiceType>},
    {"要求上线时间", FieldOf<Order, order::kOnlineDate>},
    {"是否需要上级审核代码", FieldOf<Order, order::kIsAudit>},
    {"是否需要上级审核", NameOf<Order, order::kIsAudit, names::IsAudit>},
    {"订单状态代码", FieldOf<Order, order::kState>},
    {"订单状态", NameOf<Order, order::kState, names::OrderState>},
    {"备注", FieldOf<Order, order::kRemark>},
    {"审批人ID", FieldOf<Order, order::kAuditorId>},
    {"提交人ID", FieldOf<Order, order::kOperatorId>},
    {"创建时间", FieldOf<Order, order::kCreateTime>},
    {"修改时间", FieldOf<Order, order::kUpdateTime>},
    {"需求状态代码", DemandState},
    {"需求状态", DemandStateName},
};

const Column<Resource> kResourceColumns[] = {
    {"资源编号", FieldOf<Resource, resource::kResourceId>},
    {"通道号", FieldOf<Resource, resource::kChannelId>},
    {"通道类型代码", FieldOf<Resource, resource::kChannelType>},
    {"通道类型", NameOf<Resource, resource::kChannelType, names::ChannelType>},
    {"发送类型", FieldOf<Resource, resource::kSmsType>},
    {"发送内容属性", FieldOf<Resource, resource::kContentProp>},
    {"归属商务ID", FieldOf<Resource, resource::kBelongBusiness>},
    {"归属商务", BelongBusinessName},
    {"是否直连代码", FieldOf<Resource, resource::kDirectConnect>},
    {"是否直连", NameOf<Resource, resource::kDirectConnect, names::DirectConnect>},
    {"扩展位代码", FieldOf<Resource, resource::kExtendSize>},
    {"扩展位", NameOf<Resource, resource::kExtendSize, names::ResourceExtendSize>},
    {"签名代码", FieldOf<Resource, resource::kSignType>},
    {"签名", NameOf<Resource, resource::kSignType, names::SignType>},
    {"采购价格(元/条)", FieldOf<Resource, resource::kPurchasePrice>},
    {"速率", FieldOf<Resource, resource::kRate>},
    {"是否保底代码", FieldOf<Resource, resource::kMinimumGuarantee>},
    {"是否保底", NameOf<Resource, resource::kMinimumGuarantee, names::MinimumGuarantee>},
    {"是否授信代码", FieldOf<Resource, resource::kIsCredit>},
    {"是否授信", NameOf<Resource, resource::kIsCredit, names::IsCredit>},
    {"结算方式", FieldOf<Resource, resource::kPayType>},
    {"发票代码", FieldOf<Resource, resource::kInvoiceType>},
    {"发票", NameOf<Resource, resource::kInvoiceType, names::InvoiceType>},
    {"接入IP", FieldOf<Resource, resource::kMtIp>},
    {"接入协议代码", FieldOf<Resource, resource::kProtocolType>},
    {"接入协议", NameOf<Resource, resource::kProtocolType, names::ProtocolType>},
    {"供应商", FieldOf<Resource, resource::kSupplier>},
    {"联系人", FieldOf<Resource, resource::kContact>},
    {"手机号码", FieldOf<Resource, resource::kMobile>},
    {"是否需要上级审核", FieldOf<Resource, resource::kIsAudit>},
    {"待接入时间", FieldOf<Resource, resource::kOnlineDate>},
    {"资源状态代码", FieldOf<Resource, resource::kState>},
    {"资源状态", NameOf<Resource, resource::kState, names::ResourceState>},
    {"备注", FieldOf<Resource, resource::kRemark>},
    {"审批人ID", FieldOf<Resource, resource::kAuditorId>},
    {"提交人ID", FieldOf<Resource, resource::kOperatorId>},
    {"提交时间", FieldOf<Resource, resource::kCreateTime>},
    {"修改时间", FieldOf<Resource, resource::kUpdateTime>},
};

// A demand's JSON has one name (stateName); its other codes stay codes.
const Column<Demand> kDemandColumns[] = {
    {"需求编号", FieldOf<Demand, demand::kDemandId>},
    {"订单号", FieldOf<Demand, demand::kOrderId>},
    {"所属行业", FieldOf<Demand, demand::kIndustryType>},
    {"发送类型", FieldOf<Demand, demand::kSmsType>},
    {"预计量(条/月)", FieldOf<Demand, demand::kExpectNumber>},
    {"是否保底代码", FieldOf<Demand, demand::kMinimumGuarantee>},
    {"通道类型代码", FieldOf<Demand, demand::kChannelType>},
    {"是否直连代码", FieldOf<Demand, demand::kDirectConnect>},
    {"扩展位代码", FieldOf<Demand, demand::kExtendSize>},
    {"速率", FieldOf<Demand, demand::kRate>},
    {"签名代码", FieldOf<Demand, demand::kSignType>},
    {"发送内容模板", FieldOf<Demand, demand::kContentTemplate>},
    {"销售价格(元/条)", FieldOf<Demand, demand::kSalePrice>},
    {"要求上线时间", FieldOf<Demand, demand::kOnlineDate>},
    {"需求状态代码", FieldOf<Demand, demand::kState>},
    {"需求状态", NameOf<Demand, demand::kState, names::DemandState>},
    {"备注", FieldOf<Demand, demand::kRemark>},
    {"提交人ID", FieldOf<Demand, demand::kOperatorId>},
    {"需求发起时间", FieldOf<Demand, demand::kCreateTime>},
    {"修改时间", FieldOf<Demand, demand::kUpdateTime>},
};

template <typename Record, size_t N>
void Header(const Column<Record> (&columns)[N], std::string* out) {
  out->append(kBom);
  for (size_t i = 0; i < N; ++i) {
    if (i) out->push_back(',');
    AppendCsvCell(columns[i].title, out);
  }
  out->append(kLineEnd);
}

template <typename Record, size_t N>
void Line(const Column<Record> (&columns)[N], const Record& record, std::string* out) {
  for (size_t i = 0; i < N; ++i) {
    if (i) out->push_back(',');
    columns[i].write(record, out);
  }
  out->append(kLineEnd);
}

}  // namespace

void AppendCsvCell(std::string_view value, std::string* out) {
  bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                                    value[0] == '\t' || value[0] == '\r');
  // One pass over the bytes: cells are short, and find_first_of searched the cell once per
  // character (a memchr call each), a sixth of an export's CPU.
  bool quoted = false;
  for (char c : value) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      quoted = true;
      break;
    }
  }
  if (quoted) out->push_back('"');
  if (formula) out->push_back('\'');
  if (!quoted) {
    out->append(value);  // the common case: copied as it is
    return;
  }
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void CsvEncoder::BeginOrders() { Header(kOrderColumns, &text_); }
void CsvEncoder::BeginResources() { Header(kResourceColumns, &text_); }
void CsvEncoder::BeginDemands() { Header(kDemandColumns, &text_); }
void CsvEncoder::Row(const Order& order) { Line(kOrderColumns, order, &text_); }
void CsvEncoder::Row(const Resource& resource) { Line(kResourceColumns, resource, &text_); }
void CsvEncoder::Row(const Demand& demand) { Line(kDemandColumns, demand, &text_); }

}  // namespace jsms
