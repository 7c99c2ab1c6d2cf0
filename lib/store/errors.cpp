#include "store/errors.h"

#include <sqlite3.h>

#include <string>

#include "util/log.h"

namespace jsms::store {

Status FromException(const char* where, const SQLite::Exception& e) {
  int code = e.getErrorCode();
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    LogError(where, std::string("database busy: ") + e.what());
    return Status::Busy();
  }
  LogError(where, e.what());
  return Status::Internal();
}

}  // namespace jsms::store
