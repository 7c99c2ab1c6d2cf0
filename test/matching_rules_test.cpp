// The matching assistant's pure part (docs: assistant.md): the hard rules (state, carriers, extension digits, signature types) and what a perfect fit scores. The base order and resource
// every case starts from: support/matching.h.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/matching.h"
#include "support.h"

namespace jsms::test {

using namespace support;

TEST_CASE("matching: a resource meeting every rule scores 100 with reasons and no gaps",
          "[matching]") {
  Order o = BaseOrder();
  Resource r = BaseResource();
  auto evaluation = Judge(o, r);
  CHECK(evaluation.considered);
  CHECK(evaluation.eligible);
  CHECK(evaluation.score == 100);
  REQUIRE(evaluation.margin_rate);
  CHECK(matching::FormatMarginRate(*evaluation.margin_rate) == "0.6000");
  Explanation e = Explained(o, r);
  CHECK(e.reasons == Strings{"覆盖 移动/电信/联通", "扩展6位（需4位）", "签名类型相符", "直连",
                             "发送类型相符", "毛利率 60.00%"});
  CHECK(e.gaps.empty());
}

TEST_CASE("matching: each hard rule failing alone makes the resource ineligible", "[matching]") {
  Order o = BaseOrder();
  struct Failing {
    int field;
    const char* value;
    bool considered;  // 撤销 is not even considered, with includeNotReady
  };
  for (const Failing& failing : {Failing{resource::kState, "3", false},           // 撤销
                                 Failing{resource::kChannelType, "1,2", true},    // no 联通
                                 Failing{resource::kExtendSize, "3", true},       // order needs 4
                                 Failing{resource::kSignType, "0,2", true}}) {  // no 报备签名
    INFO("field " << failing.field << " = " << failing.value);
    Resource r = BaseResource();
    r.cells[failing.field] = failing.value;
    auto evaluation = Judge(o, r, true);
    CHECK(evaluation.considered == failing.considered);
    CHECK_FALSE(evaluation.eligible);
  }
  // Soft rules never exclude: the worst soft outcome is still eligible.
  Resource r = BaseResource();
  r.cells[resource::kPurchasePrice] = "统一价:0.09";
  r.cells[resource::kDirectConnect] = "1";
  r.cells[resource::kSmsType] = "3";
  auto evaluation = Judge(o, r);
  CHECK(evaluation.eligible);
  CHECK(evaluation.score == 0);
}

TEST_CASE("matching: state 1 always, 0 and 2 only with includeNotReady, 3 never", "[matching]") {
  Order o = BaseOrder();
  struct Row {
    Cell state;
    bool normally;
    bool with_not_ready;
  };
  const Row rows[] = {
      {Cell("1"), true, true},   {Cell("0"), false, true}, {Cell("2"), false, true},
      {Cell("3"), false, false}, {Cell("4"), false, false}, {kNull, false, false},
      {Cell("已接入"), false, false}, {Cell(""), false, false},
  };
  for (const Row& row : rows) {
    INFO("state " << row.state.value_or("null"));
    Resource r = BaseResource();
    r.cells[resource::kState] = row.state;
    CHECK(Judge(o, r, false).considered == row.normally);
    CHECK(Judge(o, r, false).eligible == row.normally);
    CHECK(Judge(o, r, true).considered == row.with_not_ready);
    CHECK(Judge(o, r, true).eligible == row.with_not_ready);
  }
}

TEST_CASE("matching: channelType codes name carriers, unknown codes name none", "[matching]") {
  using matching::kAllCarriers;
  using matching::kMobile;
  using matching::kTelecom;
  using matching::kUnicom;
  CHECK(matching::ReadCarriers("0") == kAllCarriers);  // 三网合一
  CHECK(matching::ReadCarriers("4") == kAllCarriers);  // 全网
  CHECK(matching::ReadCarriers("1") == kMobile);
  CHECK(matching::ReadCarriers("2") == kTelecom);
  CHECK(matching::ReadCarriers("3") == kUnicom);
  CHECK(matching::ReadCarriers("1,3") == (kMobile | kUnicom));
  CHECK(matching::ReadCarriers(" 3 , 2 ") == (kTelecom | kUnicom));
  CHECK(matching::ReadCarriers("1,9") == kMobile);
  CHECK(matching::ReadCarriers("x,2") == kTelecom);
  CHECK(matching::ReadCarriers("122") == 0);  // one unknown code, not 1+2+2
  CHECK(matching::ReadCarriers("5") == 0);
  CHECK(matching::ReadCarriers("") == 0);
}

TEST_CASE("matching: the resource must carry every carrier the order needs", "[matching]") {
  struct Row {
    const char* order_codes;
    Cell resource_codes;
    bool eligible;
  };
  const Row rows[] = {
      {"1,2,3", Cell("0"), true},      {"1,2,3", Cell("4"), true},
      {"1,2,3", Cell("3,2,1"), true},  {"1,2,3", Cell("1,2"), false},
      {"1,2,3", Cell("122"), false},   {"1,2,3", kNull, false},
      {"0", Cell("4"), true},          {"4", Cell("0"), true},
      {"0", Cell("1,2,3"), true},      {"4", Cell("2,3"), false},
      {"1", Cell("1"), true},          {"1", Cell("1,9"), true},
      {"1", Cell("0"), true},          {"1", Cell("2"), false},
      {"3", Cell("4"), true},          {"2,3", Cell("3"), false},
  };
  for (const Row& row : rows) {
    INFO("order " << row.order_codes << " resource " << row.resource_codes.value_or("null"));
    auto [o, r] =
        With(order::kChannelType, row.order_codes, resource::kChannelType, row.resource_codes);
    CHECK(Eligible(o, r) == row.eligible);
    if (row.eligible) {
      CHECK_FALSE(HasGap(o, r, "订单未指定运营商"));
    }
  }
  // The reason names the carriers the order needs.
  Order o = BaseOrder();
  o.cells[order::kChannelType] = "3,1";
  CHECK(Explained(o, BaseResource()).reasons.front() == "覆盖 移动/联通");
}

TEST_CASE("matching: an order naming no carrier passes with the gap 订单未指定运营商", "[matching]") {
  for (Cell order_codes : {Cell("122"), Cell("9"), Cell(""), kNull}) {
    INFO("order " << order_codes.value_or("null"));
    Order o = BaseOrder();
    o.cells[order::kChannelType] = order_codes;
    for (Cell resource_codes : {Cell("1"), Cell("122"), kNull}) {
      Resource r = BaseResource();
      r.cells[resource::kChannelType] = resource_codes;
      CHECK(Eligible(o, r));
      CHECK(Judge(o, r).score == 100);  // a gap, but no points lost
      Explanation e = Explained(o, r);
      CHECK(e.gaps == Strings{"订单未指定运营商"});
      CHECK(e.reasons.front().rfind("覆盖", 0) == std::string::npos);
    }
  }
}

TEST_CASE("matching: extendSize n needs a resource with m >= n", "[matching]") {
  Order o = BaseOrder();
  o.cells[order::kExtendSize] = "4";
  struct Row {
    Cell resource_size;
    bool eligible;
  };
  const Row rows[] = {{Cell("3"), false}, {Cell("4"), true},   {Cell("5"), true},
                      {Cell("12"), true}, {Cell("0"), false},  {kNull, false},
                      {Cell("四"), false}, {Cell("-5"), false}, {Cell(""), false}};
  for (const Row& row : rows) {
    INFO("resource extendSize " << row.resource_size.value_or("null"));
    Resource r = BaseResource();
    r.cells[resource::kExtendSize] = row.resource_size;
    CHECK(Eligible(o, r) == row.eligible);
  }
  Resource r = BaseResource();
  r.cells[resource::kExtendSize] = "4";
  CHECK(Explained(o, r).reasons[1] == "扩展4位（需4位）");

  // Order 0 (无特殊要求) or null: any resource, even 不支持 or null, and no extension reason.
  for (Cell order_size : {Cell("0"), kNull}) {
    Order any = BaseOrder();
    any.cells[order::kExtendSize] = order_size;
    for (Cell resource_size : {Cell("0"), kNull, Cell("6")}) {
      Resource rr = BaseResource();
      rr.cells[resource::kExtendSize] = resource_size;
      CHECK(Eligible(any, rr));
      CHECK(Explained(any, rr).reasons[1] == "签名类型相符");
    }
  }
}

TEST_CASE("matching: every sign-type code of the order must be in the resource's", "[matching]") {
  struct Row {
    Cell order_codes;
    Cell resource_codes;
    bool eligible;
  };
  const Row rows[] = {
      {Cell("1,2"), Cell("1"), false},   {Cell("1,2"), Cell("2,1"), true},
      {Cell("1,2"), Cell("0"), false},   {Cell("1,2"), kNull, false},
      {Cell("1,2"), Cell("0,1,2"), true}, {Cell("1"), Cell("1,2"), true},
      {Cell("0"), Cell("1"), false},     {Cell("0"), Cell("0,1"), true},
      {Cell("1,7"), Cell("1"), true},    // unknown order codes ask for nothing
      {Cell("1"), Cell("7"), false},     // a resource with no known code fails an order with one
      // An order with no known code passes whatever the resource has.
      {Cell("7"), kNull, true},          {kNull, kNull, true},
      {Cell(""), Cell("9"), true},       {kNull, Cell("2"), true},
  };
  for (const Row& row : rows) {
    INFO(Values(row.order_codes, row.resource_codes));
    auto [o, r] = With(order::kSignType, row.order_codes, resource::kSignType, row.resource_codes);
    CHECK(Eligible(o, r) == row.eligible);
  }
}

}  // namespace jsms::test
