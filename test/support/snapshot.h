// The database file through a connection of its own, as another process would see it (so it may
// be used while a server runs): images for "nothing changed", and SQL run beside the server.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jsms::test::support {

// The schema version and every row of every table of the database at `db_path`, as text: equal
// images mean equal contents.
std::string DbImage(const std::string& db_path);

// Every row of `tables` only, as text: equal images mean equal contents of those tables.
std::string DbImage(const std::string& db_path, const std::vector<std::string>& tables);

// Runs `sql` (one statement or several) on the file, making it when there is none, as the
// sqlite3 shell would.
void ExecSql(const std::string& db_path, const std::string& sql);

// The integer a query returns (its first row's first column).
int64_t SqlInt(const std::string& db_path, const std::string& sql);

}  // namespace jsms::test::support
