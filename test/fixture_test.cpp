// Fixtures (spec §5): the built-in demo set, and the validation of fixture files (messages name
// the source, the record and the key). Store::Load's all-or-nothing upsert is in store_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "domain/dates.h"
#include "util/clock.h"
#include "json/fixture_parser.h"
#include "store/embedded.h"
#include "support.h"

using jsms::Code;
using jsms::FixtureSet;
using jsms::Status;
using jsms::test::OpenSeededStore;
using jsms::test::TempDir;

namespace {

constexpr const char* kNow = "2020-01-02 03:04:05";

Status Parse(const std::string& text, FixtureSet* out, const std::string& source = "extra.json") {
  return jsms::ParseFixture(text, source, kNow, out);
}

// Parsing must fail; returns the message, which must name `source`.
std::string ParseError(const std::string& text) {
  FixtureSet set;
  Status status = Parse(text, &set);
  INFO(text);
  CHECK(status.code() == Code::kInvalidParam);
  CHECK_THAT(status.message(), Catch::Contains("extra.json"));
  return status.message();
}

FixtureSet ParseOk(const std::string& text) {
  FixtureSet set;
  Status status = Parse(text, &set);
  INFO(status.message());
  REQUIRE(status.ok());
  return set;
}

std::vector<std::string> ResourceIds(jsms::Store& store, const jsms::ResourceFilter& filter, int64_t* total) {
  std::vector<std::string> ids;
  jsms::PageRequest page;
  page.rows = 1000000;
  Status status = store.resources().VisitPage(
      filter, page, [&](int64_t n) { *total = n; },
      [&](const jsms::Resource& r) {
        ids.push_back(*r.cells[jsms::resource::kResourceId]);
        return true;
      });
  REQUIRE(status.ok());
  return ids;
}

void Counts(jsms::Store& store, int64_t* orders, int64_t* resources) {
  REQUIRE(store.CountRecords(orders, resources).ok());
}

}  // namespace

// ---- the demo set built into the binary ----

TEST_CASE("demo fixture parses, loads and covers every state and code", "[fixture][demo]") {
  FixtureSet set;
  Status parsed = jsms::ParseFixture(jsms::DemoFixture(), "demo.json", jsms::NowTimestamp(), &set);
  INFO(parsed.message());
  REQUIRE(parsed.ok());

  TempDir dir;
  auto store = OpenSeededStore(dir, "");
  Status loaded = store->Load(set);
  INFO(loaded.message());
  REQUIRE(loaded.ok());

  int64_t orders = 0, resources = 0;
  Counts(*store, &orders, &resources);
  CHECK(orders >= 20);
  CHECK(resources >= 30);
  CHECK(orders == static_cast<int64_t>(set.orders.size()));
  CHECK(resources == static_cast<int64_t>(set.resources.size()));

  // Every order state 0..8 is present, as stored (read back through the store).
  std::set<std::string> order_states;
  for (const auto& order : set.orders) {
    jsms::Order stored;
    REQUIRE(store->orders().Get(*order.cells[jsms::order::kOrderId], &stored).ok());
    order_states.insert(*stored.cells[jsms::order::kState]);
  }
  CHECK(order_states == std::set<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8"});

  // Every resource state, protocol and carrier code appears.
  std::set<std::string> resource_states, protocols, carriers;
  for (const auto& resource : set.resources) {
    if (const auto& state = resource.cells[jsms::resource::kState]) resource_states.insert(*state);
    if (const auto& protocol = resource.cells[jsms::resource::kProtocolType]) protocols.insert(*protocol);
    if (const auto& channels = resource.cells[jsms::resource::kChannelType]) {
      std::string rest = *channels;
      for (size_t comma; (comma = rest.find(',')) != std::string::npos; rest.erase(0, comma + 1)) {
        carriers.insert(rest.substr(0, comma));
      }
      carriers.insert(rest);
    }
  }
  const std::set<std::string> zero_to_three{"0", "1", "2", "3"};
  const std::set<std::string> zero_to_four{"0", "1", "2", "3", "4"};
  CHECK(resource_states == zero_to_three);
  CHECK(std::includes(protocols.begin(), protocols.end(), zero_to_four.begin(), zero_to_four.end()));
  CHECK(std::includes(carriers.begin(), carriers.end(), zero_to_four.begin(), zero_to_four.end()));
  // The resource filter finds each state in the database.
  for (const std::string& state : zero_to_three) {
    jsms::ResourceFilter filter;
    filter.state = std::stoll(state);
    int64_t total = 0;
    ResourceIds(*store, filter, &total);
    INFO("resource state " << state);
    CHECK(total > 0);
  }

  CHECK_FALSE(set.staff.empty());
  CHECK_FALSE(set.links.empty());
  CHECK_FALSE(set.demands.empty());

  // Every link is stored: its resource is listed under its order.
  for (const auto& entry : set.links) {
    jsms::ResourceFilter filter;
    filter.order_id = entry.link.order_id;
    int64_t total = 0;
    auto ids = ResourceIds(*store, filter, &total);
    INFO(entry.origin);
    CHECK(std::find(ids.begin(), ids.end(), entry.link.resource_id) != ids.end());
  }

  // An order with a demand shows that demand's state.
  const auto& demand = set.demands.back().demand;
  jsms::Order with_demand;
  REQUIRE(store->orders().Get(*demand.cells[jsms::demand::kOrderId], &with_demand).ok());
  CHECK(with_demand.demand_state == demand.cells[jsms::demand::kState]);
}

TEST_CASE("demo fixture holds the seed document's order and resources", "[fixture][demo]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, jsms::DemoFixture());

  jsms::Order order;
  REQUIRE(store->orders().Get("D000120170621", &order).ok());
  CHECK(order.cells[jsms::order::kCompanyName] == jsms::Cell("111"));
  CHECK(order.cells[jsms::order::kBelongSale] == jsms::Cell("149"));
  CHECK(order.belong_sale_name == jsms::Cell("abc"));
  CHECK(order.cells[jsms::order::kState] == jsms::Cell("0"));
  CHECK(order.cells[jsms::order::kCreateTime] == jsms::Cell("2017-06-28 14:32:05"));

  int64_t total = 0;
  auto ids = ResourceIds(*store, jsms::ResourceFilter{}, &total);
  CHECK(std::find(ids.begin(), ids.end(), "T000020170621") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "T000120170621") != ids.end());
  CHECK(total == static_cast<int64_t>(ids.size()));
}

