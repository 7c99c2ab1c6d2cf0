// Accounts in the store (lib/store/accounts.h) and the move of the schema to version 2
// (lib/store/schema.cpp, migrations/002_accounts.sql).
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "domain/accounts.h"
#include "json/encode.h"
#include "store/embedded.h"
#include "store/schema.h"
#include "support.h"
#include "util/clock.h"
#include "util/secrets.h"

namespace jsms::test {

using namespace support;
namespace {

const std::vector<std::string> kVersion1Tables = {"staff", "orders", "resources", "links", "demands", "progress",
                                                  "id_sequences"};

// The seed fixture, then a day's work through the API: a new order (an id sequence), a match,
// a demand, an edit — so every version-1 table holds rows made by the current code.
void DoSomeWork(Store* store) {
  Api api(store, {});
  auto post = [&](const std::string& path, const std::string& form) {
    ApiReply reply = api.Handle(MakeFormPost(path, form, {{"X-Operator-Id", "60"}}));
    INFO(path << " " << reply.body);
    REQUIRE(CodeOf(reply.body).empty());
    return reply;
  };
  ApiReply added = post("/demandOrder/add", "companyName=杭州示例&belongSale=60&smsType=验证码&channelType=1&salePrice=统一价:0.03");
  std::string new_order = ParseJson(added.body)["data"].GetString();
  post("/peidan/daipipei", "orderId=D000120170621&resourceIds=T000020170621,T000120170621&remark=先试");
  post("/peidan/faqixuqiu", "orderId=" + new_order + "&remark=需要联通");
  post("/order/resource/add/save", "channelId=7&channelType=1&smsType=1&purchasePrice=统一价:0.02");
}

// What a person sees of the data, through the API.
std::vector<std::string> Replies(Store* store) {
  Api api(store, {});
  std::vector<std::string> out;
  for (const char* path : {"/demandOrder/D000120170621", "/demandOrder/D000120170621/progress", "/staff",
                           "/order/resource/T000020170621"}) {
    out.push_back(api.Handle(MakeRequest("GET", path)).body);
  }
  for (const char* path : {"/demandOrder/list", "/order/resource/query", "/order/resource/demand/list"}) {
    out.push_back(api.Handle(MakeFormPost(path, "rows=100")).body);
  }
  return out;
}

std::string SchemaOf(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement rows(db, "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master ORDER BY name");
  std::string out;
  while (rows.executeStep()) out += rows.getColumn(0).getString() + "\n";
  return out;
}

TEST_CASE("schema: a version-1 file made by the current code migrates to the current version with every record kept",
          "[accounts][schema]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  DoSomeWork(store.get());
  const std::string source = dir.File("ops.db");
  const std::vector<std::string> replies = Replies(store.get());

  // A version-1 file: version 1's own SQL (the base every file starts from), holding a copy of
  // every record.
  const std::string old_file = dir.File("v1.db");
  {
    SQLite::Database v1(old_file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(SchemaSql());
    REQUIRE(v1.execAndGet("PRAGMA user_version").getInt() == 1);
    REQUIRE(v1.execAndGet("SELECT count(*) FROM pragma_table_info('staff')").getInt() == 2);
    v1.exec("ATTACH DATABASE '" + source + "' AS source");
    v1.exec("INSERT INTO staff SELECT id, name FROM source.staff");
    for (const std::string& table : kVersion1Tables) {
      if (table == "staff") continue;
      // Version 1's columns only (later versions added some).
      std::string columns;
      SQLite::Statement info(v1, "SELECT name FROM pragma_table_info('" + table + "')");
      while (info.executeStep()) columns += (columns.empty() ? "" : ", ") + info.getColumn(0).getString();
      v1.exec("INSERT INTO " + table + " SELECT " + columns + " FROM source." + table);
    }
  }
  REQUIRE(SqlInt(old_file, "SELECT count(*) FROM progress") == 3);
  REQUIRE(SqlInt(old_file, "SELECT count(*) FROM demands") == 1);
  REQUIRE(SqlInt(old_file, "SELECT count(*) FROM links") == 2);
  REQUIRE(SqlInt(old_file, "SELECT count(*) FROM id_sequences") >= 2);

  std::unique_ptr<Store> migrated;
  StoreOptions as_served;  // as the server opens it: resource rows kept encoded
  as_served.encode_resource_row = PackResourceRow;
  Status opened = Store::Open(old_file, as_served, &migrated);
  INFO(opened.message());
  REQUIRE(opened.ok());
  CHECK(SqlInt(old_file, "PRAGMA user_version") == store::kSchemaVersion);
  // Rebuilt with the pages a new file gets (the v1 file has SQLite's default 4 KiB ones).
  CHECK(SqlInt(old_file, "PRAGMA page_size") == store::kPageSize);
  CHECK(SQLite::Database(old_file, SQLite::OPEN_READONLY).execAndGet("PRAGMA journal_mode").getString() == "wal");
  // The rows the migration left unencoded are encoded once, as the server does at its start.
  int64_t encoded = 0;
  REQUIRE(migrated->resources().EncodeMissingRows(&encoded).ok());
  CHECK(encoded == SqlInt(old_file, "SELECT count(*) FROM resources"));

  // Every version-1 column of every record is as it was; staff gained empty accounts.
  SQLite::Database check(old_file, SQLite::OPEN_READONLY);
  CHECK(DbImage(old_file, {"orders", "resources", "links", "demands", "progress", "id_sequences"}) ==
        DbImage(source, {"orders", "resources", "links", "demands", "progress", "id_sequences"}));
  std::vector<std::string> staff_rows;
  {
    SQLite::Statement staff(check, "SELECT id || '|' || name || '|' || ifnull(login, '∅') || '|' ||"
                                   " ifnull(role, '∅') || '|' || ifnull(passwordHash, '∅') || '|' || disabled"
                                   " || '|' || ifnull(lastLoginAt, '∅') FROM staff ORDER BY id");
    while (staff.executeStep()) staff_rows.push_back(staff.getColumn(0).getString());
  }
  CHECK(staff_rows == std::vector<std::string>{"60|张伟|∅|∅|∅|0|∅", "149|abc|∅|∅|∅|0|∅"});
  for (const char* table : {"sessions", "api_tokens", "login_events"}) {
    CHECK(check.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt() == 0);
  }
  // The same schema as a new file's.
  TempDir fresh_dir;
  { std::unique_ptr<Store> fresh = OpenSeededStore(fresh_dir, ""); }
  CHECK(SchemaOf(old_file) == SchemaOf(fresh_dir.File("ops.db")));

  // The server serves it exactly as before.
  CHECK(Replies(migrated.get()) == replies);
  // And the migrated file takes accounts.
  AddAccount(*migrated, "zhangwei", Role::kOps, "a-long-password", 60);
  Account account;
  REQUIRE(migrated->accounts().Get(60, &account).ok());
  CHECK(account.name == "张伟");
  CHECK(account.login == std::optional<std::string>("zhangwei"));
}

TEST_CASE("schema: a file with small pages is rebuilt with 8 KiB pages only when nothing else has it open",
          "[schema]") {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec("PRAGMA journal_mode=WAL");
    v1.exec(SchemaSql());
    REQUIRE(v1.execAndGet("PRAGMA page_size").getInt() == 4096);
  }
  {
    // Another process's connection (an older jsms-ops serving the file, say) is open.
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    REQUIRE(other.execAndGet("SELECT count(*) FROM orders").getInt() == 0);
    std::unique_ptr<Store> store;
    Status opened = Store::Open(path, StoreOptions(), &store);
    INFO(opened.message());
    REQUIRE(opened.ok());
    CHECK(SqlInt(path, "PRAGMA page_size") == 4096);  // left as it was, and served
    CHECK(SqlInt(path, "PRAGMA user_version") == store::kSchemaVersion);
    CHECK(other.execAndGet("SELECT count(*) FROM resources").getInt() == 0);
  }
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(path, StoreOptions(), &store).ok());
  CHECK(SqlInt(path, "PRAGMA page_size") == store::kPageSize);
  CHECK(SqlInt(path, "PRAGMA user_version") == store::kSchemaVersion);
}

TEST_CASE("schema: a migration that fails leaves the version-1 file as it was", "[accounts][schema]") {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(SchemaSql());
    v1.exec("INSERT INTO staff (id, name) VALUES (149, 'abc')");
    // Someone's own table in the way of version 2's.
    v1.exec("CREATE TABLE sessions (note TEXT)");
  }
  const std::string before = DbImage(path, {"staff"});
  std::unique_ptr<Store> store;
  Status opened = Store::Open(path, &store);
  CHECK(opened.code() == Code::kInternal);
  CHECK(SqlInt(path, "PRAGMA user_version") == 1);
  CHECK(SqlInt(path, "SELECT count(*) FROM pragma_table_info('staff')") == 2);
  CHECK(DbImage(path, {"staff"}) == before);
}

