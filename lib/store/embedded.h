// Files compiled into the binary at build time (cmake/embed.cmake): the schema, its migrations and
// the demo data.
#pragma once

namespace jsms {

// The text of schema.sql: schema version 1, the base every database starts from.
const char* SchemaSql();

// The steps from one schema version to the next (migrations/NNN_*.sql): version 2, accounts;
// version 3, the history of resources and demands; version 4, the resource rows encoded; version
// 5, an index of the rows not encoded yet; version 6, the encoded rows in a table of their own,
// in resourceId order.
const char* AccountsMigrationSql();
const char* HistoryMigrationSql();
const char* ResourceRowsMigrationSql();
const char* RowsToEncodeMigrationSql();
const char* ResourceRowsTableMigrationSql();
const char* PackedRowsMigrationSql();

// The text of fixtures/demo.json, loaded by `jsms-ops seed` when no fixture file is named.
const char* DemoFixture();

}  // namespace jsms
