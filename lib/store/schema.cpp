#include "store/schema.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sys/stat.h>

#include <memory>

#include "store/embedded.h"
#include "util/log.h"

namespace jsms::store {

namespace {

// Each step takes a database from version - 1 to `version` and ends by setting user_version.
// A step is never edited once released: a change to the schema is a new step.
struct Step {
  int version;
  const char* (*sql)();
};

constexpr Step kSteps[] = {
    {1, SchemaSql},
    {2, AccountsMigrationSql},
    {3, HistoryMigrationSql},
    {4, ResourceRowsMigrationSql},
    {5, RowsToEncodeMigrationSql},
    {6, ResourceRowsTableMigrationSql},
};
static_assert(sizeof kSteps / sizeof kSteps[0] == kSchemaVersion, "one step per schema version");

int VersionOf(Connection& c) { return c.db().execAndGet("PRAGMA user_version").getInt(); }

Status TooNew(const std::string& path, int version) {
  return Status(Code::kInternal, "database " + path + " has schema version " + std::to_string(version) +
                                     ", newer than this jsms-ops (" + std::to_string(kSchemaVersion) +
                                     "); use a newer jsms-ops");
}

}  // namespace

Status CheckNotForeign(const std::string& path) {
  struct stat file;
  if (::stat(path.c_str(), &file) != 0 || file.st_size == 0) return Status::Ok();
  // No pragmas: setting WAL mode alone would rewrite the file's header.
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  if (db.execAndGet("PRAGMA user_version").getInt() != 0) return Status::Ok();
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 4");
  std::string names;
  int count = 0;
  while (tables.executeStep()) {
    if (++count > 3) {
      names += ", …";
      break;
    }
    names += (names.empty() ? "" : ", ") + tables.getColumn(0).getString();
  }
  if (count == 0) return Status::Ok();
  return Status::InvalidParam("database " + path + " is not a jsms-ops database: it holds tables (" + names +
                              ") but no jsms-ops schema version. It was left untouched; name a new file or a"
                              " jsms-ops database");
}

namespace {

// Rewrites the file whole (VACUUM) with the journal out of WAL mode for its duration (SQLite cannot
// change the page size of a WAL file, and a VACUUM through the WAL would write the file twice),
// setting `page_size` first. Atomic; a file another process has open is left as it is, and
// `if_in_use` says what becomes of it.
void Rebuild(SQLite::Database& db, const std::string& path, int page_size, const char* if_in_use) {
  // Leaving WAL mode needs the file to itself; with another connection open (a jsms-ops of the
  // previous version serving it, say) SQLite keeps WAL mode.
  if (db.execAndGet("PRAGMA journal_mode=DELETE").getString() != "delete") {
    LogInfo("open", path + " is in use by another process: " + if_in_use);
    return;
  }
  db.exec("PRAGMA page_size=" + std::to_string(page_size));
  db.exec("VACUUM");
  db.exec("PRAGMA journal_mode=WAL");
}

// Opens an existing, non-empty file for Rebuild (nullptr otherwise).
std::unique_ptr<SQLite::Database> OpenToRebuild(const std::string& path) {
  struct stat file;
  if (::stat(path.c_str(), &file) != 0 || file.st_size == 0) return nullptr;
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
  // Not worth waiting for: a file in use by another process is left as it is (see Rebuild).
  db->setBusyTimeout(100);
  return db;
}

}  // namespace

void WidenPages(const std::string& path) {
  try {
    auto db = OpenToRebuild(path);
    if (!db || db->execAndGet("PRAGMA page_size").getInt() >= kPageSize) return;
    LogInfo("open", "rebuilding " + path + " with " + std::to_string(kPageSize / 1024) +
                        " KiB pages (once; a large file takes a while)");
    Rebuild(*db, path, kPageSize, "it keeps its page size until a start that has it alone");
  } catch (const SQLite::Exception& e) {
    LogError("open", std::string("the file keeps its old page size for now: ") + e.what());
  }
}

void Compact(const std::string& path) {
  try {
    auto db = OpenToRebuild(path);
    if (!db) return;
    // Read first: a statement alive during Rebuild (execAndGet's result is one) stops VACUUM.
    const int page_size = db->execAndGet("PRAGMA page_size").getInt();
    LogInfo("open", "compacting " + path + " after its upgrade (once; a large file takes a while)");
    // Not retried by a later start (the file is at the current version by then): said in the log.
    Rebuild(*db, path, page_size,
            "it is not compacted (it works as it is, larger than needed; `sqlite3 FILE VACUUM` with no other"
            " process using it compacts it)");
  } catch (const SQLite::Exception& e) {
    LogError("open", std::string("the file is not compacted (it works as it is, larger than needed): ") + e.what());
  }
}

Status EnsureSchema(Connection& c, const std::string& path, int* found_version) {
  int version = VersionOf(c);
  if (found_version) *found_version = version;
  if (version > kSchemaVersion) return TooNew(path, version);
  if (version == kSchemaVersion) return Status::Ok();
  SQLite::Transaction transaction(c.db(), SQLite::TransactionBehavior::IMMEDIATE);
  // Another process (a CLI command beside the server) may have migrated while we waited.
  version = VersionOf(c);
  if (found_version) *found_version = version;
  if (version > kSchemaVersion) return TooNew(path, version);
  for (const Step& step : kSteps) {
    if (step.version > version) c.db().exec(step.sql());
  }
  transaction.commit();
  return Status::Ok();
}

}  // namespace jsms::store