TEST_CASE("accounts: add a new member, or give a name-only member an account, logins are unique",
          "[accounts][store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  bool any = true;
  REQUIRE(store->accounts().AnyPassword(&any).ok());
  CHECK_FALSE(any);

  NewAccount wang;
  wang.id = 149;  // "abc", the seed order's belongSale
  wang.login = "wang";
  wang.role = Role::kSales;
  wang.password_hash = "h1";
  Account added;
  REQUIRE(store->accounts().Add(wang, &added).ok());
  CHECK(added.id == 149);
  CHECK(added.name == "abc");
  CHECK(added.role == std::optional<Role>(Role::kSales));
  CHECK(added.has_password);
  REQUIRE(store->accounts().AnyPassword(&any).ok());
  CHECK(any);
  Order order;
  REQUIRE(store->orders().Get("D000120170621", &order).ok());
  CHECK(order.belong_sale_name == Cell("abc"));

  NewAccount li;
  li.login = "li";
  li.name = "李娜";
  li.role = Role::kOps;
  li.password_hash = "h2";
  REQUIRE(store->accounts().Add(li, &added).ok());
  CHECK(added.id == 150);  // after the largest id

  const std::string before = DbImage(dir.File("ops.db"), {"staff"});
  NewAccount taken = li;
  taken.name = "另一个";
  Status status = store->accounts().Add(taken, &added);
  CHECK(status.code() == Code::kStateConflict);
  CHECK(status.message() == "登录名li已被使用");
  NewAccount again = wang;
  again.login = "wang2";
  status = store->accounts().Add(again, &added);
  CHECK(status.code() == Code::kStateConflict);
  CHECK(status.message() == "员工149已有登录名wang");
  NewAccount nameless;
  nameless.login = "nobody";
  nameless.password_hash = "h";
  CHECK(store->accounts().Add(nameless, &added).code() == Code::kInvalidParam);
  CHECK(DbImage(dir.File("ops.db"), {"staff"}) == before);
}

