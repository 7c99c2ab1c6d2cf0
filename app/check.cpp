#include "check.h"

#include <iostream>

#include "store/maintenance.h"

namespace jsms {

CLI::App* SetupCheck(CLI::App& app) {
  return app.add_subcommand("check", "Check the database: integrity, foreign keys, schema version, row counts");
}

int RunCheck(const std::string& db_path) {
  CheckReport report = CheckDatabase(db_path);
  for (const std::string& line : report.lines) std::cout << line << "\n";
  return report.ok ? 0 : 1;
}

}  // namespace jsms
