// Backup and check of a jsms-ops database file (operations.md), for `jsms-ops backup` and
// `jsms-ops check`. Both work on a file that a server may be writing to at the same moment, and
// neither goes through a Store (so neither creates, migrates or caches anything). Messages are
// for the operator's terminal and may name paths and SQLite's own words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/status.h"

namespace jsms {

struct BackupResult {
  int64_t bytes = 0;  // size of the copy
  int schema_version = 0;
};

// Writes a consistent copy of the database at `db_path` to `out_path` with SQLite's online backup
// API: all pages in one read snapshot, so a server writing meanwhile is neither blocked nor seen
// half-way, and every write committed before the backup began is in the copy. The copy is made
// in a temporary file beside `out_path`, checked (PRAGMA quick_check), switched to a rollback
// journal (one self-contained file) and renamed over `out_path` only when complete: a failed
// backup leaves no half-written OUT.
//   kInvalidParam: `out_path` exists and !overwrite; `db_path` is missing or not a jsms-ops
//   database (no schema version or no orders table). kInternal: anything else (message says what).
Status BackupDatabase(const std::string& db_path, const std::string& out_path, bool overwrite,
                      BackupResult* result);

struct CheckReport {
  std::vector<std::string> lines;  // what was checked and found, one line each
  bool ok = false;
};

// Checks the database at `db_path` without writing to it: it opens; its schema version is one
// this jsms-ops reads; PRAGMA integrity_check is ok; PRAGMA foreign_key_check finds nothing; at
// the current version, every table of the schema is there; and it counts the rows of each table.
// Never throws: a file that cannot be read is a failed check.
CheckReport CheckDatabase(const std::string& db_path);

}  // namespace jsms
