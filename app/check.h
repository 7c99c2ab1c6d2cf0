// `jsms-ops --db FILE check`: integrity, foreign keys, schema version and row counts of the
// database, as a report on stdout (store/maintenance.h). Safe while a server writes to it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace jsms {

CLI::App* SetupCheck(CLI::App& app);

// Prints the report; exit status 0 when all is well, 1 otherwise.
int RunCheck(const std::string& db_path);

}  // namespace jsms