// ---- what a record reads as ----

TEST_CASE("fixture: the seed's order reads back with its JSON types and values", "[fixture]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, jsms::test::kSeedFixture);
  jsms::Order order;
  REQUIRE(store->orders().Get("D000120170621", &order).ok());
  CHECK(order.cells[jsms::order::kIndustryType] == jsms::Cell("同行"));
  CHECK(order.cells[jsms::order::kDirectConnect] == jsms::Cell("0"));  // integers as canonical text
  CHECK(order.cells[jsms::order::kOperatorId] == jsms::Cell("60"));
  CHECK(order.cells[jsms::order::kRate] == std::nullopt);              // null stays null
  CHECK(order.cells[jsms::order::kAuditorId] == std::nullopt);
  CHECK(order.belong_sale_name == jsms::Cell("abc"));
  CHECK(order.demand_state == std::nullopt);
  CHECK(store->orders().Get("D999", &order).code() == Code::kOrderNotFound);
}

TEST_CASE("fixture: omitted createTime/updateTime get a timestamp, omitted order state is 0", "[fixture]") {
  FixtureSet set = ParseOk(R"({"orders":[{"orderId":"D1","companyName":"x"}],
                               "resources":[{"resourceId":"T1"}],
                               "demands":[{"demandId":"X1","orderId":"D1"}]})");
  REQUIRE(set.orders.size() == 1);
  const auto& cells = set.orders[0].cells;
  CHECK(cells[jsms::order::kCreateTime] == jsms::Cell(kNow));
  CHECK(cells[jsms::order::kUpdateTime] == jsms::Cell(kNow));
  CHECK(cells[jsms::order::kState] == jsms::Cell("0"));
  CHECK(cells[jsms::order::kRemark] == std::nullopt);  // other omitted fields are null
  CHECK(set.resources[0].cells[jsms::resource::kCreateTime] == jsms::Cell(kNow));
  CHECK(set.resources[0].cells[jsms::resource::kState] == std::nullopt);

  // Through the store, with the real clock.
  TempDir dir;
  auto store = OpenSeededStore(dir, R"({"orders":[{"orderId":"D2"}]})");
  jsms::Order order;
  REQUIRE(store->orders().Get("D2", &order).ok());
  REQUIRE(order.cells[jsms::order::kCreateTime]);
  CHECK(jsms::IsTimestamp(*order.cells[jsms::order::kCreateTime]));
  REQUIRE(order.cells[jsms::order::kUpdateTime]);
  CHECK(jsms::IsTimestamp(*order.cells[jsms::order::kUpdateTime]));
  CHECK(order.cells[jsms::order::kState] == jsms::Cell("0"));
}

