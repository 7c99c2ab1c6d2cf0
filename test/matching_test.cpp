// The matching assistant's pure part (docs: assistant.md): hard rules, score, texts, ranking.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "domain/matching.h"

using jsms::Cell;
using jsms::Order;
using jsms::Resource;
namespace matching = jsms::matching;
namespace order = jsms::order;
namespace resource = jsms::resource;
using matching::MarginRate;
using matching::Ranked;
using Strings = std::vector<std::string>;

namespace {

const Cell kNull = std::nullopt;

// A record with the given cells set.
template <typename Record>
Record WithCells(std::initializer_list<std::pair<int, const char*>> cells) {
  Record record;
  for (const auto& [field, value] : cells) record.cells[field] = value;
  return record;
}

// An order that the BaseResource below meets in every rule: needs 移动+电信+联通, 4 extension
// digits, sign type 报备签名, sells at 0.05, wants 直连, sends 验证码.
Order BaseOrder() {
  return WithCells<Order>({{order::kOrderId, "D1"}, {order::kChannelType, "1,2,3"},
                           {order::kExtendSize, "4"}, {order::kSignType, "1"},
                           {order::kSalePrice, "统一价:0.05"}, {order::kDirectConnect, "0"},
                           {order::kSmsType, "验证码"}});
}

// 已接入, 三网合一, 6 digits, 报备签名+固签, buys at 0.02 (margin 60%), 直连, 验证码+通知.
Resource BaseResource(const char* id = "T1") {
  return WithCells<Resource>({{resource::kResourceId, id}, {resource::kState, "1"},
                              {resource::kChannelType, "0"}, {resource::kExtendSize, "6"},
                              {resource::kSignType, "1,2"}, {resource::kPurchasePrice, "统一价:0.02"},
                              {resource::kDirectConnect, "0"}, {resource::kSmsType, "1,2"}});
}

// The base pair with one order field and one resource field set to the given values.
struct Pair {
  Order order;
  Resource resource;
};

Pair With(int order_field, const Cell& order_value, int resource_field, const Cell& resource_value) {
  Pair pair{BaseOrder(), BaseResource()};
  pair.order.cells[order_field] = order_value;
  pair.resource.cells[resource_field] = resource_value;
  return pair;
}

// "order X resource Y", for failure messages.
std::string Values(const Cell& order_value, const Cell& resource_value) {
  return "order " + order_value.value_or("null") + " resource " + resource_value.value_or("null");
}

matching::Evaluation Judge(const Order& o, const Resource& r, bool include_not_ready = false) {
  return matching::Evaluate(matching::ReadNeeds(o), r, include_not_ready);
}

bool Eligible(const Order& o, const Resource& r) { return Judge(o, r).eligible; }

struct Explanation {
  Strings reasons;
  Strings gaps;
};

Explanation Explained(const Order& o, const Resource& r) {
  Explanation e;
  matching::Explain(matching::ReadNeeds(o), r, &e.reasons, &e.gaps);
  return e;
}

bool HasGap(const Order& o, const Resource& r, const std::string& gap) {
  Strings gaps = Explained(o, r).gaps;
  return std::find(gaps.begin(), gaps.end(), gap) != gaps.end();
}

// The marginRate text of the base order (sale `sale`) against a resource buying at `purchase`;
// "null" when there is no rate.
std::string RateText(const char* sale, const char* purchase) {
  auto [o, r] = With(order::kSalePrice, sale, resource::kPurchasePrice, purchase);
  auto rate = Judge(o, r).margin_rate;
  return rate ? matching::FormatMarginRate(*rate) : "null";
}

// The margin points alone: the base pair scores 20 for direct and 20 for SMS type.
int MarginPoints(const char* sale, const char* purchase) {
  auto [o, r] = With(order::kSalePrice, sale, resource::kPurchasePrice, purchase);
  auto evaluation = Judge(o, r);
  REQUIRE(evaluation.eligible);
  return evaluation.score - 40;
}

constexpr int64_t kUnit = matching::kPriceUnitsPerYuan;

}  // namespace

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

