#include "store/embedded.h"

#include "embedded/kAccountsMigrationSql.h"
#include "embedded/kDemoFixture.h"
#include "embedded/kHistoryMigrationSql.h"
#include "embedded/kResourceRowsMigrationSql.h"
#include "embedded/kResourceRowsTableMigrationSql.h"
#include "embedded/kPackedRowsMigrationSql.h"
#include "embedded/kRowsToEncodeMigrationSql.h"
#include "embedded/kSchemaSql.h"

namespace jsms {

const char* SchemaSql() { return kSchemaSql; }
const char* AccountsMigrationSql() { return kAccountsMigrationSql; }
const char* HistoryMigrationSql() { return kHistoryMigrationSql; }
const char* ResourceRowsMigrationSql() { return kResourceRowsMigrationSql; }
const char* RowsToEncodeMigrationSql() { return kRowsToEncodeMigrationSql; }
const char* ResourceRowsTableMigrationSql() { return kResourceRowsTableMigrationSql; }
const char* PackedRowsMigrationSql() { return kPackedRowsMigrationSql; }
const char* DemoFixture() { return kDemoFixture; }

}  // namespace jsms