// A member with a login and a session, for the tests below.
struct Member {
  int64_t id;
  std::string session;  // digest
};

Member SignIn(Store& store, int64_t id, const std::string& login, int64_t at) {
  LoginAttempt attempt;
  attempt.login = login;
  attempt.staff_id = id;
  attempt.client_address = "10.0.0.1";
  attempt.success = true;
  attempt.at = at;
  attempt.session_digest = SecretDigest(RandomToken());
  REQUIRE(store.accounts().RecordLogin(attempt).ok());
  return Member{id, attempt.session_digest};
}

bool Alive(Store& store, const std::string& digest, int64_t now) {
  Account account;
  bool found = false;
  SessionTimes times;
  REQUIRE(store.accounts().FindSession(digest, now, &account, &found, &times).ok());
  if (found) CHECK(times.last_seen_at > now - kSessionTouchSeconds);
  return found;
}

NewAccount NewMember(const std::string& login, Role role) {
  NewAccount account;
  account.login = login;
  account.name = login;
  account.role = role;
  account.password_hash = "hash of " + login;
  return account;
}

TEST_CASE("accounts: the last active admin can be neither disabled nor demoted", "[accounts][store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Account boss, second, ops;
  REQUIRE(store->accounts().Add(NewMember("boss", Role::kAdmin), &boss).ok());
  REQUIRE(store->accounts().Add(NewMember("ops", Role::kOps), &ops).ok());
  const std::string before = DbImage(dir.File("ops.db"), {"staff"});
  AccountChanges disable, demote;
  disable.disabled = true;
  demote.role = Role::kOps;
  Account out;
  for (const AccountChanges& change : {disable, demote}) {
    Status status = store->accounts().Edit(boss.id, change, &out);
    CHECK(status.code() == Code::kStateConflict);
    CHECK(status.message() == "不能停用或降级最后一个有效的管理员");
  }
  CHECK(DbImage(dir.File("ops.db"), {"staff"}) == before);
  // Other members and harmless changes are fine.
  REQUIRE(store->accounts().Edit(ops.id, disable, &out).ok());
  CHECK(out.disabled);
  AccountChanges rename;
  rename.name = "老板";
  REQUIRE(store->accounts().Edit(boss.id, rename, &out).ok());
  CHECK(out.name == "老板");

  // A disabled admin is not an active one; an enabled one is.
  REQUIRE(store->accounts().Add(NewMember("second", Role::kAdmin), &second).ok());
  REQUIRE(store->accounts().Edit(second.id, disable, &out).ok());
  CHECK(store->accounts().Edit(boss.id, demote, &out).code() == Code::kStateConflict);
  AccountChanges enable;
  enable.disabled = false;
  REQUIRE(store->accounts().Edit(second.id, enable, &out).ok());
  REQUIRE(store->accounts().Edit(boss.id, demote, &out).ok());
  CHECK(out.role == std::optional<Role>(Role::kOps));
  CHECK(store->accounts().Edit(second.id, disable, &out).code() == Code::kStateConflict);

  // Staff without a login have no role to change; unknown staff are not found.
  CHECK(store->accounts().Edit(60, demote, &out).code() == Code::kStateConflict);
  CHECK(store->accounts().Edit(9999, rename, &out).code() == Code::kStaffNotFound);
  REQUIRE(store->accounts().Edit(60, rename, &out).ok());
  CHECK(out.name == "老板");
}

