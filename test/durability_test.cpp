// What the store does when the file under it misbehaves: a WAL that must not grow without bound
// under continuous writes, and a database file deleted or replaced while serving.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

int64_t FileSize(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<int64_t>(info.st_size) : -1;
}

OrderPatch NewOrder() {
  OrderPatch fields;
  fields[order::kCompanyName] = Cell("某某科技有限公司");
  // No belongSale: the store has no staff member to name (Add refuses one that names nobody).
  fields[order::kSmsType] = Cell("验证码");
  fields[order::kChannelType] = Cell("1,3");
  fields[order::kSalePrice] = Cell("统一价:0.05");
  fields[order::kContentTemplate] = Cell(std::string(1500, 'x'));  // about a page of WAL per order
  return fields;
}

// 回退 of the seed's order, straight through the store.
Status HuituiSeedOrder(Store& store) {
  ActionRequest action;
  action.action = Action::kHuitui;
  action.order_id = "D000120170621";
  return store.orders().ApplyAction(action);
}

// `writers` threads adding `each` orders apiece, back to back; returns the largest size the WAL
// file `wal` was seen at meanwhile.
int64_t WriteOrders(Store& store, const std::string& wal, int writers, int each) {
  std::atomic<int64_t> largest{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < each; ++i) {
        std::string id;
        REQUIRE(store.orders().Add(NewOrder(), DeskNote{}, &id).ok());
        int64_t size = FileSize(wal);
        int64_t seen = largest.load();
        while (size > seen && !largest.compare_exchange_weak(seen, size)) {
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return largest.load();
}

TEST_CASE("durability: under continuous writes the WAL is checkpointed whole and truncated past its limit",
          "[durability]") {
  TempDir dir;
  StoreOptions options;
  options.wal_limit_bytes = 256 * 1024;
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(dir.File("ops.db"), options, &store).ok());
  const std::string wal = dir.File("ops.db-wal");

  // 8 writers, 400 orders each: several MB of WAL in all, written back to back.
  const int64_t largest = WriteOrders(*store, wal, 8, 400);
  INFO("largest WAL seen while writing: " << largest << " bytes; database " << FileSize(dir.File("ops.db")));
  // The writes were several MB (without the bound the WAL grew past 100 MB here), yet the WAL
  // stayed within a few MB of its limit (a checkpoint that finds another running tries again at
  // the next commit).
  CHECK(FileSize(dir.File("ops.db")) > 3 * 1024 * 1024);
  CHECK(largest < 16 * 1024 * 1024);
  CHECK(FileSize(wal) <= options.wal_limit_bytes);
  // Every order is there.
  int64_t orders = 0, resources = 0;
  REQUIRE(store->CountRecords(&orders, &resources).ok());
  CHECK(orders == 8 * 400);
}

TEST_CASE("durability: read snapshots kept open between resource pages do not keep the WAL from being truncated",
          "[durability]") {
  TempDir dir;
  OpenSeededStore(dir, kSeedFixture).reset();
  StoreOptions options;
  options.wal_limit_bytes = 256 * 1024;
  options.busy_timeout_ms = 200;  // a checkpoint held up by a reader gives up after this
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(dir.File("ops.db"), options, &store).ok());
  const std::string wal = dir.File("ops.db-wal");

  // Pages read all along: each connection goes back to the pool with its read transaction open
  // (a snapshot for the next page to use), on connections idle or in use whenever the WAL
  // passes its limit.
  std::atomic<bool> writing{true};
  std::atomic<int> pages_failed{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (writing.load()) {
        int64_t total = 0;
        Status status = store->resources().VisitPage(
            ResourceFilter{}, PageRequest{30, 1}, [&](int64_t count) { total = count; },
            [](const Resource&) { return true; });
        if (!status.ok() || total != 2) ++pages_failed;
      }
    });
  }
  const int64_t largest = WriteOrders(*store, wal, 8, 200);
  writing = false;
  for (auto& reader : readers) reader.join();
  INFO("largest WAL seen: " << largest << " bytes");
  CHECK(pages_failed.load() == 0);
  // 1,600 orders of ~1.5 KB wrote several MB of WAL; each time it passed its limit it was
  // truncated, the snapshots kept by the pages notwithstanding.
  CHECK(FileSize(dir.File("ops.db")) > 2 * 1024 * 1024);
  CHECK(largest < 8 * 1024 * 1024);
  CHECK(FileSize(wal) <= options.wal_limit_bytes);
}

TEST_CASE("durability: writes to a database file deleted while serving are refused, not acknowledged",
          "[durability]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  std::string id;
  REQUIRE(store->orders().Add(NewOrder(), DeskNote{}, &id).ok());

  REQUIRE(::unlink(dir.File("ops.db").c_str()) == 0);
  Status refused = store->orders().Add(NewOrder(), DeskNote{}, &id);
  CHECK(refused.code() == Code::kInternal);
  CHECK(HuituiSeedOrder(*store).code() == Code::kInternal);
}

TEST_CASE("durability: writes to a database file replaced while serving are refused", "[durability]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  {
    TempDir other;
    auto replacement = OpenSeededStore(other, kSeedFixture);
    replacement.reset();  // closed, WAL checkpointed into the file
    REQUIRE(std::rename(other.File("ops.db").c_str(), dir.File("ops.db").c_str()) == 0);
  }
  CHECK(HuituiSeedOrder(*store).code() == Code::kInternal);
}

TEST_CASE("durability: over HTTP a write to a vanished file is a 500, never success", "[durability]") {
  TestServer server;
  REQUIRE(::unlink(server.db_path().c_str()) == 0);
  Reply reply = PostForm(server, "/peidan/huitui", "orderId=D000120170621");
  CHECK(reply.status == 500);
  CHECK(reply.body ==
        R"({"success":false,"fail":true,"code":"INTERNAL","data":null,"msg":"服务器内部错误","failure":true})");
}

}  // namespace
}  // namespace jsms::test
