// Each resource's row of the resource page, kept encoded in the database (schema version 4,
// Resource::encoded_row): written by the same transaction that changes the resource, read by the
// page as bytes (internal to lib/store).
#pragma once

#include <array>

#include "domain/records.h"
#include "store/connection.h"
#include "store/resources.h"

namespace jsms {
namespace store {

// Sets the resource's encodedRow from `cells` (its whole record as now written), or to NULL
// without an encoder, so a row never outlives a change.
void KeepEncodedRow(Connection& c, const ResourceRowEncoder& encode, const std::array<Cell, resource::kFieldCount>& cells);

}  // namespace store
}  // namespace jsms
