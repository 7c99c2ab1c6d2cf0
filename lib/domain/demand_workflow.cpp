#include "domain/demand_workflow.h"

namespace jsms {

const char* DemandAnswerTarget(DemandAnswer answer) {
  return answer == DemandAnswer::kSupplied ? kDemandSupplied : kDemandNoSource;
}

const char* DemandAnswerWord(DemandAnswer answer) { return answer == DemandAnswer::kSupplied ? "hasres" : "nores"; }

Status CheckDemandAnswerRequest(DemandAnswer answer, const std::vector<std::string>& resource_ids) {
  if (answer == DemandAnswer::kSupplied && resource_ids.empty()) {
    return Status::InvalidParam("缺少参数resourceIds（已供应须指定至少一个资源）");
  }
  return Status::Ok();
}

Status CheckDemandAnswer(const std::string& demand_id, const Cell& state) {
  if (state == kDemandSeeking) return Status::Ok();
  return Status(Code::kStateConflict, "需求" + demand_id + "不在寻资源状态，不能再次答复");
}

const char* DemandStateOnOrderCancelled(const Cell& state) {
  return state == kDemandSeeking ? kDemandCancelled : nullptr;
}

}  // namespace jsms
