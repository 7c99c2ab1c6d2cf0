// The schema of a jsms-ops database and its version (internal to lib/store).
#pragma once

#include <string>

#include "domain/status.h"
#include "store/connection.h"

namespace jsms::store {

// The schema version this build writes and reads (PRAGMA user_version).
constexpr int kSchemaVersion = 1;

// Refuses, before anything is written to it, a file at `path` that holds another application's
// database: tables but no jsms-ops schema version (kInvalidParam naming the file and some of its
// tables). Ok for a missing or empty file (it becomes a new database) and for a file with a
// schema version (EnsureSchema judges the version). Opens the file without creating it and only
// reads. Throws SQLite::Exception when it is not a database.
Status CheckNotForeign(const std::string& path);

// Brings the database behind `c` to kSchemaVersion: a new file gets schema.sql (embedded). A file
// from a newer jsms-ops is refused (kInternal with a message naming the problem). Throws
// SQLite::Exception on a database error.
Status EnsureSchema(Connection& c, const std::string& path);

}  // namespace jsms::store
