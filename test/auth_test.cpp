// Signing in and what an identity is worth (accounts.md): the two modes, login, the session
// cookie, logout, expiry, password changes, tokens, the lockout, the Origin check, the service
// token and the operator of a write. Most cases drive the Api directly (no socket), so that the
// client address can be chosen; the cookie's round trip is checked through the real server.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support.h"
#include "util/secrets.h"

namespace jsms::test {

using namespace support;
namespace {

const char* const kOrder = "D000120170621";
const char* const kAdminPassword = "admin-password-1";

// The Api over a seeded store, and an admin "boss".
struct Desk : ApiHarness {
  explicit Desk(AuthOptions auth = {}, bool with_admin = true) : ApiHarness(kSeedFixture, std::move(auth)) {
    if (with_admin) admin_id = AddAccount(store(), "boss", Role::kAdmin, kAdminPassword);
  }
  std::string db() const { return db_path(); }
  ApiReply LoginReply(const std::string& login, const std::string& password, NameValues headers = {},
                      const std::string& address = "127.0.0.1") {
    return Handle(MakeFormPost("/auth/login", "login=" + login + "&password=" + password, std::move(headers), address));
  }
  // Signs in; returns the session id from the cookie.
  std::string Login(const std::string& login, const std::string& password, NameValues headers = {}) {
    ApiReply reply = LoginReply(login, password, std::move(headers));
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    std::smatch match;
    std::string cookie = Reply(reply).Header("Set-Cookie");
    REQUIRE(std::regex_search(cookie, match, std::regex("^jsms_session=([A-Za-z0-9_-]{43});")));
    return match[1];
  }
  int OrderState() { return static_cast<int>(SqlInt(db(), std::string("SELECT state FROM orders WHERE orderId = '") + kOrder + "'")); }

