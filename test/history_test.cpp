// History beyond orders (issue 9): a resource's add, edit, 上线 and 撤销 and a demand's answer are
// recorded with who, when and what changed; GET /order/resource/{id}/history and GET /activity
// read them back.
#include <catch2/catch.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

#include "support.h"
#include "util/clock.h"

namespace jsms::test {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

// The seed's order, plus D2 in 寻资源 with an open demand X1.
std::string Fixture() {
  return R"({"staff":[{"id":60,"name":"张伟"},{"id":62,"name":"王芳"}],"orders":[)"
         R"({"orderId":"D2","companyName":"乙","belongSale":60,"smsType":"验证码","channelType":"1",)"
         R"("salePrice":"0.05","state":6,"createTime":"2017-06-28 14:32:05","updateTime":"2017-06-28 14:32:05"}],)"
         R"("resources":[)" + ResourceJson("T1", "1") + R"(],"demands":[{"demandId":"X1","orderId":"D2","state":"0",)"
         R"("createTime":"2017-06-28 14:32:05","updateTime":"2017-06-28 14:32:05"}]})";
}

httplib::Result Post(httplib::Client& client, const std::string& path, const std::string& body, const char* op) {
  return client.Post(path.c_str(), {{"X-Operator-Id", op}}, body, kForm);
}

std::string Compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

TEST_CASE("history: a resource's add, edit, 上线 and 撤销, oldest first, with who and what changed", "[history]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto added = Post(client, "/order/resource/add/save",
                    "channelType=1&smsType=验证码&purchasePrice=统一价:0.02&supplier=某通信&onlineDate=2026-12-31", "62");
  REQUIRE(added);
  const std::string id = ParseJson(added->body)["data"].GetString();
  REQUIRE(ParseJson(Post(client, "/order/resource/edit/save", "resourceId=" + id + "&purchasePrice=统一价:0.025&supplier=某通信",
                         "60")->body)["success"].GetBool());
  REQUIRE(ParseJson(Post(client, "/order/resource/online", "resourceId=" + id, "60")->body)["success"].GetBool());
  REQUIRE(ParseJson(Post(client, "/order/resource/repeal", "resourceId=" + id, "62")->body)["success"].GetBool());

  auto res = client.Get(("/order/resource/" + id + "/history").c_str());
  REQUIRE(res);
  rapidjson::Document doc = ParseJson(res->body);
  REQUIRE(doc["success"].GetBool());
  const auto& entries = doc["data"];
  REQUIRE(entries.Size() == 4);
  const std::string today = NowTimestamp().substr(0, 10);
  for (const auto& entry : entries.GetArray()) {
    CHECK(std::string(entry["resourceId"].GetString()) == id);
    CHECK(std::string(entry["createTime"].GetString()).substr(0, 10) == today);
  }
  // What each entry says, without its time.
  auto without_time = [](const rapidjson::Value& entry) {
    std::string text = Compact(entry);
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
  auto client = server.Client();
  // T1 is 已接入: 上线 again is refused.
  auto refused = Post(client, "/order/resource/online", "resourceId=T1", "60");
  REQUIRE(refused);
  CHECK(std::string(ParseJson(refused->body)["code"].GetString()) == "STATE_CONFLICT");
  auto history = client.Get("/order/resource/T1/history");
  REQUIRE(history);
  CHECK(history->body == R"({"success":true,"fail":false,"code":null,"data":[],"msg":"查询成功！","failure":false})");
  auto unknown = client.Get("/order/resource/T404/history");
  REQUIRE(unknown);
  CHECK(unknown->status == 200);
  CHECK(std::string(ParseJson(unknown->body)["code"].GetString()) == "RESOURCE_NOT_FOUND");
}

TEST_CASE("history: /activity shows every desk newest first and narrows by kind, operator and date", "[history]") {
  TestServer server(Fixture());
  auto client = server.Client();
  REQUIRE(ParseJson(Post(client, "/order/resource/online", "resourceId=T1", "60")->body)["code"].IsString());  // refused
  REQUIRE(ParseJson(Post(client, "/order/resource/repeal", "resourceId=T1", "60")->body)["success"].GetBool());
  REQUIRE(ParseJson(Post(client, "/order/resource/demand/hasres/save", "demandId=X1&resourceIds=T1&remark=找到了", "62")
                        ->body)["success"].GetBool());

  auto all = client.Get("/activity");
  REQUIRE(all);
  rapidjson::Document doc = ParseJson(all->body);
  CHECK(doc["totalRecord"].GetInt() == 3);
  std::vector<std::string> lines;
  for (const auto& row : doc["data"].GetArray()) {
    lines.push_back(std::string(row["kind"].GetString()) + " " + row["subjectId"].GetString() + " " +
                    row["action"].GetString() + " " + row["actionName"].GetString() + " " +
                    std::to_string(row["operatorId"].GetInt64()));
  }
  // Newest first; the demand's answer and the order it moved are one write, the demand last.
  CHECK(lines == std::vector<std::string>{"demand X1 hasres 已供应 62", "order D2 hasres 已供应 62",
                                          "resource T1 repeal 撤销 60"});
  const auto& order_line = doc["data"][1];
  CHECK(std::string(order_line["fromStateName"].GetString()) == "寻资源");
  CHECK(std::string(order_line["toStateName"].GetString()) == "待配单");
  CHECK(std::string(order_line["remark"].GetString()) == "找到了");
  CHECK(std::string(order_line["operatorName"].GetString()) == "王芳");

  auto resources = client.Get("/activity?kind=resource");
  REQUIRE(resources);
  rapidjson::Document only = ParseJson(resources->body);
  CHECK(only["totalRecord"].GetInt() == 1);
  CHECK(Compact(only["params"]) == R"({"kind":"resource"})");
  auto by_operator = client.Post("/activity", "operatorId=62", kForm);
  REQUIRE(by_operator);
  CHECK(ParseJson(by_operator->body)["totalRecord"].GetInt() == 2);
  const std::string today = NowTimestamp().substr(0, 10);
  auto today_only = client.Get(("/activity?dateFrom=" + today + "&dateTo=" + today).c_str());
  REQUIRE(today_only);
  CHECK(ParseJson(today_only->body)["totalRecord"].GetInt() == 3);
  auto long_ago = client.Get("/activity?dateTo=2017-06-30");
  REQUIRE(long_ago);
  CHECK(ParseJson(long_ago->body)["totalRecord"].GetInt() == 0);
  auto paged = client.Get("/activity?rows=1&page=2");
  REQUIRE(paged);
  rapidjson::Document second = ParseJson(paged->body);
  REQUIRE(second["data"].Size() == 1);
  CHECK(std::string(second["data"][0]["kind"].GetString()) == "order");

  for (const char* bad : {"kind=staff", "operatorId=0", "dateFrom=2026-13-01", "rows=0"}) {
    INFO(bad);
    auto res = client.Get((std::string("/activity?") + bad).c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
  }
}

}  // namespace
}  // namespace jsms::test
