#include "domain/names.h"

#include <cstdint>
#include <string_view>

#include "domain/text.h"

namespace jsms::names {

namespace {

// A small code (0..9 in practice) parsed from a cell; nullopt when null or not an integer.
std::optional<int64_t> CodeOf(const Cell& cell) {
  int64_t value = 0;
  if (!cell || !ParseInt64(*cell, &value)) return std::nullopt;
  return value;
}

template <size_t N>
Cell FromTable(const Cell& cell, const char* const (&labels)[N]) {
  auto code = CodeOf(cell);
  if (!code || *code < 0 || *code >= static_cast<int64_t>(N)) return std::nullopt;
  return std::string(labels[*code]);
}

template <size_t N>
Cell MultiFromTable(const Cell& cell, const char* const (&labels)[N]) {
  if (!cell) return std::nullopt;
  std::string out;
  std::string_view rest = *cell;
  while (true) {
    size_t comma = rest.find(',');
    int64_t code = 0;
    if (ParseInt64(Trim(rest.substr(0, comma)), &code) && code >= 0 && code < static_cast<int64_t>(N)) {
      out += ',';
      out += labels[code];
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

// "0" -> zero_label, positive n -> prefix + n + suffix, anything else -> null.
Cell Amount(const Cell& cell, const char* zero_label, const char* prefix, const char* suffix) {
  auto code = CodeOf(cell);
  if (!code || *code < 0) return std::nullopt;
  if (*code == 0) return std::string(zero_label);
  return prefix + std::to_string(*code) + suffix;
}

constexpr const char* kChannelTypes[] = {"三网合一", "移动", "电信", "联通", "全网"};
constexpr const char* kSignTypes[] = {"自定义", "报备签名", "固签"};
constexpr const char* kDirectConnect[] = {"直连", "第三方"};
constexpr const char* kInvoiceTypes[] = {"不要票", "专票", "普票"};
constexpr const char* kIsAudit[] = {"否", "是"};
constexpr const char* kProtocolTypes[] = {"HTTP", "CMPP", "SMGP", "SGIP", "SMPP"};
constexpr const char* kOrderStates[] = {"待配单", "待匹配", "待审批", "退单", "撤单",
                                        "匹配成功", "寻资源", "待审核", "待审核"};
constexpr const char* kResourceStates[] = {"待接入", "已接入", "待审批", "撤销"};
constexpr const char* kDemandStates[] = {"寻资源", "已供应", "无资源", "撤单"};

}  // namespace

Cell ChannelType(const Cell& codes) { return MultiFromTable(codes, kChannelTypes); }
Cell SignType(const Cell& codes) { return MultiFromTable(codes, kSignTypes); }
Cell DirectConnect(const Cell& code) { return FromTable(code, kDirectConnect); }
Cell OrderExtendSize(const Cell& code) { return Amount(code, "无特殊要求", "要求", "位"); }
Cell ResourceExtendSize(const Cell& code) { return Amount(code, "不支持", "支持", "位"); }
Cell MinimumGuarantee(const Cell& code) { return Amount(code, "不承诺保底", "", "万条/月"); }
Cell IsCredit(const Cell& code) { return Amount(code, "否", "", "万条/月"); }
Cell InvoiceType(const Cell& code) { return FromTable(code, kInvoiceTypes); }
Cell IsAudit(const Cell& code) { return FromTable(code, kIsAudit); }
Cell ProtocolType(const Cell& code) { return FromTable(code, kProtocolTypes); }
Cell OrderState(const Cell& code) { return FromTable(code, kOrderStates); }
Cell ResourceState(const Cell& code) { return FromTable(code, kResourceStates); }
Cell DemandState(const Cell& code) { return FromTable(code, kDemandStates); }

Cell OrderDemandState(const Cell& code) {
  if (!code) return std::string("——");
  return DemandState(code);
}

std::string OrderStateLabel(int state) {
  if (state >= 0 && state < static_cast<int>(std::size(kOrderStates))) return kOrderStates[state];
  return "状态" + std::to_string(state);
}

}  // namespace jsms::names
