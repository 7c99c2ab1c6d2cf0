#include "domain/resource_workflow.h"

#include "domain/names.h"

namespace jsms {

namespace {

std::string StateLabel(const Cell& state) {
  Cell name = names::ResourceState(state);
  return name ? *name : (state ? "状态" + *state : std::string("无状态"));
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ",";
    out += id;
  }
  return out;
}

}  // namespace

Status CheckResourcesExist(const std::vector<std::string>& resource_ids, const ResourceLookup& lookup) {
  std::vector<std::string> missing;
  for (const auto& id : resource_ids) {
    if (!lookup(id)) missing.push_back(id);
  }
  if (missing.empty()) return Status::Ok();
  return Status(Code::kResourceNotFound, "资源不存在：" + JoinIds(missing));
}

Status CheckResourcesOnline(const std::vector<std::string>& resource_ids, const ResourceLookup& lookup) {
  // One lookup per id (each is a query): missing ones are named first, then those not online.
  std::vector<std::string> missing, not_ready;
  for (const auto& id : resource_ids) {
    std::optional<Cell> state = lookup(id);
    if (!state) {
      missing.push_back(id);
    } else if (!IsResourceOnline(*state)) {
      not_ready.push_back(id);
    }
  }
  if (!missing.empty()) return Status(Code::kResourceNotFound, "资源不存在：" + JoinIds(missing));
  if (not_ready.empty()) return Status::Ok();
  return Status(Code::kResourceNotReady, "资源未接入（状态不是已接入）：" + JoinIds(not_ready));
}

bool IsResourceOnline(const Cell& state) { return state == kResourceOnline; }

const char* InitialResourceState(const Cell& online_date) {
  return online_date ? kResourceWaiting : kResourceOnline;
}

const char* ResourceMoveTarget(ResourceMove move) {
  return move == ResourceMove::kOnline ? kResourceOnline : kResourceRepealed;
}

Status CheckResourceMove(const std::string& resource_id, const Cell& from, ResourceMove move) {
  bool allowed = move == ResourceMove::kRepeal || from == kResourceWaiting || from == kResourceApproving;
  if (allowed) return Status::Ok();
  return Status(Code::kStateConflict, "资源" + resource_id + "当前状态为" + StateLabel(from) + "，不能变更为" +
                                          StateLabel(std::string(ResourceMoveTarget(move))));
}

}  // namespace jsms
