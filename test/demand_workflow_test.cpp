// The life of a demand (lib/domain/demand_workflow.h), over every state and answer.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/demand_workflow.h"

using jsms::Cell;
using jsms::DemandAnswer;

TEST_CASE("demand answers: only a demand in 寻资源 is answered, by either answer", "[demand-workflow]") {
  for (const char* state : {"0", "1", "2", "3", "7"}) {
    for (DemandAnswer answer : {DemandAnswer::kSupplied, DemandAnswer::kNoSource}) {
      INFO("state " << state << " answer " << jsms::DemandAnswerWord(answer));
      jsms::Status status = jsms::CheckDemandAnswer("X1", Cell(std::string(state)));
      CHECK(status.ok() == (std::string(state) == "0"));
      if (!status.ok()) {
        CHECK(status.code() == jsms::Code::kStateConflict);
        CHECK(status.message() == "需求X1不在寻资源状态，不能再次答复");
      }
    }
  }
  CHECK_FALSE(jsms::CheckDemandAnswer("X1", std::nullopt).ok());
}

TEST_CASE("demand answers: 已供应 needs at least one resource, 无资源 takes none", "[demand-workflow]") {
  jsms::Status none = jsms::CheckDemandAnswerRequest(DemandAnswer::kSupplied, {});
  CHECK(none.code() == jsms::Code::kInvalidParam);
  CHECK(none.message() == "缺少参数resourceIds（已供应须指定至少一个资源）");
  CHECK(jsms::CheckDemandAnswerRequest(DemandAnswer::kSupplied, {"T1"}).ok());
  CHECK(jsms::CheckDemandAnswerRequest(DemandAnswer::kNoSource, {}).ok());
}

TEST_CASE("demand on 撤单: an open demand becomes 撤单, an answered one keeps its answer", "[demand-workflow]") {
  CHECK(std::string(jsms::DemandStateOnOrderCancelled(std::string("0"))) == "3");
  for (Cell answered : {Cell(std::string("1")), Cell(std::string("2")), Cell(std::string("3")), Cell()}) {
    CHECK(jsms::DemandStateOnOrderCancelled(answered) == nullptr);
  }
}
