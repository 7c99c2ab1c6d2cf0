// The matching assistant's pure part in tests (domain/matching.h): a base order and resource that
// meet every rule, one field changed at a time, and what the rules make of a pair.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "domain/matching.h"

namespace jsms::test::support {

using Strings = std::vector<std::string>;

inline const Cell kNull = std::nullopt;
inline constexpr int64_t kUnit = matching::kPriceUnitsPerYuan;

// A record with the given cells set.
template <typename Record>
Record WithCells(std::initializer_list<std::pair<int, const char*>> cells) {
  Record record;
  for (const auto& [field, value] : cells) record.cells[field] = value;
  return record;
}

// An order that the BaseResource below meets in every rule: needs 移动+电信+联通, 4 extension
// digits, sign type 报备签名, sells at 0.05, wants 直连, sends 验证码.
Order BaseOrder();

// 已接入, 三网合一, 6 digits, 报备签名+固签, buys at 0.02 (margin 60%), 直连, 验证码+通知.
Resource BaseResource(const char* id = "T1");

// The base pair with one order field and one resource field set to the given values.
struct Pair {
  Order order;
  Resource resource;
};
Pair With(int order_field, const Cell& order_value, int resource_field, const Cell& resource_value);

// "order X resource Y", for failure messages.
std::string Values(const Cell& order_value, const Cell& resource_value);

matching::Evaluation Judge(const Order& o, const Resource& r, bool include_not_ready = false);
bool Eligible(const Order& o, const Resource& r);

struct Explanation {
  Strings reasons;
  Strings gaps;
};
Explanation Explained(const Order& o, const Resource& r);
bool HasGap(const Order& o, const Resource& r, const std::string& gap);

// The marginRate text of the base order (sale `sale`) against a resource buying at `purchase`;
// "null" when there is no rate.
std::string RateText(const char* sale, const char* purchase);

// The margin points alone: the base pair scores 20 for direct and 20 for SMS type.
int MarginPoints(const char* sale, const char* purchase);

}  // namespace jsms::test::support