  int64_t admin_id = 0;
};

NameValues Cookie(const std::string& session) { return {{"Cookie", "jsms_session=" + session}}; }

NameValues With(NameValues headers, const std::string& name, const std::string& value) {
  headers.emplace_back(name, value);
  return headers;
}

const std::string kLoginFailed =
    R"({"success":false,"fail":true,"code":"LOGIN_FAILED","data":null,"msg":"用户名或密码错误","failure":true})";

TEST_CASE("auth: open mode serves everyone as before, and /auth/me says it is open", "[auth]") {
  Desk desk({}, false);
  ApiReply me = desk.Handle(MakeRequest("GET", "/auth/me"));
  CHECK(me.status == 200);
  CHECK(me.body == R"({"success":true,"fail":false,"code":null,"data":{"id":null,"name":null,"login":null,)"
                   R"("role":null,"mode":"open"},"msg":"查询成功！","failure":false})");
  CHECK(desk.Handle(MakeRequest("GET", std::string("/demandOrder/") + kOrder)).status == 200);
  ApiReply action = desk.Handle(MakeFormPost("/peidan/huitui", std::string("orderId=") + kOrder, {{"X-Operator-Id", "60"}}));
  CHECK(CodeOf(action.body).empty());
  CHECK(SqlInt(desk.db(), "SELECT operatorId FROM progress ORDER BY id DESC LIMIT 1") == 60);
  // Nobody has a password: no login can succeed.
  ApiReply login = desk.LoginReply("abc", "whatever-it-is");
  CHECK(login.status == 401);
  CHECK(login.body == kLoginFailed);
}

TEST_CASE("auth: in accounts mode every request needs an identity but the login", "[auth]") {
  Desk desk;
  const std::string before = DbImage(desk.db(), {"orders", "progress", "links"});
  for (const ApiRequest& request :
       {MakeRequest("GET", std::string("/demandOrder/") + kOrder), MakeRequest("GET", "/staff"), MakeRequest("GET", "/auth/me"),
        MakeRequest("GET", "/staff/accounts"), MakeRequest("GET", "/nowhere"),
        MakeFormPost("/peidan/huitui", std::string("orderId=") + kOrder, {{"X-Operator-Id", "60"}}),
        MakeFormPost("/auth/logout", ""), MakeFormPost("/demandOrder/list", "rows=5"),
        MakeRequest("GET", "/auth/me", Cookie(RandomToken())), MakeRequest("GET", "/auth/me", Bearer("jso_" + RandomToken())),
        MakeRequest("GET", "/auth/me", Bearer(RandomToken()))}) {
    INFO(request.method << " " << request.path);
    ApiReply reply = desk.Handle(request);
    CHECK(reply.status == 401);
    CHECK(CodeOf(reply.body) == "UNAUTHORIZED");
  }
  CHECK(DbImage(desk.db(), {"orders", "progress", "links"}) == before);
  CHECK(desk.LoginReply("boss", "wrong-password").body == kLoginFailed);
}

TEST_CASE("auth: login answers who signed in and sets the session cookie, the cookie is the identity", "[auth]") {
  AuthOptions auth;
  TestServer server(kSeedFixture, {}, 5000, auth);
  AddAccount(server.store(), "wang", Role::kSales, "wang-password", 149);
  auto client = server.Client();
  auto login = client.Post("/auth/login", "login=wang&password=wang-password", "application/x-www-form-urlencoded");
  REQUIRE(login);
  CHECK(login->status == 200);
  CHECK(login->body == R"({"success":true,"fail":false,"code":null,"data":{"id":149,"name":"abc","login":"wang",)"
                       R"("role":"sales"},"msg":"登录成功！","failure":false})");
  CHECK(login->get_header_value("Cache-Control") == "no-store");
  const std::string cookie = login->get_header_value("Set-Cookie");
  std::smatch match;
  REQUIRE(std::regex_match(cookie, match,
                           std::regex("jsms_session=([A-Za-z0-9_-]{43}); HttpOnly; SameSite=Strict; Path=/")));
  const std::string session = match[1];

  auto me = client.Get("/auth/me", {{"Cookie", "theme=dark; jsms_session=" + session + "; lang=zh"}});
  REQUIRE(me);
  CHECK(me->status == 200);
  CHECK(me->body == R"({"success":true,"fail":false,"code":null,"data":{"id":149,"name":"abc","login":"wang",)"
                    R"("role":"sales"},"msg":"查询成功！","failure":false})");
  auto stranger = client.Get("/auth/me");
  REQUIRE(stranger);
  CHECK(stranger->status == 401);
  // Only a digest of the session id is kept.
  CHECK(ReadFile(server.db_path()).find(session) == std::string::npos);
  CHECK(ReadFile(server.db_path() + "-wal").find(session) == std::string::npos);
  CHECK(ReadFile(server.db_path() + "-wal").find("wang-password") == std::string::npos);
}

TEST_CASE("auth: --secure-cookies marks the cookie Secure, and logout clears it", "[auth]") {
  AuthOptions auth;
  auth.secure_cookies = true;
  Desk desk(auth);
  ApiReply login = desk.LoginReply("boss", kAdminPassword);
  CHECK(std::regex_match(Reply(login).Header("Set-Cookie"),
                         std::regex("jsms_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/; Secure")));
  const std::string session = Reply(login).Header("Set-Cookie").substr(13, 43);
  ApiReply logout = desk.Handle(MakeFormPost("/auth/logout", "", Cookie(session)));
  CHECK(logout.body == R"({"success":true,"fail":false,"code":null,"data":null,"msg":"已退出登录","failure":false})");
  CHECK(Reply(logout).Header("Set-Cookie") == "jsms_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure");
}

TEST_CASE("auth: a wrong password, an unknown login and a disabled member get the same answer", "[auth]") {
  Desk desk;
  int64_t li = AddAccount(desk.store(), "li", Role::kOps, "li-password-1");
  Account out;
  AccountChanges disable;
  disable.disabled = true;
  REQUIRE(desk.store().accounts().Edit(li, disable, &out).ok());
  std::vector<ApiReply> replies = {desk.LoginReply("boss", "not-the-password"), desk.LoginReply("nobody", "whatever-1"),
                                   desk.LoginReply("li", "li-password-1"), desk.LoginReply("Boss", kAdminPassword)};
  for (const ApiReply& reply : replies) {
    CHECK(reply.status == 401);
    CHECK(reply.body == kLoginFailed);
    CHECK(Reply(reply).Header("Set-Cookie").empty());
  }
  CHECK(SqlInt(desk.db(), "SELECT count(*) FROM sessions") == 0);
  // Each is an event for admins, newest first.
  std::string admin = desk.Login("boss", kAdminPassword);
  ApiReply events = desk.Handle(MakeRequest("GET", "/auth/events", Cookie(admin)));
  rapidjson::Document page = ParseJson(events.body);
  REQUIRE(page["totalRecord"].GetInt() == 5);
  const auto& rows = page["data"];
  CHECK(std::string(rows[0]["login"].GetString()) == "boss");
  CHECK(std::string(rows[0]["result"].GetString()) == "success");
  CHECK(rows[0]["staffId"].GetInt64() == desk.admin_id);
  CHECK(std::string(rows[1]["login"].GetString()) == "?Boss");
  CHECK(rows[1]["staffId"].IsNull());
  CHECK(std::string(rows[2]["login"].GetString()) == "li");
  CHECK(std::string(rows[3]["login"].GetString()) == "nobody");
  for (int i = 1; i < 5; ++i) {
    CHECK(std::string(rows[i]["result"].GetString()) == "failure");
    CHECK(std::string(rows[i]["clientAddress"].GetString()) == "127.0.0.1");
  }
  CHECK(events.body.find("not-the-password") == std::string::npos);
}

TEST_CASE("auth: a session id chosen before login is never the one after it", "[auth]") {
  Desk desk;
  const std::string planted = RandomToken();  // the attacker's chosen value, set in the victim's browser
  const std::string session = desk.Login("boss", kAdminPassword, Cookie(planted));
  CHECK(session != planted);
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(planted))).status == 401);
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(session))).status == 200);
  // Signing in again from a browser that holds a live session replaces it.
  const std::string next = desk.Login("boss", kAdminPassword, Cookie(session));
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(session))).status == 401);
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(next))).status == 200);
}

