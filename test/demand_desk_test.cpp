// The demand desk over HTTP (issue 5): the demand list, an order's demand, and the two answers
// to 发起需求 (已供应, 无资源) — procurement's side. Every state is read back through the API; every
// refusal is checked to change nothing.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.h"
#include "support/desk_fixture.h"

namespace jsms::test {

using namespace support;
namespace {

using namespace desk;
using Strings = std::vector<std::string>;

const Strings kDemandKeys = {"demandId",         "orderId",         "industryType",  "smsType",    "expectNumber",
                             "minimumGuarantee", "channelType",     "directConnect", "extendSize", "rate",
                             "signType",         "contentTemplate", "salePrice",     "onlineDate", "state",
                             "stateName",        "remark",          "operatorId",    "createTime", "updateTime"};

rapidjson::Document DemandList(TestServer& server, const std::string& body) {
  return Page(PostForm(server, "/order/resource/demand/list", body));
}

// After an answer to X0: the demand in `state`, the order D5 back in 待配单 showing it, both with
// the answer's remark and operator and changed at the same moment. Returns that moment.
std::string CheckAnswered(TestServer& server, const std::string& state, const std::string& state_name,
                          const std::string& remark, int64_t operator_id) {
  rapidjson::Document demand = DemandOf(server, D5);
  CHECK(Str(demand, "demandId") == X0);
  CHECK(Str(demand, "state") == state);
  CHECK(Str(demand, "stateName") == state_name);
  CHECK(Str(demand, "remark") == remark);
  CHECK(Str(demand, "operatorId") == std::to_string(operator_id));
  CHECK(Str(demand, "createTime") == "2017-06-25 10:30:00");
  rapidjson::Document order = OrderDoc(server, D5);
  CHECK(order["state"].GetInt() == 0);
  CHECK(Str(order, "stateName") == "待配单");
  CHECK(Str(order, "demandState") == state);
  CHECK(Str(order, "demandStateName") == state_name);
  CHECK(Str(order, "remark") == remark);
  CHECK(order["operatorId"].GetInt64() == operator_id);
  CHECK(Str(demand, "updateTime") == Str(order, "updateTime"));
  return Str(order, "updateTime");
}

// Answered once: no second answer, of either kind.
void CheckNoSecondAnswer(TestServer& server) {
  const std::string before = DbImage(server.db_path());
  CheckRefusal(PostForm(server, "/order/resource/demand/hasres/save", "demandId=" + X0 + "&resourceIds=" + T1), 200,
               "STATE_CONFLICT", {X0});
  CheckRefusal(PostForm(server, "/order/resource/demand/nores", "demandId=" + X0), 200, "STATE_CONFLICT", {X0});
  CHECK(DbImage(server.db_path()) == before);
}

}  // namespace

TEST_CASE("demand desk: /order/resource/demand/list pages demands newest first with filters", "[demand-desk]") {
  TestServer server(Fixture());
  rapidjson::Document all = DemandList(server, "");
  CheckPageHead(all, 1, 30, 2, 1, "{}");
  REQUIRE(all["data"].Size() == 2);
  for (const auto& row : all["data"].GetArray()) CHECK(Keys(row) == kDemandKeys);
  CHECK(Dump(all["data"][0]) == DemandRowJson(X0, D5, "0", "寻资源", "2017-06-25 10:30:00"));
  CHECK(Dump(all["data"][1]) == DemandRowJson(X1, D2, "2", "无资源", "2017-06-22 06:00:00"));

  rapidjson::Document open = DemandList(server, "state=0");
  CheckPageHead(open, 1, 30, 1, 1, R"({"state":0})");
  CHECK(Column(open, "demandId") == Strings{X0});
  CHECK(Column(DemandList(server, "state=2"), "demandId") == Strings{X1});
  CHECK(DemandList(server, "state=1")["data"].Empty());

  rapidjson::Document of_order = DemandList(server, "orderId=" + D2);
  CheckPageHead(of_order, 1, 30, 1, 1, R"({"orderId":")" + D2 + R"("})");
  CHECK(Column(of_order, "demandId") == Strings{X1});
  rapidjson::Document both =
      Page(PostJson(server, "/order/resource/demand/list", R"({"orderId":")" + D5 + R"(","state":0})"));
  CheckPageHead(both, 1, 30, 1, 1, R"({"orderId":")" + D5 + R"(","state":0})");
  CHECK(DemandList(server, "orderId=" + D5 + "&state=2")["data"].Empty());
  CHECK(DemandList(server, "orderId=D999920170621")["totalRecord"].GetInt64() == 0);

  rapidjson::Document second = DemandList(server, "rows=1&page=2");
  CheckPageHead(second, 2, 1, 2, 2, "{}");
  CHECK(Column(second, "demandId") == Strings{X1});
  rapidjson::Document past = DemandList(server, "rows=1&page=3");
  CheckPageHead(past, 3, 1, 2, 2, "{}");
  CHECK(past["data"].Empty());
  CHECK(Dump(Page(Get(server, "/order/resource/demand/list?rows=1&page=2"))) == Dump(second));

  CheckRefusal(PostForm(server, "/order/resource/demand/list", "state=-1"), 400, "INVALID_PARAM", {"state"});
  CheckRefusal(PostForm(server, "/order/resource/demand/list", "state=abc"), 400, "INVALID_PARAM", {"state"});
  CheckRefusal(PostForm(server, "/order/resource/demand/list", "rows=0"), 400, "INVALID_PARAM", {"rows"});
}

TEST_CASE("demand desk: GET /order/resource/demand/byorder/{orderId} returns the order's current demand",
          "[demand-desk]") {
  TestServer server(Fixture());
  CHECK(SuccessData(Get(server, "/order/resource/demand/byorder/" + D5), "查询成功！") ==
        DemandRowJson(X0, D5, "0", "寻资源", "2017-06-25 10:30:00"));
  CHECK(Str(DemandOf(server, D2), "demandId") == X1);
  CheckRefusal(Get(server, "/order/resource/demand/byorder/" + D1), 200, "DEMAND_NOT_FOUND", {D1});
  CheckRefusal(Get(server, "/order/resource/demand/byorder/D999920170621"), 200, "ORDER_NOT_FOUND", {"订单不存在"});
  CheckRefusal(PostForm(server, "/order/resource/demand/byorder/" + D5, ""), 405, "METHOD_NOT_ALLOWED");
}

TEST_CASE("demand desk: /order/resource/demand/hasres/save supplies a demand and returns its order to 待配单",
          "[demand-desk]") {
  TestServer server(Fixture());
  SECTION("the front end's JSON with resourceIds as a string holding an array") {
    CheckOk(PostJson(
        server, "/order/resource/demand/hasres/save",
        R"({"demandId":")" + X0 + R"(","resourceIds":"[\")" + T1 + R"(\",\")" + T0 + R"(\"]","remark":"找到了"})",
        Operator("150")));
  }
  SECTION("a form with repeated resourceIds") {
    CheckOk(PostForm(server, "/order/resource/demand/hasres/save",
                     "demandId=" + X0 + "&resourceIds=" + T1 + "&resourceIds=" + T0 + "&resourceIds=" + T1 +
                         "&remark=%E6%89%BE%E5%88%B0%E4%BA%86",
                     Operator("150")));
  }
  const std::string answered = CheckAnswered(server, "1", "已供应", "找到了", 150);
  CHECK(Linked(server, D5) == Strings{T0, T1});  // the page sorts by id; the stale T2 link is gone
  rapidjson::Document progress = ProgressDoc(server, D5);
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]) == R"({"orderId":")" + D5 +
                                 R"(","progress":"待配单","action":"hasres","fromState":6,"fromStateName":"寻资源",)"
                                 R"("toState":0,"toStateName":"待配单","resourceIds":[")" +
                                 T1 + R"(",")" + T0 +
                                 R"("],"remark":"找到了","operatorId":150,"operatorName":"陈静","createTime":")" +
                                 answered + R"("})");
  CHECK(Column(DemandList(server, "state=1"), "demandId") == Strings{X0});
  CheckNoSecondAnswer(server);

  // Back on the operator's desk: it can be matched to the supplied resource.
  CheckOk(PostForm(server, "/peidan/pipeichenggong", "orderId=" + D5 + "&resourceIds=" + T1));
  CHECK(OrderState(server, D5) == 5);
}

