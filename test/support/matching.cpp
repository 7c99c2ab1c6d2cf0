#include "support/matching.h"

#include <catch2/catch.hpp>

#include <algorithm>

namespace jsms::test::support {

Order BaseOrder() {
  return WithCells<Order>({{order::kOrderId, "D1"}, {order::kChannelType, "1,2,3"},
                           {order::kExtendSize, "4"}, {order::kSignType, "1"},
                           {order::kSalePrice, "统一价:0.05"}, {order::kDirectConnect, "0"},
                           {order::kSmsType, "验证码"}});
}

Resource BaseResource(const char* id) {
  return WithCells<Resource>({{resource::kResourceId, id}, {resource::kState, "1"},
                              {resource::kChannelType, "0"}, {resource::kExtendSize, "6"},
                              {resource::kSignType, "1,2"}, {resource::kPurchasePrice, "统一价:0.02"},
                              {resource::kDirectConnect, "0"}, {resource::kSmsType, "1,2"}});
}

Pair With(int order_field, const Cell& order_value, int resource_field, const Cell& resource_value) {
  Pair pair{BaseOrder(), BaseResource()};
  pair.order.cells[order_field] = order_value;
  pair.resource.cells[resource_field] = resource_value;
  return pair;
}

std::string Values(const Cell& order_value, const Cell& resource_value) {
  return "order " + order_value.value_or("null") + " resource " + resource_value.value_or("null");
}

matching::Evaluation Judge(const Order& o, const Resource& r, bool include_not_ready) {
  return matching::Evaluate(matching::ReadNeeds(o), r, include_not_ready);
}

bool Eligible(const Order& o, const Resource& r) { return Judge(o, r).eligible; }

Explanation Explained(const Order& o, const Resource& r) {
  Explanation e;
  matching::Explain(matching::ReadNeeds(o), r, &e.reasons, &e.gaps);
  return e;
}

bool HasGap(const Order& o, const Resource& r, const std::string& gap) {
  Strings gaps = Explained(o, r).gaps;
  return std::find(gaps.begin(), gaps.end(), gap) != gaps.end();
}

std::string RateText(const char* sale, const char* purchase) {
  auto [o, r] = With(order::kSalePrice, sale, resource::kPurchasePrice, purchase);
  auto rate = Judge(o, r).margin_rate;
  return rate ? matching::FormatMarginRate(*rate) : "null";
}

int MarginPoints(const char* sale, const char* purchase) {
  auto [o, r] = With(order::kSalePrice, sale, resource::kPurchasePrice, purchase);
  auto evaluation = Judge(o, r);
  REQUIRE(evaluation.eligible);
  return evaluation.score - 40;
}

}  // namespace jsms::test::support