TEST_CASE("auth: logout ends this session only", "[auth]") {
  Desk desk;
  const std::string laptop = desk.Login("boss", kAdminPassword);
  const std::string phone = desk.Login("boss", kAdminPassword);
  ApiReply logout = desk.Handle(MakeFormPost("/auth/logout", "", Cookie(laptop)));
  CHECK(logout.status == 200);
  CHECK(Reply(logout).Header("Set-Cookie") == "jsms_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(laptop))).status == 401);
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(phone))).status == 200);
}

TEST_CASE("auth: an expired session is refused: 8 hours idle, or 7 days after login", "[auth]") {
  Desk desk;
  const std::string idle = desk.Login("boss", kAdminPassword);
  ExecSql(desk.db(), "UPDATE sessions SET createdAt = createdAt - 8 * 3600, lastSeenAt = lastSeenAt - 8 * 3600");
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(idle))).status == 401);
  CHECK(SqlInt(desk.db(), "SELECT count(*) FROM sessions") == 0);  // gone for good

  // Seen a minute ago, but signed in 7 days ago.
  const std::string old = desk.Login("boss", kAdminPassword);
  ExecSql(desk.db(), "UPDATE sessions SET createdAt = createdAt - 7 * 24 * 3600, lastSeenAt = lastSeenAt - 60");
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(old))).status == 401);

  // Seen 7 hours ago: alive, and seen again now.
  const std::string recent = desk.Login("boss", kAdminPassword);
  ExecSql(desk.db(), "UPDATE sessions SET createdAt = createdAt - 7 * 3600, lastSeenAt = lastSeenAt - 7 * 3600");
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(recent))).status == 200);
  CHECK(SqlInt(desk.db(), "SELECT strftime('%s', 'now') - lastSeenAt FROM sessions") < 60);
}

