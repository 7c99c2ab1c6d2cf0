// The derived `…Name` fields (spec §3): every code table, the multi-valued rule, nulls and unknowns.
#include <catch2/catch.hpp>

#include <string>

#include "domain/names.h"

using jsms::Cell;
namespace names = jsms::names;

namespace {
const Cell kNull = std::nullopt;
Cell C(const char* text) { return std::string(text); }
}  // namespace

TEST_CASE("channelType: ','+label per known code, in the given order", "[names]") {
  // The seed's two examples.
  CHECK(names::ChannelType(C("0")) == C(",三网合一"));
  CHECK(names::ChannelType(C("122")) == C(""));
  // Every single code.
  CHECK(names::ChannelType(C("1")) == C(",移动"));
  CHECK(names::ChannelType(C("2")) == C(",电信"));
  CHECK(names::ChannelType(C("3")) == C(",联通"));
  CHECK(names::ChannelType(C("4")) == C(",全网"));
  // Several codes keep the order they were given in, not the table's order.
  CHECK(names::ChannelType(C("1,2,3")) == C(",移动,电信,联通"));
  CHECK(names::ChannelType(C("3,1")) == C(",联通,移动"));
  // Unknown codes mixed in add nothing; the known ones still show.
  CHECK(names::ChannelType(C("1,9,3")) == C(",移动,联通"));
  CHECK(names::ChannelType(C("x,2")) == C(",电信"));
  CHECK(names::ChannelType(C("5")) == C(""));
  CHECK(names::ChannelType(C("-1")) == C(""));
  // A null field gives a null name (not "").
  CHECK(names::ChannelType(kNull) == kNull);
}

TEST_CASE("signType: multi-valued like channelType", "[names]") {
  CHECK(names::SignType(C("0")) == C(",自定义"));
  CHECK(names::SignType(C("1")) == C(",报备签名"));  // the seed's resource
  CHECK(names::SignType(C("2")) == C(",固签"));
  CHECK(names::SignType(C("2,0")) == C(",固签,自定义"));
  CHECK(names::SignType(C("0,3,1")) == C(",自定义,报备签名"));
  CHECK(names::SignType(C("3")) == C(""));
  CHECK(names::SignType(kNull) == kNull);
}

TEST_CASE("directConnect: 0 直连, 1 第三方, others null", "[names]") {
  CHECK(names::DirectConnect(C("0")) == C("直连"));
  CHECK(names::DirectConnect(C("1")) == C("第三方"));
  CHECK(names::DirectConnect(C("2")) == kNull);
  CHECK(names::DirectConnect(C("abc")) == kNull);
  CHECK(names::DirectConnect(kNull) == kNull);
}

TEST_CASE("extendSize: an order's wording differs from a resource's", "[names]") {
  // Order: 0 无特殊要求, n 要求n位 (the seed's order has 0).
  CHECK(names::OrderExtendSize(C("0")) == C("无特殊要求"));
  CHECK(names::OrderExtendSize(C("3")) == C("要求3位"));
  CHECK(names::OrderExtendSize(C("12")) == C("要求12位"));
  // Resource: 0 不支持, n 支持n位 (the seed's resources have 1).
  CHECK(names::ResourceExtendSize(C("0")) == C("不支持"));
  CHECK(names::ResourceExtendSize(C("1")) == C("支持1位"));
  CHECK(names::ResourceExtendSize(C("4")) == C("支持4位"));
  // Not a count: null.
  CHECK(names::OrderExtendSize(C("-1")) == kNull);
  CHECK(names::ResourceExtendSize(C("abc")) == kNull);
  CHECK(names::OrderExtendSize(kNull) == kNull);
  CHECK(names::ResourceExtendSize(kNull) == kNull);
}

TEST_CASE("minimumGuarantee: 0 不承诺保底, n n万条/月", "[names]") {
  CHECK(names::MinimumGuarantee(C("0")) == C("不承诺保底"));
  CHECK(names::MinimumGuarantee(C("1")) == C("1万条/月"));
  CHECK(names::MinimumGuarantee(C("50")) == C("50万条/月"));
  CHECK(names::MinimumGuarantee(C("很多")) == kNull);
  CHECK(names::MinimumGuarantee(kNull) == kNull);
}

