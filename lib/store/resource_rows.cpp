#include "store/resource_rows.h"

#include <limits>
#include <string>
#include <utility>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "store/sql.h"

namespace jsms::store {

namespace {

const Query kUpdateRow(
    "UPDATE resource_rows SET state = :state, belongBusiness = :owner, encodedRow = :row WHERE resourceId = :id");
const Query kInsertRow(
    "INSERT INTO resource_rows (position, resourceId, state, belongBusiness, encodedRow)"
    " VALUES (:position, :id, :state, :owner, :row)");
// The neighbours of an id, nearest first, with their positions (LIMIT :n).
const Query kRowsBefore(
    "SELECT resourceId, position FROM resource_rows WHERE resourceId < :id ORDER BY resourceId DESC LIMIT :n");
const Query kRowsAfter("SELECT resourceId, position FROM resource_rows WHERE resourceId > :id ORDER BY resourceId LIMIT :n");
const Query kMoveRow("UPDATE resource_rows SET position = :to WHERE resourceId = :id");

using Neighbour = std::pair<std::string, int64_t>;  // resourceId, position

std::vector<Neighbour> Neighbours(Connection& c, const Query& query, const std::string& id, int64_t n) {
  auto rows = c.Prepared(query);
  rows->bind(":id", id);
  rows->bind(":n", n);
  std::vector<Neighbour> out;
  while (rows->executeStep()) out.emplace_back(rows->getColumn(0).getString(), rows->getColumn(1).getInt64());
  return out;
}

void Move(Connection& c, const std::string& id, int64_t to) {
  auto move = c.Prepared(kMoveRow);
  move->bind(":to", to);
  move->bind(":id", id);
  move->exec();
}

// Spaces out the rows around `id` (which has no row yet) and returns the position left for it.
int64_t MakeRoom(Connection& c, const std::string& id) {
  for (int64_t n = 8;; n *= 2) {
    // n + 1 each way: the (n+1)-th, when there is one, bounds the window without moving.
    std::vector<Neighbour> before = Neighbours(c, kRowsBefore, id, n + 1);
    std::vector<Neighbour> after = Neighbours(c, kRowsAfter, id, n + 1);
    int64_t low = 0;
    std::optional<int64_t> high;
    if (static_cast<int64_t>(before.size()) > n) {
      low = before.back().second;
      before.pop_back();
    }
    if (static_cast<int64_t>(after.size()) > n) {
      high = after.back().second;
      after.pop_back();
    }
    const int64_t slots = static_cast<int64_t>(before.size() + after.size()) + 1;
    std::optional<Spacing> spacing = SpaceOut(low, high, slots);
    if (!spacing) {
      // Every row in the window and still no room: 2^31 resources, far past what a file holds.
      if (low == 0 && !high) throw SQLite::Exception("no position left for resource " + id);
      continue;
    }
    // Out of the way first (positions below 1 are never used), then each to its place, in order.
    std::vector<Neighbour> window(before.rbegin(), before.rend());
    const size_t new_slot = window.size();
    window.insert(window.end(), after.begin(), after.end());
    for (size_t i = 0; i < window.size(); ++i) Move(c, window[i].first, -static_cast<int64_t>(i));
    for (size_t i = 0; i < window.size(); ++i) {
      const int64_t slot = static_cast<int64_t>(i < new_slot ? i : i + 1);
      Move(c, window[i].first, spacing->first + slot * spacing->step);
    }
    return spacing->first + static_cast<int64_t>(new_slot) * spacing->step;
  }
}

// A position for `id`, between its neighbours' (they may be spaced out to make room).
int64_t NewPosition(Connection& c, const std::string& id) {
  std::vector<Neighbour> before = Neighbours(c, kRowsBefore, id, 1);
  std::vector<Neighbour> after = Neighbours(c, kRowsAfter, id, 1);
  const int64_t low = before.empty() ? 0 : before[0].second;
  if (after.empty()) {
    if (low <= std::numeric_limits<int64_t>::max() - kPositionGap) return low + kPositionGap;
  } else if (after[0].second - low >= 2) {
    return low + (after[0].second - low) / 2;
  }
  return MakeRoom(c, id);
}

}  // namespace

std::optional<Spacing> SpaceOut(int64_t low, std::optional<int64_t> high, int64_t slots) {
  if (!high) {
    // Nothing after the window: the slots go kPositionGap apart past `low`, when they fit.
    if ((std::numeric_limits<int64_t>::max() - low) / kPositionGap < slots) return std::nullopt;
    return Spacing{low + kPositionGap, kPositionGap};
  }
  const int64_t step = (*high - low) / (slots + 1);
  if (step < kMinSpacing) return std::nullopt;
  return Spacing{low + step, step};
}

void KeepEncodedRow(Connection& c, const ResourceRowEncoder& encode, const std::array<Cell, resource::kFieldCount>& cells) {
  const std::string& id = *cells[resource::kResourceId];
  std::optional<std::string> row;
  if (encode) {
    Resource resource;
    resource.cells = cells;
    row = encode(resource);
  }
  auto bind = [&](SQLite::Statement& statement) {
    auto text_or_null = [&statement](const char* name, const std::optional<std::string>& value) {
      if (value) {
        statement.bind(name, *value);
      } else {
        statement.bind(name);
      }
    };
    text_or_null(":state", cells[resource::kState]);
    text_or_null(":owner", cells[resource::kBelongBusiness]);
    // The packed row (json/encode.h PackResourceRow) holds length bytes: a BLOB, not text.
    if (row) {
      statement.bind(":row", static_cast<const void*>(row->data()), static_cast<int>(row->size()));
    } else {
      statement.bind(":row");
    }
    statement.bind(":id", id);
  };
  {
    auto update = c.Prepared(kUpdateRow);
    bind(*update);
    if (update->exec() > 0) return;
  }
  const int64_t position = NewPosition(c, id);
  auto insert = c.Prepared(kInsertRow);
  bind(*insert);
  insert->bind(":position", position);
  insert->exec();
}

}  // namespace jsms::store