TEST_CASE("auth: disabling a member or changing their role ends their sessions at once", "[auth]") {
  Desk desk;
  const std::string admin = desk.Login("boss", kAdminPassword);
  int64_t li = AddAccount(desk.store(), "li", Role::kOps, "li-password-1");
  const std::string session = desk.Login("li", "li-password-1");
  const std::string token = MakeToken(desk.store(), li);
  REQUIRE(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(session))).status == 200);

  ApiReply demoted = desk.Handle(MakeFormPost("/staff/edit", "id=" + std::to_string(li) + "&role=sales", Cookie(admin)));
  CHECK(demoted.body == R"({"success":true,"fail":false,"code":null,"data":{"id":)" + std::to_string(li) +
                            R"(,"name":"li","login":"li","role":"sales","disabled":false,"hasPassword":true,)"
                            R"("lastLogin":")" + ParseJson(demoted.body)["data"]["lastLogin"].GetString() +
                            R"("},"msg":"操作成功！","failure":false})");
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(session))).status == 401);
  // A token lives on, with the new role.
  ApiReply me = desk.Handle(MakeRequest("GET", "/auth/me", Bearer(token)));
  CHECK(std::string(ParseJson(me.body)["data"]["role"].GetString()) == "sales");

  const std::string again = desk.Login("li", "li-password-1");
  ApiReply disabled = desk.Handle(MakeFormPost("/staff/edit", "id=" + std::to_string(li) + "&disabled=true", Cookie(admin)));
  CHECK(ParseJson(disabled.body)["data"]["disabled"].GetBool());
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(again))).status == 401);
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Bearer(token))).status == 401);
  CHECK(desk.LoginReply("li", "li-password-1").body == kLoginFailed);
}

TEST_CASE("auth: changing one's password ends one's other sessions", "[auth]") {
  Desk desk;
  AddAccount(desk.store(), "wang", Role::kSales, "old-password", 149);
  const std::string here = desk.Login("wang", "old-password");
  const std::string elsewhere = desk.Login("wang", "old-password");

  ApiReply wrong = desk.Handle(MakeFormPost("/auth/password", "oldPassword=not-it&newPassword=new-password-2", Cookie(here)));
  CHECK(wrong.status == 400);
  CHECK(CodeOf(wrong.body) == "INVALID_PARAM");
  CHECK_THAT(MsgOf(wrong.body), Catch::Contains("oldPassword"));
  ApiReply weak = desk.Handle(MakeFormPost("/auth/password", "oldPassword=old-password&newPassword=wang", Cookie(here)));
  CHECK(weak.status == 400);
  CHECK_THAT(MsgOf(weak.body), Catch::Contains("newPassword"));
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(elsewhere))).status == 200);

  ApiReply changed = desk.Handle(MakeFormPost("/auth/password", "oldPassword=old-password&newPassword=new-password-2", Cookie(here)));
  CHECK(changed.body == R"({"success":true,"fail":false,"code":null,"data":null,"msg":"操作成功！","failure":false})");
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(here))).status == 200);
  CHECK(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(elsewhere))).status == 401);
  CHECK(desk.LoginReply("wang", "old-password").body == kLoginFailed);
  desk.Login("wang", "new-password-2");
  // The service token is no staff member: it has no password of its own.
}

TEST_CASE("auth: a member disabled by another process is refused from the next requests on", "[auth]") {
  Desk desk;
  int64_t li = AddAccount(desk.store(), "li", Role::kOps, "li-password-1");
  const std::string token = MakeToken(desk.store(), li);
  const std::string session = desk.Login("li", "li-password-1");
  for (int i = 0; i < 3; ++i) {  // found once, then recalled
    REQUIRE(desk.Handle(MakeRequest("GET", "/auth/me", Bearer(token))).status == 200);
    REQUIRE(desk.Handle(MakeRequest("GET", "/auth/me", Cookie(session))).status == 200);
  }
  ExecSql(desk.db(), "UPDATE staff SET disabled = 1 WHERE login = 'li'");  // as `staff disable` would
  // Other processes' commits are looked for at most once a millisecond: poll, with a deadline.
  auto refused = [&](const NameValues& identity) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
      if (desk.Handle(MakeRequest("GET", "/auth/me", identity)).status == 401) return true;
    }
    return false;
  };
  CHECK(refused(Bearer(token)));
  CHECK(refused(Cookie(session)));
}