TEST_CASE("isCredit: 0 否, n n万条/月", "[names]") {
  CHECK(names::IsCredit(C("0")) == C("否"));
  CHECK(names::IsCredit(C("1")) == C("1万条/月"));  // the seed's resource
  CHECK(names::IsCredit(C("5")) == C("5万条/月"));
  CHECK(names::IsCredit(C("-5")) == kNull);
  CHECK(names::IsCredit(kNull) == kNull);
}

TEST_CASE("invoiceType: 0 不要票, 1 专票, 2 普票", "[names]") {
  CHECK(names::InvoiceType(C("0")) == C("不要票"));
  CHECK(names::InvoiceType(C("1")) == C("专票"));
  CHECK(names::InvoiceType(C("2")) == C("普票"));
  CHECK(names::InvoiceType(C("3")) == kNull);
  CHECK(names::InvoiceType(kNull) == kNull);
}

TEST_CASE("isAudit: 0 否, 1 是", "[names]") {
  CHECK(names::IsAudit(C("0")) == C("否"));
  CHECK(names::IsAudit(C("1")) == C("是"));
  CHECK(names::IsAudit(C("2")) == kNull);
  CHECK(names::IsAudit(kNull) == kNull);
}

TEST_CASE("protocolType: 0 HTTP, 1 CMPP, 2 SMGP, 3 SGIP, 4 SMPP", "[names]") {
  CHECK(names::ProtocolType(C("0")) == C("HTTP"));
  CHECK(names::ProtocolType(C("1")) == C("CMPP"));
  CHECK(names::ProtocolType(C("2")) == C("SMGP"));
  CHECK(names::ProtocolType(C("3")) == C("SGIP"));
  CHECK(names::ProtocolType(C("4")) == C("SMPP"));
  CHECK(names::ProtocolType(C("5")) == kNull);
  CHECK(names::ProtocolType(C("CMPP")) == kNull);  // a name is not a code
  CHECK(names::ProtocolType(kNull) == kNull);
}

TEST_CASE("order states 0..8 (7 and 8 both 待审核)", "[names]") {
  const char* labels[] = {"待配单", "待匹配", "待审批", "退单", "撤单", "匹配成功", "寻资源", "待审核", "待审核"};
  for (int state = 0; state < 9; ++state) {
    INFO("state " << state);
    CHECK(names::OrderState(std::to_string(state)) == C(labels[state]));
    // Messages use the same label.
    CHECK(names::OrderStateLabel(state) == labels[state]);
  }
  CHECK(names::OrderState(C("9")) == kNull);
  CHECK(names::OrderState(C("-1")) == kNull);
  CHECK(names::OrderState(kNull) == kNull);
  // A state outside the table still gets a readable label in messages.
  CHECK(names::OrderStateLabel(9) == "状态9");
}

TEST_CASE("resource states 0..3", "[names]") {
  CHECK(names::ResourceState(C("0")) == C("待接入"));
  CHECK(names::ResourceState(C("1")) == C("已接入"));
  CHECK(names::ResourceState(C("2")) == C("待审批"));
  CHECK(names::ResourceState(C("3")) == C("撤销"));  // the seed's first resource
  CHECK(names::ResourceState(C("4")) == kNull);
  CHECK(names::ResourceState(kNull) == kNull);
}

TEST_CASE("demand states and an order's demandStateName", "[names]") {
  CHECK(names::DemandState(C("0")) == C("寻资源"));
  CHECK(names::DemandState(C("1")) == C("已供应"));
  CHECK(names::DemandState(C("2")) == C("无资源"));
  CHECK(names::DemandState(C("3")) == C("撤单"));
  CHECK(names::DemandState(C("4")) == kNull);
  CHECK(names::DemandState(kNull) == kNull);
  // An order without a demand shows "——" (the seed's order detail).
  CHECK(names::OrderDemandState(kNull) == C("——"));
  CHECK(names::OrderDemandState(C("0")) == C("寻资源"));
  CHECK(names::OrderDemandState(C("2")) == C("无资源"));
  CHECK(names::OrderDemandState(C("7")) == kNull);
}
