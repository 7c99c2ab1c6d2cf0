// Fixtures for tests: a temporary directory, a seeded store, and the fixture documents the tests
// load (built from small record builders, so that each test's data is written once).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace jsms::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The seed document's own order and two resources (and staff 149 "abc"), as a fixture text.
extern const char* const kSeedFixture;

// Parses `fixture_json` (or nothing when empty) and loads it into a new store in `dir`.
std::unique_ptr<Store> OpenSeededStore(const TempDir& dir, const std::string& fixture_json, int busy_timeout_ms = 5000);

// A resource record for a fixture: every field set, with the given id and state.
std::string ResourceJson(const std::string& id, const std::string& state);

// Reads a whole file; "" when it cannot be read.
std::string ReadFile(const std::string& path);

// The helpers below are in their own namespace, so that a test file with helpers of its own by
// the same names (written before these were shared) still compiles; test files that use them
// say `using namespace support;`.
namespace support {

// ---- Record builders ----

// The createTime and updateTime of OrderJson's orders unless given.
inline constexpr const char* kOldTime = "2017-06-28 14:32:05";

// An order record for a fixture: every field set; remark "原备注", operatorId 60.
struct OrderSpec {
  std::string id;
  int state = 0;
  std::string company = "某某科技";
  int sale = 149;
  std::string created = kOldTime;
  std::string updated = kOldTime;
};
std::string OrderJson(const OrderSpec& spec);

// A demand record for a fixture: every field set, created and updated at `created`.
std::string DemandJson(const std::string& id, const std::string& order_id, const std::string& state,
                       const std::string& created);

// A link record.
std::string LinkJson(const std::string& order_id, const std::string& resource_id);

// The items joined by commas, and a text split at its commas (Split("") is one empty item).
std::string Join(const std::vector<std::string>& items);
std::vector<std::string> Split(const std::string& text);

// ---- Fixture documents ----

// The workflow fixture: orders in every interesting state, resources in every state.
// Orders: D0001..D0003 待配单 (D0001 linked to T0000), D0004 匹配成功 (linked to T0002),
// D0005 待匹配 (linked to T0001), D0010..D0017 待配单 for parallel work, "20170001" 待配单 (an id
// that is also a JSON number). Resources: T0000 撤销(3), T0001 待接入(0), T0002 and T0003
// 已接入(1), "20170002" 已接入. Staff 149 abc, 60 张伟, 150 陈静. (All ids end in 20170621.)
const std::string& WorkFixture();

// A bulk fixture: `orders` orders (state from `state_of`, default 0 待配单) and `resources`
// resources, all 已接入, with the ids below; staff 60 and 149.
std::string BulkFixture(int orders, int resources, const std::function<int(int)>& state_of = nullptr);
std::string BulkOrderId(int i);     // D0001… for i = 0…
std::string BulkResourceId(int i);  // T0000… for i = 0…

// ---- Files ----

void WriteFile(const std::string& path, const std::string& text);

// Makes `path` a database whose schema version (user_version) is 99, newer than any build's.
void WriteFutureDatabase(const std::string& path);

}  // namespace support
}  // namespace jsms::test