TEST_CASE("auth: a revoked token is refused at once", "[auth]") {
  Desk desk;
  const std::string token = MakeToken(desk.store(), desk.admin_id);
  CHECK(desk.Handle(MakeRequest("GET", "/staff/accounts", Bearer(token))).status == 200);
  // The scheme's case does not matter.
  CHECK(desk.Handle(MakeRequest("GET", "/staff/accounts", {{"Authorization", "bearer " + token}})).status == 200);
  bool found = false;
  std::vector<ApiTokenInfo> tokens;
  REQUIRE(desk.store().accounts().ListTokens(&tokens).ok());
  REQUIRE(desk.store().accounts().RevokeToken(tokens.at(0).id, &found).ok());
  ApiReply refused = desk.Handle(MakeRequest("GET", "/staff/accounts", Bearer(token)));
  CHECK(refused.status == 401);
  CHECK(CodeOf(refused.body) == "UNAUTHORIZED");
}

TEST_CASE("auth: 5 failures for a login lock it for 15 minutes, even against the right password", "[auth]") {
  Desk desk;
  for (int i = 0; i < 5; ++i) CHECK(desk.LoginReply("boss", "wrong-" + std::to_string(i)).status == 401);
  const int64_t events = SqlInt(desk.db(), "SELECT count(*) FROM login_events");
  ApiReply locked = desk.LoginReply("boss", kAdminPassword);
  CHECK(locked.status == 429);
  CHECK(locked.body == R"({"success":false,"fail":true,"code":"TOO_MANY_ATTEMPTS","data":null,)"
                       R"("msg":"登录失败次数过多，请稍后再试","failure":true})");
  const int retry_after = std::stoi(Reply(locked).Header("Retry-After"));
  CHECK(retry_after > 850);
  CHECK(retry_after <= 900);
  CHECK(Reply(locked).Header("Set-Cookie").empty());
  // Refusals by the lockout are not failures: they do not push the end further away.
  CHECK(SqlInt(desk.db(), "SELECT count(*) FROM login_events") == events);
  // Other logins are not locked.
  AddAccount(desk.store(), "li", Role::kOps, "li-password-1");
  desk.Login("li", "li-password-1");

  // Fifteen minutes later.
  ExecSql(desk.db(), "UPDATE login_events SET at = at - 900");
  desk.Login("boss", kAdminPassword);
}

TEST_CASE("auth: 32 wrong passwords sent at once for one login: 5 are verified, the rest are locked out",
          "[auth]") {
  Desk desk;
  const int kClients = 32;
  Gate start(kClients);
  std::vector<int> statuses(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      start.Arrive();
      // Each from an address of its own: only the per-login limit applies.
      statuses[i] = desk.LoginReply("boss", "wrong-" + std::to_string(i), {}, "198.51.100." + std::to_string(i + 1)).status;
    });
  }
  for (auto& client : clients) client.join();
  REQUIRE(start.arrived() == kClients);
  CHECK(std::count(statuses.begin(), statuses.end(), 401) == 5);
  CHECK(std::count(statuses.begin(), statuses.end(), 429) == kClients - 5);
  CHECK(SqlInt(desk.db(), "SELECT count(*) FROM login_events WHERE success = 0") == 5);
  CHECK(desk.LoginReply("boss", kAdminPassword).status == 429);
}

TEST_CASE("auth: 20 failures from one address lock that address, whatever the login", "[auth]") {
  Desk desk;
  for (int i = 0; i < 20; ++i) {
    ApiReply reply = desk.LoginReply("unknown" + std::to_string(i), "guess-password", {}, "203.0.113.9");
    REQUIRE(reply.status == 401);
  }
  ApiReply locked = desk.LoginReply("boss", kAdminPassword, {}, "203.0.113.9");
  CHECK(locked.status == 429);
  CHECK(CodeOf(locked.body) == "TOO_MANY_ATTEMPTS");
  CHECK(std::stoi(Reply(locked).Header("Retry-After")) > 850);
  CHECK(desk.LoginReply("boss", kAdminPassword, {}, "203.0.113.10").status == 200);
}

