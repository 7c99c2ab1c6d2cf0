#include "domain/order_workflow.h"

#include "domain/names.h"
#include "domain/resource_workflow.h"

namespace jsms {

namespace {

constexpr ActionRule kRules[] = {
    {Action::kDaipipei, "daipipei", kMatching, ResourceRule::kOptional, false},
    {Action::kPipeichenggong, "pipeichenggong", kMatched, ResourceRule::kRequiredOnline, false},
    {Action::kHuitui, "huitui", kReturned, ResourceRule::kNone, false},
    {Action::kFaqixuqiu, "faqixuqiu", kSeeking, ResourceRule::kNone, true},
};

}  // namespace

const ActionRule& RuleFor(Action action) {
  for (const auto& rule : kRules) {
    if (rule.action == action) return rule;
  }
  return kRules[0];  // unreachable: every Action has a rule
}

bool TransitionAllowed(int from, int to) {
  switch (from) {
    case kPending:
      return to == kMatching || to == kMatched || to == kReturned || to == kSeeking || to == kCancelled;
    case kMatching:
      return to == kMatched || to == kReturned || to == kSeeking || to == kCancelled;
    case kSeeking:
      return to == kPending || to == kCancelled;
    case kReturned:
      return to == kPending;
    default:  // 撤单 and 匹配成功 are final; the audit states move by no desk of this API
      return false;
  }
}

namespace {

Status Conflict(const std::string& order_id, int from_state, int to_state) {
  return Status(Code::kStateConflict, "订单" + order_id + "当前状态为" + names::OrderStateLabel(from_state) +
                                          "，不能变更为" + names::OrderStateLabel(to_state));
}

}  // namespace

Status CheckAction(const std::string& order_id, int from_state, Action action) {
  const ActionRule& rule = RuleFor(action);
  bool from_seed_desk = from_state == kPending || from_state == kMatching;
  if (from_seed_desk && TransitionAllowed(from_state, rule.to_state)) return Status::Ok();
  return Conflict(order_id, from_state, rule.to_state);
}

Status CheckEdit(const std::string& order_id, int from_state) {
  return from_state == kReturned ? Status::Ok() : Conflict(order_id, from_state, kPending);
}

Status CheckCancel(const std::string& order_id, int from_state) {
  return TransitionAllowed(from_state, kCancelled) ? Status::Ok() : Conflict(order_id, from_state, kCancelled);
}

Status CheckDemandAnswered(const std::string& order_id, int from_state) {
  return from_state == kSeeking ? Status::Ok() : Conflict(order_id, from_state, kPending);
}

Status CheckActionRequest(Action action, const std::vector<std::string>& resource_ids) {
  if (RuleFor(action).resources == ResourceRule::kRequiredOnline && resource_ids.empty()) {
    return Status::InvalidParam("缺少参数resourceIds（匹配成功须指定至少一个资源）");
  }
  return Status::Ok();
}

Status CheckActionResources(Action action, const std::vector<std::string>& resource_ids,
                            const ResourceLookup& lookup) {
  switch (RuleFor(action).resources) {
    case ResourceRule::kNone: return Status::Ok();
    case ResourceRule::kOptional: return CheckResourcesExist(resource_ids, lookup);
    case ResourceRule::kRequiredOnline: return CheckResourcesOnline(resource_ids, lookup);
  }
  return Status::Ok();
}

std::vector<std::string> LinksAfter(Action action, const std::vector<std::string>& resource_ids) {
  if (RuleFor(action).resources == ResourceRule::kNone) return {};
  return resource_ids;
}

}  // namespace jsms
