// Each resource's page row kept encoded in the database (schema version 4, issue 15): the page
// reads bytes, and they are exactly the bytes of the row encoded from the columns, before and
// after every kind of change, with the staff name spliced in at read time.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "json/encode.h"
#include "json/fixture_parser.h"
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
  TwoStores() {
    encoded = OpenSeededStore(encoded_dir, Fixture());
    REQUIRE(Store::Open(plain_dir.File("ops.db"), &plain).ok());
    FixtureSet set;
    REQUIRE(ParseFixture(Fixture(), "test", NowTimestamp(), &set).ok());
    REQUIRE(plain->Load(set).ok());
    encoded_api = std::make_unique<Api>(encoded.get(), AuthOptions{});
    plain_api = std::make_unique<Api>(plain.get(), AuthOptions{});
  }
  // Both answers to the same request, for comparison.
  std::pair<std::string, std::string> Both(const std::string& method, const std::string& target,
                                           const std::string& body = "") {
    ApiRequest request = support::MakeRequest(method, target, {{"Content-Type", "application/x-www-form-urlencoded"}});
    request.body = body;
    return {Body(encoded_api->Handle(request)), Body(plain_api->Handle(request))};
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
  return SqlInt(db, "SELECT count(*) FROM resources WHERE encodedRow IS NOT NULL");
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
  // The start finds the row through an index of the rows to encode (schema version 5), not by
  // reading every row: 0.6 s at 1,000,000 resources.
  CHECK(SqlText(db, "EXPLAIN QUERY PLAN SELECT resourceId FROM resources WHERE encodedRow IS NULL"
                    " ORDER BY resourceId LIMIT 100")
            .find("USING INDEX resources_to_encode") != std::string::npos);
  CHECK(SqlInt(db, "SELECT count(*) FROM resources INDEXED BY resources_to_encode WHERE encodedRow IS NULL") == 1);
  int64_t encoded = 0;
  REQUIRE(stores.encoded->resources().EncodeMissingRows(&encoded).ok());
  CHECK(encoded == 1);
  CHECK(EncodedRows(db) == 5);
  CHECK(SqlInt(db, "SELECT count(*) FROM resources INDEXED BY resources_to_encode WHERE encodedRow IS NULL") == 0);
  stores.CheckPagesAlike();
}

}  // namespace
}  // namespace jsms::test
