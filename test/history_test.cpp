// History beyond orders (issue 9): a resource's add, edit, 上线 and 撤销 and a demand's answer are
// recorded with who, when and what changed; GET /order/resource/{id}/history and GET /activity
// read them back.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.h"
#include "util/clock.h"

namespace jsms::test {

using namespace support;
namespace {

// The seed's order, plus D2 in 寻资源 with an open demand X1.
std::string Fixture() {
  return R"({"staff":[{"id":60,"name":"张伟"},{"id":62,"name":"王芳"}],"orders":[)" + OrderJson({"D2", 6, "乙", 60}) +
         R"(],"resources":[)" + ResourceJson("T1", "1") + R"(],"demands":[)" + DemandJson("X1", "D2", "0", kOldTime) +
         "]}";
}

TEST_CASE("history: a resource's add, edit, 上线 and 撤销, oldest first, with who and what changed", "[history]") {
  TestServer server(Fixture());
  const std::string id = AddRecord(server, "/order/resource/add/save", 'T',
                                   "channelType=1&smsType=验证码&purchasePrice=统一价:0.02&supplier=某通信"
                                   "&onlineDate=2026-12-31",
                                   Operator("62"));
  CheckOk(PostForm(server, "/order/resource/edit/save",
                   "resourceId=" + id + "&purchasePrice=统一价:0.025&supplier=某通信", Operator("60")));
  CheckOk(PostForm(server, "/order/resource/online", "resourceId=" + id, Operator("60")));
  CheckOk(PostForm(server, "/order/resource/repeal", "resourceId=" + id, Operator("62")));

  rapidjson::Document entries =
      ParseJson(SuccessData(Get(server, "/order/resource/" + id + "/history"), "查询成功！"));
  REQUIRE(entries.Size() == 4);
  const std::string today = NowTimestamp().substr(0, 10);
  for (const auto& entry : entries.GetArray()) {
    CHECK(Str(entry, "resourceId") == id);
    CHECK(Str(entry, "createTime").substr(0, 10) == today);
  }
  // What each entry says, without its time.
  auto without_time = [](const rapidjson::Value& entry) {
    std::string text = Dump(entry);
    size_t at = text.find(",\"createTime\"");
    return text.substr(0, at) + "}";
  };
  CHECK(without_time(entries[0]) ==
        "{\"resourceId\":\"" + id +
            R"(","action":"add","actionName":"新建资源","fromState":null,"fromStateName":null,"toState":"0",)"
            R"("toStateName":"待接入","changes":[{"field":"channelType","from":null,"to":"1"},)"
            R"({"field":"smsType","from":null,"to":"验证码"},{"field":"purchasePrice","from":null,"to":"统一价:0.02"},)"
            R"({"field":"supplier","from":null,"to":"某通信"},{"field":"onlineDate","from":null,"to":"2026-12-31"}],)"
            R"("remark":"","operatorId":62,"operatorName":"王芳"})");
  // The edit sent supplier unchanged: only the price changed.
  CHECK(without_time(entries[1]) ==
        "{\"resourceId\":\"" + id +
            R"(","action":"edit","actionName":"编辑资源","fromState":"0","fromStateName":"待接入","toState":"0",)"
            R"("toStateName":"待接入","changes":[{"field":"purchasePrice","from":"统一价:0.02","to":"统一价:0.025"}],)"
            R"("remark":"","operatorId":60,"operatorName":"张伟"})");
  CHECK(without_time(entries[2]) ==
        "{\"resourceId\":\"" + id +
            R"(","action":"online","actionName":"上线","fromState":"0","fromStateName":"待接入","toState":"1",)"
            R"("toStateName":"已接入","changes":[],"remark":"","operatorId":60,"operatorName":"张伟"})");
  CHECK(without_time(entries[3]) ==
        "{\"resourceId\":\"" + id +
            R"(","action":"repeal","actionName":"撤销","fromState":"1","fromStateName":"已接入","toState":"3",)"
            R"("toStateName":"撤销","changes":[],"remark":"","operatorId":62,"operatorName":"王芳"})");
}

TEST_CASE("history: a refused change records nothing and an unknown resource is RESOURCE_NOT_FOUND", "[history]") {
  TestServer server(Fixture());
  // T1 is 已接入: 上线 again is refused.
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=T1", Operator("60")), 200, "STATE_CONFLICT");
  CHECK(Reply(Get(server, "/order/resource/T1/history")).body ==
        R"({"success":true,"fail":false,"code":null,"data":[],"msg":"查询成功！","failure":false})");
  CheckRefusal(Get(server, "/order/resource/T404/history"), 200, "RESOURCE_NOT_FOUND");
}

TEST_CASE("history: /activity shows every desk newest first and narrows by kind, operator and date", "[history]") {
  TestServer server(Fixture());
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=T1", Operator("60")), 200, "STATE_CONFLICT");
  CheckOk(PostForm(server, "/order/resource/repeal", "resourceId=T1", Operator("60")));
  CheckOk(PostForm(server, "/order/resource/demand/hasres/save", "demandId=X1&resourceIds=T1&remark=找到了", Operator("62")));

  rapidjson::Document doc = Page(Get(server, "/activity"));
  CHECK(doc["totalRecord"].GetInt() == 3);
  std::vector<std::string> lines;
  for (const auto& row : doc["data"].GetArray()) {
    lines.push_back(Str(row, "kind") + " " + Str(row, "subjectId") + " " + Str(row, "action") + " " +
                    Str(row, "actionName") + " " + std::to_string(row["operatorId"].GetInt64()));
  }
  // Newest first; the demand's answer and the order it moved are one write, the demand last.
  CHECK(lines == std::vector<std::string>{"demand X1 hasres 已供应 62", "order D2 hasres 已供应 62",
                                          "resource T1 repeal 撤销 60"});
  const auto& order_line = doc["data"][1];
  CHECK(Str(order_line, "fromStateName") == "寻资源");
  CHECK(Str(order_line, "toStateName") == "待配单");
  CHECK(Str(order_line, "remark") == "找到了");
  CHECK(Str(order_line, "operatorName") == "王芳");

  rapidjson::Document only = Page(Get(server, "/activity?kind=resource"));
  CHECK(only["totalRecord"].GetInt() == 1);
  CHECK(Dump(only["params"]) == R"({"kind":"resource"})");
  CHECK(Page(PostForm(server, "/activity", "operatorId=62"))["totalRecord"].GetInt() == 2);
  const std::string today = NowTimestamp().substr(0, 10);
  CHECK(Page(Get(server, "/activity?dateFrom=" + today + "&dateTo=" + today))["totalRecord"].GetInt() == 3);
  CHECK(Page(Get(server, "/activity?dateTo=2017-06-30"))["totalRecord"].GetInt() == 0);
  rapidjson::Document second = Page(Get(server, "/activity?rows=1&page=2"));
  REQUIRE(second["data"].Size() == 1);
  CHECK(Str(second["data"][0], "kind") == "order");

  for (const std::string bad : {"kind=staff", "operatorId=0", "dateFrom=2026-13-01", "rows=0"}) {
    INFO(bad);
    CheckRefusal(Get(server, "/activity?" + bad), 400, "INVALID_PARAM");
  }
}

}  // namespace
}  // namespace jsms::test
