// `jsms-ops backup` and `jsms-ops check` (operations.md): a copy taken while a server is writing
// holds every action acknowledged before it began and passes check; check fails a corrupted
// copy; backup refuses to overwrite without --force.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

std::string OrderId(int i) {
  char id[16];
  std::snprintf(id, sizeof id, "D%08d", i);
  return id;
}

// `orders` orders in 待配单 and two resources in 已接入, loaded into a new database in `dir`.
std::string SeedOrders(const TempDir& dir, int orders) {
  std::string fixture = R"({"staff":[{"id":60,"name":"张伟"}],"resources":[)" + ResourceJson("T00000001", "1") + "," +
                        ResourceJson("T00000002", "1") + R"(],"orders":[)";
  for (int i = 0; i < orders; ++i) {
    if (i) fixture += ",";
    fixture += R"({"orderId":")" + OrderId(i) + R"(","companyName":"公司)" + std::to_string(i) +
               R"(","belongSale":60,"state":0})";
  }
  fixture += "]}";
  OpenSeededStore(dir, fixture);
  return dir.File("ops.db");
}

void CopyFile(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

struct Ack {
  int order;
  Clock::time_point at;  // when the client had the success reply
};

}  // namespace

TEST_CASE("backup: a copy taken while writers run passes check and opens and holds every action acknowledged "
          "before it began", "[backup][cli]") {
  TempDir dir;
  const int kOrders = 4000, kWriters = 4;
  const std::string db = SeedOrders(dir, kOrders);
  const std::string out = dir.File("backup.db");
  auto server = StartJsms({"--db", db, "--port", "0"});
  int port = server->WaitListening();
  INFO("server stderr: " << server->err());
  REQUIRE(port > 0);

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::vector<Ack>> acks(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_read_timeout(10, 0);
      for (int order = w; order < kOrders && !stop; order += kWriters) {
        auto result = client.Post("/peidan/daipipei", "orderId=" + OrderId(order) + "&resourceIds=T00000001",
                                  "application/x-www-form-urlencoded");
        if (result && result->status == 200 && result->body.find("\"success\":true") != std::string::npos) {
          acks[w].push_back({order, Clock::now()});
          ++acknowledged;
        }
      }
    });
  }
  auto wait_for = [&](int count) {
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (acknowledged < count && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return acknowledged >= count;
  };
  REQUIRE(wait_for(300));
  const Clock::time_point backup_began = Clock::now();
  Outcome backup = RunJsms({"--db", db, "backup", out});
  const Clock::time_point backup_ended = Clock::now();
  const int acked_by_end = acknowledged;
  bool more = wait_for(acked_by_end + 100);  // the load went on after the backup
  stop = true;
  for (auto& writer : writers) writer.join();
  server->Signal(SIGTERM);
  REQUIRE(server->Wait(10).has_value());
  INFO("backup: " << backup.out << backup.err);
  REQUIRE(backup.exit_code() == 0);
  CHECK(backup.out.find("backed up " + db + " to " + out) != std::string::npos);
  CHECK(more);

  std::vector<std::string> before, after;
  for (const auto& list : acks) {
    for (const Ack& ack : list) {
      if (ack.at < backup_began) before.push_back(OrderId(ack.order));
      if (ack.at > backup_ended) after.push_back(OrderId(ack.order));
    }
  }
  INFO(before.size() << " acknowledged before the backup, " << after.size() << " after it");
  REQUIRE(before.size() >= 300);
  REQUIRE_FALSE(after.empty());

  // One self-contained file that check passes.
  CHECK_FALSE(std::filesystem::exists(out + "-wal"));
  Outcome check = RunJsms({"--db", out, "check"});
  INFO("check: " << check.out << check.err);
  CHECK(check.exit_code() == 0);
  CHECK(check.out.find("integrity: ok") != std::string::npos);
  CHECK(check.out.find("foreign keys: ok") != std::string::npos);
  CHECK(check.out.find("rows in orders: " + std::to_string(kOrders)) != std::string::npos);
  CHECK(check.out.find("check: ok") != std::string::npos);

  // Consistent: every order is either untouched or moved with its progress entry, never half.
  CHECK(SqlInt(out, "SELECT count(*) FROM orders WHERE (state = 1) != "
                      "((SELECT count(*) FROM progress p WHERE p.orderId = orders.orderId) = 1)") == 0);
  int64_t moved = SqlInt(out, "SELECT count(*) FROM orders WHERE state = 1");
  CHECK(moved >= static_cast<int64_t>(before.size()));
  CHECK(moved <= acknowledged);

  // It opens in jsms-ops, and every action acknowledged before the backup began is in it.
  std::unique_ptr<Store> copy;
  Status opened = Store::Open(out, &copy);
  INFO(opened.message());
  REQUIRE(opened.ok());
  for (const std::string& id : before) {
    Order order;
    REQUIRE(copy->orders().Get(id, &order).ok());
    INFO(id);
    CHECK(order.cells[order::kState] == "1");
  }
}