TEST_CASE("demand desk: /order/resource/demand/nores answers 无资源 and returns the order to 待配单 unlinked",
          "[demand-desk]") {
  TestServer server(Fixture());
  CheckOk(PostForm(server, "/order/resource/demand/nores",
                   "demandId=" + X0 + "&remark=%E6%B2%A1%E6%9C%89%E5%90%88%E9%80%82%E9%80%9A%E9%81%93",
                   Operator("149")));
  const std::string answered = CheckAnswered(server, "2", "无资源", "没有合适通道", 149);
  CHECK(Linked(server, D5).empty());
  rapidjson::Document progress = ProgressDoc(server, D5);
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]) == R"({"orderId":")" + D5 +
                                 R"(","progress":"待配单","action":"nores","fromState":6,"fromStateName":"寻资源",)"
                                 R"("toState":0,"toStateName":"待配单","resourceIds":[],"remark":"没有合适通道",)"
                                 R"("operatorId":149,"operatorName":"abc","createTime":")" +
                                 answered + R"("})");
  CHECK(Column(DemandList(server, "state=2"), "demandId") == Strings{X0, X1});
  CheckNoSecondAnswer(server);
}

TEST_CASE("demand desk: refused answers change nothing", "[demand-desk]") {
  TestServer server(Fixture());
  const std::string before = DbImage(server.db_path());
  const std::string unknown = "X999920170621";
  CheckRefused(
      server, "/order/resource/demand/hasres/save",
      {{"demandId=" + X0 + "&resourceIds=" + T1 + ",T999920170621", 200, "RESOURCE_NOT_FOUND", {"T999920170621"}},
       {"demandId=" + unknown + "&resourceIds=" + T1, 200, "DEMAND_NOT_FOUND", {unknown}},
       {"demandId=" + X1 + "&resourceIds=" + T1, 200, "STATE_CONFLICT", {X1}},
       {"resourceIds=" + T1, 400, "INVALID_PARAM", {"demandId"}},
       {"demandId=" + X0, 400, "INVALID_PARAM", {"resourceIds"}},
       {"demandId=" + X0 + "&resourceIds=,%20,", 400, "INVALID_PARAM", {"resourceIds"}},
       {"demandId=" + X0 + "&resourceIds=" + T1, 400, "INVALID_PARAM", {"X-Operator-Id"}, "abc"}});
  CheckRefused(server, "/order/resource/demand/nores",
               {{"demandId=" + X0 + "&remark=" + std::string(501, 'r'), 400, "INVALID_PARAM", {"remark"}},
                {"demandId=" + X0, 400, "INVALID_PARAM", {"X-Operator-Id"}, "1.5"},
                {"", 400, "INVALID_PARAM", {"demandId"}},
                {"remark=x", 400, "INVALID_PARAM", {"demandId"}},
                {"demandId=" + unknown, 200, "DEMAND_NOT_FOUND", {unknown}},
                {"demandId=" + X1, 200, "STATE_CONFLICT", {X1}}});
  CheckRefusal(Get(server, "/order/resource/demand/hasres/save"), 405, "METHOD_NOT_ALLOWED");
  CHECK(DbImage(server.db_path()) == before);
  CHECK(Str(DemandOf(server, D5), "state") == "0");
  CHECK(OrderState(server, D5) == 6);
  CHECK(Linked(server, D5) == Strings{T2});
  CHECK(ProgressDoc(server, D5).Size() == 0);
}

}  // namespace jsms::test
