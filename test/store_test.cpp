// The store on its own (lib/store): opening a file, the concept stores called directly, Load's
// all-or-nothing upsert, and the resource page's index against a plain OFFSET query.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures/synthetic.h"
#include "json/fixture_parser.h"
#include "store/connection.h"
#include "store/query.h"
#include "store/schema.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

FixtureSet ParseOk(const std::string& text) {
  FixtureSet set;
  Status status = ParseFixture(text, "extra.json", "2020-01-02 03:04:05", &set);
  INFO(status.message());
  REQUIRE(status.ok());
  return set;
}

// Every resource id of a page, and its total.
std::vector<std::string> ResourcePage(Store& store, const ResourceFilter& filter, PageRequest page, int64_t* total) {
  std::vector<std::string> ids;
  Status status = store.resources().VisitPage(
      filter, page, [&](int64_t n) { *total = n; },
      [&](const Resource& r) {
        ids.push_back(*r.cells[resource::kResourceId]);
        return true;
      });
  INFO(status.message());
  REQUIRE(status.ok());
  return ids;
}

std::vector<std::string> AllResourceIds(Store& store, const ResourceFilter& filter = {}) {
  int64_t total = 0;
  return ResourcePage(store, filter, PageRequest{1000000, 1}, &total);
}

void Counts(Store& store, int64_t* orders, int64_t* resources) { REQUIRE(store.CountRecords(orders, resources).ok()); }

}  // namespace

// ---- Store::Open ----

TEST_CASE("store: a new file gets the schema, and what is stored is there when it is opened again", "[store]") {
  TempDir dir;
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(dir.File("ops.db"), &store).ok());
    int64_t orders = -1, resources = -1;
    Counts(*store, &orders, &resources);
    CHECK(orders == 0);
    CHECK(resources == 0);
    REQUIRE(store->Load(ParseOk(kSeedFixture)).ok());
  }
  std::unique_ptr<Store> again;
  REQUIRE(Store::Open(dir.File("ops.db"), &again).ok());
  Order order;
  REQUIRE(again->orders().Get("D000120170621", &order).ok());
  CHECK(order.belong_sale_name == Cell("abc"));
  SQLite::Database db(dir.File("ops.db"), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == store::kSchemaVersion);
}

// Fails when SQLite keeps its memory statistics: their process-wide mutex, taken on every
// allocation, was 9% of an action's CPU (store/connection.cpp turns them off before SQLite starts).
TEST_CASE("store: SQLite's memory statistics are off in a process that has opened a store", "[store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, "");
  OrderFilter filter;
  int64_t total = 0;
  REQUIRE(store->orders().VisitPage(filter, PageRequest{30, 1}, [&](int64_t t) { total = t; },
                                    [](const Order&) { return true; }).ok());
  CHECK(sqlite3_memory_used() == 0);
  CHECK(sqlite3_memory_highwater(0) == 0);
}

TEST_CASE("store: a file that is not a database, or of a newer schema, is refused and left as it was", "[store]") {
  TempDir dir;
  std::unique_ptr<Store> store;

  const std::string text = dir.File("notes.txt");
  WriteFile(text, std::string(4096, 'x'));
  Status not_a_database = Store::Open(text, &store);
  CHECK(not_a_database.code() == Code::kInternal);
  CHECK_THAT(not_a_database.message(), Catch::Contains("jsms-ops database"));
  CHECK(ReadFile(text) == std::string(4096, 'x'));

  const std::string future = dir.File("future.db");
  WriteFutureDatabase(future);
  const std::string before = DbImage(future);
  Status newer = Store::Open(future, &store);
  CHECK(newer.code() == Code::kInternal);
  CHECK_THAT(newer.message(), Catch::Contains("99"));
  CHECK_THAT(newer.message(), Catch::Contains("version"));
  CHECK(store == nullptr);
  // Still version 99, our schema not written into it.
  CHECK(DbImage(future) == before);
  SQLite::Database db(future, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 99);
  CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'orders'").getInt() == 0);
}

// ---- The concept stores ----

