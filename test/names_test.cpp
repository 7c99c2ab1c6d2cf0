// The derived `…Name` fields (spec §3): every code table, the multi-valued rule, nulls and unknowns.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "domain/names.h"

using jsms::Cell;
namespace names = jsms::names;

namespace {

const Cell kNull = std::nullopt;
Cell C(const char* text) { return std::string(text); }

// Each code (or null) and the name it must get.
void CheckNames(Cell (*name)(const Cell&), std::initializer_list<std::pair<Cell, Cell>> cases) {
  for (const auto& [code, expected] : cases) {
    INFO("code " << code.value_or("null"));
    CHECK(name(code) == expected);
  }
}

}  // namespace

TEST_CASE("channelType: ','+label per known code, in the given order", "[names]") {
  // The seed's two examples, then every single code.
  CheckNames(names::ChannelType, {{C("0"), C(",三网合一")}, {C("122"), C("")}});
  CheckNames(names::ChannelType, {{C("1"), C(",移动")}, {C("2"), C(",电信")}, {C("3"), C(",联通")}, {C("4"), C(",全网")}});
  // Several codes keep the order they were given in, not the table's order.
  CheckNames(names::ChannelType, {{C("1,2,3"), C(",移动,电信,联通")}, {C("3,1"), C(",联通,移动")}});
  // Unknown codes mixed in add nothing; the known ones still show.
  CheckNames(names::ChannelType, {{C("1,9,3"), C(",移动,联通")}, {C("x,2"), C(",电信")}, {C("5"), C("")}, {C("-1"), C("")}});
  // A null field gives a null name (not "").
  CheckNames(names::ChannelType, {{kNull, kNull}});
}

TEST_CASE("signType: multi-valued like channelType", "[names]") {
  CheckNames(names::SignType, {{C("0"), C(",自定义")}, {C("1"), C(",报备签名")} /* the seed's resource */,
                               {C("2"), C(",固签")}, {C("2,0"), C(",固签,自定义")}, {C("0,3,1"), C(",自定义,报备签名")},
                               {C("3"), C("")}, {kNull, kNull}});
}

TEST_CASE("directConnect: 0 直连, 1 第三方, others null", "[names]") {
  CheckNames(names::DirectConnect,
             {{C("0"), C("直连")}, {C("1"), C("第三方")}, {C("2"), kNull}, {C("abc"), kNull}, {kNull, kNull}});
}

TEST_CASE("extendSize: an order's wording differs from a resource's", "[names]") {
  // Order: 0 无特殊要求, n 要求n位 (the seed's order has 0); not a count: null.
  CheckNames(names::OrderExtendSize, {{C("0"), C("无特殊要求")}, {C("3"), C("要求3位")}, {C("12"), C("要求12位")},
                                      {C("-1"), kNull}, {kNull, kNull}});
  // Resource: 0 不支持, n 支持n位 (the seed's resources have 1).
  CheckNames(names::ResourceExtendSize, {{C("0"), C("不支持")}, {C("1"), C("支持1位")}, {C("4"), C("支持4位")},
                                         {C("abc"), kNull}, {kNull, kNull}});
}

TEST_CASE("minimumGuarantee: 0 不承诺保底, n n万条/月", "[names]") {
  CheckNames(names::MinimumGuarantee, {{C("0"), C("不承诺保底")}, {C("1"), C("1万条/月")}, {C("50"), C("50万条/月")},
                                       {C("很多"), kNull}, {kNull, kNull}});
}

TEST_CASE("isCredit: 0 否, n n万条/月", "[names]") {
  CheckNames(names::IsCredit, {{C("0"), C("否")}, {C("1"), C("1万条/月")} /* the seed's resource */,
                               {C("5"), C("5万条/月")}, {C("-5"), kNull}, {kNull, kNull}});
}

TEST_CASE("invoiceType: 0 不要票, 1 专票, 2 普票", "[names]") {
  CheckNames(names::InvoiceType,
             {{C("0"), C("不要票")}, {C("1"), C("专票")}, {C("2"), C("普票")}, {C("3"), kNull}, {kNull, kNull}});
}

TEST_CASE("isAudit: 0 否, 1 是", "[names]") {
  CheckNames(names::IsAudit, {{C("0"), C("否")}, {C("1"), C("是")}, {C("2"), kNull}, {kNull, kNull}});
}

TEST_CASE("protocolType: 0 HTTP, 1 CMPP, 2 SMGP, 3 SGIP, 4 SMPP", "[names]") {
  CheckNames(names::ProtocolType, {{C("0"), C("HTTP")}, {C("1"), C("CMPP")}, {C("2"), C("SMGP")}, {C("3"), C("SGIP")},
                                   {C("4"), C("SMPP")}, {C("5"), kNull}, {kNull, kNull}});
  CheckNames(names::ProtocolType, {{C("CMPP"), kNull}});  // a name is not a code
}

TEST_CASE("order states 0..8 (7 and 8 both 待审核)", "[names]") {
  const char* labels[] = {"待配单", "待匹配", "待审批", "退单", "撤单", "匹配成功", "寻资源", "待审核", "待审核"};
  for (int state = 0; state < 9; ++state) {
    INFO("state " << state);
    CHECK(names::OrderState(std::to_string(state)) == C(labels[state]));
    // Messages use the same label.
    CHECK(names::OrderStateLabel(state) == labels[state]);
  }
  CheckNames(names::OrderState, {{C("9"), kNull}, {C("-1"), kNull}, {kNull, kNull}});
  // A state outside the table still gets a readable label in messages.
  CHECK(names::OrderStateLabel(9) == "状态9");
}

TEST_CASE("resource states 0..3", "[names]") {
  CheckNames(names::ResourceState, {{C("0"), C("待接入")}, {C("1"), C("已接入")}, {C("2"), C("待审批")},
                                    {C("3"), C("撤销")} /* the seed's first resource */, {C("4"), kNull}, {kNull, kNull}});
}

TEST_CASE("demand states and an order's demandStateName", "[names]") {
  CheckNames(names::DemandState, {{C("0"), C("寻资源")}, {C("1"), C("已供应")}, {C("2"), C("无资源")}, {C("3"), C("撤单")},
                                  {C("4"), kNull}, {kNull, kNull}});
  // An order without a demand shows "——" (the seed's order detail).
  CheckNames(names::OrderDemandState, {{kNull, C("——")}, {C("0"), C("寻资源")}, {C("2"), C("无资源")}, {C("7"), kNull}});
}
