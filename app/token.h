// `jsms-ops --db FILE token create|list|revoke`: staff API tokens for scripts
// ("Authorization: Bearer jso_…"). A token acts as its staff member, with their role; it is
// printed once, by `token create`, and only a digest of it is kept.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace jsms {

struct TokenOptions {
  std::string login;  // create: whose token
  std::string label;  // create: what it is for ("ci")
  int64_t id = 0;     // revoke: which token
};

// Adds the `token` command and its subcommands to `app`; returns the `token` command.
CLI::App* SetupToken(CLI::App& app, TokenOptions& options);

// Runs whichever subcommand of `token` was parsed. Returns the exit status.
int RunToken(const std::string& db_path, const CLI::App& token, const TokenOptions& options);

}  // namespace jsms
