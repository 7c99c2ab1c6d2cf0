// Refusing what is not ours (issue 9 item 3): an empty --db, another application's database (left
// untouched), a missing folder, a port in use or not a number, fixture states outside their
// tables, a belongSale naming nobody; and `serve` named explicitly.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "json/fixture_parser.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

// Another application's SQLite file (rollback journal, as sqlite3 makes it by default).
void MakeForeignDatabase(const std::string& path) {
  ExecSql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                "INSERT INTO customers (name) VALUES ('Acme');");
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("refusal: --db '' is an error, for serving and for seeding", "[refusal][cli]") {
  TempDir dir;
  for (std::vector<std::string> args : {std::vector<std::string>{"--db", "", "--port", "0"},
                                        std::vector<std::string>{"--db", "", "seed"},
                                        std::vector<std::string>{"serve", "--db", "", "--port", "0"}}) {
    Outcome run = RunJsms(args);
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.exit_code() != 0);
    CHECK(run.err.find("--db") != std::string::npos);
    CHECK(run.err.find("empty") != std::string::npos);
    CHECK(run.out.find("listening") == std::string::npos);
  }
}

TEST_CASE("refusal: another application's database is refused and left untouched", "[refusal][cli]") {
  TempDir dir;
  const std::string db = dir.File("crm.db");
  MakeForeignDatabase(db);
  const std::string before = ReadFile(db);
  REQUIRE_FALSE(before.empty());
  for (std::vector<std::string> args : {std::vector<std::string>{"--port", "0"}, std::vector<std::string>{"seed"},
                                        std::vector<std::string>{"serve", "--port", "0"}}) {
    args.insert(args.begin(), {"--db", db});
    Outcome run = RunJsms(args);
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.exit_code() == 1);
    CHECK(run.out.find("listening") == std::string::npos);
    CHECK(run.out.find("seeded") == std::string::npos);
    CHECK(run.err.find(db + " is not a jsms-ops database") != std::string::npos);
    CHECK(run.err.find("customers") != std::string::npos);
    CHECK(run.err.find("left untouched") != std::string::npos);
    // Byte for byte as it was (not even switched to WAL), and no -wal or -shm left beside it.
    CHECK(ReadFile(db) == before);
    CHECK(FilesIn(dir.path()) == std::vector<std::string>{"crm.db"});
  }
  // An empty file is a new database, as a missing one.
  const std::string empty = dir.File("empty.db");
  WriteFile(empty, "");
  CHECK(RunJsms({"--db", empty, "seed"}).exit_code() == 0);
}

TEST_CASE("refusal: a database in a missing folder says the folder is missing", "[refusal][cli]") {
  TempDir dir;
  const std::string folder = dir.File("no-such-folder");
  for (std::vector<std::string> args : {std::vector<std::string>{"seed"}, std::vector<std::string>{"--port", "0"}}) {
    args.insert(args.begin(), {"--db", folder + "/ops.db"});
    Outcome run = RunJsms(args);
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.exit_code() == 1);
    CHECK(run.err.find("the folder " + folder + " does not exist") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(folder));
  }
  // A file where the folder should be.
  const std::string file = dir.File("plain");
  WriteFile(file, "x");
  Outcome run = RunJsms({"--db", file + "/ops.db", "seed"});
  CHECK(run.exit_code() == 1);
  CHECK(run.err.find(file + " is not a folder") != std::string::npos);
}

TEST_CASE("refusal: a port in use says address already in use and suggests --port", "[refusal][cli]") {
  TempDir dir;
  int taken = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(taken >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(taken, 1) == 0);
  socklen_t size = sizeof address;
  REQUIRE(::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  const std::string port = std::to_string(ntohs(address.sin_port));

  Outcome run = RunJsms({"--db", dir.File("ops.db"), "--port", port});
  ::close(taken);
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exit_code() == 1);
  CHECK(run.err.find("cannot listen on 127.0.0.1:" + port + ": address already in use") != std::string::npos);
  CHECK(run.err.find("--port") != std::string::npos);
  CHECK(run.out.find("listening") == std::string::npos);
}

TEST_CASE("refusal: --port that is not a number or not a port says so", "[refusal][cli]") {
  TempDir dir;
  struct Bad {
    const char* value;
    const char* said;
  };
  for (Bad bad : {Bad{"abc", "abc is not a number"}, Bad{"80a", "80a is not a number"}, Bad{"-1", "-1 is not a number"},
                  Bad{"", " is not a number"}, Bad{"70000", "70000 is not a port"}}) {
    Outcome run = RunJsms({"--db", dir.File("ops.db"), "--port", bad.value});
    INFO("--port '" << bad.value << "'\nstderr: " << run.err);
    CHECK(run.exit_code() != 0);
    CHECK(run.err.find("--port") != std::string::npos);
    CHECK(run.err.find(bad.said) != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir.File("ops.db")));  // refused before the database was opened
}