TEST_CASE("matching: price amounts: first number for a sale, largest for a purchase", "[matching]") {
  CHECK(matching::ReadSaleAmount("统一价:0.035") == 35 * kUnit / 1000);
  CHECK(matching::ReadSaleAmount("统一价:1") == kUnit);
  CHECK(matching::ReadSaleAmount("移动0.03 联通0.04") == 3 * kUnit / 100);
  CHECK(matching::ReadSaleAmount("联通0.04 移动0.03") == 4 * kUnit / 100);
  CHECK(matching::ReadPurchaseAmount("移动:0.031;联通:0.029;电信:0.030") == 31 * kUnit / 1000);
  CHECK(matching::ReadPurchaseAmount("移动:0.03;联通:0.028") == 3 * kUnit / 100);
  CHECK(matching::ReadPurchaseAmount("0.05 0.5 0.049") == kUnit / 2);
  CHECK(matching::ReadPurchaseAmount("9.9 10") == 10 * kUnit);  // numerically, not as text
  CHECK(matching::ReadPurchaseAmount("0.1 0.09999") == kUnit / 10);
  // Leading and trailing zeros, a point without digits, a point without a leading digit.
  CHECK(matching::ReadSaleAmount("000123.4500元") == 1234500 * (kUnit / 10000));
  CHECK(matching::ReadSaleAmount("1.条") == kUnit);
  CHECK(matching::ReadSaleAmount(".5") == 5 * kUnit);  // a number starts at a digit
  CHECK(matching::ReadSaleAmount("-0.03") == 3 * kUnit / 100);  // no signs
  // The smallest and largest amounts held exactly; anything finer or larger is unreadable.
  CHECK(matching::ReadSaleAmount("0.000000001") == 1);
  CHECK(matching::ReadSaleAmount("999999999.999999999") == 999999999999999999);
  CHECK(matching::ReadSaleAmount("0.0000000001") == std::nullopt);
  CHECK(matching::ReadSaleAmount("1000000000") == std::nullopt);
  CHECK(matching::ReadPurchaseAmount("0.03 12345678901234567890") == std::nullopt);
  // Only the number that decides must be held exactly.
  CHECK(matching::ReadPurchaseAmount("0.01 0.0000000001") == kUnit / 100);
  CHECK(matching::ReadSaleAmount("0.05 12345678901") == 5 * kUnit / 100);
  // Nothing to read.
  CHECK(matching::ReadSaleAmount("面议") == std::nullopt);
  CHECK(matching::ReadSaleAmount("") == std::nullopt);
  CHECK(matching::ReadPurchaseAmount("统一价:") == std::nullopt);
  CHECK(matching::ReadPurchaseAmount("０．０３") == std::nullopt);  // full-width digits
  // A sale of 0 is unreadable; a purchase of 0 is a price.
  CHECK(matching::ReadSaleAmount("统一价:0") == std::nullopt);
  CHECK(matching::ReadSaleAmount("0.000 后 0.05") == std::nullopt);  // the first number decides
  CHECK(matching::ReadPurchaseAmount("统一价:0.00") == 0);
}

TEST_CASE("matching: margin points 0..60 from the exact rate", "[matching]") {
  CHECK(MarginPoints("0.05", "0.02") == 60);   // 60% > 50%
  CHECK(MarginPoints("0.04", "0.02") == 60);   // exactly 50%
  CHECK(MarginPoints("0.04", "0.0201") == 60);  // 49.75% -> 59.7 -> 60
  CHECK(MarginPoints("0.04", "0.03") == 30);   // 25%
  CHECK(MarginPoints("0.05", "0") == 60);      // free purchase: 100%
  CHECK(MarginPoints("0.04", "0.04") == 0);    // exactly 0
  CHECK(MarginPoints("0.04", "0.05") == 0);    // negative
  // Half-up on exact halves, where binary floating point lands just below .5.
  CHECK(MarginPoints("0.048", "0.035") == 33);  // 120 * 13/48 = 32.5
  CHECK(MarginPoints("0.08", "0.067") == 20);   // 19.5
  CHECK(MarginPoints("0.08", "0.079") == 2);    // 1.5
  CHECK(MarginPoints("0.032", "0.029") == 11);  // 11.25
  CHECK(MarginPoints("0.08", "0.0797") == 0);   // 0.45
  CHECK(MarginPoints("0.08", "0.0796") == 1);   // 0.6
}

