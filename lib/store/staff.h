// The staff of the store: the people orders, resources and progress entries name. Thread-safe;
// Status returns, never throws.
#pragma once

#include <vector>

#include "domain/records.h"
#include "domain/status.h"

namespace jsms {

namespace store {
class Database;
}

class StaffStore {
 public:
  explicit StaffStore(store::Database* db) : db_(db) {}

  // Every staff member, by id.
  Status List(std::vector<Staff>* out);

 private:
  store::Database* db_;
};

}  // namespace jsms
