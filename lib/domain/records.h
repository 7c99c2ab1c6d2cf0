// The records of jsms-ops: orders, resources, demands, links, staff and progress entries.
//
// Each record is a fixed array of nullable cells, one per field, in the seed's JSON order. A field
// table (kOrderFields, …) names each field and says whether it is an integer (a JSON number and an
// INTEGER column) or text. The table drives the SQL column lists, the JSON encoder and the fixture
// loader, so a field is declared once. Integer cells hold canonical decimal text ("149").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jsms {

using Cell = std::optional<std::string>;

enum class FieldKind { kText, kInteger };

struct FieldSpec {
  const char* name;
  FieldKind kind;
};

namespace order {
enum Field : size_t {
  kOrderId, kCompanyName, kIndustryType, kBelongSale, kSmsType, kExpectNumber, kMinimumGuarantee,
  kChannelType, kDirectConnect, kExtendSize, kRate, kSignType, kContentTemplate, kPayType,
  kSalePrice, kInvoiceType, kOnlineDate, kIsAudit, kState, kRemark, kAuditorId, kOperatorId,
  kCreateTime, kUpdateTime, kFieldCount
};
}  // namespace order

namespace resource {
enum Field : size_t {
  kResourceId, kChannelId, kChannelType, kSmsType, kContentProp, kBelongBusiness, kDirectConnect,
  kExtendSize, kSignType, kPurchasePrice, kRate, kMinimumGuarantee, kIsCredit, kPayType,
  kInvoiceType, kMtIp, kProtocolType, kSupplier, kContact, kMobile, kIsAudit, kOnlineDate, kState,
  kRemark, kAuditorId, kOperatorId, kCreateTime, kUpdateTime, kFieldCount
};
}  // namespace resource

namespace demand {
// Every demand field is text, as in the original's entity (stateName is derived, not stored).
enum Field : size_t {
  kDemandId, kOrderId, kIndustryType, kSmsType, kExpectNumber, kMinimumGuarantee, kChannelType,
  kDirectConnect, kExtendSize, kRate, kSignType, kContentTemplate, kSalePrice, kOnlineDate, kState,
  kRemark, kOperatorId, kCreateTime, kUpdateTime, kFieldCount
};
}  // namespace demand

extern const std::array<FieldSpec, order::kFieldCount> kOrderFields;
extern const std::array<FieldSpec, resource::kFieldCount> kResourceFields;
extern const std::array<FieldSpec, demand::kFieldCount> kDemandFields;

// An order as stored, plus the two facts the detail shows from other tables.
struct Order {
  std::array<Cell, order::kFieldCount> cells;
  Cell belong_sale_name;  // staff name of belongSale; null when there is no such staff
  Cell demand_state;      // state of the order's current demand; null when it has none
};

struct Resource {
  std::array<Cell, resource::kFieldCount> cells;
  Cell belong_business_name;  // staff name of belongBusiness; null when there is no such staff
  // The row as the resource page writes it, kept by the store (schema versions 4 and 7) packed:
  // its values alone, each after its length, the keys left out (json/encode.h PackResourceRow),
  // with one byte kNamePlaceholder as belongBusinessName's value. When set, it is what is sent
  // (keys and name put back), and the cells may be left unread. A view of the store's own
  // buffer, not a copy (a page is 30 of them): valid only while the record is handed to its
  // reader (OnRow), never kept.
  std::optional<std::string_view> encoded_row;
};

// Stands for belongBusinessName's value in Resource::encoded_row (JSON text never holds a raw
// control character).
constexpr char kNamePlaceholder = '\x01';

struct Demand {
  std::array<Cell, demand::kFieldCount> cells;
};

// The fields a request sets: an engaged entry is "set to this (possibly null)", an empty one is
// "leave as it is".
using OrderPatch = std::array<std::optional<Cell>, order::kFieldCount>;
using ResourcePatch = std::array<std::optional<Cell>, resource::kFieldCount>;

struct Staff {
  int64_t id = 0;
  std::string name;
};

struct Link {
  std::string order_id;
  std::string resource_id;
};

// One line of an order's history: written by every accepted change to the order.
struct ProgressEntry {
  std::string order_id;
  std::string action;  // the endpoint's last path word, e.g. "daipipei"
  std::optional<int> from_state;
  int to_state = 0;
  std::vector<std::string> resource_ids;
  std::string remark;
  std::optional<int64_t> operator_id;
  Cell operator_name;  // staff name of operator_id, when there is such staff
  std::string create_time;
};

// Ids: any non-empty string of at most 64 printable characters other than '/' (spec §3), in
// valid UTF-8. Control characters (C0, DEL, C1) are refused.
constexpr size_t kMaxIdLength = 64;
bool IsValidId(const std::string& id);

}  // namespace jsms
