-- jsms-ops schema version 5: the resources whose page row is not encoded yet, found without
-- reading the table. jsms-ops looks for them at every start (store/resources.h,
-- EncodeMissingRows); without this index that look read every row: 0.6 s and the whole 2.3 GB
-- file at 1,000,000 resources. It is empty once every row is encoded.

CREATE INDEX resources_to_encode ON resources(resourceId) WHERE encodedRow IS NULL;

PRAGMA user_version = 5;
