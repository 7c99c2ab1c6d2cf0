// `jsms-ops --db FILE seed [FIXTURE…]`: load fixture files (or the built-in demo set) in one
// transaction, all or nothing. `seed --orders N --resources M` loads the synthetic data set of
// lib/domain/synthetic.h instead (no fixture files).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jsms {

struct SeedOptions {
  std::vector<std::string> files;  // none: the demo set built into the binary
  // When either is given: the synthetic data set (a missing count is 0) instead of any fixture.
  std::optional<int64_t> orders;
  std::optional<int64_t> resources;
};

CLI::App* SetupSeed(CLI::App& app, SeedOptions& options);

int RunSeed(const std::string& db_path, const SeedOptions& options);

}  // namespace jsms
