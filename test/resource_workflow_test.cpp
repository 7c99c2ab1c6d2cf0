// The life of a resource (lib/domain/resource_workflow.h), over every state and move.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

#include "domain/resource_workflow.h"

using jsms::Cell;
using jsms::ResourceMove;

TEST_CASE("resource moves: 上线 from 待接入 or 待审批 only, 撤销 from any state", "[resource-workflow]") {
  // Written out from the README's resource desk table, not from the code.
  const std::set<std::pair<std::string, ResourceMove>> allowed = {
      {"0", ResourceMove::kOnline}, {"2", ResourceMove::kOnline},
      {"0", ResourceMove::kRepeal}, {"1", ResourceMove::kRepeal}, {"2", ResourceMove::kRepeal},
      {"3", ResourceMove::kRepeal}, {"9", ResourceMove::kRepeal}, {"", ResourceMove::kRepeal},
  };
  for (const char* from : {"0", "1", "2", "3", "9", ""}) {
    for (ResourceMove move : {ResourceMove::kOnline, ResourceMove::kRepeal}) {
      jsms::Status status = jsms::CheckResourceMove("T1", Cell(std::string(from)), move);
      INFO("from '" << from << "' move " << static_cast<int>(move) << ": " << status.message());
      CHECK(status.ok() == (allowed.count({from, move}) == 1));
      if (!status.ok()) CHECK(status.code() == jsms::Code::kStateConflict);
    }
  }
  // A resource with no state can be repealed, not put online.
  CHECK(jsms::CheckResourceMove("T1", std::nullopt, ResourceMove::kRepeal).ok());
  CHECK_FALSE(jsms::CheckResourceMove("T1", std::nullopt, ResourceMove::kOnline).ok());
}

TEST_CASE("resource moves: a refusal names the resource, its state and the state it would reach",
          "[resource-workflow]") {
  CHECK(jsms::CheckResourceMove("T000020170621", std::string("1"), ResourceMove::kOnline).message() ==
        "资源T000020170621当前状态为已接入，不能变更为已接入");
  CHECK(jsms::CheckResourceMove("T1", std::string("3"), ResourceMove::kOnline).message() ==
        "资源T1当前状态为撤销，不能变更为已接入");
  CHECK(jsms::CheckResourceMove("T1", std::string("7"), ResourceMove::kOnline).message() ==
        "资源T1当前状态为状态7，不能变更为已接入");
  CHECK(jsms::CheckResourceMove("T1", std::nullopt, ResourceMove::kOnline).message() ==
        "资源T1当前状态为无状态，不能变更为已接入");
}

TEST_CASE("a new resource starts 已接入 unless it has an online date, and only 已接入 is online",
          "[resource-workflow]") {
  CHECK(std::string(jsms::InitialResourceState(std::nullopt)) == "1");
  CHECK(std::string(jsms::InitialResourceState(std::string("2026-12-01"))) == "0");
  CHECK(jsms::IsResourceOnline(std::string("1")));
  for (Cell other : {Cell(std::string("0")), Cell(std::string("2")), Cell(std::string("3")), Cell()}) {
    CHECK_FALSE(jsms::IsResourceOnline(other));
  }
}
