// The staff routes: who the people named by orders, resources and progress are.
#include "http/context.h"
#include "http/router.h"

namespace jsms {

namespace {

ApiReply StaffList(const RequestContext& context) {
  std::vector<Staff> staff;
  Status listed = context.store->staff().List(&staff);
  return listed.ok() ? Json(EncodeStaff(staff)) : ErrorReply(listed);
}

}  // namespace

std::vector<Route> StaffRoutes() {
  return {
      {kGet, "/staff", Permission::kSignedIn, StaffList},
  };
}

}  // namespace jsms
