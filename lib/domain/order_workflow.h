// The matching workflow (spec §4): order states, the four seed actions and which moves are legal.
// Pure: no I/O. The store asks CheckAction inside its write transaction, so the answer is made
// against the state as it is at commit time.
#pragma once

#include <string>
#include <vector>

#include "domain/records.h"
#include "domain/resource_workflow.h"
#include "domain/status.h"

namespace jsms {

// Order states (spec §3). 7 and 8 are both 待审核 in the original.
enum OrderState : int {
  kPending = 0,      // 待配单: waiting for an operator
  kMatching = 1,     // 待匹配: candidates chosen, not confirmed
  kApproving = 2,    // 待审批
  kReturned = 3,     // 退单: handed back to sales
  kCancelled = 4,    // 撤单: withdrawn, final
  kMatched = 5,      // 匹配成功: final
  kSeeking = 6,      // 寻资源: a demand is out to procurement
  kReviewing = 7,    // 待审核
  kReviewing2 = 8,   // 待审核
};
constexpr int kOrderStateCount = 9;

// The four actions of the seed. Their pinyin names are the wire contract (the endpoint's last path
// word, also written on progress entries): daipipei 待匹配, pipeichenggong 匹配成功, huitui 回退,
// faqixuqiu 发起需求.
enum class Action { kDaipipei, kPipeichenggong, kHuitui, kFaqixuqiu };

enum class ResourceRule {
  kNone,              // the action takes no resources; the order's links are dropped
  kOptional,          // any number of existing resources; they become the order's links
  kRequiredOnline,    // at least one, each existing and 已接入; they become the order's links
};

struct ActionRule {
  Action action;
  const char* word;   // "daipipei"
  int to_state;
  ResourceRule resources;
  bool raises_demand;  // faqixuqiu writes a new demand in 寻资源
};

const ActionRule& RuleFor(Action action);

// True when the state machine allows an order to move from `from` to `to` by any desk
// (the table of spec §4, including moves made outside the four seed actions).
bool TransitionAllowed(int from, int to);

// Ok when `action` may be taken on an order in `from_state` (the four seed actions move orders out
// of 待配单 and 待匹配 only, and 待匹配 cannot be entered twice). Otherwise kStateConflict whose
// message names the order, its state and the state the action would reach.
Status CheckAction(const std::string& order_id, int from_state, Action action);

// The resource rule of an action, in two parts so the checks answer in the contract's order
// (parameters, then the order, then its state, then the resources):
// - CheckActionRequest, before anything is read: kInvalidParam when pipeichenggong names no
//   resource.
// - CheckActionResources, once the order may take the action: daipipei's resources must exist,
//   pipeichenggong's must exist and be 已接入 (resource_workflow.h); the others take none.
Status CheckActionRequest(Action action, const std::vector<std::string>& resource_ids);
Status CheckActionResources(Action action, const std::vector<std::string>& resource_ids,
                            const ResourceLookup& lookup);

// The order's links after an accepted action: the named resources, or none for an action that
// takes no resources (ids sent to huitui or faqixuqiu are ignored).
std::vector<std::string> LinksAfter(Action action, const std::vector<std::string>& resource_ids);

// The moves of the other desks, each Ok or kStateConflict naming both states:
// 编辑 (sales edits a returned order: 退单 -> 待配单), 撤单 (待配单, 待匹配 or 寻资源 -> 撤单), and
// a demand answered (寻资源 -> 待配单).
Status CheckEdit(const std::string& order_id, int from_state);
Status CheckCancel(const std::string& order_id, int from_state);
Status CheckDemandAnswered(const std::string& order_id, int from_state);

}  // namespace jsms