TEST_CASE("accounts: sessions end when idle 8 hours, after 7 days, and on disable, role change or password",
          "[accounts][store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Account wang;
  REQUIRE(store->accounts().Add(NewMember("wang", Role::kSales), &wang).ok());
  const int64_t t0 = NowUnixSeconds();
  const int64_t hour = 3600;

  Member idle = SignIn(*store, wang.id, "wang", t0);
  CHECK(Alive(*store, idle.session, t0 + 8 * hour - 1));
  // That request was seen: the clock of idleness restarted.
  CHECK(Alive(*store, idle.session, t0 + 16 * hour - 2));
  CHECK_FALSE(Alive(*store, idle.session, t0 + 24 * hour));
  // An expired session is gone for good.
  CHECK_FALSE(Alive(*store, idle.session, t0 + 16 * hour));

  // Last seen is written at most once a minute.
  Member busy = SignIn(*store, wang.id, "wang", t0);
  const std::string last_seen = "SELECT max(lastSeenAt) FROM sessions";
  CHECK(Alive(*store, busy.session, t0 + 59));
  CHECK(SqlInt(dir.File("ops.db"), last_seen) == t0);
  CHECK(Alive(*store, busy.session, t0 + 60));
  CHECK(SqlInt(dir.File("ops.db"), last_seen) == t0 + 60);
  // Active all week long, it still ends 7 days after the login.
  int64_t now = t0 + 60;
  while (now < t0 + 7 * 24 * hour - 4 * hour) {
    now += 4 * hour;
    CHECK(Alive(*store, busy.session, now));
  }
  CHECK_FALSE(Alive(*store, busy.session, t0 + 7 * 24 * hour));

  Account out;
  AccountChanges role;
  role.role = Role::kOps;
  Member a = SignIn(*store, wang.id, "wang", t0);
  REQUIRE(store->accounts().Edit(wang.id, role, &out).ok());
  CHECK_FALSE(Alive(*store, a.session, t0 + 1));

  AccountChanges disable;
  disable.disabled = true;
  Member b = SignIn(*store, wang.id, "wang", t0);
  REQUIRE(store->accounts().Edit(wang.id, disable, &out).ok());
  CHECK_FALSE(Alive(*store, b.session, t0 + 1));
  AccountChanges enable;
  enable.disabled = false;
  REQUIRE(store->accounts().Edit(wang.id, enable, &out).ok());

  Member keep = SignIn(*store, wang.id, "wang", t0);
  Member other = SignIn(*store, wang.id, "wang", t0);
  REQUIRE(store->accounts().SetPassword(wang.id, "new hash", keep.session).ok());
  CHECK(Alive(*store, keep.session, t0 + 1));
  CHECK_FALSE(Alive(*store, other.session, t0 + 1));
  REQUIRE(store->accounts().SetPassword(wang.id, "newer hash").ok());
  CHECK_FALSE(Alive(*store, keep.session, t0 + 1));
  CHECK(store->accounts().SetPassword(60, "hash").code() == Code::kStateConflict);  // no login
}

