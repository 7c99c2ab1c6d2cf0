// The synthetic data set (issue 4): deterministic, well-formed, covering every state, and loadable.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "fixtures/synthetic.h"
#include "domain/text.h"
#include "support.h"

namespace jsms {
namespace {

FixtureSet Make(int64_t orders, int64_t resources) {
  SyntheticOptions options;
  options.orders = orders;
  options.resources = resources;
  return MakeSyntheticFixtures(options);
}

bool HasShape(const std::string& id, char prefix) {
  if (id.size() != 9 || id[0] != prefix) return false;
  for (size_t i = 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
  }
  return true;
}

template <size_t N>
bool SameCells(const std::array<Cell, N>& a, const std::array<Cell, N>& b) {
  return a == b;
}

}  // namespace

TEST_CASE("synthetic: the same options give the same records", "[synthetic]") {
  FixtureSet a = Make(500, 2000), b = Make(500, 2000);
  REQUIRE(a.orders.size() == b.orders.size());
  REQUIRE(a.resources.size() == b.resources.size());
  REQUIRE(a.links.size() == b.links.size());
  REQUIRE(a.demands.size() == b.demands.size());
  for (size_t i = 0; i < a.orders.size(); ++i) CHECK(SameCells(a.orders[i].cells, b.orders[i].cells));
  for (size_t i = 0; i < a.resources.size(); ++i) CHECK(SameCells(a.resources[i].cells, b.resources[i].cells));
  for (size_t i = 0; i < a.links.size(); ++i) {
    CHECK(a.links[i].link.order_id == b.links[i].link.order_id);
    CHECK(a.links[i].link.resource_id == b.links[i].link.resource_id);
  }
  for (size_t i = 0; i < a.demands.size(); ++i) CHECK(SameCells(a.demands[i].demand.cells, b.demands[i].demand.cells));

  // A record does not depend on how many others are made: a bigger set starts with the smaller one.
  FixtureSet bigger = Make(800, 3000);
  for (size_t i = 0; i < a.orders.size(); ++i) CHECK(SameCells(a.orders[i].cells, bigger.orders[i].cells));
  for (size_t i = 0; i < a.resources.size(); ++i) CHECK(SameCells(a.resources[i].cells, bigger.resources[i].cells));

  // Another seed gives other data.
  SyntheticOptions other;
  other.orders = 500;
  other.resources = 2000;
  other.seed = 7;
  CHECK_FALSE(SameCells(MakeSyntheticFixtures(other).orders[100].cells, a.orders[100].cells));
}

TEST_CASE("synthetic: ids are a letter and 8 digits, counted from zero", "[synthetic]") {
  FixtureSet set = Make(1200, 3000);
  REQUIRE(set.orders.size() == 1200);
  REQUIRE(set.resources.size() == 3000);
  CHECK(*set.orders.front().cells[order::kOrderId] == "D00000000");
  CHECK(*set.orders.back().cells[order::kOrderId] == "D00001199");
  CHECK(*set.resources.front().cells[resource::kResourceId] == "T00000000");
  CHECK(*set.resources.back().cells[resource::kResourceId] == "T00002999");
  for (const auto& o : set.orders) {
    CHECK(HasShape(*o.cells[order::kOrderId], 'D'));
    CHECK(IsValidId(*o.cells[order::kOrderId]));
    CHECK(IsValidUtf8(*o.cells[order::kCompanyName]));
    CHECK(o.cells[order::kCreateTime]);
    CHECK(o.cells[order::kUpdateTime]);
    CHECK(*o.cells[order::kUpdateTime] >= *o.cells[order::kCreateTime]);
  }
  for (const auto& r : set.resources) {
    CHECK(HasShape(*r.cells[resource::kResourceId], 'T'));
    CHECK(r.cells[resource::kCreateTime]);
  }
  std::set<std::string> demand_ids;
  for (const auto& d : set.demands) {
    CHECK(HasShape(*d.demand.cells[demand::kDemandId], 'X'));
    demand_ids.insert(*d.demand.cells[demand::kDemandId]);
  }
  CHECK(demand_ids.size() == set.demands.size());
  CHECK(set.staff.size() >= 8);
}

TEST_CASE("synthetic: every order state and every resource state is present", "[synthetic]") {
  SECTION("even in a tiny set") {
    FixtureSet set = Make(9, 4);
    std::set<std::string> order_states, resource_states;
    for (const auto& o : set.orders) order_states.insert(*o.cells[order::kState]);
    for (const auto& r : set.resources) resource_states.insert(*r.cells[resource::kState]);
    CHECK(order_states == std::set<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8"});
    CHECK(resource_states == std::set<std::string>{"0", "1", "2", "3"});
  }
  SECTION("resources roughly a quarter in each state") {
    FixtureSet set = Make(0, 20000);
    std::map<std::string, int> counts;
    for (const auto& r : set.resources) ++counts[*r.cells[resource::kState]];
    REQUIRE(counts.size() == 4);
    for (const auto& [state, count] : counts) {
      INFO("state " << state << ": " << count);
      CHECK(count > 4500);
      CHECK(count < 5500);
    }
  }
  SECTION("most orders wait in 待配单, and every state is well represented") {
    FixtureSet set = Make(10000, 1000);
    std::map<std::string, int> counts;
    for (const auto& o : set.orders) ++counts[*o.cells[order::kState]];
    REQUIRE(counts.size() == 9);
    CHECK(counts["0"] > 5000);
    for (const auto& [state, count] : counts) {
      INFO("state " << state << ": " << count);
      CHECK(count >= 50);
    }
  }
}

TEST_CASE("synthetic: about 10% of orders are linked to 1-5 resources", "[synthetic]") {
  FixtureSet set = Make(10000, 100000);
  std::map<std::string, std::set<std::string>> links;
  for (const auto& l : set.links) {
    CHECK(HasShape(l.link.resource_id, 'T'));
    CHECK(links[l.link.order_id].insert(l.link.resource_id).second);  // no duplicate link
  }
  CHECK(links.size() > 800);
  CHECK(links.size() < 1300);
  std::map<std::string, const Order*> orders;
  for (const auto& o : set.orders) orders[*o.cells[order::kOrderId]] = &o;
  std::map<std::string, const Resource*> resources;
  for (const auto& r : set.resources) resources[*r.cells[resource::kResourceId]] = &r;
  for (const auto& [order_id, linked] : links) {
    INFO(order_id);
    CHECK(linked.size() >= 1);
    CHECK(linked.size() <= 5);
    REQUIRE(orders.count(order_id));
    const std::string& state = *orders[order_id]->cells[order::kState];
    CHECK(state != "0");
    if (state == "5") {
      for (const auto& id : linked) CHECK(*resources[id]->cells[resource::kState] == "1");
    }
  }
}

TEST_CASE("synthetic: orders in 寻资源 have a demand 寻资源, and a few others an answered one", "[synthetic]") {
  FixtureSet set = Make(10000, 100);
  std::map<std::string, std::string> demand_state_of;
  for (const auto& d : set.demands) {
    CHECK(demand_state_of.emplace(*d.demand.cells[demand::kOrderId], *d.demand.cells[demand::kState]).second);
  }
  int seeking = 0;
  for (const auto& o : set.orders) {
    const std::string& id = *o.cells[order::kOrderId];
    if (*o.cells[order::kState] == "6") {
      ++seeking;
      REQUIRE(demand_state_of.count(id));
      CHECK(demand_state_of[id] == "0");
    } else if (demand_state_of.count(id)) {
      CHECK(demand_state_of[id] != "0");
    }
  }
  CHECK(seeking > 0);
  CHECK(set.demands.size() > static_cast<size_t>(seeking));
  CHECK(set.demands.size() < set.orders.size() / 10);
}

TEST_CASE("synthetic: the set loads into a store and reads back", "[synthetic]") {
  test::TempDir dir;
  auto store = test::OpenSeededStore(dir, "");
  FixtureSet set = Make(1000, 5000);
  Status loaded = store->Load(set);
  INFO(loaded.message());
  REQUIRE(loaded.ok());
  int64_t orders = 0, resources = 0;
  REQUIRE(store->CountRecords(&orders, &resources).ok());
  CHECK(orders == 1000);
  CHECK(resources == 5000);

  Order order;
  REQUIRE(store->orders().Get("D00000006", &order).ok());
  CHECK(*order.cells[order::kState] == "6");
  CHECK(order.demand_state == Cell("0"));
  CHECK(order.belong_sale_name);

  int64_t total = -1;
  int rows = 0;
  ResourceFilter online;
  online.state = 1;
  REQUIRE(store->resources().VisitPage(online, PageRequest{30, 2}, [&](int64_t t) { total = t; },
                                   [&](const Resource& r) {
                                     ++rows;
                                     CHECK(*r.cells[resource::kState] == "1");
                                     CHECK(r.belong_business_name);
                                     return true;
                                   })
              .ok());
  CHECK(total > 1000);
  CHECK(rows == 30);

  // Loading it again upserts: nothing doubles.
  REQUIRE(store->Load(set).ok());
  REQUIRE(store->CountRecords(&orders, &resources).ok());
  CHECK(orders == 1000);
  CHECK(resources == 5000);
}

}  // namespace jsms
