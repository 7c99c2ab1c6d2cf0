// The matching assistant over HTTP (assistant.md): GET|POST /demandOrder/{orderId}/candidates on a
// hand-made desk whose ranking was worked out by hand from the contract.
#include <catch2/catch.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <string>
#include <vector>

#include "support.h"

namespace jsms::test {
namespace {

// The order wants 移动+联通 ("1,3"), 4 extension digits, sign type 1, 直连, 验证码, and sells at
// 0.05. Each resource below differs from a perfect fit in one way; the comment gives what the
// contract makes of it (score = margin points + direct points + SMS-kind points).
std::string Resource(const std::string& id, const std::string& state, const std::string& channel_type,
                     const std::string& extend_size, const std::string& sign_type, const std::string& price,
                     const std::string& direct, const std::string& sms_type) {
  return R"({"resourceId":")" + id + R"(","channelId":"7","channelType":")" + channel_type +
         R"(","smsType":")" + sms_type + R"(","contentProp":"1","belongBusiness":"62","directConnect":")" +
         direct + R"(","extendSize":")" + extend_size + R"(","signType":")" + sign_type +
         R"(","purchasePrice":")" + price +
         R"(","rate":"200","minimumGuarantee":"0","isCredit":"0","payType":"预付","invoiceType":"1",)"
         R"("mtIp":"10.0.0.1:7890","protocolType":"1","supplier":"某通信","contact":"王","mobile":"13800000000",)"
         R"("isAudit":"1","onlineDate":"2017-06-28","state":")" + state +
         R"(","remark":"r","auditorId":"63","operatorId":"60","createTime":"2017-06-26 09:30:15",)"
         R"("updateTime":"2017-06-28 17:12:40"})";
}

std::string Fixture() {
  std::vector<std::string> resources = {
      // rate 0.6 -> 60, 直连 20, 验证码 20: 100
      Resource("T0001", "1", "0", "6", "1,2", "统一价:0.02", "0", "验证码"),
      // purchase is the dearest carrier, 0.03: rate 0.4 -> 48, 20, 20: 88
      Resource("T0002", "1", "1,3", "4", "1", "移动0.025 联通0.03", "0", "验证码,通知"),
      // as T0002 but 第三方: 48 + 0 + 20 = 68, gap 非直连
      Resource("T0003", "1", "1,3", "4", "1", "移动0.025 联通0.03", "1", "验证码"),
      // fails one hard rule each: no 联通; 3 digits < 4; no sign type 1
      Resource("T0004", "1", "1", "6", "1", "统一价:0.02", "0", "验证码"),
      Resource("T0005", "1", "0", "3", "1", "统一价:0.02", "0", "验证码"),
      Resource("T0006", "1", "0", "6", "2", "统一价:0.02", "0", "验证码"),
      // as T0001 but 待接入: only with includeNotReady, then it ties T0001 and comes after it by id
      Resource("T0007", "0", "0", "6", "1,2", "统一价:0.02", "0", "验证码"),
      // 撤销: never considered
      Resource("T0008", "3", "0", "6", "1,2", "统一价:0.02", "0", "验证码"),
      // unreadable price: 0 + 20 + 20 = 40, no rate, gap 价格无法比较
      Resource("T0009", "1", "0", "6", "1", "面议", "0", "验证码"),
      // no margin: rate 0 -> 0 points, gap 无毛利: 40, rate "0.0000" ranks before T0009's null
      Resource("T0010", "1", "0", "6", "1", "统一价:0.05", "0", "验证码"),
      // 营销 only: 60 + 20 + 0 = 80, gap 发送类型不符
      Resource("T0011", "1", "0", "6", "1", "统一价:0.02", "0", "营销"),
  };
  std::string joined;
  for (const auto& r : resources) joined += (joined.empty() ? "" : ",") + r;
  return R"({"staff":[{"id":62,"name":"王芳"},{"id":149,"name":"abc"}],"orders":[{"orderId":"D0001",)"
         R"("companyName":"某某科技","belongSale":149,"smsType":"验证码","channelType":"1,3","directConnect":0,)"
         R"("extendSize":4,"signType":"1","salePrice":"统一价:0.05","state":0,)"
         R"("createTime":"2017-06-28 14:32:05","updateTime":"2017-06-28 14:32:05"}],"resources":[)" +
         joined + "]}";
}

