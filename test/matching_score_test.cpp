// The matching assistant's pure part (docs: assistant.md): the score (margin, direct connection, SMS type), the margin rate and the gaps. The base order and resource
// every case starts from: support/matching.h.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/matching.h"
#include "support.h"

namespace jsms::test {

using namespace support;
using matching::MarginRate;

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

}  // namespace jsms::test
