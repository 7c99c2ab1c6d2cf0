// `jsms-ops --db FILE seed [FIXTURE…]`: load fixture files (or the built-in demo set) in one
// transaction, all or nothing.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace jsms {

struct SeedOptions {
  std::vector<std::string> files;  // none: the demo set built into the binary
};

CLI::App* SetupSeed(CLI::App& app, SeedOptions& options);

int RunSeed(const std::string& db_path, const SeedOptions& options);

}  // namespace jsms
