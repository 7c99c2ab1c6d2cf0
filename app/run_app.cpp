#include "run_app.h"

#include <CLI/CLI.hpp>

#include "backup.h"
#include "check.h"
#include "seed.h"
#include "serve.h"
#include "staff.h"
#include "token.h"

namespace jsms {

int RunApp(int argc, char** argv) {
  CLI::App app{"jsms-ops: the order-matching (配单) back office of an SMS aggregator.\n"
               "Serves the HTTP API by default; `seed` loads demo or fixture data; `staff` and `token`\n"
               "manage accounts; `backup` and `check` copy and check the database file."};
  app.set_version_flag("--version", std::string("jsms-ops ") + JSMS_VERSION);
  std::string db_path = "ops.db";
  app.add_option("--db", db_path, "SQLite database file (created when new)")
      ->envname("JSMS_OPS_DB")->capture_default_str()
      ->check(CLI::Validator([](std::string& path) { return path.empty() ? "the file name is empty" : ""; }, "FILE"));
  ServeOptions serve;
  SetupServe(app, serve);
  // Serving is the default; naming it works too, with its options before or after it.
  app.add_subcommand("serve", "Serve the HTTP API (the default when no command is named)")->fallthrough();
  SeedOptions seed;
  CLI::App* seed_command = SetupSeed(app, seed);
  BackupOptions backup;
  CLI::App* backup_command = SetupBackup(app, backup);
  CLI::App* check_command = SetupCheck(app);
  StaffOptions staff;
  CLI::App* staff_command = SetupStaff(app, staff);
  TokenOptions token;
  CLI::App* token_command = SetupToken(app, token);
  CLI11_PARSE(app, argc, argv);
  if (seed_command->parsed()) return RunSeed(db_path, seed);
  if (backup_command->parsed()) return RunBackup(db_path, backup);
  if (check_command->parsed()) return RunCheck(db_path);
  if (staff_command->parsed()) return RunStaff(db_path, *staff_command, staff);
  if (token_command->parsed()) return RunToken(db_path, *token_command, token);
  return RunServe(db_path, serve);
}

}  // namespace jsms
