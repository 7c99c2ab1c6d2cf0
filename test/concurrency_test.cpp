// Operators at the same moment: racing actions on one order, many writers on many orders, adds
// taking ids, a database locked by another process; the group commit underneath (store/
// write_queue.h) and the reply cache in front (store/reply_cache.h). Races are lined up by a gate
// inside the server, where the requests really meet — never by sleeping.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "store/reply_cache.h"
#include "support.h"
#include "support/desk_fixture.h"

namespace jsms::test {

using namespace support;
namespace {

const std::vector<std::string> kActions = {"daipipei", "pipeichenggong", "huitui", "faqixuqiu"};
const std::map<std::string, int> kTargetState = {
    {"daipipei", 1}, {"pipeichenggong", 5}, {"huitui", 3}, {"faqixuqiu", 6}};

// The real server with a gate in front of its Api: requests whose path starts with `gated` wait
// until `count` of them have arrived, then go on together; other requests pass.
class GatedServer {
 public:
  GatedServer(const std::string& fixture, int count, std::string gated)
      : gate_(count), server_(fixture, [this, gated](const Api& api, const ApiRequest& request) {
          if (request.path.rfind(gated, 0) == 0) gate_.Arrive();
          return api.Handle(request);
        }) {}
  Gate& gate() { return gate_; }
  TestServer& server() { return server_; }

 private:
  Gate gate_;
  TestServer server_;
};

// Runs `count` requests at once, each on its own thread and client; returns their replies (read on
// this thread, where a failed check may stop the test).
std::vector<Reply> SendAll(TestServer& server, int count,
                           const std::function<httplib::Result(int index, httplib::Client&)>& request) {
  std::vector<std::optional<httplib::Result>> results(static_cast<size_t>(count));
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client = server.Client();
      results[static_cast<size_t>(i)].emplace(request(i, client));
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<Reply> replies;
  for (auto& result : results) replies.emplace_back(*result);
  return replies;
}

}  // namespace

// =============================================================================================
// Racing operators

// Fails when the state check and the change are not one transaction (several winners), or when
// contention surfaces as BUSY instead of waiting for the lock.
TEST_CASE("concurrency: 16 operators racing on one order: exactly one wins, the others get STATE_CONFLICT",
          "[concurrency]") {
  struct Race {
    const char* what;
    int start_state;
    std::vector<std::string> actions;  // operator i sends actions[i % size]
  };
  auto race = GENERATE(values<Race>({
      {"daipipei from 待配单 (not allowed twice)", 0, {"daipipei"}},
      {"the three final actions from 待配单", 0, {"pipeichenggong", "huitui", "faqixuqiu"}},
      {"all four from 待匹配 (from any target no action may follow)", 1, kActions},
  }));
  INFO(race.what);
  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    GatedServer gated(BulkFixture(1, 2, [&](int) { return race.start_state; }), 16, "/peidan/");
    auto replies = SendAll(gated.server(), 16, [&](int i, httplib::Client& client) {
      return client.Post(("/peidan/" + race.actions[static_cast<size_t>(i) % race.actions.size()]).c_str(),
                         Operator(std::to_string(100 + i)),
                         ActionForm(BulkOrderId(0), {BulkResourceId(i % 2)}, "client " + std::to_string(i)), kForm);
    });
    CHECK(gated.gate().arrived() == 16);  // all sixteen met inside the server
    int wins = 0, conflicts = 0;
    for (const Reply& reply : replies) {
      if (reply.body == kOkReply) {
        ++wins;
      } else {
        CheckRefusal(reply, 200, "STATE_CONFLICT");
        ++conflicts;
      }
    }
    CHECK(wins == 1);
    CHECK(conflicts == 15);
    // The winner's change, whole: one entry, the order in its target state, by its operator.
    rapidjson::Document progress = ProgressDoc(gated.server(), BulkOrderId(0));
    REQUIRE(progress.Size() == 1);
    rapidjson::Document order = OrderDoc(gated.server(), BulkOrderId(0));
    CHECK(order["state"].GetInt() == progress[0]["toState"].GetInt());
    CHECK(order["operatorId"].GetInt64() == progress[0]["operatorId"].GetInt64());
    CHECK(kTargetState.at(Str(progress[0], "action")) == progress[0]["toState"].GetInt());
  }
}

