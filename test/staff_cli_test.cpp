// The account commands of the binary (app/staff.cpp, app/token.cpp) and what `serve` does with
// accounts, run as child processes: `staff add|passwd|list|disable|enable`, `token
// create|list|revoke`, the mode switch of a running server, the refusal to serve open mode
// beyond loopback, and the login log.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "support.h"
#include "util/secrets.h"

namespace jsms::test {

using namespace support;
namespace {

// Runs `jsms-ops --db DB ARGS…` to its end, `input` on its stdin.
Outcome Run(const std::string& db, std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), {"--db", db});
  return RunJsms(args, {}, input);
}

// A seeded database file (staff 60 张伟 and 149 abc), closed.
std::string SeededDb(const TempDir& dir) {
  OpenSeededStore(dir, kSeedFixture);
  return dir.File("ops.db");
}

bool PasswordIs(const std::string& db, const std::string& login, const std::string& password) {
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(db, &store).ok());
  Account account;
  std::string hash;
  bool found = false;
  REQUIRE(store->accounts().FindByLogin(login, &account, &hash, &found).ok());
  return found && VerifyPassword(hash, password);
}

TEST_CASE("staff CLI: add, list, passwd, disable and enable, the password never shows", "[cli][accounts]") {
  TempDir dir;
  const std::string db = SeededDb(dir);
  Outcome added = Run(db, {"staff", "add", "--login", "wang", "--role", "sales", "--id", "149"}, "wang-password-1\n");
  INFO(added.err);
  CHECK(added.exit_code() == 0);
  CHECK(added.out == "added staff 149 wang (abc, sales)\n");
  CHECK_THAT(added.err, Catch::Contains("first account"));
  CHECK(PasswordIs(db, "wang", "wang-password-1"));

  Outcome boss = Run(db, {"staff", "add", "--login", "boss", "--name", "管理员", "--role", "admin"}, "boss-password\n");
  CHECK(boss.exit_code() == 0);
  CHECK(boss.out == "added staff 150 boss (管理员, admin)\n");
  CHECK(boss.err.empty());

  Outcome list = Run(db, {"staff", "list"});
  CHECK(list.exit_code() == 0);
  CHECK(list.out == "id\tlogin\tname\trole\tdisabled\tpassword\n"
                    "60\t-\t张伟\t-\tno\tno\n"
                    "149\twang\tabc\tsales\tno\tyes\n"
                    "150\tboss\t管理员\tadmin\tno\tyes\n");
  CHECK(list.out.find("argon2") == std::string::npos);

  // Windows line ends are not part of the password.
  Outcome passwd = Run(db, {"staff", "passwd", "--login", "wang"}, "new-password-22\r\nignored second line\n");
  CHECK(passwd.exit_code() == 0);
  CHECK(PasswordIs(db, "wang", "new-password-22"));
  CHECK_FALSE(PasswordIs(db, "wang", "wang-password-1"));

  CHECK(Run(db, {"staff", "disable", "--login", "wang"}).exit_code() == 0);
  CHECK_THAT(Run(db, {"staff", "list"}).out, Catch::Contains("149\twang\tabc\tsales\tyes\tyes\n"));
  CHECK(Run(db, {"staff", "enable", "--login", "wang"}).exit_code() == 0);
  CHECK_THAT(Run(db, {"staff", "list"}).out, Catch::Contains("149\twang\tabc\tsales\tno\tyes\n"));

  for (const Outcome& r : {added, boss, list, passwd}) {
    for (const char* secret : {"wang-password-1", "boss-password", "new-password-22"}) {
      CHECK(r.out.find(secret) == std::string::npos);
      CHECK(r.err.find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("staff CLI: a bad argument is a clear error, exit 1, nothing changed", "[cli][accounts]") {
  TempDir dir;
  const std::string db = SeededDb(dir);
  REQUIRE(Run(db, {"staff", "add", "--login", "boss", "--name", "管理员", "--role", "admin"}, "boss-password\n").exit_code() == 0);
  const std::string before = DbImage(db, {"staff", "sessions", "api_tokens"});
  struct Case {
    std::vector<std::string> args;
    std::string input;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"staff", "add", "--login", "boss", "--name", "x", "--role", "ops"}, "long-password\n", "login 'boss' is taken"},
      {{"staff", "add", "--login", "Wang!", "--name", "x", "--role", "ops"}, "long-password\n", "--login"},
      {{"staff", "add", "--login", "wang", "--name", "x", "--role", "boss"}, "long-password\n", "--role"},
      {{"staff", "add", "--login", "wang", "--name", "x", "--role", "ops"}, "short\n", "8到128"},
      {{"staff", "add", "--login", "wangwang", "--name", "x", "--role", "ops"}, "wangwang\n", "登录名"},
      {{"staff", "add", "--login", "wang", "--name", "x", "--role", "ops"}, "", "no password on stdin"},
      {{"staff", "add", "--login", "wang", "--role", "ops"}, "long-password\n", "--name"},
      {{"staff", "add", "--login", "wang", "--name", "x", "--role", "ops", "--id", "150"}, "long-password\n",
       "员工150已有登录名boss"},
      {{"staff", "passwd", "--login", "nobody"}, "long-password\n", "no staff member has login 'nobody'"},
      {{"staff", "passwd", "--login", "boss"}, "tiny\n", "8到128"},
      {{"staff", "disable", "--login", "nobody"}, "", "no staff member has login 'nobody'"},
      {{"staff", "disable", "--login", "boss"}, "", "最后一个有效的管理员"},
      {{"token", "create", "--login", "nobody"}, "", "no staff member has login 'nobody'"},
      {{"token", "revoke", "7"}, "", "no token 7"},
  };
  for (const Case& c : cases) {
    Outcome r = Run(db, c.args, c.input);
    INFO(c.args[0] << " " << c.args[1] << " " << (c.args.size() > 3 ? c.args[3] : "") << ": " << r.err);
    CHECK(r.exit_code() == 1);
    CHECK_THAT(r.err, Catch::StartsWith("jsms-ops: ") && Catch::Contains(c.says));
    CHECK(r.out.empty());
  }
  CHECK(DbImage(db, {"staff", "sessions", "api_tokens"}) == before);
}

TEST_CASE("token CLI: create prints the token once, list never shows it, revoke ends it", "[cli][accounts]") {
  TempDir dir;
  const std::string db = SeededDb(dir);
  REQUIRE(Run(db, {"staff", "add", "--login", "wang", "--role", "sales", "--id", "149"}, "wang-password\n").exit_code() == 0);
  Outcome created = Run(db, {"token", "create", "--login", "wang", "--label", "nightly export"});
  CHECK(created.exit_code() == 0);
  REQUIRE(std::regex_match(created.out, std::regex("jso_[A-Za-z0-9_-]{43}\n")));
  const std::string token = created.out.substr(0, created.out.size() - 1);
  CHECK_THAT(created.err, Catch::Contains("token 1 for wang") && Catch::Contains("shown only now"));
  CHECK(ReadFile(db).find(token) == std::string::npos);
  CHECK(ReadFile(db + "-wal").find(token) == std::string::npos);

  Outcome list = Run(db, {"token", "list"});
  CHECK(list.exit_code() == 0);
  CHECK(std::regex_match(list.out, std::regex("id\tlogin\tlabel\tcreated\n1\twang\tnightly export\t"
                                              "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\n")));
  {
    std::unique_ptr<Store> store;
    REQUIRE(Store::Open(db, &store).ok());
    Api api(store.get(), {});
    ApiReply me = api.Handle(MakeRequest("GET", "/auth/me", Bearer(token)));
    CHECK(me.status == 200);
    CHECK_THAT(me.body, Catch::Contains(R"("login":"wang","role":"sales")"));
    CHECK(Run(db, {"token", "revoke", "1"}).out == "token 1 revoked\n");
    CHECK(api.Handle(MakeRequest("GET", "/auth/me", Bearer(token))).status == 401);
  }
  CHECK(Run(db, {"token", "list"}).out == "id\tlogin\tlabel\tcreated\n");
}

TEST_CASE("serve: a staff member added by the CLI switches a running server to accounts mode", "[cli][accounts]") {
  TestServer server;
  auto client = server.Client();
  auto open = client.Get("/demandOrder/D000120170621");
  REQUIRE(open);
  CHECK(open->status == 200);
  Outcome added = Run(server.db_path(), {"staff", "add", "--login", "boss", "--name", "管理员", "--role", "admin"},
                      "boss-password\n");
  REQUIRE(added.exit_code() == 0);
  auto closed = client.Get("/demandOrder/D000120170621");
  REQUIRE(closed);
  CHECK(closed->status == 401);
  auto login = client.Post("/auth/login", "login=boss&password=boss-password", kForm);
  REQUIRE(login);
  CHECK(login->status == 200);
  auto again = client.Get("/demandOrder/D000120170621", {{"Cookie", login->get_header_value("Set-Cookie").substr(0, 56)}});
  REQUIRE(again);
  CHECK(again->status == 200);
}

TEST_CASE("serve: open mode is refused beyond loopback unless --open, accounts mode serves there", "[cli][accounts]") {
  TempDir dir;
  const std::string db = SeededDb(dir);
  {
    auto refused = StartJsms({"--db", db, "--host", "0.0.0.0", "--port", "0"});
    CHECK(ExitCode(refused->Wait(60)) == 1);
    CHECK(refused->out().empty());
    CHECK_THAT(refused->err(), Catch::Contains("refusing to serve 0.0.0.0 in open mode") &&
                                  Catch::Contains("staff add --login admin --name 管理员 --role admin") &&
                                  Catch::Contains("--open"));
  }
  {
    auto open = StartJsms({"--db", db, "--host", "0.0.0.0", "--port", "0", "--open"});
    CHECK(open->WaitListening() > 0);
    CHECK_THAT(open->err(), Catch::Contains("warning: --open"));
    CHECK(open->Stop() == 0);
  }
  REQUIRE(Run(db, {"staff", "add", "--login", "boss", "--name", "管理员", "--role", "admin"}, "boss-password\n").exit_code() == 0);
  auto accounts = StartJsms({"--db", db, "--host", "0.0.0.0", "--port", "0"});
  CHECK(accounts->WaitListening() > 0);
  CHECK(accounts->err().find("warning") == std::string::npos);
  CHECK(accounts->Stop() == 0);
}

TEST_CASE("serve: logins are logged with the login and the client address, never the password", "[cli][accounts]") {
  TempDir dir;
  const std::string db = SeededDb(dir);
  REQUIRE(Run(db, {"staff", "add", "--login", "boss", "--name", "管理员", "--role", "admin"}, "boss-password\n").exit_code() == 0);
  auto server = StartJsms({"--db", db, "--port", "0"});
  int port = server->WaitListening();
  REQUIRE(port > 0);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  auto wrong = client.Post("/auth/login", "login=boss&password=guessed-wrong", kForm);
  auto right = client.Post("/auth/login", "login=boss&password=boss-password", kForm);
  auto forged = client.Post("/auth/login", "login=x%0Ajsms-ops%3A+login%3A+login+boss&password=guessed-wrong", kForm);
  REQUIRE(wrong);
  REQUIRE(right);
  REQUIRE(forged);
  CHECK(server->Stop() == 0);
  const std::string log = server->err();
  CHECK_THAT(log, Catch::Contains("jsms-ops: login failed: login boss from 127.0.0.1\n"));
  CHECK_THAT(log, Catch::Contains("jsms-ops: login: login boss from 127.0.0.1\n"));
  CHECK_THAT(log, Catch::Contains("jsms-ops: login failed: login ?xjsms-ops: login: login boss from 127.0.0.1\n"));
  CHECK(log.find("guessed-wrong") == std::string::npos);
  CHECK(log.find("boss-password") == std::string::npos);
  CHECK(log.find(right->get_header_value("Set-Cookie").substr(13, 43)) == std::string::npos);
}

}  // namespace
}  // namespace jsms::test
