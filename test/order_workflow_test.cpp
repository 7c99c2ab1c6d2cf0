// The matching workflow's state machine (spec §4), checked exhaustively over every state and action.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <vector>
#include <string>
#include <utility>

#include "domain/names.h"
#include "domain/order_workflow.h"

using jsms::Action;

namespace {

const Action kAllActions[] = {Action::kDaipipei, Action::kPipeichenggong, Action::kHuitui, Action::kFaqixuqiu};

// Spec §4's table, written out independently of the code under test.
const std::set<std::pair<int, int>> kAllowedMoves = {
    {0, 1}, {0, 5}, {0, 3}, {0, 6}, {0, 4},  // 待配单
    {1, 5}, {1, 3}, {1, 6}, {1, 4},          // 待匹配: not 1 again
    {6, 0}, {6, 4},                          // 寻资源: demand answered, or 撤单
    {3, 0},                                  // 退单: sales resubmits
};

// The target of each seed action (spec §4's action table).
int TargetOf(Action action) {
  switch (action) {
    case Action::kDaipipei: return 1;
    case Action::kPipeichenggong: return 5;
    case Action::kHuitui: return 3;
    case Action::kFaqixuqiu: return 6;
  }
  return -1;
}

}  // namespace

TEST_CASE("TransitionAllowed matches spec §4's table for all 9x9 pairs", "[workflow]") {
  for (int from = 0; from < jsms::kOrderStateCount; ++from) {
    for (int to = 0; to < jsms::kOrderStateCount; ++to) {
      INFO("from " << from << " to " << to);
      CHECK(jsms::TransitionAllowed(from, to) == (kAllowedMoves.count({from, to}) == 1));
    }
  }
  // States outside the table go nowhere.
  CHECK_FALSE(jsms::TransitionAllowed(-1, 0));
  CHECK_FALSE(jsms::TransitionAllowed(9, 0));
  CHECK_FALSE(jsms::TransitionAllowed(0, 9));
}

TEST_CASE("CheckAction: the seed actions move orders out of 0 and 1 only", "[workflow]") {
  for (int from = 0; from < jsms::kOrderStateCount; ++from) {
    for (Action action : kAllActions) {
      int to = TargetOf(action);
      bool expected = (from == 0 || from == 1) && kAllowedMoves.count({from, to}) == 1;
      jsms::Status status = jsms::CheckAction("D000120170621", from, action);
      INFO("from " << from << " action " << jsms::RuleFor(action).word << ": " << status.message());
      CHECK(status.ok() == expected);
      if (!expected) {
        // A refusal is a state conflict whose message names both states (and the order).
        CHECK(status.code() == jsms::Code::kStateConflict);
        CHECK_THAT(status.message(), Catch::Contains(jsms::names::OrderStateLabel(from)));
        CHECK_THAT(status.message(), Catch::Contains(jsms::names::OrderStateLabel(to)));
        CHECK_THAT(status.message(), Catch::Contains("D000120170621"));
      }
    }
  }
}

TEST_CASE("CheckAction: daipipei from 待匹配 is refused, naming 待匹配", "[workflow]") {
  jsms::Status status = jsms::CheckAction("D1", jsms::kMatching, Action::kDaipipei);
  CHECK(status.code() == jsms::Code::kStateConflict);
  CHECK_THAT(status.message(), Catch::Contains("待匹配"));
  // Whereas the other three actions still work from 待匹配.
  CHECK(jsms::CheckAction("D1", jsms::kMatching, Action::kPipeichenggong).ok());
  CHECK(jsms::CheckAction("D1", jsms::kMatching, Action::kHuitui).ok());
  CHECK(jsms::CheckAction("D1", jsms::kMatching, Action::kFaqixuqiu).ok());
}

TEST_CASE("CheckAction: 寻资源 and 退单 may move by other desks but not by the seed actions", "[workflow]") {
  // 6 -> 0 and 3 -> 0 are legal moves, yet none of the four actions may start from 6 or 3.
  for (Action action : kAllActions) {
    INFO(jsms::RuleFor(action).word);
    CHECK(jsms::CheckAction("D1", jsms::kSeeking, action).code() == jsms::Code::kStateConflict);
    CHECK(jsms::CheckAction("D1", jsms::kReturned, action).code() == jsms::Code::kStateConflict);
  }
  // A state outside the table is refused too, not crashed on.
  CHECK(jsms::CheckAction("D1", 42, Action::kHuitui).code() == jsms::Code::kStateConflict);
}

