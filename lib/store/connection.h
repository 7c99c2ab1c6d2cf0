// SQLite connections for the store (internal to lib/store: no domain header includes this).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/query.h"

namespace jsms::store {

// The page size of every jsms-ops file (set by Connection on a new file; Rebuild in
// store/schema.h rebuilds older ones). With SQLite's default 4 KiB pages a WITHOUT ROWID row or
// an index entry keeps at most ~1,000 bytes in its page: the resource rows kept encoded (version
// 4, ~1.3 KB with their columns) overflowed, and 100,000 resources took 580 MB, several page
// reads per row. 8 KiB keeps ~2,000 bytes (244 MB, no overflow); 16 KiB was no smaller and
// wrote twice the bytes to the WAL per changed page (accepted actions/s fell by a third).
constexpr int kPageSize = 8192;

// A prepared statement in use: reset when it goes out of scope, so no half-read statement keeps
// a read snapshot (and its WAL frames) alive between requests.
class ScopedStatement {
 public:
  explicit ScopedStatement(SQLite::Statement& statement) : statement_(statement) {}
  ~ScopedStatement() { statement_.tryReset(); }
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;
  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// A statement stepped through SQLite's C API, for the loops that read every cell of 100,000s of
// rows (the CSV export): SQLiteCpp's getColumn checks the row and the index and copies a
// shared_ptr for every cell, which with the reads of type, text and length was half the
// export's CPU. Prepared once per connection (Connection::Raw); reset by RawScope.
class RawStatement {
 public:
  RawStatement(SQLite::Database& db, const std::string& sql);  // throws SQLite::Exception
  ~RawStatement();
  RawStatement(const RawStatement&) = delete;
  RawStatement& operator=(const RawStatement&) = delete;

  void Bind(const char* name, std::string_view text);  // as TEXT
  void Bind(const char* name, int64_t value);
  bool Step();  // true: a row is ready; throws SQLite::Exception on an error
  void Reset();
  // Column `column` of the current row into `cell` (unset for NULL), reusing its buffer.
  void ReadCellInto(int column, std::optional<std::string>* cell);
  // Column `column` of the current row as SQLite holds it (nullopt for NULL): valid until the
  // next Step or Reset.
  std::optional<std::string_view> Text(int column);
  int64_t Int64(int column);  // 0 for NULL

 private:
  int Index(const char* name);  // throws when the statement has no such parameter

  SQLite::Database& db_;
  sqlite3_stmt* statement_ = nullptr;
};

// A RawStatement in use: reset when it goes out of scope (see ScopedStatement).
class RawScope {
 public:
  explicit RawScope(RawStatement& statement) : statement_(statement) {}
  ~RawScope() { statement_.Reset(); }
  RawScope(const RawScope&) = delete;
  RawScope& operator=(const RawScope&) = delete;
  RawStatement* operator->() { return &statement_; }

 private:
  RawStatement& statement_;
};

// One SQLite connection and the statements prepared on it. Not thread-safe: one thread at a time,
// which the pool guarantees.
class Connection {
 public:
  // Page cache sizes. A reader's pages are few and hot (the b-trees' inner pages): the rows it
  // reads are at random over a file far larger than any cache within the memory budget, so they
  // come from the OS's cache either way, and readers are as many as concurrent requests (16
  // connections of 1 MiB were 13 MiB of resident memory). The one writer (WriteQueue) revisits
  // the same order, link and progress pages batch after batch (with 256 KiB an action cost 8%
  // more CPU than with 1 MiB); being one, it can have more.
  static constexpr int kReaderCacheKib = 256;
  static constexpr int kWriterCacheKib = 4096;

  // Opens `path` (creating it) and sets the per-connection pragmas. Throws SQLite::Exception.
  Connection(const std::string& path, int busy_timeout_ms, int cache_kib = kReaderCacheKib);

  SQLite::Database& db() { return db_; }

  // True when the database file this connection opened was deleted or replaced since (SQLite's
  // SQLITE_FCNTL_HAS_MOVED): writes would go to a file nobody will ever open again.
  bool FileMoved();