TEST_CASE("accounts: tokens act for an enabled member until revoked", "[accounts][store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Account wang;
  REQUIRE(store->accounts().Add(NewMember("wang", Role::kSales), &wang).ok());
  const std::string token = "jso_" + RandomToken();
  int64_t id = 0;
  REQUIRE(store->accounts().CreateToken(wang.id, "ci", SecretDigest(token), NowUnixSeconds(), &id).ok());
  CHECK(SqlInt(dir.File("ops.db"), "SELECT length(tokenDigest) FROM api_tokens") == 32);
  Account who;
  bool found = false;
  REQUIRE(store->accounts().FindToken(SecretDigest(token), &who, &found).ok());
  CHECK(found);
  CHECK(who.login == std::optional<std::string>("wang"));
  std::vector<ApiTokenInfo> tokens;
  REQUIRE(store->accounts().ListTokens(&tokens).ok());
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].id == id);
  CHECK(tokens[0].login == "wang");
  CHECK(tokens[0].label == "ci");

  AccountChanges disable;
  disable.disabled = true;
  Account out;
  REQUIRE(store->accounts().Edit(wang.id, disable, &out).ok());
  REQUIRE(store->accounts().FindToken(SecretDigest(token), &who, &found).ok());
  CHECK_FALSE(found);
  AccountChanges enable;
  enable.disabled = false;
  REQUIRE(store->accounts().Edit(wang.id, enable, &out).ok());
  REQUIRE(store->accounts().FindToken(SecretDigest(token), &who, &found).ok());
  CHECK(found);

  REQUIRE(store->accounts().RevokeToken(id, &found).ok());
  CHECK(found);
  REQUIRE(store->accounts().FindToken(SecretDigest(token), &who, &found).ok());
  CHECK_FALSE(found);
  REQUIRE(store->accounts().RevokeToken(id, &found).ok());
  CHECK_FALSE(found);
}

TEST_CASE("accounts: the lockout counts recent failures per login and per address", "[accounts][store]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  const int64_t now = NowUnixSeconds();
  auto record = [&](const std::string& login, const std::string& address, bool success, int64_t at) {
    LoginAttempt attempt;
    attempt.login = login;
    attempt.client_address = address;
    attempt.success = success;
    attempt.at = at;
    REQUIRE(store->accounts().RecordLogin(attempt).ok());
  };
  record("wang", "10.0.0.1", false, now - 10);
  record("wang", "10.0.0.2", false, now - 899);
  record("wang", "10.0.0.1", false, now - 900);   // left the window
  record("wang", "10.0.0.1", true, now - 5);      // successes do not count
  record("li", "10.0.0.1", false, now - 20);
  RecentFailures failures;
  REQUIRE(store->accounts().RecentFailuresFor("wang", "10.0.0.1", now, &failures).ok());
  std::sort(failures.for_login.begin(), failures.for_login.end());
  std::sort(failures.for_address.begin(), failures.for_address.end());
  CHECK(failures.for_login == std::vector<int64_t>{now - 899, now - 10});
  CHECK(failures.for_address == std::vector<int64_t>{now - 20, now - 10});
}

}  // namespace
}  // namespace jsms::test