TEST_CASE("matching: margin gaps: 无毛利 at or below zero, 价格无法比较 when unreadable",
          "[matching]") {
  struct Row {
    Cell sale;
    Cell purchase;
    const char* rate;  // marginRate text, "null" for none
    const char* gap;   // the margin gap, nullptr for a reason
    const char* reason = nullptr;
  };
  const Row rows[] = {
      {Cell("统一价:0.05"), Cell("统一价:0.02"), "0.6000", nullptr, "毛利率 60.00%"},
      {Cell("统一价:0.04"), Cell("统一价:0.04"), "0.0000", "无毛利"},
      {Cell("统一价:0.03"), Cell("统一价:0.22"), "-6.3333", "无毛利"},
      {Cell("统一价:0"), Cell("统一价:0.02"), "null", "价格无法比较"},
      {Cell("面议"), Cell("统一价:0.02"), "null", "价格无法比较"},
      {kNull, Cell("统一价:0.02"), "null", "价格无法比较"},
      {Cell("统一价:0.05"), Cell("待定"), "null", "价格无法比较"},
      {Cell("统一价:0.05"), kNull, "null", "价格无法比较"},
      {Cell("统一价:0.05"), Cell("0.01 12345678901"), "null", "价格无法比较"},
      // Several numbers: the sale's first, the purchase's largest.
      {Cell("移动0.05 联通0.10"), Cell("移动:0.02;联通:0.03"), "0.4000", nullptr, "毛利率 40.00%"},
  };
  for (const Row& row : rows) {
    INFO("sale " << row.sale.value_or("null") << " purchase " << row.purchase.value_or("null"));
    auto [o, r] = With(order::kSalePrice, row.sale, resource::kPurchasePrice, row.purchase);
    auto evaluation = Judge(o, r);
    CHECK(evaluation.eligible);
    CHECK((evaluation.margin_rate ? matching::FormatMarginRate(*evaluation.margin_rate)
                                  : std::string("null")) == row.rate);
    Explanation e = Explained(o, r);
    if (row.gap) {
      CHECK(e.gaps == Strings{row.gap});
      CHECK(evaluation.score == 40);
      CHECK(e.reasons.back() == "发送类型相符");  // no margin reason
    } else {
      CHECK(e.gaps.empty());
      CHECK(e.reasons.back() == row.reason);
    }
  }
}

TEST_CASE("matching: marginRate text rounds the exact rate half-up to 4 decimals", "[matching]") {
  CHECK(RateText("0.032", "0.025") == "0.2188");  // 0.21875 exactly (a double gives 0.2187)
  CHECK(RateText("0.032", "0.029") == "0.0938");  // 0.09375
  CHECK(RateText("2", "1.7531") == "0.1235");     // 0.12345
  CHECK(RateText("2", "1.75311") == "0.1234");    // 0.123445
  CHECK(RateText("2", "1.9999") == "0.0001");     // 0.00005
  CHECK(RateText("2", "1.99991") == "0.0000");    // 0.000045
  CHECK(RateText("3", "2") == "0.3333");
  CHECK(RateText("3", "1") == "0.6667");
  CHECK(RateText("0.05", "0") == "1.0000");
  CHECK(RateText("0.05", "0.05") == "0.0000");
  // Negative rates round half away from zero; one that rounds to zero shows no sign.
  CHECK(RateText("2", "2.2469") == "-0.1235");  // -0.12345
  CHECK(RateText("2", "2.00001") == "0.0000");  // -0.000005
  CHECK(RateText("0.03", "0.22") == "-6.3333");
  // The extremes held exactly (rate = 1 - 999999999999999999).
  CHECK(RateText("0.000000001", "999999999.999999999") == "-999999999999999998.0000");
  // The margin reason shows the same rounding as a percentage.
  auto [o, r] = With(order::kSalePrice, "0.032", resource::kPurchasePrice, "0.025");
  CHECK(Explained(o, r).reasons.back() == "毛利率 21.88%");
  r.cells[resource::kPurchasePrice] = "0.03199";
  CHECK(Explained(o, r).reasons.back() == "毛利率 0.03%");  // 0.0003125 -> 0.0003
}