TEST_CASE("auth: a cookie-borne POST from another origin is refused and changes nothing", "[auth]") {
  TestServer server;
  AddAccount(server.store(), "boss", Role::kAdmin, kAdminPassword);
  auto client = server.Client();
  auto login = client.Post("/auth/login", std::string("login=boss&password=") + kAdminPassword,
                           "application/x-www-form-urlencoded");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  const std::string cookie = login->get_header_value("Set-Cookie").substr(0, 13 + 43);
  const std::string own = "http://127.0.0.1:" + std::to_string(server.port());
  const std::string form = std::string("orderId=") + kOrder + "&remark=csrf";
  const std::string before = DbImage(server.db_path(), {"orders", "progress"});

  for (const std::string& origin : {std::string("http://evil.example"), std::string("null"),
                                    "https://127.0.0.1:" + std::to_string(server.port() + 1),
                                    "http://127.0.0.1:" + std::to_string(server.port()) + ".evil.example"}) {
    INFO(origin);
    auto forged = client.Post("/peidan/huitui", {{"Cookie", cookie}, {"Origin", origin}}, form,
                              "application/x-www-form-urlencoded");
    REQUIRE(forged);
    CHECK(forged->status == 403);
    CHECK(CodeOf(forged->body) == "FORBIDDEN");
  }
  CHECK(DbImage(server.db_path(), {"orders", "progress"}) == before);
  // Reading is not refused (nothing changes); the same origin, or none, may write.
  auto read = client.Get((std::string("/demandOrder/") + kOrder).c_str(), {{"Cookie", cookie}, {"Origin", "http://evil.example"}});
  REQUIRE(read);
  CHECK(read->status == 200);
  auto same = client.Post("/peidan/huitui", {{"Cookie", cookie}, {"Origin", own}}, form, "application/x-www-form-urlencoded");
  REQUIRE(same);
  CHECK(CodeOf(same->body).empty());
}

TEST_CASE("auth: the service token acts as admin and names the operator, staff are always themselves", "[auth]") {
  AuthOptions auth;
  auth.service_token = "service-T0ken";
  Desk desk(auth);
  const std::string last_operator = "SELECT ifnull(operatorId, 0) FROM progress ORDER BY id DESC LIMIT 1";
  ApiReply me = desk.Handle(MakeRequest("GET", "/auth/me", Bearer("service-T0ken")));
  CHECK(me.body == R"({"success":true,"fail":false,"code":null,"data":{"id":null,"name":null,"login":null,)"
                   R"("role":"admin"},"msg":"查询成功！","failure":false})");
  ApiReply named = desk.Handle(MakeFormPost("/peidan/daipipei", std::string("orderId=") + kOrder + "&resourceIds=T000020170621",
                                           With(Bearer("service-T0ken"), "X-Operator-Id", "60")));
  CHECK(CodeOf(named.body).empty());
  CHECK(SqlInt(desk.db(), last_operator) == 60);

  int64_t ops = AddAccount(desk.store(), "li", Role::kOps, "li-password-1");
  const std::string token = MakeToken(desk.store(), ops);
  const std::string before = DbImage(desk.db(), {"orders", "progress"});
  ApiReply other = desk.Handle(MakeFormPost("/peidan/huitui", std::string("orderId=") + kOrder,
                                           With(Bearer(token), "X-Operator-Id", "60")));
  CHECK(other.status == 403);
  CHECK(CodeOf(other.body) == "FORBIDDEN");
  CHECK(DbImage(desk.db(), {"orders", "progress"}) == before);
  ApiReply self = desk.Handle(MakeFormPost("/peidan/huitui", std::string("orderId=") + kOrder, Bearer(token)));
  CHECK(CodeOf(self.body).empty());
  CHECK(SqlInt(desk.db(), last_operator) == ops);
  CHECK(desk.OrderState() == 3);
}

