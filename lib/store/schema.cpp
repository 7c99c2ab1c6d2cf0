#include "store/schema.h"

#include <SQLiteCpp/Transaction.h>

#include "store/embedded.h"

namespace jsms::store {

Status EnsureSchema(Connection& c, const std::string& path) {
  int version = c.db().execAndGet("PRAGMA user_version").getInt();
  if (version > kSchemaVersion) {
    return Status(Code::kInternal, "database " + path + " has schema version " + std::to_string(version) +
                                       ", newer than this jsms-ops (" + std::to_string(kSchemaVersion) +
                                       "); use a newer jsms-ops");
  }
  if (version < kSchemaVersion) {
    SQLite::Transaction transaction(c.db(), SQLite::TransactionBehavior::IMMEDIATE);
    c.db().exec(SchemaSql());
    transaction.commit();
  }
  return Status::Ok();
}

}  // namespace jsms::store
