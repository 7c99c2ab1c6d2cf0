// `jsms-ops --db FILE backup [--force] OUT`: a consistent copy of the database, safe while a
// server writes to it (store/maintenance.h). Refuses an existing OUT without --force.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace jsms {

struct BackupOptions {
  std::string out;
  bool force = false;
};

CLI::App* SetupBackup(CLI::App& app, BackupOptions& options);

// Prints "backed up FILE to OUT (N bytes, schema version V)" on stdout; exit status 0, or 1 with
// the reason on stderr.
int RunBackup(const std::string& db_path, const BackupOptions& options);

}  // namespace jsms
