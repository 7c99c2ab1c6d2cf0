// The real jsms-ops binary as a child process (spec §5–§6): its flags, `seed`, serving on a free
// port, stopping on a signal without losing a request, surviving SIGKILL, and its errors.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

int64_t QueryInt(const std::string& db_path, const std::string& sql, const std::string& arg) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  SQLite::Statement query(db, sql);
  query.bind(1, arg);
  if (!query.executeStep()) return -1;
  return query.getColumn(0).getInt64();
}

int64_t StoredState(const std::string& db, const std::string& id) {
  return QueryInt(db, "SELECT state FROM orders WHERE orderId = ?", id);
}

int64_t ProgressCount(const std::string& db, const std::string& id) {
  return QueryInt(db, "SELECT count(*) FROM progress WHERE orderId = ?", id);
}

// Stops a served child with `signal` and returns its wait status.
int StopWith(Child& server, int signal) {
  server.Signal(signal);
  std::optional<int> status = server.Wait(10);
  REQUIRE(status.has_value());
  return *status;
}

}  // namespace

TEST_CASE("cli: --version and --help print and exit 0, an unknown option fails naming it", "[cli]") {
  Outcome version = RunJsms({"--version"});
  INFO(version.out << version.err);
  CHECK(version.exited_ok());
  CHECK(version.out.find(JSMS_VERSION) != std::string::npos);

  Outcome help = RunJsms({"--help"});
  INFO(help.out << help.err);
  CHECK(help.exited_ok());
  for (const char* word : {"--db", "--port", "seed"}) CHECK(help.out.find(word) != std::string::npos);

  Outcome unknown = RunJsms({"--no-such-flag"});
  CHECK(unknown.exited_failed());
  CHECK((unknown.out + unknown.err).find("--no-such-flag") != std::string::npos);
}

TEST_CASE("cli: seed loads the built-in demo", "[cli]") {
  TempDir dir;
  std::string db = dir.File("ops.db");
  Outcome run = RunJsms({"--db", db, "seed"});
  INFO(run.out << run.err);
  REQUIRE(run.exited_ok());
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(db, &store).ok());
  int64_t orders = 0, resources = 0;
  REQUIRE(store->CountRecords(&orders, &resources).ok());
  CHECK(orders > 0);
  CHECK(resources > 0);
  Order order;
  CHECK(store->orders().Get("D000120170621", &order).ok());
}

TEST_CASE("cli: seed with an invalid record fails, names it and writes nothing", "[cli]") {
  TempDir dir;
  std::string db = dir.File("ops.db");
  SeedWithBinary(dir, db,
                 R"({"orders":[{"orderId":"D000120170621","companyName":"111","state":0}],)"
                 R"("resources":[{"resourceId":"T000120170621","state":"0"}],)"
                 R"("links":[{"orderId":"D000120170621","resourceId":"T000120170621"}]})");
  const std::string before = DbImage(db);

  struct Bad {
    std::string text, record, key;
  };
  // Each starts by changing the good order, so a partial load would show.
  const std::string changed = R"({"orderId":"D000120170621","companyName":"changed","state":1})";
  auto bad = GENERATE_COPY(
      Bad{R"({"orders":[)" + changed + R"(],"resources":[{"resourceId":"T000920170621","bogusKey":"1"}]})",
          "resources[0]", "bogusKey"},
      Bad{R"({"orders":[)" + changed + R"(,{"orderId":"D000220170621","state":"zero"}]})", "orders[1]", "state"},
      Bad{R"({"orders":[)" + changed + R"(],"resources":[{"channelId":"1"}]})", "resources[0]", "resourceId"},
      Bad{R"({"orders":[)" + changed + R"(],"links":[{"orderId":"D000120170621","resourceId":"T404"}]})", "links[0]",
          "resourceId"});
  std::string file = dir.File("bad.json");
  WriteFile(file, bad.text);
  Outcome run = RunJsms({"--db", db, "seed", file});
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exited_failed());
  std::string said = run.out + run.err;
  CHECK(said.find(file) != std::string::npos);
  CHECK(said.find(bad.record) != std::string::npos);
  CHECK(said.find("\"" + bad.key + "\"") != std::string::npos);
  CHECK(DbImage(db) == before);
}

