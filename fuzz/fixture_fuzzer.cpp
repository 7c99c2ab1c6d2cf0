// libFuzzer target: the fixture loader's parser (lib/json/fixture_parser.h) on arbitrary text.
// Besides crashes and sanitizer reports: a fixture that parses holds only valid ids.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fixtures/fixture_set.h"
#include "domain/records.h"
#include "json/fixture_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jsms;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  FixtureSet set;
  Status status = ParseFixture(text, "fuzz.json", "2024-01-01 00:00:00", &set);
  if (status.ok()) {
    for (const Order& order : set.orders) {
      if (!order.cells[order::kOrderId] || !IsValidId(*order.cells[order::kOrderId])) std::abort();
    }
    for (const Resource& resource : set.resources) {
      if (!resource.cells[resource::kResourceId] || !IsValidId(*resource.cells[resource::kResourceId])) std::abort();
    }
  } else if (status.message().empty()) {
    std::abort();  // a refusal always says what is wrong
  }
  return 0;
}
