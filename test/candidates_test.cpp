// The matching assistant over HTTP (assistant.md): GET|POST /demandOrder/{orderId}/candidates on a
// hand-made desk whose ranking was worked out by hand from the contract.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
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
  return R"({"staff":[{"id":62,"name":"王芳"},{"id":149,"name":"abc"}],"orders":[)" + OrderJson({"D0001"}) +
         R"(],"resources":[)" + Join(resources) + "]}";
}

// Every row of the resource page, compact, by id.
std::map<std::string, std::string> PageRows(TestServer& server) {
  rapidjson::Document page = Page(Get(server, "/order/resource/query?rows=100"));
  std::map<std::string, std::string> rows;
  for (const auto& row : page["data"].GetArray()) rows[Str(row, "resourceId")] = Dump(row);
  return rows;
}

struct Expected {
  const char* id;
  int score;
  const char* margin_rate;  // nullptr: null
  const char* gaps;         // compact JSON array
};

// The reply's data (returned, parsed) is the candidates of D0001: how many were considered and
// eligible, and each candidate as expected, with its resource exactly as its row of the page.
rapidjson::Document CheckCandidates(const Reply& reply, int considered, int eligible,
                                    const std::vector<Expected>& expected,
                                    const std::map<std::string, std::string>& page_rows) {
  rapidjson::Document data = ParseJson(SuccessData(reply, "查询成功！"));
  // Keys in the contract's order.
  CHECK(Keys(data) == std::vector<std::string>{"orderId", "considered", "eligible", "candidates"});
  CHECK(Str(data, "orderId") == "D0001");
  CHECK(data["considered"].GetInt() == considered);
  CHECK(data["eligible"].GetInt() == eligible);
  const auto& candidates = data["candidates"];
  REQUIRE(candidates.Size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& c = candidates[static_cast<rapidjson::SizeType>(i)];
    INFO("candidate " << i << ": " << Dump(c).substr(0, 300));
    CHECK(Keys(c) == std::vector<std::string>{"resourceId", "score", "marginRate", "reasons", "gaps", "resource"});
    CHECK(Str(c, "resourceId") == expected[i].id);
    CHECK(c["score"].GetInt() == expected[i].score);
    if (expected[i].margin_rate) {
      CHECK(Str(c, "marginRate") == expected[i].margin_rate);
    } else {
      CHECK(c["marginRate"].IsNull());
    }
    CHECK(Dump(c["gaps"]) == expected[i].gaps);
    CHECK(c["reasons"].Size() > 0);
    auto row = page_rows.find(expected[i].id);
    REQUIRE(row != page_rows.end());
    CHECK(Dump(c["resource"]) == row->second);
  }
  return data;
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
  // 9 resources are 已接入; T0004-T0006 each fail one hard rule.
  rapidjson::Document data =
      CheckCandidates(Get(server, "/demandOrder/D0001/candidates"), 9, 6, kOnlineOrder, PageRows(server));
  // The reasons name what was met: the best candidate meets every rule.
  CHECK(Dump(data["candidates"][0]["reasons"]) ==
        R"(["覆盖 移动/联通","扩展6位（需4位）","签名类型相符","直连","发送类型相符","毛利率 60.00%"])");
}

TEST_CASE("candidates: includeNotReady adds 待接入 and 待审批, never 撤销, and ties fall to the id", "[candidates]") {
  TestServer server(Fixture());
  std::vector<Expected> expected = kOnlineOrder;
  expected.insert(expected.begin() + 1, Expected{"T0007", 100, "0.6000", "[]"});
  Reply got = Get(server, "/demandOrder/D0001/candidates?includeNotReady=1");
  CheckCandidates(got, 10, 7, expected, PageRows(server));
  // The same parameters by POST, as a form, give the same bytes.
  CHECK(Reply(PostForm(server, "/demandOrder/D0001/candidates", "includeNotReady=1")).body == got.body);
}

TEST_CASE("candidates: limit keeps the best n and the same data gives the same bytes", "[candidates]") {
  TestServer server(Fixture());
  auto page_rows = PageRows(server);
  Reply two = Get(server, "/demandOrder/D0001/candidates?limit=2");
  CheckCandidates(two, 9, 6, {kOnlineOrder[0], kOnlineOrder[1]}, page_rows);
  CHECK(Reply(Get(server, "/demandOrder/D0001/candidates?limit=2")).body == two.body);
  CheckCandidates(Get(server, "/demandOrder/D0001/candidates?limit=1000"), 9, 6, kOnlineOrder, page_rows);
}

TEST_CASE("candidates: an unknown order is ORDER_NOT_FOUND and a bad limit or includeNotReady is 400", "[candidates]") {
  TestServer server(Fixture());
  Reply missing = Get(server, "/demandOrder/D9999/candidates");
  CHECK(missing.status == 200);
  CHECK(missing.body ==
        R"({"success":false,"fail":true,"code":"ORDER_NOT_FOUND","data":null,"msg":"订单不存在","failure":true})");
  for (const std::string query : {"limit=0", "limit=1001", "limit=abc", "limit=1.5", "includeNotReady=2",
                                  "includeNotReady=-1", "includeNotReady=yes"}) {
    INFO(query);
    CheckRefusal(Get(server, "/demandOrder/D0001/candidates?" + query), 400, "INVALID_PARAM",
                 {query.substr(0, query.find('='))});
  }
}

TEST_CASE("candidates: 匹配成功 on the top candidate succeeds and the order is matched to it", "[candidates]") {
  TestServer server(Fixture());
  rapidjson::Document data = ParseJson(SuccessData(Get(server, "/demandOrder/D0001/candidates?limit=1"), "查询成功！"));
  const std::string top = Str(data["candidates"][0], "resourceId");
  CheckOk(PostForm(server, "/peidan/pipeichenggong", "orderId=D0001&resourceIds=" + top + "&remark=助手推荐"));
  CHECK(OrderState(server, "D0001") == 5);
  CHECK(Linked(server, "D0001") == std::vector<std::string>{top});
}

}  // namespace
}  // namespace jsms::test