  // The statement for `query`, prepared on first use and reset (bindings cleared) on every later
  // one.
  ScopedStatement Prepared(const Query& query);
  // The same for a RawStatement (its own preparation of the query, kept beside the other).
  RawScope Raw(const Query& query);

  // A read transaction left open after a read, for the next read at the same data version to use
  // as it is (Database::ReadAt): its begin and end (the WAL's read lock, the file's size looked
  // up) were a tenth of a resource page's CPU. `generation` is the pool's when it began
  // (ConnectionPool::SnapshotPause).
  struct KeptSnapshot {
    uint64_t version;
    uint64_t generation;
  };
  const std::optional<KeptSnapshot>& kept() const { return kept_; }
  // Keeps the open one if it was begun under `version` and `generation`; otherwise ends it and
  // begins another. Throws SQLite::Exception.
  void UseKeptSnapshot(uint64_t version, uint64_t generation);
  // Ends the kept read transaction, if any. Never throws.
  void EndKeptSnapshot();

 private:
  SQLite::Database db_;
  // Declared after db_ so statements are destroyed before their database. Indexed by Query::id().
  std::vector<std::unique_ptr<SQLite::Statement>> statements_;
  std::vector<std::unique_ptr<RawStatement>> raw_statements_;
  std::optional<KeptSnapshot> kept_;
};

// A transaction on one connection, begun and ended by statements prepared once per connection
// (SQLiteCpp's Transaction parses "BEGIN" and "COMMIT" again every time: a tenth of the CPU of a
// cached page read). Rolled back when it goes out of scope uncommitted, like SQLite::Transaction.
class ScopedTransaction {
 public:
  enum class Kind { kRead, kWrite };  // kRead: BEGIN (a read snapshot); kWrite: BEGIN IMMEDIATE
  ScopedTransaction(Connection& c, Kind kind);
  ~ScopedTransaction();
  ScopedTransaction(const ScopedTransaction&) = delete;
  ScopedTransaction& operator=(const ScopedTransaction&) = delete;
  // Throws SQLite::Exception (the transaction is then rolled back by the destructor).
  void Commit();

 private:
  Connection& c_;
  bool open_ = true;
};

// Hands out connections to the same file, one caller at a time per connection; creates one when
// none is free, so there are never more than the number of concurrent callers (worker threads).
class ConnectionPool {
 public:
  ConnectionPool(std::string path, int busy_timeout_ms);

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_->Return(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() { return connection_.get(); }
    Connection& operator*() { return *connection_; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // A connection with no transaction open (a kept one is ended first). Both throw
  // SQLite::Exception when a new connection cannot be opened.
  Lease Acquire();
  // A connection that may keep a read transaction open (Connection::kept): one kept under
  // `version` when such is idle.
  Lease AcquireKept(uint64_t version);

  // While one lives, no read transaction is kept open: those of idle connections end when it is
  // made, the others' when their connection is returned. A kept snapshot pins the WAL frames it
  // can see: a checkpoint can neither copy past them nor start the WAL over, and one kept under
  // an unchanged version is used again and again (the writers wait for the checkpoint). The
  // checkpoints hold one.
  class SnapshotPause {
   public:
    explicit SnapshotPause(ConnectionPool* pool);
    ~SnapshotPause();
    SnapshotPause(const SnapshotPause&) = delete;
    SnapshotPause& operator=(const SnapshotPause&) = delete;

   private:
    ConnectionPool* pool_;
  };
  // Moved by every SnapshotPause: a snapshot begun under an older one is not kept.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  const std::string& path() const { return path_; }
  int busy_timeout_ms() const { return busy_timeout_ms_; }

 private:
  std::unique_ptr<Connection> TakeIdle(std::optional<uint64_t> version);
  void Return(std::unique_ptr<Connection> connection);

  const std::string path_;
  const int busy_timeout_ms_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pauses_{0};  // SnapshotPauses alive
};

}  // namespace jsms::store
