// The schema of a jsms-ops database, its version and the migrations between versions (internal to
// lib/store).
#pragma once

#include <string>

#include "domain/status.h"
#include "store/connection.h"

namespace jsms::store {

// The schema version this build writes and reads (PRAGMA user_version): 1 the desks, 2 accounts,
// 3 the history of resources and demands, 4 the resource rows kept encoded, 5 an index of the rows
// not encoded yet, 6 the encoded rows in a table of their own, stored in resourceId order, 7 those
// rows packed (their keys left out).
constexpr int kSchemaVersion = 7;
// The version that packed the resource rows (after 6 moved them into resource_rows): a file from
// before it is rebuilt once after its upgrade (Rebuild).
constexpr int kRowsPackedVersion = 7;

// Refuses, before anything is written to it, a file at `path` that holds another application's
// database: tables but no jsms-ops schema version (kInvalidParam naming the file and some of its
// tables). Ok for a missing or empty file (it becomes a new database) and for a file with a
// schema version (EnsureSchema judges the version). Opens the file without creating it and only
// reads. Throws SQLite::Exception when it is not a database.
Status CheckNotForeign(const std::string& path);

// Rebuilds the file whole with kPageSize pages (store/connection.h), packed: VACUUM, with the
// journal out of WAL mode for its duration (SQLite cannot change the page size of a WAL file, and
// a VACUUM through the WAL would write the file twice), which is atomic: on any failure (another
// process has the file open, the disk is full) the file is as it was, a line goes to the log,
// and it is served as it is. Store::Open calls it, with every other connection of the process
// closed, once for a file with smaller pages (every file before version 4; `retried_later`: a
// later start tries again while they are small) and once for a file just upgraded from before
// version 6, which moved the encoded resource rows out of `resources`: that table's rows
// shrank in place, leaving its 16,000 pages (per 100,000 resources) a fifth full, and the old
// index's pages free (the file grew from 244 to 451 MB; rebuilt, 237 MB); or from before
// kRowsPackedVersion, which let go of every kept row to pack it again at half its size.
void Rebuild(const std::string& path, bool retried_later);

// Brings the database behind `c` to kSchemaVersion, in ONE transaction: a new file (version 0)
// gets schema.sql (version 1) and then every migration; a file at an older version runs each
// migration from its version up, keeping every record. A file from a newer jsms-ops is refused
// (kInternal with a message naming the problem). Throws SQLite::Exception on a database error
// (nothing is changed then). Sets *found_version, when given, to the version the file had.
Status EnsureSchema(Connection& c, const std::string& path, int* found_version = nullptr);

}  // namespace jsms::store