std::string Compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

std::string Strings(const rapidjson::Value& array) { return Compact(array); }

// Every row of the resource page, compact, by id.
std::map<std::string, std::string> PageRows(httplib::Client& client) {
  auto res = client.Get("/order/resource/query?rows=100");
  REQUIRE(res);
  rapidjson::Document page = ParseJson(res->body);
  std::map<std::string, std::string> rows;
  for (const auto& row : page["data"].GetArray()) rows[row["resourceId"].GetString()] = Compact(row);
  return rows;
}

struct Expected {
  const char* id;
  int score;
  const char* margin_rate;  // nullptr: null
  const char* gaps;         // compact JSON array
};

void CheckCandidates(const std::string& body, int considered, int eligible, const std::vector<Expected>& expected,
                     const std::map<std::string, std::string>& page_rows) {
  rapidjson::Document doc = ParseJson(body);
  CHECK(doc["success"].GetBool());
  CHECK(std::string(doc["msg"].GetString()) == "查询成功！");
  const auto& data = doc["data"];
  // Keys in the contract's order.
  std::vector<std::string> keys;
  for (const auto& member : data.GetObject()) keys.push_back(member.name.GetString());
  CHECK(keys == std::vector<std::string>{"orderId", "considered", "eligible", "candidates"});
  CHECK(std::string(data["orderId"].GetString()) == "D0001");
  CHECK(data["considered"].GetInt() == considered);
  CHECK(data["eligible"].GetInt() == eligible);
  const auto& candidates = data["candidates"];
  REQUIRE(candidates.Size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& c = candidates[static_cast<rapidjson::SizeType>(i)];
    INFO("candidate " << i << ": " << Compact(c).substr(0, 300));
    std::vector<std::string> candidate_keys;
    for (const auto& member : c.GetObject()) candidate_keys.push_back(member.name.GetString());
    CHECK(candidate_keys ==
          std::vector<std::string>{"resourceId", "score", "marginRate", "reasons", "gaps", "resource"});
    CHECK(std::string(c["resourceId"].GetString()) == expected[i].id);
    CHECK(c["score"].GetInt() == expected[i].score);
    if (expected[i].margin_rate) {
      REQUIRE(c["marginRate"].IsString());
      CHECK(std::string(c["marginRate"].GetString()) == expected[i].margin_rate);
    } else {
      CHECK(c["marginRate"].IsNull());
    }
    CHECK(Strings(c["gaps"]) == expected[i].gaps);
    CHECK(c["reasons"].Size() > 0);
    // The resource is exactly its row of the resource page.
    auto row = page_rows.find(expected[i].id);
    REQUIRE(row != page_rows.end());
    CHECK(Compact(c["resource"]) == row->second);
  }
}

const std::vector<Expected> kOnlineOrder = {
    {"T0001", 100, "0.6000", "[]"},
    {"T0002", 88, "0.4000", "[]"},
    {"T0011", 80, "0.6000", R"(["发送类型不符"])"},
    {"T0003", 68, "0.4000", R"(["非直连"])"},
    {"T0010", 40, "0.0000", R"(["无毛利"])"},
    {"T0009", 40, nullptr, R"(["价格无法比较"])"},
};

TEST_CASE("candidates: the eligible resources ranked by score, margin rate and id, with gaps", "[candidates]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto page_rows = PageRows(client);
  auto res = client.Get("/demandOrder/D0001/candidates");
  REQUIRE(res);
  CHECK(res->status == 200);
  // 9 resources are 已接入; T0004-T0006 each fail one hard rule.
  CheckCandidates(res->body, 9, 6, kOnlineOrder, page_rows);

  // The reasons name what was met: the best candidate meets every rule.
  rapidjson::Document doc = ParseJson(res->body);
  CHECK(Strings(doc["data"]["candidates"][0]["reasons"]) ==
        R"(["覆盖 移动/联通","扩展6位（需4位）","签名类型相符","直连","发送类型相符","毛利率 60.00%"])");
}

