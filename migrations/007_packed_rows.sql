-- jsms-ops schema version 7: the resource page's rows are kept packed (issue 15): each value of
-- the row after its length, the keys left out (json/encode.cpp, PackingWriter), about 330 bytes
-- a row where the JSON text was 870. A page of 30 rows then spans two or three file pages
-- instead of four or five, and so does the page by state in resource_rows_by_state.
--
-- The rows version 6 kept as JSON text are let go here (NULL, as a row not encoded yet): the
-- file is rebuilt after this step (store/schema.h, Rebuild), and `jsms-ops serve` packs every
-- row again as it starts (ResourceStore::EncodeMissingRows). Until then a page writes such a row
-- from the resource's columns: the same bytes. Nothing but these derived rows changes.

UPDATE resource_rows SET encodedRow = NULL WHERE encodedRow IS NOT NULL;

PRAGMA user_version = 7;
