// Noticing commits by any connection to the database file, in this process or another (internal to
// lib/store).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace jsms::store {

// A version of the file's data that changes whenever any connection commits: the server's own
// write queue, a `jsms-ops seed` or `staff` command, a sqlite3 shell.
//
// Built on SQLite's PRAGMA data_version: on a connection that never writes, its value changes
// whenever another connection has committed since the connection's previous read. That value is
// the connection's own, so watchers (one per concurrent caller, like the pool's connections) each
// compare it with what they saw last, and the first to see a change bumps one shared counter: a
// commit at time t is seen by every read that starts after t, and bumps the counter after t, so
// a version read before t differs from any read after it. (Extra bumps only cost a cache miss.)
// One read is a read transaction on a watcher: in WAL mode a look at the shared-memory index and
// two file-lock calls, about 1.6 µs alone, but under load the file locks of many threads contend
// and SQLite's retries sleep: a look on every request cut the cached order detail to a third of its
// throughput. So at most one look runs per kLookInterval; a Read in between answers the version as
// last seen (a commit of another process is then seen within that interval; after a commit of
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

  std::unique_ptr<Watcher> Acquire();  // throws SQLite::Exception when a new one cannot be opened
  void Return(std::unique_ptr<Watcher> watcher);

  static constexpr int64_t kLookIntervalMicros = 1000;

  const std::string path_;
  const int busy_timeout_ms_;
  std::atomic<uint64_t> changes_{0};
  std::atomic<int64_t> last_look_micros_{INT64_MIN / 2};  // steady clock
  std::mutex mutex_;  // guards idle_ only: the pragmas run outside it
  std::vector<std::unique_ptr<Watcher>> idle_;
};

}  // namespace jsms::store
