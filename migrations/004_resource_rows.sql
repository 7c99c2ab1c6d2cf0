-- jsms-ops schema version 4: every resource keeps its row of the resource page, encoded (issue 15).
-- A page is then an index seek and 30 reads of bytes instead of 30 rows decoded and encoded
-- again. encodedRow is the row's JSON exactly as the page writes it, except that the value of
-- belongBusinessName (the staff member's name, which changes without the resource changing) is
-- one byte 0x01, replaced by the name when the row is sent. jsms-ops writes it in the same
-- transaction as every change to the resource; NULL means "not encoded yet" (every row after this
-- migration, until the server fills them at its start) and is read from the columns instead.

ALTER TABLE resources ADD COLUMN encodedRow TEXT;

-- The page filtered by state reads its rows from this index alone, in resourceId order.
CREATE INDEX resources_rows_by_state ON resources(state, resourceId, belongBusiness, encodedRow);

PRAGMA user_version = 4;