TEST_CASE("store: an action through orders() is read back by every concept store, a refused one changes nothing",
          "[store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, WorkFixture());
  ActionRequest raise;
  raise.action = Action::kFaqixuqiu;
  raise.order_id = "D000520170621";
  raise.remark = "找联通通道";
  raise.operator_id = 149;
  REQUIRE(store->orders().ApplyAction(raise).ok());

  Order order;
  REQUIRE(store->orders().Get("D000520170621", &order).ok());
  CHECK(order.cells[order::kState] == Cell("6"));
  CHECK(order.demand_state == Cell("0"));
  std::vector<ProgressEntry> log;
  REQUIRE(store->orders().ListProgress("D000520170621", &log).ok());
  REQUIRE(log.size() == 1);
  CHECK(log[0].order_id == "D000520170621");
  CHECK(log[0].action == "faqixuqiu");
  CHECK(log[0].from_state == std::optional<int>(1));
  CHECK(log[0].to_state == 6);
  CHECK(log[0].resource_ids.empty());
  CHECK(log[0].remark == "找联通通道");
  CHECK(log[0].operator_id == std::optional<int64_t>(149));
  CHECK(log[0].operator_name == Cell("abc"));
  CHECK(log[0].create_time == *order.cells[order::kUpdateTime]);
  Demand demand;
  REQUIRE(store->demands().GetOfOrder("D000520170621", &demand).ok());
  CHECK(demand.cells[demand::kState] == Cell("0"));
  CHECK(demand.cells[demand::kRemark] == Cell("找联通通道"));
  ResourceFilter linked;
  linked.order_id = "D000520170621";
  CHECK(AllResourceIds(*store, linked).empty());  // its link to T0001 is gone
  std::vector<Staff> staff;
  REQUIRE(store->staff().List(&staff).ok());
  REQUIRE(staff.size() == 3);
  CHECK(staff[0].id == 60);
  CHECK(staff[0].name == "张伟");
  CHECK(staff[2].id == 150);

  const std::string before = DbImage(dir.File("ops.db"));
  ActionRequest again = raise;
  CHECK(store->orders().ApplyAction(again).code() == Code::kStateConflict);
  ActionRequest unknown = raise;
  unknown.order_id = "D999920170621";
  CHECK(store->orders().ApplyAction(unknown).code() == Code::kOrderNotFound);
  CHECK(store->orders().ListProgress("D999920170621", &log).code() == Code::kOrderNotFound);
  CHECK(DbImage(dir.File("ops.db")) == before);
}

// ---- Store::Load: all or nothing, upsert by id ----

TEST_CASE("Load: a dangling link aborts the whole load and writes nothing", "[store][load]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  const std::string before = DbImage(dir.File("ops.db"));
  // New records, a change to an existing one, then a link naming an order that does not exist.
  FixtureSet set = ParseOk(R"({
    "staff":[{"id":500,"name":"新人"}],
    "orders":[{"orderId":"DNEW","companyName":"new"},{"orderId":"D000120170621","companyName":"changed"}],
    "resources":[{"resourceId":"TNEW","state":"1"}],
    "links":[{"orderId":"DNEW","resourceId":"TNEW"},{"orderId":"DMISSING","resourceId":"TNEW"}]})");
  Status status = store->Load(set);
  CHECK(status.code() == Code::kInvalidParam);
  for (const char* part : {"extra.json", "links[1]", "orderId", "DMISSING"}) {
    CHECK_THAT(status.message(), Catch::Contains(part));
  }
  // Nothing of that load is in the database.
  CHECK(DbImage(dir.File("ops.db")) == before);
}

TEST_CASE("Load: a link to a missing resource, or a demand of a missing order, fails naming it", "[store][load]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  const std::string before = DbImage(dir.File("ops.db"));

  Status status = store->Load(ParseOk(R"({"orders":[{"orderId":"DNEW"}],
                                          "links":[{"orderId":"DNEW","resourceId":"TMISSING"}]})"));
  CHECK(status.code() == Code::kInvalidParam);
  for (const char* part : {"links[0]", "resourceId", "TMISSING"}) CHECK_THAT(status.message(), Catch::Contains(part));

  status = store->Load(ParseOk(R"({"orders":[{"orderId":"DNEW"}],
                                   "demands":[{"demandId":"X1","orderId":"DMISSING"}]})"));
  CHECK(status.code() == Code::kInvalidParam);
  for (const char* part : {"demands[0]", "orderId"}) CHECK_THAT(status.message(), Catch::Contains(part));
  CHECK(DbImage(dir.File("ops.db")) == before);
}

