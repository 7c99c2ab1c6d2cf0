// Each resource's page row kept in the database (schema versions 4, 6 and 7, issue 15): the page
// reads it packed (its values without their keys) and writes it out, and the bytes are exactly
// those of the row encoded from the columns, before and after every kind of change, with the staff
// name put in at read time; the rows are stored in resourceId order however the resources arrive.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "json/encode.h"
#include "json/fixture_parser.h"
#include "store/embedded.h"
#include "store/resource_rows.h"
#include "store/schema.h"
#include "support.h"
#include "util/clock.h"

namespace jsms::test {
namespace {
using namespace support;

// Rows that test the encoding: quotes, backslashes, newlines, control characters, CJK, nulls,
// a staff member with a name and one without.
std::string Fixture() {
  std::string odd = R"({"resourceId":"T0001","channelId":"a\"b\\c","channelType":"0,4","smsType":"验证码\n通知",)"
                    R"("contentProp":null,"belongBusiness":"62","directConnect":"0","extendSize":"6","signType":"1,2",)"
                    R"("purchasePrice":"统一价:0.02","rate":"\t300","minimumGuarantee":"0","isCredit":"10","payType":"预付",)"
                    R"("invoiceType":"1","mtIp":"10.0.0.1:7890","protocolType":"1","supplier":"上海\u0001讯联","contact":"周",)"
                    R"("mobile":"138","isAudit":"1","onlineDate":null,"state":"1","remark":"<img src=x onerror=alert(1)>",)"
                    R"("auditorId":"63","operatorId":"60","createTime":"2017-06-26 09:30:15","updateTime":"2017-06-28 17:12:40"})";
  std::vector<std::string> resources = {odd, ResourceJson("T0002", "0"), ResourceJson("T0003", "1"),
                                        ResourceJson("T0004", "2"), ResourceJson("T0005", "3")};
  std::string joined;
  for (const auto& r : resources) joined += (joined.empty() ? "" : ",") + r;
  return R"({"staff":[{"id":60,"name":"张伟"},{"id":62,"name":"王\"芳"}],"resources":[)" + joined + "]}";
}

// The same desk twice: one store keeping rows encoded (as the server), one without an encoder
// (every row encoded from its columns at read time).
struct TwoStores {
  explicit TwoStores(const std::string& fixture = Fixture()) {
    encoded = OpenSeededStore(encoded_dir, fixture);
    REQUIRE(Store::Open(plain_dir.File("ops.db"), &plain).ok());
    FixtureSet set;
    REQUIRE(ParseFixture(fixture, "test", NowTimestamp(), &set).ok());
    REQUIRE(plain->Load(set).ok());
    encoded_api = std::make_unique<Api>(encoded.get(), AuthOptions{});
    plain_api = std::make_unique<Api>(plain.get(), AuthOptions{});
  }
  // Both answers to the same request, for comparison.
  std::pair<std::string, std::string> Both(const std::string& method, const std::string& target,
                                           const std::string& body = "") {
    ApiRequest request = support::MakeRequest(method, target, {{"Content-Type", "application/x-www-form-urlencoded"}});
    request.body = body;
    return {MaskNow(Body(encoded_api->Handle(request))), MaskNow(Body(plain_api->Handle(request)))};
  }
  // Times each store writes as "now" differ when a second passes between the two writes (it did
  // once under a loaded ctest): today's times become one placeholder in both answers, and every
  // other byte is compared as it is.
  static std::string MaskNow(std::string body) {
    const std::string today = "\"" + NowTimestamp().substr(0, 10) + " ";
    for (size_t at = body.find(today); at != std::string::npos; at = body.find(today, at + 1)) {
      body.replace(at + 1, 19, "YYYY-MM-DD hh:mm:ss");
    }
    return body;
  }
  static std::string Body(const ApiReply& reply) {
    if (!reply.stream) return reply.body;
    std::string body;
    reply.stream([&body](const char* data, size_t size) {
      body.append(data, size);
      return true;
    });
    return body;
  }
  // Every listing the page has a fast path for, compared.
  void CheckPagesAlike() {
    for (const char* target : {"/order/resource/query?rows=100", "/order/resource/query?rows=2&page=2",
                               "/order/resource/query?state=1", "/order/resource/query?state=3",
                               "/order/resource/query?rows=9999999", "/order/resource/query?rows=9999999&state=0"}) {
      INFO(target);
      auto [kept, from_columns] = Both("GET", target);
      CHECK(kept == from_columns);
      CHECK(kept.find("\"resourceId\"") != std::string::npos);
    }
  }

