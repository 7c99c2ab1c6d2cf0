// Each resource's row of the resource page, kept packed in the database (schema versions 4, 6 and
// 7, Resource::encoded_row) in the table resource_rows, stored in resourceId order: written by the
// same transaction that changes the resource, read by the page as bytes (internal to lib/store).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "domain/records.h"
#include "store/connection.h"
#include "store/resources.h"

namespace jsms {
namespace store {

// Sets the resource's row from `cells` (its whole record as now written): its state, its staff
// member, and its encoded row, or NULL without an encoder, so a row never outlives a change. A
// resource without a row yet (a new one) gets one, at a position between its neighbours'.
void KeepEncodedRow(Connection& c, const ResourceRowEncoder& encode, const std::array<Cell, resource::kFieldCount>& cells);

// Positions (resource_rows' rowid) are increasing in resourceId order, with room between them:
// appended rows are kPositionGap past the last, and an inserted row takes the middle of the gap
// between its neighbours. Positions are always >= 1.
constexpr int64_t kPositionGap = int64_t{1} << 32;

// When a gap has no room left (after ~32 inserts into the same one), the rows around it are
// spaced out again: the smallest window of neighbours (widened by doubling) whose span leaves at
// least kMinSpacing between each of them and the new row. Pure arithmetic, for the tests too.
constexpr int64_t kMinSpacing = int64_t{1} << 16;
struct Spacing {
  int64_t first;  // the window's first row's new position
  int64_t step;   // then every step after it, the new row's slot included
};
// `low` and `high`: the positions just outside the window (low 0 when the window starts at the
// first row; high nullopt when it ends at the last). `slots`: the window's rows plus the new one.
// Nullopt when the window is too tight (widen it).
std::optional<Spacing> SpaceOut(int64_t low, std::optional<int64_t> high, int64_t slots);

}  // namespace store
}  // namespace jsms