TEST_CASE("Load: a link may name a record loaded earlier or in the same load", "[store][load]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Status status = store->Load(ParseOk(R"({"resources":[{"resourceId":"T9"}],
                                          "links":[{"orderId":"D000120170621","resourceId":"T9"},
                                                   {"orderId":"D000120170621","resourceId":"T000020170621"}]})"));
  INFO(status.message());
  REQUIRE(status.ok());
  ResourceFilter filter;
  filter.order_id = "D000120170621";
  int64_t total = 0;
  CHECK(ResourcePage(*store, filter, PageRequest{100, 1}, &total) ==
        std::vector<std::string>{"T000020170621", "T9"});  // sorted by resourceId
  CHECK(total == 2);
}

TEST_CASE("Load: upserts by id, replacing each record whole", "[store][load]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, R"({"orders":[{"orderId":"D1","companyName":"old","belongSale":149}],
                                        "resources":[{"resourceId":"T1","state":"0"}]})");
  REQUIRE(store
              ->Load(ParseOk(R"({"orders":[{"orderId":"D1","companyName":"new"}],
                                  "resources":[{"resourceId":"T1","state":"1"}],
                                  "staff":[{"id":149,"name":"abc"}]})"))
              .ok());
  int64_t orders = 0, resources = 0;
  Counts(*store, &orders, &resources);
  CHECK(orders == 1);
  CHECK(resources == 1);
  Order order;
  REQUIRE(store->orders().Get("D1", &order).ok());
  CHECK(order.cells[order::kCompanyName] == Cell("new"));
  // The record is replaced as the fixture gives it: fields it omits are null.
  CHECK(order.cells[order::kBelongSale] == std::nullopt);
  ResourceFilter online;
  online.state = 1;
  CHECK(AllResourceIds(*store, online) == std::vector<std::string>{"T1"});

  // Staff upserts too: a renamed staff member shows under the new name.
  REQUIRE(store->Load(ParseOk(R"({"staff":[{"id":149,"name":"王五"}],"orders":[{"orderId":"D1","belongSale":149}]})"))
              .ok());
  REQUIRE(store->orders().Get("D1", &order).ok());
  CHECK(order.belong_sale_name == Cell("王五"));
}

TEST_CASE("Load: a fixture demand becomes the order's one current demand", "[store][load]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, R"({"orders":[{"orderId":"D1","state":6}],
                                        "demands":[{"demandId":"X1","orderId":"D1","state":"0"}]})");
  Order order;
  REQUIRE(store->orders().Get("D1", &order).ok());
  CHECK(order.demand_state == Cell("0"));
  // A second demand of the same order replaces the first.
  REQUIRE(store->Load(ParseOk(R"({"demands":[{"demandId":"X2","orderId":"D1","state":"2"}]})")).ok());
  REQUIRE(store->orders().Get("D1", &order).ok());
  CHECK(order.demand_state == Cell("2"));
  Demand demand;
  REQUIRE(store->demands().GetOfOrder("D1", &demand).ok());
  CHECK(demand.cells[demand::kDemandId] == Cell("X2"));
}

// ---- The resource page's index ----