  TempDir encoded_dir, plain_dir;
  std::unique_ptr<Store> encoded, plain;
  std::unique_ptr<Api> encoded_api, plain_api;
};

// Every row of `sql`'s answer, its columns joined by '|', one line each.
std::string SqlText(const std::string& db, const std::string& sql) {
  SQLite::Database file(db, SQLite::OPEN_READONLY);
  SQLite::Statement rows(file, sql);
  std::string out;
  while (rows.executeStep()) {
    for (int i = 0; i < rows.getColumnCount(); ++i) out += (i ? "|" : "") + rows.getColumn(i).getString();
    out += "\n";
  }
  return out;
}

int64_t EncodedRows(const std::string& db) {
  return SqlInt(db, "SELECT count(*) FROM resource_rows WHERE encodedRow IS NOT NULL");
}

// The rows as stored (by position) and as sorted by id, with their copies of state and staff
// member, and the resources' own: the same lists when the rows are in order and exact.
void CheckRowsInOrder(const std::string& db) {
  const std::string by_position =
      SqlText(db, "SELECT resourceId, ifnull(state, '-'), ifnull(belongBusiness, '-') FROM resource_rows ORDER BY position");
  CHECK(by_position == SqlText(db, "SELECT resourceId, ifnull(state, '-'), ifnull(belongBusiness, '-')"
                                   " FROM resource_rows ORDER BY resourceId"));
  CHECK(by_position == SqlText(db, "SELECT resourceId, ifnull(state, '-'), ifnull(belongBusiness, '-')"
                                   " FROM resources ORDER BY resourceId"));
  CHECK(SqlInt(db, "SELECT min(position) FROM resource_rows") >= 1);
}

