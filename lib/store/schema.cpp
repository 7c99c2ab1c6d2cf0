#include "store/schema.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sys/stat.h>

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
    {7, PackedRowsMigrationSql},
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

void Rebuild(const std::string& path, bool retried_later) {
  const std::string left_as_it_is =
      retried_later ? "it keeps its pages until a start that has it alone"
                    : "it is not rebuilt (it works as it is, larger than needed; `sqlite3 FILE VACUUM` with no other"
                      " process using it packs it)";
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    // Not worth waiting for: a file in use by another process is left as it is.
    db.setBusyTimeout(100);
    LogInfo("open", "rebuilding " + path + " with " + std::to_string(kPageSize / 1024) +
                        " KiB pages, packed (once; a large file takes a while)");
    // Leaving WAL mode needs the file to itself; with another connection open (a jsms-ops of the
    // previous version serving it, say) SQLite keeps WAL mode.
    if (db.execAndGet("PRAGMA journal_mode=DELETE").getString() != "delete") {
      LogInfo("open", path + " is in use by another process: " + left_as_it_is);
      return;
    }
    db.exec("PRAGMA page_size=" + std::to_string(kPageSize));
    db.exec("VACUUM");
    db.exec("PRAGMA journal_mode=WAL");
  } catch (const SQLite::Exception& e) {
    LogError("open", e.what() + (": " + left_as_it_is));
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
