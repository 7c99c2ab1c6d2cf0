#include "store/maintenance.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>

#include "store/connection.h"
#include "store/schema.h"

namespace jsms {

using store::kSchemaVersion;

namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr size_t kMaxListed = 20;  // problems listed per check; the rest are counted

bool Exists(const std::string& path, struct stat* info) { return ::stat(path.c_str(), info) == 0; }

std::string Directory(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Makes a rename in `directory` survive a power loss.
void SyncDirectory(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Removes a temporary copy (and the journal SQLite may have left beside it) unless released.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (path_.empty()) return;
    ::unlink(path_.c_str());
    ::unlink((path_ + "-journal").c_str());
  }
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

// The tables a database of the current schema version has: the schema applied to an empty
// in-memory database.
std::set<std::string> ExpectedTables() {
  store::Connection memory(":memory:", 0);
  store::EnsureSchema(memory, ":memory:");
  std::set<std::string> tables;
  SQLite::Statement query(memory.db(),
                          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (query.executeStep()) tables.insert(query.getColumn(0).getString());
  return tables;
}

}  // namespace

Status BackupDatabase(const std::string& db_path, const std::string& out_path, bool overwrite,
                      BackupResult* result) {
  struct stat source_info, out_info;
  if (!Exists(db_path, &source_info)) return Status::InvalidParam("no database at " + db_path);
  bool out_exists = Exists(out_path, &out_info);
  if (out_exists && out_info.st_dev == source_info.st_dev && out_info.st_ino == source_info.st_ino) {
    return Status::InvalidParam(out_path + " is the database itself");
  }
  if (out_exists && !overwrite) {
    return Status::InvalidParam(out_path + " already exists (use backup --force to replace it)");
  }

  std::string pattern = out_path + ".partial-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) return Status(Code::kInternal, "cannot create a file beside " + out_path + ": " + std::strerror(errno));
  ::close(fd);
  TemporaryFile temporary(pattern);

  try {
    SQLite::Database source(db_path, SQLite::OPEN_READONLY);
    source.setBusyTimeout(kBusyTimeoutMs);
    int version = source.execAndGet("PRAGMA user_version").getInt();
    bool has_orders =
        source.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'orders'").getInt() == 1;
    if (version < 1 || !has_orders) return Status::InvalidParam(db_path + " is not a jsms-ops database");

    SQLite::Database copy(temporary.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    copy.setBusyTimeout(kBusyTimeoutMs);
    {
      // All pages in one step: one read snapshot of the source, however busy the server is.
      SQLite::Backup backup(copy, source);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
      while (true) {
        int step = backup.executeStep(-1);
        if (step == SQLITE_DONE) break;
        if ((step == SQLITE_BUSY || step == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        return Status(Code::kInternal, "backup of " + db_path + " did not complete: " + sqlite3_errstr(step));
      }
    }
    // The pages carry the source's WAL flag: make the copy one self-contained file.
    copy.exec("PRAGMA journal_mode=DELETE");
    std::string quick = copy.execAndGet("PRAGMA quick_check").getString();
    if (quick != "ok") return Status(Code::kInternal, "the copy failed its check: " + quick);
    result->schema_version = copy.execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    return Status(Code::kInternal, "backup of " + db_path + " failed: " + e.what());
  }

  // The copy is complete and closed: put it in place. Without --force, link() refuses an OUT
  // that appeared meanwhile instead of replacing it.
  if (overwrite) {
    if (::rename(temporary.path().c_str(), out_path.c_str()) != 0) {
      return Status(Code::kInternal, "cannot write " + out_path + ": " + std::strerror(errno));
    }
  } else {
    if (::link(temporary.path().c_str(), out_path.c_str()) != 0) {
      if (errno == EEXIST) return Status::InvalidParam(out_path + " already exists (use backup --force to replace it)");
      return Status(Code::kInternal, "cannot write " + out_path + ": " + std::strerror(errno));
    }
    ::unlink(temporary.path().c_str());
  }
  temporary.Release();
  SyncDirectory(Directory(out_path));
  if (Exists(out_path, &out_info)) result->bytes = static_cast<int64_t>(out_info.st_size);
  return Status::Ok();
}

CheckReport CheckDatabase(const std::string& db_path) {
  CheckReport report;
  auto say = [&report](std::string line) { report.lines.push_back(std::move(line)); };
  struct stat info;
  if (!Exists(db_path, &info)) {
    say("database: " + db_path + ": no such file");
    return report;
  }
  say("database: " + db_path + " (" + std::to_string(info.st_size) + " bytes)");
  bool ok = true;
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    db.setBusyTimeout(kBusyTimeoutMs);

    int version = db.execAndGet("PRAGMA user_version").getInt();
    std::string schema = "schema version: " + std::to_string(version);
    if (version < 1) {
      schema += " — not a jsms-ops database";
      ok = false;
    } else if (version > kSchemaVersion) {
      schema += " — newer than this jsms-ops (" + std::to_string(kSchemaVersion) + ")";
      ok = false;
    } else if (version < kSchemaVersion) {
      schema += " (older than this jsms-ops's " + std::to_string(kSchemaVersion) + "; upgraded when it is opened)";
    } else {
      schema += " (current)";
    }
    say(schema);

    std::vector<std::string> problems;
    {
      SQLite::Statement integrity(db, "PRAGMA integrity_check");
      while (integrity.executeStep()) problems.push_back(integrity.getColumn(0).getString());
    }
    if (problems.size() == 1 && problems[0] == "ok") {
      say("integrity: ok");
    } else {
      ok = false;
      say("integrity: FAILED (" + std::to_string(problems.size()) + " problems)");
      for (size_t i = 0; i < problems.size() && i < kMaxListed; ++i) say("  " + problems[i]);
    }

    size_t violations = 0;
    {
      SQLite::Statement foreign_keys(db, "PRAGMA foreign_key_check");
      while (foreign_keys.executeStep()) {
        if (violations++ < kMaxListed) {
          // WITHOUT ROWID tables (links, orders, …) give no rowid.
          std::string row =
              foreign_keys.getColumn(1).isNull() ? "a row" : "row " + foreign_keys.getColumn(1).getString();
          say("  " + row + " of " + foreign_keys.getColumn(0).getString() + " refers to a missing row of " +
              foreign_keys.getColumn(2).getString());
        }
      }
    }
    if (violations == 0) {
      say("foreign keys: ok");
    } else {
      ok = false;
      say("foreign keys: FAILED (" + std::to_string(violations) +
          (violations == 1 ? " broken reference)" : " broken references)"));
    }

    std::vector<std::string> tables;
    {
      SQLite::Statement names(db,
                              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                              "ORDER BY name");
      while (names.executeStep()) tables.push_back(names.getColumn(0).getString());
    }
    if (version == kSchemaVersion) {
      std::set<std::string> present(tables.begin(), tables.end());
      for (const std::string& expected : ExpectedTables()) {
        if (!present.count(expected)) {
          ok = false;
          say("table " + expected + ": MISSING");
        }
      }
    }
    for (const std::string& table : tables) {
      // Names come from sqlite_master; quoted as identifiers all the same.
      std::string quoted = "\"";
      for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += "\"";
      int64_t rows = db.execAndGet("SELECT count(*) FROM " + quoted).getInt64();
      say("rows in " + table + ": " + std::to_string(rows));
    }
  } catch (const SQLite::Exception& e) {
    ok = false;
    say(std::string("cannot read the database: ") + e.what());
  }
  report.ok = ok;
  say(ok ? "check: ok" : "check: FAILED");
  return report;
}

}  // namespace jsms