TEST_CASE("resource rows: the page kept encoded is byte for byte the page encoded from the columns", "[rows]") {
  TwoStores stores;
  CHECK(EncodedRows(stores.encoded_dir.File("ops.db")) == 5);
  CHECK(EncodedRows(stores.plain_dir.File("ops.db")) == 0);
  stores.CheckPagesAlike();
  // The staff name is spliced in, escaped; an unknown staff member is null.
  auto [page, unused] = stores.Both("GET", "/order/resource/query?rows=1");
  CHECK(page.find(R"("belongBusiness":"62","belongBusinessName":"王\"芳")") != std::string::npos);
  auto [second, unused2] = stores.Both("GET", "/order/resource/query?rows=1&page=2");
  CHECK(second.find(R"("belongBusinessName":null)") == std::string::npos);  // T0002 belongs to 60
  CHECK(second.find(R"("belongBusinessName":"张伟")") != std::string::npos);
}

TEST_CASE("resource rows: every change keeps the row exact, in the same transaction", "[rows]") {
  TwoStores stores;
  const std::vector<std::pair<std::string, std::string>> changes = {
      {"/order/resource/add/save", "channelType=1&smsType=通知&supplier=新的\"供应商\"&onlineDate=2026-12-31"},
      {"/order/resource/edit/save", "resourceId=T0002&purchasePrice=统一价:0.5&remark=改了\\n一行"},
      {"/order/resource/online", "resourceId=T0002"},
      {"/order/resource/repeal", "resourceId=T0003"},
      {"/order/resource/online", "resourceId=T0003"},  // refused: nothing changes
  };
  for (const auto& [path, body] : changes) {
    INFO(path << " " << body);
    auto [kept, from_columns] = stores.Both("POST", path, body);
    CHECK(kept == from_columns);
    stores.CheckPagesAlike();
  }
  CHECK(EncodedRows(stores.encoded_dir.File("ops.db")) == 6);
  CheckRowsInOrder(stores.encoded_dir.File("ops.db"));
  CheckRowsInOrder(stores.plain_dir.File("ops.db"));
  // A staff member renamed (a fixture upsert): the rows are unchanged and show the new name.
  FixtureSet renamed;
  REQUIRE(ParseFixture(R"({"staff":[{"id":60,"name":"张大伟"}]})", "test", NowTimestamp(), &renamed).ok());
  REQUIRE(stores.encoded->Load(renamed).ok());
  REQUIRE(stores.plain->Load(renamed).ok());
  stores.CheckPagesAlike();
  auto [page, unused] = stores.Both("GET", "/order/resource/query?rows=100");
  CHECK(page.find(R"("belongBusinessName":"张大伟")") != std::string::npos);
}

TEST_CASE("resource rows: a row written without an encoder is read from its columns, then encoded at start",
          "[rows]") {
  TwoStores stores;
  const std::string db = stores.encoded_dir.File("ops.db");
  {
    // Another jsms-ops without an encoder (an older one, say) changes T0004: its row is dropped,
    // never left stale.
    std::unique_ptr<Store> other;
    REQUIRE(Store::Open(db, &other).ok());
    REQUIRE(other->resources().Move("T0004", ResourceMove::kOnline, 60).ok());
  }
  REQUIRE(stores.plain->resources().Move("T0004", ResourceMove::kOnline, 60).ok());
  CHECK(EncodedRows(db) == 4);
  stores.CheckPagesAlike();
  // The start finds the row through an index of the rows to encode (schema versions 5 and 6), not
  // by reading every row: 0.6 s at 1,000,000 resources.
  CHECK(SqlText(db, "EXPLAIN QUERY PLAN SELECT resourceId FROM resource_rows WHERE encodedRow IS NULL"
                    " ORDER BY position LIMIT 100")
            .find("USING INDEX resource_rows_to_encode") != std::string::npos);
  CHECK(SqlInt(db, "SELECT count(*) FROM resource_rows INDEXED BY resource_rows_to_encode WHERE encodedRow IS NULL") == 1);
  int64_t encoded = 0;
  REQUIRE(stores.encoded->resources().EncodeMissingRows(&encoded).ok());
  CHECK(encoded == 1);
  CHECK(EncodedRows(db) == 5);
  CHECK(SqlInt(db, "SELECT count(*) FROM resource_rows INDEXED BY resource_rows_to_encode WHERE encodedRow IS NULL") == 0);
  stores.CheckPagesAlike();
  CheckRowsInOrder(db);
}

TEST_CASE("resource rows: a damaged packed row is written out as far as it goes, never read past", "[rows]") {
  TwoStores stores;
  const std::string file = stores.encoded_dir.File("ops.db");
  {
    SQLite::Database db(file, SQLite::OPEN_READWRITE);
    // A length far past the row's end; a length cut off after its first byte; nothing at all.
    db.exec("UPDATE resource_rows SET encodedRow = x'04' || CAST('null' AS BLOB) || x'ffffff7f41' WHERE resourceId = 'T0002'");
    db.exec("UPDATE resource_rows SET encodedRow = x'ff' WHERE resourceId = 'T0003'");
    db.exec("UPDATE resource_rows SET encodedRow = x'' WHERE resourceId = 'T0004'");
  }
  // The store's own reply cache knows nothing of the change behind its back: a fresh store.
  std::unique_ptr<Store> reopened;
  StoreOptions as_served;
  as_served.encode_resource_row = PackResourceRow;
  REQUIRE(Store::Open(file, as_served, &reopened).ok());
  Api api(reopened.get(), {});
  const std::string page = TwoStores::Body(api.Handle(support::MakeRequest("GET", "/order/resource/query?rows=10")));
  CHECK(page.find(R"({"orderBy":null,"rowNum":A,"resourceId":,"channelId":,)") != std::string::npos);
  CHECK(page.find(R"({"orderBy":,"rowNum":,"resourceId":,)") != std::string::npos);
  CHECK(page.find(R"("resourceId":"T0001")") != std::string::npos);
  CHECK(page.find(R"("resourceId":"T0005")") != std::string::npos);
}

TEST_CASE("resource rows: resources arriving in any order are stored in resourceId order", "[rows]") {
  // T1, then T2; then 40 ids that each fall into the same, halving gap just after the last
  // (T10 < T100 < … < T2): the gap, 2^32 wide, runs out after 32 and the rows around it are spaced
  // out again. Then ids before the first, between others, and after the last.
  std::vector<std::string> ids = {"T1", "T2"};
  std::string id = "T1";
  for (int i = 0; i < 40; ++i) ids.push_back(id += "0");
  for (const char* more : {"T0", "S", "T15", "T11", "T3", "T10000005", "U", "T"}) ids.push_back(more);
  std::string fixture;
  for (size_t i = 0; i < ids.size(); ++i) {
    fixture += (fixture.empty() ? "" : ",") + ResourceJson(ids[i], std::to_string(i % 4));
  }
  TwoStores stores(R"({"staff":[{"id":60,"name":"张伟"}],"resources":[)" + fixture + "]}");
  const std::string db = stores.encoded_dir.File("ops.db");
  CHECK(SqlInt(db, "SELECT count(*) FROM resource_rows") == static_cast<int64_t>(ids.size()));
  CheckRowsInOrder(db);
  CheckRowsInOrder(stores.plain_dir.File("ops.db"));
  // Every page, unfiltered and by state, as the rows encoded from the columns give it.
  for (const char* target : {"/order/resource/query?rows=7&page=1", "/order/resource/query?rows=7&page=4",
                             "/order/resource/query?rows=7&page=8", "/order/resource/query?rows=5&page=2&state=1",
                             "/order/resource/query?rows=100"}) {
    INFO(target);
    auto [kept, from_columns] = stores.Both("GET", target);
    CHECK(kept == from_columns);
  }
  // Added through the desk too (its ids are T<sequence><day>): still in order.
  for (int i = 0; i < 3; ++i) {
    auto [kept, from_columns] = stores.Both("POST", "/order/resource/add/save", "channelType=1&smsType=1");
    CHECK(kept == from_columns);
  }
  CheckRowsInOrder(db);
  stores.CheckPagesAlike();
}

TEST_CASE("resource rows: spacing rows out leaves room between every neighbour, or asks for a wider window",
          "[rows]") {
  // Between two rows: evenly, every step at least kMinSpacing.
  std::optional<store::Spacing> between = store::SpaceOut(1000, 1000 + 10 * store::kMinSpacing, 4);
  REQUIRE(between);
  CHECK(between->step == 2 * store::kMinSpacing);
  CHECK(between->first == 1000 + 2 * store::kMinSpacing);
  // Too tight: nullopt (the caller widens the window).
  CHECK(!store::SpaceOut(1000, 1000 + 4 * store::kMinSpacing, 4));
  // After the last row: kPositionGap apart, unless that would pass the largest position.
  std::optional<store::Spacing> after = store::SpaceOut(5, std::nullopt, 3);
  REQUIRE(after);
  CHECK(after->first == 5 + store::kPositionGap);
  CHECK(after->step == store::kPositionGap);
  const int64_t near_end = std::numeric_limits<int64_t>::max() - 2 * store::kPositionGap;
  CHECK(store::SpaceOut(near_end, std::nullopt, 2));
  CHECK(!store::SpaceOut(near_end, std::nullopt, 3));
}

// A desk of 400 resources in an order of their own, every row kept, one changed since; the
// replies of the listings the page has a fast path for.
struct OldFileSource {
  OldFileSource() : stores(Desk()) {
    auto [edited, unused] = stores.Both("POST", "/order/resource/edit/save", "resourceId=T17&remark=改过");
    CHECK(edited.find("操作成功") != std::string::npos);
    path = stores.encoded_dir.File("ops.db");
    for (const auto& target : targets) replies.push_back(Page(stores.encoded.get(), target));
  }
  static std::string Desk() {
    std::string fixture;
    for (int i = 0; i < 400; ++i) {
      fixture += (fixture.empty() ? "" : ",") + ResourceJson("T" + std::to_string(i * 7919 % 400), std::to_string(i % 4));
    }
    return R"({"staff":[{"id":60,"name":"张伟"}],"resources":[)" + fixture + "]}";
  }
  static std::string Page(Store* store, const std::string& target) {
    Api api(store, {});
    return TwoStores::Body(api.Handle(support::MakeRequest("GET", target)));
  }
  // A file at the version `steps` lead to, made by their own SQL, holding every record of the
  // source; its kept rows (resources.encodedRow before version 6, resource_rows after) are
  // `kept_row`, as SQL over the source's resource_rows w.
  std::string OldFile(const std::string& name, const std::vector<const char*>& steps, const std::string& kept_row) {
    const std::string file = stores.encoded_dir.File(name);
    SQLite::Database old(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec("PRAGMA page_size=8192");
    for (const char* step : steps) old.exec(step);
    old.exec("ATTACH DATABASE '" + path + "' AS source");
    SQLite::Statement tables(old, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    std::vector<std::string> names;
    while (tables.executeStep()) names.push_back(tables.getColumn(0).getString());
    for (const std::string& table : names) {
      std::string columns, values;
      SQLite::Statement info(old, "SELECT name FROM pragma_table_info('" + table + "')");
      while (info.executeStep()) {
        const std::string column = info.getColumn(0).getString();
        columns += (columns.empty() ? "" : ", ") + column;
        values += (values.empty() ? "" : ", ") +
                  (column == "encodedRow" ? "(SELECT " + kept_row + " FROM source.resource_rows w WHERE w.resourceId = t.resourceId)"
                                          : "t." + column);
      }
      old.exec("INSERT INTO " + table + " (" + columns + ") SELECT " + values + " FROM source." + table + " t");
    }
    return file;
  }
  // The file, opened (upgraded) as the server opens it: every record as in the source, the pages
  // the same before and after the rows are packed at start, the rows in order (`renumbered`:
  // given new positions, 2^32 apart, as version 6 does), the file compacted.
  void CheckUpgraded(const std::string& file, bool renumbered) {
    std::unique_ptr<Store> migrated;
    StoreOptions as_served;
    as_served.encode_resource_row = PackResourceRow;
    REQUIRE(Store::Open(file, as_served, &migrated).ok());
    CHECK(SqlInt(file, "PRAGMA user_version") == store::kSchemaVersion);
    CHECK(SqlInt(file, "SELECT count(*) FROM pragma_table_info('resources') WHERE name = 'encodedRow'") == 0);
    CHECK(SqlInt(file, "PRAGMA freelist_count") == 0);
    const std::vector<std::string> tables = {"orders", "resources", "links", "demands", "progress", "staff", "history",
                                             "history_changes"};
    CHECK(DbImage(file, tables) == DbImage(path, tables));
    CheckRowsInOrder(file);
    if (renumbered) CHECK(SqlInt(file, "SELECT count(DISTINCT position % 4294967296) FROM resource_rows") == 1);
    // The rows an older version kept are let go of (never served as they are), packed again at start.
    CHECK(EncodedRows(file) == 0);
    for (size_t i = 0; i < targets.size(); ++i) {
      INFO(targets[i]);
      CHECK(Page(migrated.get(), targets[i]) == replies[i]);
    }
    int64_t encoded = 0;
    REQUIRE(migrated->resources().EncodeMissingRows(&encoded).ok());
    CHECK(encoded == 400);
    CHECK(SqlInt(file, "SELECT count(*) FROM resource_rows WHERE typeof(encodedRow) = 'blob'") == 400);
    for (size_t i = 0; i < targets.size(); ++i) {
      INFO(targets[i]);
      CHECK(Page(migrated.get(), targets[i]) == replies[i]);
    }
    CHECK(SqlInt(file, "PRAGMA page_count") <= SqlInt(path, "PRAGMA page_count"));
    // And it takes new resources in order.
    Api api(migrated.get(), {});
    ApiReply added = api.Handle(support::MakeFormPost("/order/resource/add/save", "channelType=1&smsType=1"));
    CHECK(added.body.find("操作成功") != std::string::npos);
    CheckRowsInOrder(file);
  }

  TwoStores stores;
  std::string path;
  const std::vector<std::string> targets = {"/order/resource/query?rows=30&page=3", "/order/resource/query?rows=9999999",
                                            "/order/resource/query?rows=30&page=2&state=2"};
  std::vector<std::string> replies;
};

TEST_CASE("schema: a version-5 file moves its rows to resource_rows, in order, packs them again, and is compacted",
          "[rows][schema]") {
  OldFileSource source;
  const std::string file = source.OldFile("v5.db",
                                          {SchemaSql(), AccountsMigrationSql(), HistoryMigrationSql(),
                                           ResourceRowsMigrationSql(), RowsToEncodeMigrationSql()},
                                          "'{\"kept by version 5\":true}'");
  REQUIRE(SqlInt(file, "PRAGMA user_version") == 5);
  REQUIRE(SqlInt(file, "SELECT count(*) FROM resources WHERE encodedRow IS NOT NULL") == 400);
  source.CheckUpgraded(file, /*renumbered=*/true);
}

TEST_CASE("schema: a version-6 file lets go of its rows kept as JSON text and packs them again", "[rows][schema]") {
  OldFileSource source;
  const std::string file = source.OldFile("v6.db",
                                          {SchemaSql(), AccountsMigrationSql(), HistoryMigrationSql(),
                                           ResourceRowsMigrationSql(), RowsToEncodeMigrationSql(),
                                           ResourceRowsTableMigrationSql()},
                                          "'{\"kept by version 6\":true}'");
  REQUIRE(SqlInt(file, "PRAGMA user_version") == 6);
  REQUIRE(SqlInt(file, "SELECT count(*) FROM resource_rows WHERE encodedRow IS NOT NULL") == 400);
  source.CheckUpgraded(file, /*renumbered=*/false);
}

}  // namespace
}  // namespace jsms::test
