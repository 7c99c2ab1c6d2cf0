// Loading fixtures (spec §5) into the database (internal to lib/store; Store::Load is the door).
#pragma once

#include "domain/status.h"
#include "fixtures/fixture_set.h"
#include "store/database.h"
#include "store/resources.h"

namespace jsms::store {

// Upserts every record of `fixtures` by id, in one transaction: all or nothing. Each resource's
// encoded row is kept with it (store/resource_rows.h). A link or demand
// naming a missing order or resource gives kInvalidParam naming its origin.
Status LoadFixtures(Database& db, const FixtureSet& fixtures, const ResourceRowEncoder& encode);

}  // namespace jsms::store
