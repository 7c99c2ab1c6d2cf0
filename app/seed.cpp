#include "seed.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "db_file.h"
#include "util/clock.h"
#include "fixtures/fixture_set.h"
#include "fixtures/synthetic.h"
#include "json/fixture_parser.h"
#include "store/embedded.h"
#include "store/store.h"

namespace jsms {

CLI::App* SetupSeed(CLI::App& app, SeedOptions& options) {
  CLI::App* seed = app.add_subcommand("seed", "Load fixture files (default: the built-in demo data), all or nothing");
  CLI::Option* files = seed->add_option("FIXTURE", options.files, "Fixture JSON files (spec §5)");
  auto count = CLI::Range(int64_t{0}, kMaxSyntheticRecords);
  CLI::Option* orders = seed->add_option("--orders", options.orders,
                                         "Synthetic data: this many orders D00000000… (instead of fixtures)")
                            ->check(count);
  CLI::Option* resources = seed->add_option("--resources", options.resources,
                                            "Synthetic data: this many resources T00000000… (instead of fixtures)")
                               ->check(count);
  orders->excludes(files);
  resources->excludes(files);
  return seed;
}

int RunSeed(const std::string& db_path, const SeedOptions& options) {
  std::string now = NowTimestamp();
  FixtureSet fixtures;
  const bool synthetic = options.orders || options.resources;
  if (synthetic) {
    SyntheticOptions wanted;
    wanted.orders = options.orders.value_or(0);
    wanted.resources = options.resources.value_or(0);
    fixtures = MakeSyntheticFixtures(wanted);
  } else if (options.files.empty()) {
    Status parsed = ParseFixture(DemoFixture(), "demo.json (built in)", now, &fixtures);
    if (!parsed.ok()) {
      std::cerr << "jsms-ops: " << parsed.message() << "\n";
      return 1;
    }
  }
  for (const auto& file : options.files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "jsms-ops: cannot read fixture file " << file << "\n";
      return 1;
    }
    Status parsed = ParseFixture(text.str(), file, now, &fixtures);
    if (!parsed.ok()) {
      std::cerr << "jsms-ops: " << parsed.message() << "\nnothing was loaded\n";
      return 1;
    }
  }
  SayWhenNew(db_path);
  std::unique_ptr<Store> store;
  Status opened = Store::Open(db_path, CommandStoreOptions(), &store);
  if (!opened.ok()) {
    std::cerr << "jsms-ops: " << opened.message() << "\n";
    return 1;
  }
  Status loaded = store->Load(fixtures);
  if (!loaded.ok()) {
    std::cerr << "jsms-ops: " << loaded.message() << "\nnothing was loaded\n";
    return 1;
  }
  std::cout << "seeded " << db_path << ": " << fixtures.staff.size() << " staff, " << fixtures.orders.size()
            << " orders, " << fixtures.resources.size() << " resources, " << fixtures.links.size() << " links, "
            << fixtures.demands.size() << " demands\n";
  // Loads upsert, so the file may hold more than this load brought: say what is there now.
  int64_t orders = 0, resources = 0;
  if (store->CountRecords(&orders, &resources).ok()) {
    std::cout << db_path << " now holds " << orders << " orders and " << resources << " resources\n";
  }
  return 0;
}

}  // namespace jsms
