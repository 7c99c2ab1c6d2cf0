// The server never shows stale data after another process or connection writes (issue 9 item 2):
// the reply cache and the resource page index follow every commit to the file, not only the
// server's own.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "store/reply_cache.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

std::string Get(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path.c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return res->body;
}

std::string Post(httplib::Client& client, const std::string& path, const std::string& form) {
  auto res = client.Post(path.c_str(), form, kForm);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return res->body;
}

std::string Field(const std::string& body, const char* name) {
  rapidjson::Document doc = ParseJson(body);
  const rapidjson::Value& value = doc["data"][name];
  return value.IsString() ? value.GetString() : value.IsNull() ? "null" : std::to_string(value.GetInt64());
}

int64_t Total(const std::string& page) { return ParseJson(page)["totalRecord"].GetInt64(); }

TEST_CASE("data version: jsms-ops seed from a second process is seen by a serving jsms-ops at once",
          "[data-version][cli]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  const std::string base = dir.File("base.json");
  WriteFile(base, kSeedFixture);
  REQUIRE(RunJsms({"--db", db, "seed", base}).exit_code() == 0);
  auto server = StartJsms({"--db", db, "--port", "0", "--quiet"});
  int port = server->WaitListening();
  REQUIRE(port > 0);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);

  // Each read twice: the second answer comes from the caches (reply cache, page index).
  const std::string detail = "/demandOrder/D000120170621";
  for (int i = 0; i < 2; ++i) {
    CHECK(Field(Get(client, detail), "companyName") == "111");
    CHECK(Field(Get(client, detail), "belongSaleName") == "abc");
    CHECK(Total(Post(client, "/order/resource/query", "")) == 2);
    CHECK(Total(Post(client, "/order/resource/query", "state=1")) == 0);
    CHECK(Total(Post(client, "/order/resource/query", "state=1&rows=1&page=5")) == 0);
  }

  // Another process changes the order, renames its sales member and adds an online resource.
  const std::string change = dir.File("change.json");
  WriteFile(change, std::string(R"({"staff":[{"id":149,"name":"李娜"}],"orders":[{"orderId":"D000120170621",)") +
                        R"("companyName":"新名字","belongSale":149,"state":0}],"resources":[)" +
                        ResourceJson("T000920170621", "1") + "]}");
  Outcome seeded = RunJsms({"--db", db, "seed", change});
  INFO(seeded.err);
  REQUIRE(seeded.exit_code() == 0);

  CHECK(Field(Get(client, detail), "companyName") == "新名字");
  CHECK(Field(Get(client, detail), "belongSaleName") == "李娜");
  CHECK(Total(Post(client, "/order/resource/query", "")) == 3);
  std::string online = Post(client, "/order/resource/query", "state=1");
  CHECK(Total(online) == 1);
  CHECK(online.find("T000920170621") != std::string::npos);

  // And the server's own writes still show, after the other process's.
  CHECK(Post(client, "/peidan/daipipei", "orderId=D000120170621&resourceIds=T000920170621")
            .find("\"success\":true") != std::string::npos);
  CHECK(Field(Get(client, detail), "stateName") == "待匹配");
  CHECK(Total(Post(client, "/order/resource/query", "orderId=D000120170621")) == 1);
}

TEST_CASE("data version: a commit by any other connection invalidates the caches and none keeps them",
          "[data-version]") {
  TestServer server;
  auto client = server.Client();
  const std::string detail = "/demandOrder/D000120170621";
  Get(client, detail);
  uint64_t before = server.store().DataVersion();
  CHECK(server.store().DataVersion() == before);  // no commit, no change: the caches keep serving
  Post(client, "/order/resource/query", "state=0");
  CHECK(server.store().DataVersion() == before);  // reads are not commits

  ExecSql(server.db_path(), "UPDATE orders SET companyName = '外部' WHERE orderId = 'D000120170621';"
                            "UPDATE resources SET state = '1' WHERE resourceId = 'T000120170621'");
  CHECK(server.store().DataVersion() != before);
  CHECK(Field(Get(client, detail), "companyName") == "外部");
  CHECK(Total(Post(client, "/order/resource/query", "state=0")) == 0);
  CHECK(Total(Post(client, "/order/resource/query", "state=1")) == 1);

  // The server's own write moves it too.
  uint64_t after_external = server.store().DataVersion();
  Post(client, "/peidan/huitui", "orderId=D000120170621");
  CHECK(server.store().DataVersion() != after_external);
  CHECK(Field(Get(client, detail), "stateName") == "退单");
}

TEST_CASE("data version: reads from many clients at once never move it, and the cache keeps serving",
          "[data-version]") {
  TestServer server;
  const std::string detail = "/demandOrder/D000120170621";
  std::string expected;
  {
    auto client = server.Client();
    Get(client, detail);  // the watcher's first look, and the reply cached
    expected = Get(client, detail);
  }
  REQUIRE(expected.find("\"orderId\":\"D000120170621\"") != std::string::npos);
  const uint64_t version = server.store().DataVersion();
  const uint64_t misses = server.store().replies().misses();
  // 16 clients, 200 reads each: looks overlap (a thread preempted mid-look); before one watcher
  // served every look, a second watcher's first look counted as a change and dropped the cache.
  std::vector<std::thread> clients;
  std::atomic<int> failed{0};
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&] {
      auto client = server.Client();
      client.set_keep_alive(true);
      for (int n = 0; n < 200; ++n) {
        auto res = client.Get(detail.c_str());
        // Served from the cache, shared with it: the same bytes every time.
        if (!res || res->status != 200 || res->body != expected) ++failed;
      }
    });
  }
  for (auto& client : clients) client.join();
  CHECK(failed == 0);
  CHECK(server.store().DataVersion() == version);
  CHECK(server.store().replies().misses() == misses);
  CHECK(server.store().replies().hits() >= 16 * 200);
}

}  // namespace
}  // namespace jsms::test
