#include "store/connection.h"

#include <sqlite3.h>

namespace jsms::store {

Connection::Connection(const std::string& path, int busy_timeout_ms, int cache_kib)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
  db_.setBusyTimeout(busy_timeout_ms);
  // WAL lets readers run beside the one writer; with synchronous=NORMAL a committed transaction
  // survives a process crash (not necessarily a power loss): the durability promised in README.
  // A new file gets kPageSize pages (this only takes effect before the file's first write; older
  // files are rebuilt by WidenPages).
  db_.exec("PRAGMA page_size=" + std::to_string(kPageSize));
  db_.exec("PRAGMA journal_mode=WAL");
  // Each write runs in a SAVEPOINT of its batch, and its statements then keep a journal of their
  // own; in a temporary file (SQLite's default) that was an open, a write and an unlink of a file
  // in /var/tmp for most writes. In memory they are a few KB.
  db_.exec("PRAGMA temp_store=MEMORY");
  db_.exec("PRAGMA synchronous=NORMAL");
  db_.exec("PRAGMA foreign_keys=ON");
  // A small page cache each (kReaderCacheKib): the OS caches the file for all of them. (mmap was
  // tried: mapped pages count as resident memory, 400 MiB after streaming a 100,000-resource
  // list.)
  db_.exec("PRAGMA cache_size=-" + std::to_string(cache_kib));
  // Checkpoints run on the store's Checkpointer thread, not inside a write (checkpointer.h).
  db_.exec("PRAGMA wal_autocheckpoint=0");
  // Whenever a checkpoint lets the WAL start over, its file shrinks back to this size.
  db_.exec("PRAGMA journal_size_limit=67108864");
}

bool Connection::FileMoved() {
  int moved = 0;
  return sqlite3_file_control(db_.getHandle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved;
}

ScopedStatement Connection::Prepared(const Query& query) {
  if (query.id() >= statements_.size()) statements_.resize(query.id() + 1);
  std::unique_ptr<SQLite::Statement>& slot = statements_[query.id()];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(db_, query.sql());
  } else {
    slot->clearBindings();
  }
  return ScopedStatement(*slot);
}

namespace {
const Query kBeginRead("BEGIN");
const Query kBeginWrite("BEGIN IMMEDIATE");
const Query kCommit("COMMIT");
const Query kRollback("ROLLBACK");
}  // namespace

ScopedTransaction::ScopedTransaction(Connection& c, Kind kind) : c_(c) {
  c_.Prepared(kind == Kind::kRead ? kBeginRead : kBeginWrite)->exec();
}

ScopedTransaction::~ScopedTransaction() {
  if (!open_) return;
  try {
    c_.Prepared(kRollback)->exec();
  } catch (const SQLite::Exception&) {
    // Nothing left to roll back (SQLite already did, e.g. after SQLITE_FULL).
  }
}

void ScopedTransaction::Commit() {
  c_.Prepared(kCommit)->exec();
  open_ = false;
}

ConnectionPool::ConnectionPool(std::string path, int busy_timeout_ms)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}

ConnectionPool::Lease ConnectionPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  return Lease(this, std::make_unique<Connection>(path_, busy_timeout_ms_));
}

void ConnectionPool::Return(std::unique_ptr<Connection> connection) {
  if (!connection) return;
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace jsms::store