TEST_CASE("the other desks' moves follow the same table", "[workflow]") {
  // 编辑: sales resubmits a returned order (3 -> 0); 撤单: -> 4; a demand answered: 6 -> 0.
  for (int from = 0; from < jsms::kOrderStateCount; ++from) {
    INFO("from " << from);
    jsms::Status edit = jsms::CheckEdit("D1", from);
    CHECK(edit.ok() == (from == jsms::kReturned));
    jsms::Status cancel = jsms::CheckCancel("D1", from);
    CHECK(cancel.ok() == (kAllowedMoves.count({from, 4}) == 1));
    jsms::Status answered = jsms::CheckDemandAnswered("D1", from);
    CHECK(answered.ok() == (from == jsms::kSeeking));
    for (const jsms::Status& status : {edit, cancel, answered}) {
      if (status.ok()) continue;
      CHECK(status.code() == jsms::Code::kStateConflict);
      CHECK_THAT(status.message(), Catch::Contains(jsms::names::OrderStateLabel(from)));
    }
  }
  CHECK_THAT(jsms::CheckCancel("D1", jsms::kMatched).message(), Catch::Contains("撤单"));
  CHECK_THAT(jsms::CheckEdit("D1", jsms::kPending).message(), Catch::Contains("待配单"));
}

TEST_CASE("the resource rule of an action: at least one for 匹配成功, each must exist, 匹配成功's 已接入",
          "[workflow]") {
  // A store of four resources in each state; "T9" does not exist.
  const std::map<std::string, jsms::Cell> states = {
      {"T0", std::string("0")}, {"T1", std::string("1")}, {"T2", std::string("2")}, {"T3", std::string("3")}};
  int lookups = 0;  // each is a query in the store
  auto lookup = [&](const std::string& id) -> std::optional<jsms::Cell> {
    ++lookups;
    auto it = states.find(id);
    if (it == states.end()) return std::nullopt;
    return it->second;
  };
  using V = std::vector<std::string>;

  CHECK(jsms::CheckActionRequest(Action::kPipeichenggong, {}).code() == jsms::Code::kInvalidParam);
  for (Action action : {Action::kDaipipei, Action::kHuitui, Action::kFaqixuqiu}) {
    CHECK(jsms::CheckActionRequest(action, {}).ok());
  }
  CHECK(jsms::CheckActionRequest(Action::kPipeichenggong, V{"T1"}).ok());

  // daipipei: any existing resource, whatever its state.
  CHECK(jsms::CheckActionResources(Action::kDaipipei, V{"T0", "T1", "T2", "T3"}, lookup).ok());
  jsms::Status missing = jsms::CheckActionResources(Action::kDaipipei, V{"T1", "T9", "T8"}, lookup);
  CHECK(missing.code() == jsms::Code::kResourceNotFound);
  CHECK(missing.message() == "资源不存在：T9,T8");

  // pipeichenggong: existence is checked before readiness, and every offender is listed.
  CHECK(jsms::CheckActionResources(Action::kPipeichenggong, V{"T1"}, lookup).ok());
  CHECK(jsms::CheckActionResources(Action::kPipeichenggong, V{"T0", "T9"}, lookup).code() ==
        jsms::Code::kResourceNotFound);
  jsms::Status not_ready = jsms::CheckActionResources(Action::kPipeichenggong, V{"T0", "T1", "T2", "T3"}, lookup);
  CHECK(not_ready.code() == jsms::Code::kResourceNotReady);
  CHECK(not_ready.message() == "资源未接入（状态不是已接入）：T0,T2,T3");
  lookups = 0;
  CHECK(jsms::CheckActionResources(Action::kPipeichenggong, V{"T1", "T0"}, lookup).code() ==
        jsms::Code::kResourceNotReady);
  CHECK(lookups == 2);  // each resource read once

  // huitui and faqixuqiu take no resources: whatever is named is ignored, and no links remain.
  for (Action action : {Action::kHuitui, Action::kFaqixuqiu}) {
    CHECK(jsms::CheckActionResources(action, V{"T9"}, lookup).ok());
    CHECK(jsms::LinksAfter(action, V{"T1"}).empty());
  }
  CHECK(jsms::LinksAfter(Action::kDaipipei, V{"T1", "T0"}) == V{"T1", "T0"});
  CHECK(jsms::LinksAfter(Action::kPipeichenggong, V{"T1"}) == V{"T1"});
}
