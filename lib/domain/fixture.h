// A set of records to load into the store in one transaction (spec §5): the parsed form of one or
// more fixture files, or of the synthetic generator. Each link and demand keeps where it came from
// ("demo.json: links[2]") so that a reference to a missing record can be named.
#pragma once

#include <string>
#include <vector>

#include "domain/records.h"

namespace jsms {

struct FixtureLink {
  Link link;
  std::string origin;
};

struct FixtureDemand {
  Demand demand;
  std::string origin;
};

struct FixtureSet {
  std::vector<Staff> staff;
  std::vector<Order> orders;
  std::vector<Resource> resources;
  std::vector<FixtureLink> links;
  std::vector<FixtureDemand> demands;
};

}  // namespace jsms
