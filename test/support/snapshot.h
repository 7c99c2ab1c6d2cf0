// "Nothing changed": an image of everything a database holds, to compare before and after a
// refused action.
#pragma once

#include <string>

namespace jsms::test::support {

// The schema version and every row of every table of the database at `db_path` (read on a connection of its own, so it
// may be taken while a server runs), as text: equal images mean equal contents.
std::string DbImage(const std::string& db_path);

}  // namespace jsms::test::support
