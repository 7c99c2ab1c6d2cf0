// Group commit: each write keeps its own outcome whatever else shares its transaction, and a
// failing write never wedges the queue.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>
#include <vector>

#include "store/database.h"
#include "support.h"

namespace jsms::test {
namespace {

int64_t StaffCount(store::Database& db) {
  auto c = db.pool().Acquire();
  return c->db().execAndGet("SELECT count(*) FROM staff").getInt64();
}

TEST_CASE("write queue: concurrent writes keep their own outcome; refused ones leave nothing", "[queue]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, "");  // creates the schema
  store::Database db(dir.File("ops.db"), 5000);
  std::vector<Status> results(16);
  std::vector<std::thread> writers;
  for (int i = 0; i < 16; ++i) {
    writers.emplace_back([&, i] {
      results[i] = db.Write("test", [i](store::Connection& c) {
        c.db().exec("INSERT INTO staff (id, name) VALUES (" + std::to_string(i + 1) + ", 'w')");
        // Odd writers change their mind after writing: their row must not survive.
        return i % 2 ? Status(Code::kStateConflict, "refused") : Status::Ok();
      });
    });
  }
  for (auto& writer : writers) writer.join();
  for (int i = 0; i < 16; ++i) CHECK(results[i].ok() == (i % 2 == 0));
  CHECK(StaffCount(db) == 8);
  auto c = db.pool().Acquire();
  CHECK(c->db().execAndGet("SELECT count(*) FROM staff WHERE id % 2 = 0").getInt64() == 0);
}

TEST_CASE("write queue: a write that throws fails alone and the queue goes on", "[queue]") {
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
  CHECK(StaffCount(db) == 1);
}

}  // namespace
}  // namespace jsms::test
