#include "support/snapshot.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <algorithm>

namespace jsms::test::support {

namespace {

SQLite::Database Open(const std::string& db_path, int flags) {
  SQLite::Database db(db_path, flags);
  db.setBusyTimeout(5000);
  return db;
}

// Each table's rows, sorted, under a line naming the table and its row count.
std::string TablesImage(SQLite::Database& db, const std::vector<std::string>& tables) {
  std::string image;
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

}  // namespace

std::string DbImage(const std::string& db_path) {
  SQLite::Database db = Open(db_path, SQLite::OPEN_READONLY);
  std::vector<std::string> tables;
  SQLite::Statement listed(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (listed.executeStep()) tables.push_back(listed.getColumn(0).getString());
  return "user_version " + std::to_string(db.execAndGet("PRAGMA user_version").getInt()) + "\n" +
         TablesImage(db, tables);
}

std::string DbImage(const std::string& db_path, const std::vector<std::string>& tables) {
  SQLite::Database db = Open(db_path, SQLite::OPEN_READONLY);
  return TablesImage(db, tables);
}

void ExecSql(const std::string& db_path, const std::string& sql) {
  SQLite::Database db = Open(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  try {
    db.exec(sql);
  } catch (const SQLite::Exception& e) {
    FAIL(sql << ": " << e.what());
  }
}

int64_t SqlInt(const std::string& db_path, const std::string& sql) {
  SQLite::Database db = Open(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, sql);
  INFO(sql);
  REQUIRE(query.executeStep());
  return query.getColumn(0).getInt64();
}

}  // namespace jsms::test::support