TEST_CASE("refusal: serve works as an explicit subcommand, options before or after it", "[refusal][cli]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  for (std::vector<std::string> args : {std::vector<std::string>{"--db", db, "serve", "--port", "0", "--quiet"},
                                        std::vector<std::string>{"--db", db, "--port", "0", "serve"},
                                        std::vector<std::string>{"serve", "--db", db, "--port", "0"}}) {
    auto server = StartJsms(args);
    int port = server->WaitListening();
    INFO("stderr: " << server->err());
    REQUIRE(port > 0);
    httplib::Client client("127.0.0.1", port);
    auto res = client.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(server->Stop() == 0);
  }
}

TEST_CASE("refusal: fixture order states outside 0-8 and resource states outside 0-3 are refused",
          "[refusal][fixture]") {
  struct Bad {
    std::string fixture;
    std::string said;
  };
  const std::string order = R"({"orders":[{"orderId":"D1","state":)";
  const std::string resource = R"({"resources":[{"resourceId":"T1","state":)";
  for (const Bad& bad : {Bad{order + "9}]}", "orders[0] (D1): key \"state\": expected an order state from 0 to 8"},
                         Bad{order + "-1}]}", "expected an order state from 0 to 8"},
                         Bad{order + "100}]}", "expected an order state from 0 to 8"},
                         Bad{resource + "\"4\"}]}", "resources[0] (T1): key \"state\": expected a resource state"},
                         Bad{resource + "\"\"}]}", "expected a resource state \"0\" to \"3\""},
                         Bad{resource + "\"01\"}]}", "expected a resource state"},
                         Bad{resource + "\"-1\"}]}", "expected a resource state"},
                         Bad{resource + "\"已接入\"}]}", "expected a resource state"}}) {
    INFO(bad.fixture);
    FixtureSet set;
    Status parsed = ParseFixture(bad.fixture, "bad.json", "2017-06-21 10:00:00", &set);
    CHECK(parsed.code() == Code::kInvalidParam);
    CHECK_THAT(parsed.message(), Catch::Contains("bad.json: ") && Catch::Contains(bad.said));
  }
  for (const std::string& good : {order + "0}]}", order + "8}]}", resource + "\"0\"}]}", resource + "\"3\"}]}",
                                  resource + "null}]}"}) {
    INFO(good);
    FixtureSet set;
    CHECK(ParseFixture(good, "good.json", "2017-06-21 10:00:00", &set).ok());
  }

  // Through the CLI: nothing is loaded, the database not even made.
  TempDir dir;
  const std::string file = dir.File("bad.json");
  WriteFile(file, order + "9}]}");
  Outcome run = RunJsms({"--db", dir.File("ops.db"), "seed", file});
  CHECK(run.exit_code() == 1);
  CHECK(run.err.find("expected an order state from 0 to 8") != std::string::npos);
  CHECK(run.err.find("nothing was loaded") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.File("ops.db")));
}

std::string Body(TestServer& server, const std::string& path, const std::string& form, int status) {
  Reply reply = PostForm(server, path, form);
  INFO(reply.body);
  CHECK(reply.status == status);
  return reply.body;
}

TEST_CASE("refusal: /demandOrder/add and edit refuse a belongSale that names no staff member", "[refusal][desk]") {
  TestServer server;  // staff 149 and 60; D000120170621 in 待配单, belongSale 149
  const std::string add = "companyName=A&smsType=S&channelType=0&salePrice=0.1&belongSale=";
  const std::string refused =
      R"({"success":false,"fail":true,"code":"INVALID_PARAM","data":null,"msg":"参数belongSale无效（没有编号为150的员工）","failure":true})";
  CHECK(Body(server, "/demandOrder/add", add + "150", 400) == refused);
  auto list = [&] { return ParseJson(Body(server, "/demandOrder/list", "", 200))["totalRecord"].GetInt64(); };
  CHECK(list() == 1);  // nothing added
  CHECK(Body(server, "/demandOrder/add", add + "60", 200).find("\"success\":true") != std::string::npos);
  CHECK(list() == 2);

  const std::string id = "D000120170621";
  CHECK(Body(server, "/peidan/huitui", "orderId=" + id, 200).find("\"success\":true") != std::string::npos);
  CHECK(Body(server, "/demandOrder/edit", "orderId=" + id + "&belongSale=150&companyName=Z", 400) == refused);
  rapidjson::Document order = OrderDoc(server, id);
  CHECK(order["belongSale"].GetInt() == 149);
  CHECK(Str(order, "companyName") == "111");
  CHECK(order["state"].GetInt() == 3);  // still 退单: nothing changed
  // A parameter: refused before the order is looked up.
  CHECK(Body(server, "/demandOrder/edit", "orderId=D999920170621&belongSale=150", 400) == refused);
  CHECK(Body(server, "/demandOrder/edit", "orderId=" + id + "&belongSale=60", 200).find("\"success\":true") !=
        std::string::npos);
  order = OrderDoc(server, id);
  CHECK(order["belongSale"].GetInt() == 60);
  CHECK(Str(order, "belongSaleName") == "张伟");
}

}  // namespace
}  // namespace jsms::test