TEST_CASE("matching: margin rates compare exactly", "[matching]") {
  // 2/3 three ways; in binary floating point (0.9-0.3)/0.9 differs from (0.3-0.1)/0.3.
  MarginRate a{3 * kUnit / 10, kUnit / 10};
  MarginRate b{9 * kUnit / 10, 3 * kUnit / 10};
  MarginRate c{6 * kUnit / 10, 2 * kUnit / 10};
  CHECK(matching::CompareMarginRates(a, b) == 0);
  CHECK(matching::CompareMarginRates(b, c) == 0);
  MarginRate same{999999999999999999, 333333333333333333};  // exactly 2/3 again
  MarginRate above{999999999999999999, 333333333333333332};  // 2/3 + 1/(1e18 - 1)
  CHECK(matching::CompareMarginRates(same, a) == 0);
  CHECK(matching::CompareMarginRates(above, a) > 0);
  CHECK(matching::CompareMarginRates(a, above) < 0);
  MarginRate negative{1, 999999999999999999};
  CHECK(matching::CompareMarginRates(negative, a) < 0);
}

TEST_CASE("matching: directConnect: an order wanting 直连 loses 20 on a non-direct resource",
          "[matching]") {
  struct Row {
    Cell order_value;
    Cell resource_value;
    int points;
    bool gap;     // 非直连
    bool reason;  // 直连
  };
  const Row rows[] = {
      {Cell("0"), Cell("0"), 20, false, true},  {Cell("0"), Cell("1"), 0, true, false},
      {Cell("0"), kNull, 0, true, false},        {Cell("0"), Cell("直连"), 0, true, false},
      {Cell("1"), Cell("1"), 20, false, false}, {Cell("1"), Cell("0"), 20, false, true},
      {kNull, Cell("1"), 20, false, false},      {kNull, kNull, 20, false, false},
  };
  for (const Row& row : rows) {
    INFO(Values(row.order_value, row.resource_value));
    auto [o, r] =
        With(order::kDirectConnect, row.order_value, resource::kDirectConnect, row.resource_value);
    CHECK(Judge(o, r).score == 80 + row.points);
    Explanation e = Explained(o, r);
    CHECK(HasGap(o, r, "非直连") == row.gap);
    CHECK((std::find(e.reasons.begin(), e.reasons.end(), "直连") != e.reasons.end()) == row.reason);
  }
}

TEST_CASE("matching: smsType text and codes read as kinds", "[matching]") {
  using matching::kMarketing;
  using matching::kNotice;
  using matching::kVerification;
  CHECK(matching::ReadSmsKinds("验证码") == kVerification);
  CHECK(matching::ReadSmsKinds("通知") == kNotice);
  CHECK(matching::ReadSmsKinds("营销") == kMarketing);
  CHECK(matching::ReadSmsKinds("会员短信") == kMarketing);
  CHECK(matching::ReadSmsKinds("商超促销") == kMarketing);
  CHECK(matching::ReadSmsKinds("验证码、通知") == (kVerification | kNotice));
  CHECK(matching::ReadSmsKinds("1") == kVerification);
  CHECK(matching::ReadSmsKinds("2") == kNotice);
  CHECK(matching::ReadSmsKinds("3") == kMarketing);
  CHECK(matching::ReadSmsKinds("1,2") == (kVerification | kNotice));
  CHECK(matching::ReadSmsKinds(" 3, 1 ") == (kVerification | kMarketing));
  CHECK(matching::ReadSmsKinds("1,2,3") == (kVerification | kNotice | kMarketing));
  CHECK(matching::ReadSmsKinds("12") == 0);
  CHECK(matching::ReadSmsKinds("4") == 0);
  CHECK(matching::ReadSmsKinds("其他") == 0);
  CHECK(matching::ReadSmsKinds("") == 0);
}