TEST_CASE("cli: serve and seed refuse a database with a newer schema version, saying so", "[cli]") {
  TempDir dir;
  std::string db = dir.File("future.db");
  WriteFutureDatabase(db);
  const std::string before = DbImage(db);
  auto args = GENERATE(as<std::vector<std::string>>{}, std::vector<std::string>{"--port", "0"},
                       std::vector<std::string>{"seed"});
  std::vector<std::string> all = {"--db", db};
  all.insert(all.end(), args.begin(), args.end());
  Outcome run = RunJsms(all);
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exited_failed());
  CHECK(run.out.find("listening") == std::string::npos);
  CHECK(run.err.find("99") != std::string::npos);
  CHECK(run.err.find("version") != std::string::npos);
  CHECK(DbImage(db) == before);
}

namespace {

// Serves on a free port, checks the answers, then stops with `stop_signal` while a request is in
// flight and idle keep-alive connections are open. Fails when a signal kills the process (exit
// status not 0), when the database is not closed (the -wal file stays behind), when the in-flight
// request is cut, or when idle keep-alive connections hold the stop past 5 s. Events are ordered
// by what the test can see, never by sleeping: the server has accepted the in-flight connection
// once a later connection is answered (connections are accepted in the order they were made), and
// it is stopping once it refuses new connections.
void ServeAndStop(int stop_signal) {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  SeedWithBinary(dir, db, BulkFixture(4, 2));
  int port = 0;
  auto server = ServeWithBinary(db, {}, {}, &port);
  CHECK(server->out().rfind("listening on http://127.0.0.1:", 0) == 0);  // loopback unless told otherwise
  auto client = ClientFor(port);
  CHECK(Str(ParseJson(SuccessData(client.Get(("/demandOrder/" + BulkOrderId(0)).c_str()), "查询成功！")), "orderId") ==
        BulkOrderId(0));
  rapidjson::Document page = Page(client.Post("/order/resource/query", "rows=9999999", kForm));
  CHECK(page["totalRecord"].GetInt64() == 2);

  std::vector<std::unique_ptr<Socket>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<Socket>(port));
    REQUIRE(idle.back()->Send(GetRequest("/demandOrder/" + BulkOrderId(i))));
    idle.back()->ReadResponses(1);
    REQUIRE(idle.back()->Responses().size() == 1);
  }
  const std::string body = ActionForm(BulkOrderId(3), {BulkResourceId(0)}, "在途");
  Socket in_flight(port);
  REQUIRE(in_flight.Send(PostHead("/peidan/daipipei", kForm, body.size()) + body.substr(0, 12)));
  CHECK(client.Get(("/demandOrder/" + BulkOrderId(0)).c_str())->status == 200);  // in_flight is accepted
  // Each idle connection has just been used: its keep-alive wait starts now.
  for (auto& socket : idle) {
    REQUIRE(socket->Send(GetRequest("/demandOrder/" + BulkOrderId(0))));
    socket->ReadResponses(2);
    REQUIRE(socket->Responses().size() == 2);
  }

  auto signalled = std::chrono::steady_clock::now();
  server->Signal(stop_signal);
  REQUIRE(Eventually([&] { return ConnectionRefused(port); }));
  REQUIRE(in_flight.Send(body.substr(12)));
  in_flight.Read(10, true);
  auto responses = in_flight.Responses();
  INFO(in_flight.received());
  REQUIRE(responses.size() == 1);
  CheckOk(responses[0]);

  std::optional<int> status = server->Wait(10);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
  INFO("stderr: " << server->err());
  REQUIRE(status.has_value());
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
  CHECK(took < 5.0);
  std::error_code ec;
  bool wal_exists = std::filesystem::exists(db + "-wal", ec);
  CHECK((!wal_exists || std::filesystem::file_size(db + "-wal", ec) == 0));
  CHECK(StoredState(db, BulkOrderId(3)) == 1);
}

}  // namespace

TEST_CASE("cli: serves on --port 0 and stops on SIGTERM, finishing the request in flight", "[cli]") {
  ServeAndStop(SIGTERM);
}

TEST_CASE("cli: stops on SIGINT (Ctrl-C) the same way", "[cli]") { ServeAndStop(SIGINT); }

