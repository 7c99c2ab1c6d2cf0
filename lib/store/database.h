// One database file as the store's concept files use it (internal to lib/store): a pool of
// connections for reads and the one write queue for writes.
#pragma once

#include <SQLiteCpp/Exception.h>

#include <cstdint>
#include <functional>
#include <string>

#include "domain/status.h"
#include "store/connection.h"
#include "store/data_version.h"
#include "store/errors.h"
#include "store/write_queue.h"

namespace jsms::store {

// Past this size the WAL is checkpointed whole and truncated (store/write_queue.h).
constexpr int64_t kDefaultWalLimitBytes = 64 * 1024 * 1024;

class Database {
 public:
  Database(std::string path, int busy_timeout_ms, int64_t wal_limit_bytes = kDefaultWalLimitBytes)
      : pool_(path, busy_timeout_ms), writes_(&pool_, wal_limit_bytes), watch_(std::move(path), busy_timeout_ms) {}
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn(Connection&) -> Status` on a leased connection (reads). SQLite errors become kBusy
  // or kInternal, logged under `where`.
  template <typename Fn>
  Status Read(const char* where, Fn&& fn) {
    try {
      auto c = pool_.Acquire();
      return fn(*c);
    } catch (const SQLite::Exception& e) {
      return FromException(where, e);
    }
  }

  // Runs `fn(Connection&) -> Status` on a leased connection in a read transaction of data version
  // `version` (DataVersion(), read before): one left open by an earlier ReadAt of that version if
  // a connection keeps one, else a new one, which is kept when fn returns Ok. For the hot reads
  // whose result is tagged with the version anyway (the resource page).
  template <typename Fn>
  Status ReadAt(const char* where, uint64_t version, Fn&& fn) {
    try {
      auto c = pool_.AcquireKept(version);
      c->UseKeptSnapshot(version, pool_.generation());
      Status status = Status::Ok();
      try {
        status = fn(*c);
      } catch (...) {
        c->EndKeptSnapshot();
        throw;
      }
      if (!status.ok()) c->EndKeptSnapshot();
      return status;
    } catch (const SQLite::Exception& e) {
      return FromException(where, e);
    }
  }

  // Runs `fn(Connection&) -> Status` in a BEGIN IMMEDIATE transaction (shared with other writes
  // queued at the same moment: see WriteQueue), committed only when it returns Ok; anything else
  // (or an exception) rolls all of its changes back.
  template <typename Fn>
  Status Write(const char* where, Fn&& fn) {
    Status status = writes_.Run(where, WriteQueue::Write(std::ref(fn)));
    // Our own commit shows to the watchers like anyone's: the next DataVersion() must look.
    watch_.LookNextTime();
    return status;
  }

  // Changes whenever a write commits through this Database (WriteQueue::commits).
  uint64_t commits() const { return writes_.commits(); }

  // Changes whenever a write commits to the file through any connection, this process's or
  // another's (a CLI command, a sqlite3 shell): the version the caches are kept valid by. Read
  // it BEFORE the query whose result it tags. Our own commits count at once; the watchers see
  // them too, so a write through Write() makes the next call look: the second count happens
  // there, before anything is cached under the new version.
  uint64_t DataVersion() { return writes_.commits() + watch_.Read(); }

  ConnectionPool& pool() { return pool_; }
  WriteQueue& writes() { return writes_; }

 private:
  ConnectionPool pool_;
  WriteQueue writes_;
  DataVersionWatch watch_;
};

}  // namespace jsms::store