// ---- errors name the source, the record and the key ----

TEST_CASE("fixture errors: unknown keys", "[fixture][errors]") {
  std::string message = ParseError(R"({"orders":[{"orderId":"D1","colour":"red"}]})");
  CHECK_THAT(message, Catch::Contains("orders[0]"));
  CHECK_THAT(message, Catch::Contains("D1"));
  CHECK_THAT(message, Catch::Contains("colour"));

  // Derived names are not fixture fields; nor is an order's demandState (it comes from its demand).
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","stateName":"待配单"}]})"), Catch::Contains("stateName"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","demandState":"0"}]})"), Catch::Contains("demandState"));
  CHECK_THAT(ParseError(R"({"resources":[{"resourceId":"T1","protocolTypeName":"CMPP"}]})"),
             Catch::Contains("protocolTypeName"));
  CHECK_THAT(ParseError(R"({"staff":[{"id":1,"name":"a","age":3}]})"), Catch::Contains("age"));
  CHECK_THAT(ParseError(R"({"links":[{"orderId":"D1","resourceId":"T1","x":1}]})"), Catch::Contains("\"x\""));

  // The record's position counts from 0 and names the right one.
  std::string second = ParseError(R"({"orders":[{"orderId":"D1"},{"orderId":"D2","bad":1}]})");
  CHECK_THAT(second, Catch::Contains("orders[1]"));
  CHECK_THAT(second, Catch::Contains("D2"));
}

TEST_CASE("fixture errors: wrong JSON types", "[fixture][errors]") {
  // A string where an integer is expected.
  std::string message = ParseError(R"({"orders":[{"orderId":"D1","belongSale":"149"}]})");
  CHECK_THAT(message, Catch::Contains("orders[0]"));
  CHECK_THAT(message, Catch::Contains("belongSale"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","state":"0"}]})"), Catch::Contains("\"state\""));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","isAudit":true}]})"), Catch::Contains("isAudit"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","extendSize":1.5}]})"), Catch::Contains("extendSize"));
  // A number where a string is expected.
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","companyName":111}]})"), Catch::Contains("companyName"));
  std::string resource = ParseError(R"({"resources":[{"resourceId":"T1","state":1}]})");
  CHECK_THAT(resource, Catch::Contains("resources[0]"));
  CHECK_THAT(resource, Catch::Contains("T1"));
  CHECK_THAT(resource, Catch::Contains("\"state\""));
  CHECK_THAT(ParseError(R"({"demands":[{"demandId":"X1","orderId":"D1","state":0}]})"), Catch::Contains("state"));
  // Objects and arrays are never field values.
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","remark":{"a":"b"}}]})"), Catch::Contains("remark"));
  CHECK_THAT(ParseError(R"({"resources":[{"resourceId":"T1","mtIp":["1"]}]})"), Catch::Contains("mtIp"));
  // Staff ids are positive integers, names strings.
  CHECK_THAT(ParseError(R"({"staff":[{"id":"149","name":"abc"}]})"), Catch::Contains("id"));
  CHECK_THAT(ParseError(R"({"staff":[{"id":0,"name":"abc"}]})"), Catch::Contains("staff[0]"));
  CHECK_THAT(ParseError(R"({"staff":[{"id":149,"name":null}]})"), Catch::Contains("name"));
  // An order state must be a state code.
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","state":-1}]})"), Catch::Contains("state"));
}