TEST_CASE("candidates: includeNotReady adds 待接入 and 待审批, never 撤销, and ties fall to the id", "[candidates]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto page_rows = PageRows(client);
  auto res = client.Get("/demandOrder/D0001/candidates?includeNotReady=1");
  REQUIRE(res);
  std::vector<Expected> expected = kOnlineOrder;
  expected.insert(expected.begin() + 1, Expected{"T0007", 100, "0.6000", "[]"});
  CheckCandidates(res->body, 10, 7, expected, page_rows);

  // The same parameters by POST, as a form, give the same bytes.
  auto posted = client.Post("/demandOrder/D0001/candidates", "includeNotReady=1", "application/x-www-form-urlencoded");
  REQUIRE(posted);
  CHECK(posted->body == res->body);
}

TEST_CASE("candidates: limit keeps the best n and the same data gives the same bytes", "[candidates]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto page_rows = PageRows(client);
  auto two = client.Get("/demandOrder/D0001/candidates?limit=2");
  REQUIRE(two);
  CheckCandidates(two->body, 9, 6, {kOnlineOrder[0], kOnlineOrder[1]}, page_rows);
  auto again = client.Get("/demandOrder/D0001/candidates?limit=2");
  REQUIRE(again);
  CHECK(again->body == two->body);
  auto all = client.Get("/demandOrder/D0001/candidates?limit=1000");
  REQUIRE(all);
  CheckCandidates(all->body, 9, 6, kOnlineOrder, page_rows);
}

TEST_CASE("candidates: an unknown order is ORDER_NOT_FOUND and a bad limit or includeNotReady is 400", "[candidates]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto missing = client.Get("/demandOrder/D9999/candidates");
  REQUIRE(missing);
  CHECK(missing->status == 200);
  CHECK(missing->body ==
        R"({"success":false,"fail":true,"code":"ORDER_NOT_FOUND","data":null,"msg":"订单不存在","failure":true})");
  for (const char* query : {"limit=0", "limit=1001", "limit=abc", "limit=1.5", "includeNotReady=2",
                            "includeNotReady=-1", "includeNotReady=yes"}) {
    INFO(query);
    auto res = client.Get((std::string("/demandOrder/D0001/candidates?") + query).c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    rapidjson::Document doc = ParseJson(res->body);
    CHECK(std::string(doc["code"].GetString()) == "INVALID_PARAM");
    std::string name = std::string(query).substr(0, std::string(query).find('='));
    CHECK_THAT(doc["msg"].GetString(), Catch::Contains(name));
  }
}

TEST_CASE("candidates: 匹配成功 on the top candidate succeeds and the order is matched to it", "[candidates]") {
  TestServer server(Fixture());
  auto client = server.Client();
  auto res = client.Get("/demandOrder/D0001/candidates?limit=1");
  REQUIRE(res);
  rapidjson::Document doc = ParseJson(res->body);
  std::string top = doc["data"]["candidates"][0]["resourceId"].GetString();
  auto action = client.Post("/peidan/pipeichenggong", "orderId=D0001&resourceIds=" + top + "&remark=助手推荐",
                            "application/x-www-form-urlencoded");
  REQUIRE(action);
  CHECK(action->body == R"({"success":true,"fail":false,"code":null,"data":null,"msg":"操作成功！","failure":false})");
  auto detail = client.Get("/demandOrder/D0001");
  REQUIRE(detail);
  rapidjson::Document order = ParseJson(detail->body);
  CHECK(order["data"]["state"].GetInt() == 5);
  auto linked = client.Get("/order/resource/query?orderId=D0001");
  REQUIRE(linked);
  rapidjson::Document page = ParseJson(linked->body);
  REQUIRE(page["data"].Size() == 1);
  CHECK(std::string(page["data"][0]["resourceId"].GetString()) == top);
}

}  // namespace
}  // namespace jsms::test