TEST_CASE("matching: SMS type: all 20, some 10, none 0, unknown 10", "[matching]") {
  struct Row {
    Cell order_value;
    Cell resource_value;
    int points;
    const char* gap;  // nullptr: the reason 发送类型相符
  };
  const Row rows[] = {
      {Cell("验证码"), Cell("1,2"), 20, nullptr},
      {Cell("1,2"), Cell("2,1"), 20, nullptr},
      {Cell("会员"), Cell("3"), 20, nullptr},
      {Cell("通知"), Cell("通知类"), 20, nullptr},
      {Cell("1,2"), Cell("1"), 10, "发送类型部分相符"},
      {Cell("验证码+营销"), Cell("3"), 10, "发送类型部分相符"},
      {Cell("营销"), Cell("1,2"), 0, "发送类型不符"},
      {Cell("验证码"), Cell("2"), 0, "发送类型不符"},
      {Cell("其他"), Cell("1,2"), 10, "发送类型未知"},
      {kNull, Cell("1"), 10, "发送类型未知"},
      {Cell("验证码"), kNull, 10, "发送类型未知"},
      {Cell("验证码"), Cell("9"), 10, "发送类型未知"},
  };
  for (const Row& row : rows) {
    INFO(Values(row.order_value, row.resource_value));
    auto [o, r] = With(order::kSmsType, row.order_value, resource::kSmsType, row.resource_value);
    CHECK(Judge(o, r).score == 80 + row.points);
    Explanation e = Explained(o, r);
    bool has_reason =
        std::find(e.reasons.begin(), e.reasons.end(), "发送类型相符") != e.reasons.end();
    if (row.gap) {
      CHECK(e.gaps == Strings{row.gap});
      CHECK_FALSE(has_reason);
    } else {
      CHECK(e.gaps.empty());
      CHECK(has_reason);
    }
  }
}

TEST_CASE("matching: gaps come in rule order with the contract's texts", "[matching]") {
  auto [o, r] = With(order::kChannelType, kNull, resource::kDirectConnect, "1");
  r.cells[resource::kSmsType] = "3";
  r.cells[resource::kPurchasePrice] = "0.06";
  auto evaluation = Judge(o, r);
  CHECK(evaluation.eligible);
  CHECK(evaluation.score == 0);
  Explanation e = Explained(o, r);
  CHECK(e.gaps == Strings{"订单未指定运营商", "非直连", "发送类型不符", "无毛利"});
  CHECK(e.reasons == Strings{"扩展6位（需4位）", "签名类型相符"});
}

TEST_CASE("matching: ranking: score desc, rate desc with none last, resourceId asc",
          "[matching]") {
  MarginRate high{100, 20};  // 0.8
  MarginRate low{100, 60};   // 0.4
  MarginRate low_too{50, 30};  // 0.4 as well
  CHECK(matching::RanksBefore(Ranked{"T9", 90, std::nullopt}, Ranked{"T1", 80, high}));
  CHECK(matching::RanksBefore(Ranked{"T9", 80, high}, Ranked{"T1", 80, low}));
  CHECK(matching::RanksBefore(Ranked{"T9", 80, low}, Ranked{"T1", 80, std::nullopt}));
  CHECK(matching::RanksBefore(Ranked{"T1", 80, low_too}, Ranked{"T2", 80, low}));
  CHECK(matching::RanksBefore(Ranked{"T1", 80, low}, Ranked{"T2", 80, low_too}));
  CHECK(matching::RanksBefore(Ranked{"T1", 80, std::nullopt}, Ranked{"T2", 80, std::nullopt}));
  CHECK(matching::RanksBefore(Ranked{"T10", 80, low}, Ranked{"T9", 80, low}));  // byte order
  // Strict: nothing ranks before itself.
  CHECK_FALSE(matching::RanksBefore(Ranked{"T1", 80, low}, Ranked{"T1", 80, low_too}));
}

