#include "backup.h"

#include <iostream>

#include "store/maintenance.h"

namespace jsms {

CLI::App* SetupBackup(CLI::App& app, BackupOptions& options) {
  CLI::App* backup = app.add_subcommand(
      "backup", "Write a consistent copy of the database to OUT (safe while a server is writing to it)");
  backup->add_option("OUT", options.out, "The copy's file name")->required();
  backup->add_flag("--force", options.force, "Replace OUT when it exists");
  return backup;
}

int RunBackup(const std::string& db_path, const BackupOptions& options) {
  BackupResult result;
  Status done = BackupDatabase(db_path, options.out, options.force, &result);
  if (!done.ok()) {
    std::cerr << "jsms-ops: " << done.message() << "\n";
    return 1;
  }
  std::cout << "backed up " << db_path << " to " << options.out << " (" << result.bytes << " bytes, schema version "
            << result.schema_version << ")\n";
  return 0;
}

}  // namespace jsms
