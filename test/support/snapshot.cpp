#include "support/snapshot.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <vector>

namespace jsms::test::support {

std::string DbImage(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(5000);
  std::vector<std::string> tables;
  SQLite::Statement listed(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (listed.executeStep()) tables.push_back(listed.getColumn(0).getString());
  std::string image = "user_version " + std::to_string(db.execAndGet("PRAGMA user_version").getInt()) + "\n";
  for (const std::string& table : tables) {
    SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\"");
    std::vector<std::string> lines;
    while (rows.executeStep()) {
      std::string line;
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        SQLite::Column cell = rows.getColumn(i);
        line += (i ? "|" : "") + (cell.isNull() ? std::string("<null>") : cell.getString());
      }
      lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    image += "== " + table + " (" + std::to_string(lines.size()) + " rows)\n";
    for (const auto& line : lines) image += line + "\n";
  }
  return image;
}

}  // namespace jsms::test::support
