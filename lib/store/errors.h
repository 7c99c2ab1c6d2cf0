// SQLite failures as Statuses (internal to lib/store).
#pragma once

#include <SQLiteCpp/Exception.h>

#include "domain/status.h"

namespace jsms::store {

// Logs `e` under `where` and answers kBusy when the database stayed locked, else kInternal.
Status FromException(const char* where, const SQLite::Exception& e);

}  // namespace jsms::store