// Fails when an action is acknowledged before it is durably committed, or when a kill mid-write
// can leave a torn database (journal off, writes outside transactions).
TEST_CASE("cli: SIGKILL mid-stream loses no acknowledged action and leaves an intact database", "[cli]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  const int orders = 3000;
  SeedWithBinary(dir, db, BulkFixture(orders, 4));
  int port = 0;
  auto server = ServeWithBinary(db, {}, {}, &port);

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged_count{0};
  std::vector<std::vector<int>> acknowledged(4);
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      auto client = ClientFor(port);
      client.set_keep_alive(c % 2 == 0);
      for (int order = c; order < orders && !stop; order += 4) {
        auto result =
            client.Post("/peidan/daipipei", ActionForm(BulkOrderId(order), {BulkResourceId(order % 4)}), kForm);
        if (!result) break;  // the server is gone
        if (result->status == 200 && result->body == kOkReply) {
          acknowledged[c].push_back(order);
          ++acknowledged_count;
        }
      }
    });
  }
  bool enough = Eventually([&] { return acknowledged_count >= 200; }, 60);
  server->Signal(SIGKILL);
  stop = true;
  for (auto& t : clients) t.join();
  REQUIRE(enough);
  std::optional<int> status = server->Wait(10);
  REQUIRE(status.has_value());
  CHECK(WIFSIGNALED(*status));

  size_t total = 0;
  for (const auto& list : acknowledged) total += list.size();
  INFO(total << " actions acknowledged before the kill");
  CHECK(total < static_cast<size_t>(orders));  // killed mid-stream, not after the end

  SQLite::Database check(db, SQLite::OPEN_READWRITE);
  CHECK(check.execAndGet("PRAGMA integrity_check").getString() == "ok");
  SQLite::Statement foreign_keys(check, "PRAGMA foreign_key_check");
  CHECK_FALSE(foreign_keys.executeStep());
  for (const auto& list : acknowledged) {
    for (int order : list) {
      INFO(BulkOrderId(order));
      CHECK(StoredState(db, BulkOrderId(order)) == 1);
      CHECK(ProgressCount(db, BulkOrderId(order)) == 1);
    }
  }
  // Nothing half-done either: an order moved exactly when it has its progress entry.
  CHECK(check
            .execAndGet("SELECT count(*) FROM orders WHERE (state = 1) != "
                        "((SELECT count(*) FROM progress WHERE progress.orderId = orders.orderId) = 1)")
            .getInt64() == 0);
}

// Fails when the binary does not read JSMS_OPS_TOKEN.
TEST_CASE("cli: the binary takes its token from JSMS_OPS_TOKEN", "[cli]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  SeedWithBinary(dir, db, BulkFixture(1, 1));
  int port = 0;
  auto server = ServeWithBinary(db, {}, {"JSMS_OPS_TOKEN=env-t0ken"}, &port);
  auto client = ClientFor(port);
  const std::string target = "/demandOrder/" + BulkOrderId(0);
  CheckRefusal(client.Get(target.c_str()), 401, "UNAUTHORIZED");
  SuccessData(client.Get(target.c_str(), {{"Authorization", "Bearer env-t0ken"}}), "查询成功！");
  int status = StopWith(*server, SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

// Fails when the warning is dropped, or printed when it should not be.
TEST_CASE("cli: binding a non-loopback address without a token warns on stderr", "[cli]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  SeedWithBinary(dir, db, BulkFixture(1, 1));
  struct Case {
    std::vector<std::string> args;
    bool warns;
  };
  for (const Case& c : {Case{{"--host", "0.0.0.0", "--open"}, true}, Case{{"--host", "0.0.0.0", "--token", "t"}, false},
                        Case{{}, false}, Case{{"--host", "127.0.0.1"}, false}}) {
    auto server = ServeWithBinary(db, c.args);
    int status = StopWith(*server, SIGTERM);
    CHECK(WIFEXITED(status));
    INFO("args: " << (c.args.empty() ? "" : c.args[0] + " " + c.args[1]) << "; stderr: " << server->err());
    CHECK((server->err().find("warning") != std::string::npos) == c.warns);
  }
}

}  // namespace jsms::test