TEST_CASE("matching: TopRanked keeps the best limit, best first, whatever the offer order",
          "[matching]") {
  // Few distinct scores and rates so every tie-break is exercised.
  std::vector<Ranked> all;
  for (int i = 0; i < 2000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "T%04d", (i * 7919) % 2000);
    std::optional<MarginRate> rate;
    if (i % 5 != 0) rate = MarginRate{100, (i % 7) * 10};
    all.push_back(Ranked{id, (i % 3) * 10, rate, static_cast<size_t>(i)});
  }
  std::vector<Ranked> sorted = all;
  std::sort(sorted.begin(), sorted.end(), matching::RanksBefore);

  std::mt19937 random(12345);
  for (size_t limit : {size_t{0}, size_t{1}, size_t{20}, size_t{1000}, size_t{5000}}) {
    INFO("limit " << limit);
    std::shuffle(all.begin(), all.end(), random);
    matching::TopRanked top(limit);
    for (const Ranked& r : all) top.Offer(r.resource_id, r.score, r.margin_rate, r.position);
    std::vector<Ranked> best = top.TakeBest();
    REQUIRE(best.size() == std::min(limit, sorted.size()));
    for (size_t k = 0; k < best.size(); ++k) {
      CHECK(best[k].resource_id == sorted[k].resource_id);
      CHECK(best[k].position == sorted[k].position);
    }
  }
}

TEST_CASE("matching: Matcher counts considered and eligible and keeps the best", "[matching]") {
  Order o = BaseOrder();
  std::vector<Resource> feed;
  auto add = [&](const char* id, const char* state, const char* purchase, const char* channels) {
    Resource r = BaseResource(id);
    r.cells[resource::kState] = state;
    r.cells[resource::kPurchasePrice] = purchase;
    r.cells[resource::kChannelType] = channels;
    feed.push_back(r);
  };
  add("T5", "1", "0.02", "0");      // 100, rate 0.6
  add("T4", "1", "0.01", "4");      // 100, rate 0.8
  add("T3", "1", "0.04", "0");      // 40 + 24 = 64
  add("T2", "1", "0.02", "1");      // no 电信/联通: considered, not eligible
  add("T1", "0", "0.01", "0");      // 待接入: only with includeNotReady
  add("T0", "3", "0.00", "0");      // 撤销: never
  add("T6", "1", "面议", "0");      // 40, no rate
  add("T7", "2", "0.02", "0");      // 待审批: only with includeNotReady; ties T5, id after

  matching::Matcher ready(o, false, 3);
  for (const Resource& r : feed) ready.Consider(r);
  CHECK(ready.considered() == 5);
  CHECK(ready.eligible() == 4);
  std::vector<Ranked> best = ready.TakeBest();
  REQUIRE(best.size() == 3);
  CHECK(best[0].resource_id == "T4");
  CHECK(best[0].position == 1);
  CHECK(best[0].score == 100);
  CHECK(matching::FormatMarginRate(*best[0].margin_rate) == "0.8000");
  CHECK(best[1].resource_id == "T5");
  CHECK(best[2].resource_id == "T3");
  CHECK(best[2].score == 64);

  matching::Matcher all(o, true, 10);
  for (const Resource& r : feed) all.Consider(r);
  CHECK(all.considered() == 7);
  CHECK(all.eligible() == 6);
  std::vector<std::string> ids;
  for (const Ranked& r : all.TakeBest()) ids.push_back(r.resource_id);
  CHECK(ids == Strings{"T1", "T4", "T5", "T7", "T3", "T6"});
}
