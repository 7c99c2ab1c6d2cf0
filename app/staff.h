// `jsms-ops --db FILE staff add|passwd|list|disable|enable`: staff accounts (accounts.md).
// Passwords come from stdin's first line when stdin is not a terminal, else from a prompt on the
// terminal (asked twice, not echoed); none is ever printed or logged.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace jsms {

struct StaffOptions {
  std::string login;
  std::string name;
  std::string role;
  std::optional<int64_t> id;  // staff add: give this staff member (say a name from the fixtures) the account
};

// Adds the `staff` command and its subcommands to `app`; returns the `staff` command.
CLI::App* SetupStaff(CLI::App& app, StaffOptions& options);

// Runs whichever subcommand of `staff` was parsed. Returns the exit status: 0, or 1 with a
// message on stderr naming what was wrong.
int RunStaff(const std::string& db_path, const CLI::App& staff, const StaffOptions& options);

}  // namespace jsms
