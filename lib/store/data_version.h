// Noticing commits by any connection to the database file, in this process or another (internal to
// lib/store).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace jsms::store {

// A version of the file's data that changes whenever any connection commits: the server's own
// write queue, a `jsms-ops seed` or `staff` command, a sqlite3 shell.
//
// Built on SQLite's PRAGMA data_version: on a connection that never writes, its value changes
// whenever another connection has committed since the connection's previous read. That value is
// the connection's own, so ONE watcher connection compares it with what it saw last, and bumps a
// shared counter when it changed: a commit at time t is seen by every look that starts after t,
// and bumps the counter after t, so a version read before t differs from any read after it.
// Looks are one at a time on that one connection: a second watcher could not know what changed
// before its first look and would have to count that look as a change (every cached reply
// dropped). One look is a read transaction: in WAL mode a look at the shared-memory index and two
// file-lock calls, about 1.6 µs alone, but under load the file locks of many threads contend and
// SQLite's retries sleep: a look on every request cut the cached order detail to a third of its
// throughput. So at most one look starts per kLookInterval; a Read in between answers the version
// as last seen (a commit of another process is then seen within that interval; after a commit of
// this process the next Read looks: LookNextTime). Thread-safe.
class DataVersionWatch {
 public:
  DataVersionWatch(std::string path, int busy_timeout_ms);
  DataVersionWatch(const DataVersionWatch&) = delete;
  DataVersionWatch& operator=(const DataVersionWatch&) = delete;
  ~DataVersionWatch();

  // The current version. Non-decreasing. When SQLite cannot be read (logged), a new value each
  // time, so nothing cached under an earlier one is served.
  uint64_t Read();

  // Makes the next Read look, whatever the interval: called after this process commits.
  void LookNextTime() { last_look_micros_.store(INT64_MIN / 2, std::memory_order_relaxed); }

 private:
  struct Watcher;

  static constexpr int64_t kLookIntervalMicros = 1000;

  const std::string path_;
  const int busy_timeout_ms_;
  std::atomic<uint64_t> changes_{0};
  std::atomic<int64_t> last_look_micros_{INT64_MIN / 2};  // steady clock
  std::mutex look_mutex_;             // held for a whole look
  std::unique_ptr<Watcher> watcher_;  // opened by the first look
};

}  // namespace jsms::store
