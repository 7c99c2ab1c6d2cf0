// The schema of a jsms-ops database and its version (internal to lib/store).
#pragma once

#include <string>

#include "domain/status.h"
#include "store/connection.h"

namespace jsms::store {

// The schema version this build writes and reads (PRAGMA user_version).
constexpr int kSchemaVersion = 1;

// Brings the database behind `c` to kSchemaVersion: a new file gets schema.sql (embedded). A file
// from a newer jsms-ops is refused (kInternal with a message naming the problem). Throws
// SQLite::Exception on a database error.
Status EnsureSchema(Connection& c, const std::string& path);

}  // namespace jsms::store
