#include "store/connection.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace jsms::store {

namespace {

// SQLite keeps memory statistics (sqlite3_memory_used) by default, behind a process-wide mutex
// taken on every allocation and free: 9% of an action's CPU went to that mutex and its
// bookkeeping, and nothing here reads the statistics. It can only be turned off before SQLite
// initializes, so before the first connection of the process opens: at static initialization.
const bool kSqliteConfigured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();

}  // namespace

Connection::Connection(const std::string& path, int busy_timeout_ms, int cache_kib)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
  (void)kSqliteConfigured;  // referenced, so the configuration above is linked in with this file
  db_.setBusyTimeout(busy_timeout_ms);
  // WAL lets readers run beside the one writer; with synchronous=NORMAL a committed transaction
  // survives a process crash (not necessarily a power loss): the durability promised in README.
  // A new file gets kPageSize pages (this only takes effect before the file's first write; older
  // files are rebuilt by store/schema.h's Rebuild).
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

RawScope Connection::Raw(const Query& query) {
  if (query.id() >= raw_statements_.size()) raw_statements_.resize(query.id() + 1);
  std::unique_ptr<RawStatement>& slot = raw_statements_[query.id()];
  if (!slot) slot = std::make_unique<RawStatement>(db_, query.sql());
  return RawScope(*slot);
}

RawStatement::RawStatement(SQLite::Database& db, const std::string& sql) : db_(db) {
  int code = sqlite3_prepare_v3(db.getHandle(), sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &statement_, nullptr);
  if (code != SQLITE_OK) throw SQLite::Exception(db.getHandle(), code);
}

RawStatement::~RawStatement() { sqlite3_finalize(statement_); }

int RawStatement::Index(const char* name) {
  int index = sqlite3_bind_parameter_index(statement_, name);
  if (index == 0) throw SQLite::Exception(std::string("no parameter ") + name);
  return index;
}

void RawStatement::Bind(const char* name, std::string_view text) {
  int code = sqlite3_bind_text(statement_, Index(name), text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (code != SQLITE_OK) throw SQLite::Exception(db_.getHandle(), code);
}

void RawStatement::Bind(const char* name, int64_t value) {
  int code = sqlite3_bind_int64(statement_, Index(name), value);
  if (code != SQLITE_OK) throw SQLite::Exception(db_.getHandle(), code);
}

bool RawStatement::Step() {
  int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  throw SQLite::Exception(db_.getHandle(), code);
}

void RawStatement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::optional<std::string_view> RawStatement::Text(int column) {
  // sqlite3_column_text answers NULL for a NULL cell (or when out of memory), so the type is asked
  // only then: two calls a cell instead of three, each with its checks (a twentieth of the CSV
  // export's CPU).
  const char* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (text == nullptr) {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    throw SQLite::Exception(db_.getHandle(), SQLITE_NOMEM);
  }
  return std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

int64_t RawStatement::Int64(int column) { return sqlite3_column_int64(statement_, column); }

void RawStatement::ReadCellInto(int column, std::optional<std::string>* cell) {
  std::optional<std::string_view> text = Text(column);
  if (!text) {
    cell->reset();
  } else if (*cell) {
    (*cell)->assign(text->data(), text->size());
  } else {
    cell->emplace(*text);
  }
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

void Connection::UseKeptSnapshot(uint64_t version, uint64_t generation) {
  if (kept_ && kept_->version == version && kept_->generation == generation) return;
  EndKeptSnapshot();
  Prepared(kBeginRead)->exec();
  kept_ = KeptSnapshot{version, generation};
}

void Connection::EndKeptSnapshot() {
  if (!kept_) return;
  kept_.reset();
  try {
    Prepared(kCommit)->exec();
  } catch (const SQLite::Exception&) {
    // A read transaction has nothing to lose; one SQLite ended itself (after an error) is gone.
  }
}

ConnectionPool::ConnectionPool(std::string path, int busy_timeout_ms)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_ptr<Connection> connection = TakeIdle(std::nullopt);
  if (!connection) return Lease(this, std::make_unique<Connection>(path_, busy_timeout_ms_));
  connection->EndKeptSnapshot();
  return Lease(this, std::move(connection));
}

ConnectionPool::Lease ConnectionPool::AcquireKept(uint64_t version) {
  std::unique_ptr<Connection> connection = TakeIdle(version);
  if (!connection) return Lease(this, std::make_unique<Connection>(path_, busy_timeout_ms_));
  return Lease(this, std::move(connection));
}

// An idle connection (one keeping a snapshot of `version` when one does), or null when none is
// idle: a new one is then opened outside the mutex, which every lease takes.
std::unique_ptr<Connection> ConnectionPool::TakeIdle(std::optional<uint64_t> version) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.empty()) return nullptr;
  auto taken = std::prev(idle_.end());
  if (version) {
    auto found = std::find_if(idle_.rbegin(), idle_.rend(), [&version](const std::unique_ptr<Connection>& c) {
      return c->kept() && c->kept()->version == *version;
    });
    if (found != idle_.rend()) taken = std::prev(found.base());
  }
  std::unique_ptr<Connection> connection = std::move(*taken);
  idle_.erase(taken);
  return connection;
}

ConnectionPool::SnapshotPause::SnapshotPause(ConnectionPool* pool) : pool_(pool) {
  std::lock_guard<std::mutex> lock(pool_->mutex_);
  pool_->pauses_.fetch_add(1, std::memory_order_acq_rel);
  pool_->generation_.fetch_add(1, std::memory_order_acq_rel);
  for (auto& connection : pool_->idle_) connection->EndKeptSnapshot();
}

ConnectionPool::SnapshotPause::~SnapshotPause() { pool_->pauses_.fetch_sub(1, std::memory_order_acq_rel); }

void ConnectionPool::Return(std::unique_ptr<Connection> connection) {
  if (!connection) return;
  if (connection->kept() &&
      (connection->kept()->generation != generation() || pauses_.load(std::memory_order_acquire) > 0)) {
    connection->EndKeptSnapshot();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace jsms::store