TEST_CASE("auth: a login that does not exist takes about as long as a wrong password", "[auth]") {
  Desk desk;
  std::vector<double> unknown, known;
  for (int i = 0; i < 5; ++i) {
    auto start = Clock::now();
    CHECK(desk.LoginReply("nobody" + std::to_string(i), "wrong-password").status == 401);
    unknown.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    start = Clock::now();
    CHECK(desk.LoginReply("boss", "wrong-password").status == 401);
    known.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(unknown.begin(), unknown.end());
  std::sort(known.begin(), known.end());
  const double u = unknown[2], k = known[2];
  INFO("median unknown " << u << " s, known " << k << " s");
  CHECK(u < 3 * k);
  CHECK(k < 3 * u);
  // Both pay for a real hash: an unknown login is not answered at once.
  CHECK(u > 0.002);
}

TEST_CASE("auth: admins manage accounts over HTTP, the last active admin is kept", "[auth]") {
  Desk desk;
  const std::string admin = desk.Login("boss", kAdminPassword);
  ApiReply added = desk.Handle(MakeFormPost("/staff/add", "login=zhang&name=张伟&role=procurement&password=zhang-pass-1&id=60",
                                           Cookie(admin)));
  CHECK(added.body == R"({"success":true,"fail":false,"code":null,"data":{"id":60,"name":"张伟","login":"zhang",)"
                      R"("role":"procurement","disabled":false,"hasPassword":true,"lastLogin":null},)"
                      R"("msg":"操作成功！","failure":false})");
  struct Refusal {
    std::string form;
    std::string code;
    std::string says;
  };
  for (const Refusal& r : {Refusal{"login=zhang&name=x&role=ops&password=long-enough", "STATE_CONFLICT", "登录名zhang已被使用"},
                           Refusal{"login=Zhang&name=x&role=ops&password=long-enough", "INVALID_PARAM", "login"},
                           Refusal{"login=x1&name=x&role=boss&password=long-enough", "INVALID_PARAM", "role"},
                           Refusal{"login=x1&name=x&role=ops&password=short", "INVALID_PARAM", "password"},
                           Refusal{"login=x1&name=x&role=ops", "INVALID_PARAM", "password"}}) {
    ApiReply reply = desk.Handle(MakeFormPost("/staff/add", r.form, Cookie(admin)));
    INFO(r.form << " -> " << reply.body);
    CHECK(CodeOf(reply.body) == r.code);
    CHECK_THAT(MsgOf(reply.body), Catch::Contains(r.says));
  }
  ApiReply list = desk.Handle(MakeRequest("GET", "/staff/accounts", Cookie(admin)));
  rapidjson::Document accounts = ParseJson(list.body);
  REQUIRE(accounts["data"].Size() == 3);  // 60, 149 and boss
  CHECK(accounts["data"][0]["hasPassword"].GetBool());
  CHECK(accounts["data"][1]["login"].IsNull());
  CHECK(list.body.find("argon2") == std::string::npos);

  desk.Login("zhang", "zhang-pass-1");
  ApiReply reset = desk.Handle(MakeFormPost("/staff/passwd", "id=60&password=reset-pass-2", Cookie(admin)));
  CHECK(CodeOf(reset.body).empty());
  CHECK(SqlInt(desk.db(), "SELECT count(*) FROM sessions WHERE staffId = 60") == 0);
  desk.Login("zhang", "reset-pass-2");
  CHECK(CodeOf(desk.Handle(MakeFormPost("/staff/passwd", "id=149&password=reset-pass-2", Cookie(admin))).body) ==
        "STATE_CONFLICT");
  CHECK(CodeOf(desk.Handle(MakeFormPost("/staff/passwd", "id=999&password=reset-pass-2", Cookie(admin))).body) ==
        "STAFF_NOT_FOUND");

  const std::string before = DbImage(desk.db(), {"staff", "sessions"});
  for (const char* form : {"disabled=true", "role=ops"}) {
    ApiReply reply = desk.Handle(MakeFormPost("/staff/edit", "id=" + std::to_string(desk.admin_id) + "&" + form, Cookie(admin)));
    CHECK(CodeOf(reply.body) == "STATE_CONFLICT");
    CHECK(MsgOf(reply.body) == "不能停用或降级最后一个有效的管理员");
  }
  CHECK(DbImage(desk.db(), {"staff", "sessions"}) == before);
  // JSON bodies take disabled as a boolean.
  ApiRequest json = MakeFormPost("/staff/edit", R"({"id":60,"disabled":true})", Cookie(admin));
  json.headers.back().second = "application/json";
  CHECK(ParseJson(desk.Handle(json).body)["data"]["disabled"].GetBool());
  CHECK(CodeOf(desk.Handle(MakeFormPost("/staff/edit", "id=60&disabled=yes", Cookie(admin))).body) == "INVALID_PARAM");
  CHECK(CodeOf(desk.Handle(MakeFormPost("/staff/edit", "id=60", Cookie(admin))).body) == "INVALID_PARAM");
}

}  // namespace
}  // namespace jsms::test