// Fails when the page index (an anchor every 4th id) finds a page's first row wrongly — at a
// stride boundary, past the end, under a state filter — or is used after a write made it stale.
TEST_CASE("store: resource pages found by the page index are the pages an OFFSET query gives", "[store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, "");
  SyntheticOptions options;
  options.orders = 0;
  options.resources = 1500;
  REQUIRE(store->Load(MakeSyntheticFixtures(options)).ok());
  SQLite::Database db(dir.File("ops.db"), SQLite::OPEN_READONLY);

  auto compare_every_page = [&] {
    for (std::optional<int64_t> state : {std::optional<int64_t>(), std::optional<int64_t>(0), std::optional<int64_t>(1),
                                         std::optional<int64_t>(2), std::optional<int64_t>(3)}) {
      const std::string where = state ? " WHERE state = '" + std::to_string(*state) + "'" : "";
      const int64_t count = db.execAndGet("SELECT count(*) FROM resources" + where).getInt64();
      for (int64_t rows : {1, 2, 3, 30, 255, 256, 257, 1000}) {
        for (int64_t page :
             {int64_t{1}, int64_t{2}, 256 / rows + 1, count / rows, count / rows + 1, count / rows + 2}) {
          if (page < 1) continue;
          INFO("state " << (state ? std::to_string(*state) : "any") << ", rows " << rows << ", page " << page);
          ResourceFilter filter;
          filter.state = state;
          int64_t total = -1;
          std::vector<std::string> ids = ResourcePage(*store, filter, PageRequest{rows, page}, &total);
          SQLite::Statement offset(
              db, "SELECT resourceId FROM resources" + where + " ORDER BY resourceId LIMIT ? OFFSET ?");
          offset.bind(1, rows);
          offset.bind(2, (page - 1) * rows);
          std::vector<std::string> expected;
          while (offset.executeStep()) expected.push_back(offset.getColumn(0).getString());
          CHECK(total == count);
          CHECK(ids == expected);
        }
      }
    }
  };
  compare_every_page();
  compare_every_page();  // again, from the indexes built by the first pass
  // Writes move ids between the state filters and add one: every index must be rebuilt.
  ResourceFilter waiting, online;
  waiting.state = 0;
  online.state = 1;
  REQUIRE(store->resources().Move(AllResourceIds(*store, waiting).front(), ResourceMove::kOnline, std::nullopt).ok());
  REQUIRE(store->resources().Move(AllResourceIds(*store, online).back(), ResourceMove::kRepeal, std::nullopt).ok());
  std::string added;
  REQUIRE(store->resources().Add(ResourcePatch{}, &added).ok());
  compare_every_page();
}

TEST_CASE("store: a resource page's snapshot, kept open for the next page, is not what the other reads see",
          "[store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  ResourceFilter online;
  online.state = 1;
  int64_t total = -1;
  ResourcePage(*store, online, PageRequest{30, 1}, &total);  // its read transaction stays open
  REQUIRE(total == 0);
  ResourcePage(*store, ResourceFilter{}, PageRequest{30, 1}, &total);
  REQUIRE(total == 2);

  // Another connection commits. The next ordinary read, on the same connection, begins a
  // snapshot of its own and sees the change at once.
  ExecSql(dir.File("ops.db"), "UPDATE orders SET companyName = '外部' WHERE orderId = 'D000120170621';"
                              "UPDATE resources SET state = '1' WHERE resourceId = 'T000120170621'");
  Order order;
  REQUIRE(store->orders().Get("D000120170621", &order).ok());
  CHECK(order.cells[order::kCompanyName] == Cell("外部"));
  // And the pages once the data version has moved.
  std::vector<std::string> ids = ResourcePage(*store, online, PageRequest{30, 1}, &total);
  CHECK(total == 1);
  CHECK(ids == std::vector<std::string>{"T000120170621"});
}

TEST_CASE("store: a raw statement reads NULL as no value, '' as an empty one, any other text as it is", "[store]") {
  TempDir dir;
  store::Connection c(dir.File("cells.db"), 1000);
  c.db().exec("CREATE TABLE cells(n INTEGER PRIMARY KEY, cell TEXT);"
              "INSERT INTO cells(cell) VALUES (NULL), (''), ('供应商 A'), (42)");
  static const store::Query kCells("SELECT cell FROM cells ORDER BY n");
  std::vector<std::optional<std::string>> read;
  {
    store::RawScope cells = c.Raw(kCells);
    while (cells->Step()) {
      std::optional<std::string_view> cell = cells->Text(0);
      read.push_back(cell ? std::optional<std::string>(std::string(*cell)) : std::nullopt);
    }
  }
  CHECK(read == std::vector<std::optional<std::string>>{std::nullopt, "", "供应商 A", "42"});
}

}  // namespace jsms::test
