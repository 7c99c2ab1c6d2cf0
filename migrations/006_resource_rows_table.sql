-- jsms-ops schema version 6: the resource page's encoded rows move out of `resources` into a table
-- of their own, stored in resourceId order (issue 15).
--
-- `resources` is a WITHOUT ROWID table: its b-tree keeps whole rows in its inner pages too, and
-- with the encoded row beside every column (~1.3 KB a row) an 8 KiB page held six: a b-tree six
-- levels deep whose 2,300 inner pages no cache within the memory budget holds, so a page of the
-- unfiltered list read nine file pages. `resource_rows` is an ordinary rowid table, whose inner
-- pages hold only rowids (a few dozen of them for 100,000 rows, always cached), and its rowid is
-- the row's `position`: increasing in resourceId order, with room between neighbours (2^32 apart
-- when written here), so a page of the list is a range of adjacent rows. jsms-ops gives a new
-- resource a position between its neighbours', and spaces a few neighbours out again on the
-- rare insert that finds no room (store/resource_rows.cpp).
--
-- state and belongBusiness are copies of the resource's, written with it: the page by state
-- reads its rows from resource_rows_by_state alone, as before from resources_rows_by_state.
-- encodedRow is as in version 4 (NULL until encoded); every resource has exactly one row here.

CREATE TABLE resource_rows (
  position       INTEGER PRIMARY KEY,
  resourceId     TEXT NOT NULL REFERENCES resources(resourceId) ON DELETE CASCADE,
  state          TEXT,
  belongBusiness TEXT,
  encodedRow     TEXT
);

INSERT INTO resource_rows (position, resourceId, state, belongBusiness, encodedRow)
  SELECT (row_number() OVER (ORDER BY resourceId)) * 4294967296, resourceId, state, belongBusiness, encodedRow
  FROM resources ORDER BY resourceId;

CREATE UNIQUE INDEX resource_rows_by_id ON resource_rows(resourceId);
CREATE INDEX resource_rows_by_state ON resource_rows(state, resourceId, belongBusiness, encodedRow);
CREATE INDEX resource_rows_to_encode ON resource_rows(position) WHERE encodedRow IS NULL;

DROP INDEX resources_rows_by_state;
DROP INDEX resources_to_encode;
ALTER TABLE resources DROP COLUMN encodedRow;

PRAGMA user_version = 6;