TEST_CASE("fixture errors: missing or malformed ids", "[fixture][errors]") {
  std::string order = ParseError(R"({"orders":[{"companyName":"x"}]})");
  CHECK_THAT(order, Catch::Contains("orders[0]"));
  CHECK_THAT(order, Catch::Contains("orderId"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":null}]})"), Catch::Contains("orderId"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":""}]})"), Catch::Contains("orderId"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D/1"}]})"), Catch::Contains("orderId"));
  CHECK_THAT(ParseError(R"({"resources":[{"channelId":"1"}]})"), Catch::Contains("resourceId"));
  CHECK_THAT(ParseError("{\"resources\":[{\"resourceId\":\"" + std::string(65, 'T') + "\"}]}"),
             Catch::Contains("resourceId"));
  CHECK_THAT(ParseError(R"({"links":[{"orderId":"D1"}]})"), Catch::Contains("resourceId"));
  CHECK_THAT(ParseError(R"({"links":[{"resourceId":"T1"}]})"), Catch::Contains("orderId"));
  CHECK_THAT(ParseError(R"({"demands":[{"orderId":"D1"}]})"), Catch::Contains("demandId"));
  std::string demand = ParseError(R"({"demands":[{"demandId":"X1"}]})");
  CHECK_THAT(demand, Catch::Contains("demands[0]"));
  CHECK_THAT(demand, Catch::Contains("orderId"));
  CHECK_THAT(ParseError(R"({"staff":[{"name":"abc"}]})"), Catch::Contains("id"));
}

TEST_CASE("fixture errors: bad time and date formats", "[fixture][errors]") {
  for (const char* time : {"2017-06-28T14:32:05", "2017-06-28", "2017-13-01 00:00:00", "2017-06-28 24:00:00",
                           "2017/06/28 14:32:05", "", "now"}) {
    INFO(time);
    std::string message = ParseError(std::string(R"({"orders":[{"orderId":"D1","createTime":")") + time + "\"}]}");
    CHECK_THAT(message, Catch::Contains("orders[0]"));
    CHECK_THAT(message, Catch::Contains("createTime"));
  }
  CHECK_THAT(ParseError(R"({"resources":[{"resourceId":"T1","updateTime":"yesterday"}]})"),
             Catch::Contains("updateTime"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1","onlineDate":"2017-06-28 00:00:00"}]})"),
             Catch::Contains("onlineDate"));
  CHECK_THAT(ParseError(R"({"resources":[{"resourceId":"T1","onlineDate":"2017-6-1"}]})"),
             Catch::Contains("onlineDate"));
}

TEST_CASE("fixture errors: records that are not objects, unknown lists, bad JSON", "[fixture][errors]") {
  CHECK_THAT(ParseError(R"({"orders":[1]})"), Catch::Contains("orders[0]"));
  CHECK_THAT(ParseError(R"({"orders":[{"orderId":"D1"},"D2"]})"), Catch::Contains("orders[1]"));
  CHECK_THAT(ParseError(R"({"links":[null]})"), Catch::Contains("links[0]"));
  // Top-level keys: only the five lists, each an array.
  CHECK_THAT(ParseError(R"({"order":[]})"), Catch::Contains("order"));
  CHECK_THAT(ParseError(R"({"orders":{"orderId":"D1"}})"), Catch::Contains("orders"));
  ParseError("[]");
  ParseError("\"orders\"");
  // Not JSON at all.
  ParseError("");
  ParseError(R"({"orders":[{"orderId":"D1"})");
  ParseError(R"({"orders":[{"orderId":"D1",}]})");
  ParseError("{\"orders\":[{\"orderId\":\"D\xff\"}]}");  // invalid UTF-8
  // Deep nesting is refused before anything is built (and does not crash).
  ParseError("{\"orders\":" + std::string(200000, '['));
  ParseError("{\"orders\":[{\"orderId\":\"D1\",\"remark\":" + std::string(100000, '{'));
  // Brackets inside strings are text, not nesting: a remark full of them loads fine.
  FixtureSet brackets = ParseOk(R"({"orders":[{"orderId":"D1","remark":"[[[[[[[[[[{{{{{{{{{{ \"[[[[[[[[[["}]})");
  REQUIRE(brackets.orders.size() == 1);
  CHECK(brackets.orders[0].cells[jsms::order::kRemark] == jsms::Cell("[[[[[[[[[[{{{{{{{{{{ \"[[[[[[[[[["));
  // Every key is optional: an empty object is an empty fixture.
  FixtureSet empty = ParseOk("{}");
  CHECK(empty.orders.empty());
  CHECK(empty.resources.empty());
}