TEST_CASE("backup: refuses an existing OUT unless --force and a source that is not a jsms-ops database",
          "[backup][cli]") {
  TempDir dir;
  const std::string db = SeedOrders(dir, 10);
  const std::string out = dir.File("out.db");
  std::ofstream(out) << "precious";

  Outcome refused = RunJsms({"--db", db, "backup", out});
  CHECK(refused.exit_code() == 1);
  CHECK(refused.err.find("already exists") != std::string::npos);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(ReadFile(out) == "precious");

  Outcome forced = RunJsms({"--db", db, "backup", "--force", out});
  INFO(forced.out << forced.err);
  CHECK(forced.exit_code() == 0);
  CHECK(RunJsms({"--db", out, "check"}).exit_code() == 0);
  CHECK(SqlInt(out, "SELECT count(*) FROM orders") == 10);

  // The database itself is never a target, even with --force.
  Outcome itself = RunJsms({"--db", db, "backup", "--force", db});
  CHECK(itself.exit_code() == 1);
  CHECK(SqlInt(db, "SELECT count(*) FROM orders") == 10);

  // A missing source is not created; a file that is no jsms-ops database is refused.
  const std::string missing = dir.File("missing.db");
  Outcome none = RunJsms({"--db", missing, "backup", dir.File("a.db")});
  CHECK(none.exit_code() == 1);
  CHECK_FALSE(std::filesystem::exists(missing));
  CHECK_FALSE(std::filesystem::exists(dir.File("a.db")));
  const std::string other = dir.File("other.db");
  ExecSql(other, "CREATE TABLE notes (x)");
  Outcome foreign = RunJsms({"--db", other, "backup", dir.File("b.db")});
  CHECK(foreign.exit_code() == 1);
  CHECK(foreign.err.find("not a jsms-ops database") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.File("b.db")));

  // No temporary file is left behind by any of these.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    INFO(entry.path());
    CHECK(entry.path().string().find(".partial-") == std::string::npos);
  }
}

TEST_CASE("check: reports counts and exits 0 on a sound file and 1 on corruption or broken links or no file",
          "[backup][cli]") {
  TempDir dir;
  const std::string db = SeedOrders(dir, 3000);
  const std::string good = dir.File("good.db");
  REQUIRE(RunJsms({"--db", db, "backup", good}).exit_code() == 0);

  Outcome sound = RunJsms({"--db", good, "check"});
  INFO(sound.out << sound.err);
  CHECK(sound.exit_code() == 0);
  CHECK(sound.out.find("schema version: ") != std::string::npos);
  CHECK(sound.out.find("rows in orders: 3000\n") != std::string::npos);
  CHECK(sound.out.find("rows in resources: 2\n") != std::string::npos);
  CHECK(sound.out.find("rows in staff: 1\n") != std::string::npos);

  // Garbage over three pages in the middle of a copy.
  const std::string bad = dir.File("bad.db");
  CopyFile(good, bad);
  auto size = std::filesystem::file_size(bad);
  REQUIRE(size > 16 * 4096);
  {
    std::fstream file(bad, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    std::string garbage(3 * 4096, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    REQUIRE(file.good());
  }
  Outcome corrupt = RunJsms({"--db", bad, "check"});
  INFO(corrupt.out << corrupt.err);
  CHECK(corrupt.exit_code() == 1);
  CHECK(corrupt.out.find("check: FAILED") != std::string::npos);

  // A link to a resource that does not exist (written with foreign keys off).
  const std::string broken = dir.File("broken.db");
  CopyFile(good, broken);
  ExecSql(broken, "PRAGMA foreign_keys=OFF; INSERT INTO links (orderId, resourceId) VALUES ('D00000001', 'T99999999')");
  Outcome links = RunJsms({"--db", broken, "check"});
  INFO(links.out << links.err);
  CHECK(links.exit_code() == 1);
  CHECK(links.out.find("integrity: ok") != std::string::npos);
  CHECK(links.out.find("foreign keys: FAILED (1 broken reference)") != std::string::npos);

  // No file: a failed check, and no file made.
  const std::string missing = dir.File("missing.db");
  Outcome none = RunJsms({"--db", missing, "check"});
  CHECK(none.exit_code() == 1);
  CHECK_FALSE(std::filesystem::exists(missing));
  // A SQLite file that is not a jsms-ops database.
  const std::string other = dir.File("other.db");
  ExecSql(other, "CREATE TABLE notes (x)");
  Outcome foreign = RunJsms({"--db", other, "check"});
  CHECK(foreign.exit_code() == 1);
  CHECK(foreign.out.find("not a jsms-ops database") != std::string::npos);
}

}  // namespace jsms::test
