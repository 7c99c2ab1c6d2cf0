#include "store/staff.h"

#include "store/database.h"
#include "store/sql.h"

namespace jsms {

using namespace store;

namespace {

const Query kListStaff("SELECT id, name FROM staff ORDER BY id");

}  // namespace

Status StaffStore::List(std::vector<Staff>* out) {
  return db_->Read("ListStaff", [&](Connection& c) {
    auto query = c.Prepared(kListStaff);
    out->clear();
    while (query->executeStep()) {
      out->push_back(Staff{query->getColumn(0).getInt64(), query->getColumn(1).getString()});
    }
    return Status::Ok();
  });
}

}  // namespace jsms
