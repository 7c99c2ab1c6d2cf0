// SQLite connections for the store (internal to lib/store: no domain header includes this).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/query.h"

namespace jsms::store {

// The page size of every jsms-ops file (set by Connection on a new file; WidenPages in
// store/schema.h rebuilds older ones). With 4 KiB pages SQLite keeps at most ~1,000 bytes of a
// WITHOUT ROWID row in its page: the resource rows kept encoded (version 4, ~1.2 KB) overflowed,
// and a page of them read several pages per row.
constexpr int kPageSize = 16384;

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

// One SQLite connection and the statements prepared on it. Not thread-safe: one thread at a time,
// which the pool guarantees.
class Connection {
 public:
  // Opens `path` (creating it) and sets the per-connection pragmas. Throws SQLite::Exception.
  Connection(const std::string& path, int busy_timeout_ms);

  SQLite::Database& db() { return db_; }

  // True when the database file this connection opened was deleted or replaced since (SQLite's
  // SQLITE_FCNTL_HAS_MOVED): writes would go to a file nobody will ever open again.
  bool FileMoved();

  // The statement for `query`, prepared on first use and reset (bindings cleared) on every later
  // one.
  ScopedStatement Prepared(const Query& query);

 private:
  SQLite::Database db_;
  // Declared after db_ so statements are destroyed before their database. Indexed by Query::id().
  std::vector<std::unique_ptr<SQLite::Statement>> statements_;
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

  // Throws SQLite::Exception when a new connection cannot be opened.
  Lease Acquire();

  const std::string& path() const { return path_; }

 private:
  void Return(std::unique_ptr<Connection> connection);

  const std::string path_;
  const int busy_timeout_ms_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace jsms::store
