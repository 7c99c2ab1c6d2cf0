// The schema of a jsms-ops database, its version and the migrations between versions (internal to
// lib/store).
#pragma once

#include <string>

#include "domain/status.h"
#include "store/connection.h"

namespace jsms::store {

// The schema version this build writes and reads (PRAGMA user_version): 1 the desks, 2 accounts,
// 3 the history of resources and demands.
constexpr int kSchemaVersion = 3;

// Brings the database behind `c` to kSchemaVersion, in ONE transaction: a new file (version 0)
// gets schema.sql (version 1) and then every migration; a file at an older version runs each
// migration from its version up, keeping every record. A file from a newer jsms-ops is refused
// (kInternal with a message naming the problem). Throws SQLite::Exception on a database error
// (nothing is changed then).
Status EnsureSchema(Connection& c, const std::string& path);

}  // namespace jsms::store