// Fails when concurrent writers on different orders collide into BUSY or errors (a connection
// shared between threads).
TEST_CASE("concurrency: 8 clients driving 200 actions on distinct orders all succeed", "[concurrency]") {
  GatedServer gated(BulkFixture(200, 4), 8, "/peidan/");  // the clients' first actions meet at the gate
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int client_index = 0; client_index < 8; ++client_index) {
    threads.emplace_back([&, client_index] {
      auto client = gated.server().Client();
      client.set_keep_alive(true);
      for (int order = client_index * 25; order < client_index * 25 + 25; ++order) {
        auto result =
            client.Post(("/peidan/" + kActions[order % 4]).c_str(), Operator("60"),
                        ActionForm(BulkOrderId(order), {BulkResourceId(order % 4), BulkResourceId((order + 1) % 4)},
                                   "r" + std::to_string(order)),
                        kForm);
        if (!result || result->status != 200 || result->body != kOkReply) {
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(BulkOrderId(order) + ": " +
                             (result ? std::to_string(result->status) + " " + result->body
                                     : "transport error " + httplib::to_string(result.error())));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());
  CHECK(gated.gate().arrived() == 200);
  SQLite::Database db(gated.server().db_path(), SQLite::OPEN_READONLY);
  SQLite::Statement states(db,
                           "SELECT orderId, state, (SELECT count(*) FROM progress p WHERE p.orderId = o.orderId) "
                           "FROM orders o ORDER BY orderId");
  int order = 0;
  while (states.executeStep()) {
    INFO(states.getColumn(0).getString());
    CHECK(states.getColumn(0).getString() == BulkOrderId(order));
    CHECK(states.getColumn(1).getInt() == kTargetState.at(kActions[order % 4]));
    CHECK(states.getColumn(2).getInt() == 1);
    ++order;
  }
  CHECK(order == 200);
}

TEST_CASE("concurrency: adds at the same moment get distinct ids, each for its own order", "[concurrency]") {
  constexpr int kAdds = 8;
  GatedServer gated(desk::Fixture(), kAdds, "/demandOrder/add");
  const std::string day = Today();
  auto replies = SendAll(gated.server(), kAdds, [](int i, httplib::Client& client) {
    return client.Post("/demandOrder/add", Operator(std::to_string(100 + i)),
                       "companyName=C" + std::to_string(i) + "&belongSale=149&smsType=S&channelType=0&salePrice=0.1",
                       kForm);
  });
  CHECK(gated.gate().arrived() == kAdds);
  std::set<std::string> ids;
  std::set<int> sequences;
  for (int i = 0; i < kAdds; ++i) {
    rapidjson::Document data = ParseJson(SuccessData(replies[static_cast<size_t>(i)], "操作成功！"));
    REQUIRE(data.IsString());
    std::string id = data.GetString();
    sequences.insert(CheckNewId(id, 'D', day));
    ids.insert(id);
    CHECK(Str(OrderDoc(gated.server(), id), "companyName") == "C" + std::to_string(i));
  }
  CHECK(ids.size() == kAdds);
  CHECK(sequences == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(Page(PostForm(gated.server(), "/demandOrder/list", "state=0"))["totalRecord"].GetInt64() == kAdds + 1);
}

// Fails when a locked database answers anything but 503 BUSY (a 500, a hang past the client's
// timeout, or a change applied anyway), or when the server does not wait for the busy timeout.
TEST_CASE("concurrency: a write lock held by another process past the busy timeout answers 503 BUSY", "[concurrency]") {
  TestServer server(BulkFixture(2, 2), ServerOptions{}, 300);
  const std::string before = DbImage(server.db_path());
  auto holder = Child::Start({"sqlite3", server.db_path()}, {}, true);
  holder->WriteStdin("BEGIN IMMEDIATE;\nUPDATE staff SET name = name WHERE id = 60;\n");
  auto write_lock_held = [&] {
    try {
      SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE);
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
      return false;
    } catch (const SQLite::Exception&) {
      return true;
    }
  };
  REQUIRE(Eventually(write_lock_held));

  for (const char* action : {"/peidan/daipipei", "/peidan/huitui", "/peidan/faqixuqiu"}) {
    INFO(action);
    auto start = std::chrono::steady_clock::now();
    auto result = PostForm(server, action, ActionForm(BulkOrderId(0), {BulkResourceId(0)}));
    double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CheckRefusal(result, 503, "BUSY");
    CHECK(took >= 0.25);  // it waited for the lock before giving up
    CHECK(took < 5);
  }
  // Readers are not blocked by a writer (WAL).
  CHECK(OrderState(server, BulkOrderId(0)) == 0);
  CHECK(DbImage(server.db_path()) == before);

  holder->WriteStdin("ROLLBACK;\n.quit\n");
  holder->CloseStdin();
  CHECK(holder->Wait(10).has_value());
  CheckOk(PostForm(server, "/peidan/daipipei", ActionForm(BulkOrderId(0), {BulkResourceId(0)})));
}

// =============================================================================================
// Group commit

namespace {

int64_t Count(store::Database& db, const std::string& sql) {
  auto c = db.pool().Acquire();
  return c->db().execAndGet(sql).getInt64();
}

}  // namespace

// Fails when queued writes do not share one transaction (more commits, smaller batches), when a
// refused write's rows survive its batch, or when it takes its batch's good writes down with it.
TEST_CASE("write queue: writes queued behind a running one commit as one batch, each with its own outcome",
          "[concurrency]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, "");  // creates the schema
  store::Database db(dir.File("ops.db"), 5000);
  constexpr int kWriters = 16;
  std::vector<Status> results(kWriters);
  std::promise<void> first_running;
  bool others_queued = false;
  // The first write holds its transaction open until the other fifteen are queued behind it.
  std::thread first([&] {
    results[0] = db.Write("test", [&](store::Connection& c) {
      c.db().exec("INSERT INTO staff (id, name) VALUES (1, 'w')");
      first_running.set_value();
      others_queued = Eventually([&] { return db.writes().queued() == kWriters - 1; });
      return Status::Ok();
    });
  });
  REQUIRE(first_running.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  std::vector<std::thread> writers;
  for (int i = 1; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      results[i] = db.Write("test", [i](store::Connection& c) {
        c.db().exec("INSERT INTO staff (id, name) VALUES (" + std::to_string(i + 1) + ", 'w')");
        // Odd writers change their mind after writing: their row must not survive.
        return i % 2 ? Status(Code::kStateConflict, "refused") : Status::Ok();
      });
    });
  }
  first.join();
  for (auto& writer : writers) writer.join();
  CHECK(others_queued);
  CHECK(db.writes().largest_batch() == kWriters - 1);
  CHECK(db.commits() == 2);  // the first write's batch, then everyone else's
  for (int i = 0; i < kWriters; ++i) CHECK(results[i].ok() == (i % 2 == 0));
  CHECK(Count(db, "SELECT count(*) FROM staff") == kWriters / 2);
  CHECK(Count(db, "SELECT count(*) FROM staff WHERE id % 2 = 0") == 0);
}

TEST_CASE("write queue: a write that throws fails alone and the queue goes on", "[concurrency]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, "");
  store::Database db(dir.File("ops.db"), 5000);
  Status thrown = db.Write("test", [](store::Connection& c) -> Status {
    c.db().exec("INSERT INTO staff (id, name) VALUES (1, 'half')");
    throw std::runtime_error("boom");
  });
  CHECK(thrown.code() == Code::kInternal);
  Status next = db.Write("test", [](store::Connection& c) {
    c.db().exec("INSERT INTO staff (id, name) VALUES (2, 'next')");
    return Status::Ok();
  });
  CHECK(next.ok());
  CHECK(Count(db, "SELECT count(*) FROM staff") == 1);
}

// =============================================================================================
// The reply cache

TEST_CASE("cache: a reply is served only for the data version it was read at, within a byte budget", "[concurrency]") {
  ReplyCache versions(1024 * 1024);
  auto shared = [](std::string body) { return std::make_shared<const std::string>(std::move(body)); };
  versions.Remember("detail\nD1", 7, shared("body"));
  auto found = versions.Find("detail\nD1", 7);
  REQUIRE(found);
  CHECK(*found == "body");
  CHECK(versions.Find("detail\nD1", 8) == nullptr);
  CHECK(versions.Find("detail\nD2", 7) == nullptr);
  CHECK(versions.hits() == 1);
  CHECK(versions.misses() == 2);

  // A reply seen stale (the data moved on) is dropped: not served to an older version either.
  versions.Remember("detail\nD3", 7, shared("body"));
  CHECK(versions.Find("detail\nD3", 8) == nullptr);
  CHECK(versions.Find("detail\nD3", 7) == nullptr);

  // When full, the oldest replies make room: 8,000 bytes hold the newest eight of 903 bytes.
  ReplyCache small(8 * 1000);
  std::string body(900, 'x');
  for (int i = 10; i < 100; ++i) small.Remember("k" + std::to_string(i), 1, shared(body));
  std::vector<int> kept;
  for (int i = 10; i < 100; ++i) {
    if (small.Find("k" + std::to_string(i), 1) != nullptr) kept.push_back(i);
  }
  CHECK(kept == std::vector<int>{92, 93, 94, 95, 96, 97, 98, 99});
  // Replacing a reply frees its old bytes: the other seven stay.
  small.Remember("k99", 1, shared(std::string(900, 'z')));
  auto replaced = small.Find("k99", 1);
  REQUIRE(replaced);
  CHECK(*replaced == std::string(900, 'z'));
  CHECK(small.Find("k92", 1) != nullptr);
  // A reply bigger than an eighth of the budget is not kept at all.
  small.Remember("big", 1, shared(std::string(2000, 'y')));
  CHECK(small.Find("big", 1) == nullptr);
  // A reply counts with the room its string holds (a page is written into room reserved for
  // it): five characters in 2,000 bytes are as big as 2,000.
  auto roomy = std::make_shared<std::string>("short");
  roomy->reserve(2000);
  small.Remember("roomy", 1, roomy);
  CHECK(small.Find("roomy", 1) == nullptr);
}

// Fails when a read is not served from the cache the second time, or when a write leaves an
// earlier reply being served.
TEST_CASE("cache: a second identical read is a hit, and after a write the next read is fresh", "[concurrency]") {
  ApiHarness harness(R"({"staff":[{"id":149,"name":"abc"}],"orders":[{"orderId":"D1","belongSale":149,"state":0}],)"
                     R"("resources":[)" +
                     ResourceJson("T1", "1") + "]}");
  const ReplyCache& cache = harness.store().replies();
  for (const std::string target : {"/demandOrder/D1", "/order/resource/query?orderId=D1"}) {
    INFO(target);
    std::string first = harness.Get(target).body;
    uint64_t hits = cache.hits(), misses = cache.misses();
    CHECK(harness.Get(target).body == first);
    CHECK(cache.hits() == hits + 1);
    CHECK(cache.misses() == misses);
  }
  CHECK(Str(ParseJson(SuccessData(harness.Get("/demandOrder/D1"), "查询成功！")), "stateName") == "待配单");
  CHECK(Page(harness.Get("/order/resource/query?orderId=D1"))["totalRecord"].GetInt64() == 0);

  CheckOk(harness.Post("/peidan/daipipei", "orderId=D1&resourceIds=T1"));

  uint64_t hits = cache.hits(), misses = cache.misses();
  CHECK(Str(ParseJson(SuccessData(harness.Get("/demandOrder/D1"), "查询成功！")), "stateName") == "待匹配");
  CHECK(Page(harness.Get("/order/resource/query?orderId=D1"))["totalRecord"].GetInt64() == 1);
  CHECK(cache.hits() == hits);
  CHECK(cache.misses() == misses + 2);
  harness.Get("/demandOrder/D1");
  CHECK(cache.hits() == hits + 1);  // and the fresh reply is the one kept
}

}  // namespace jsms::test
