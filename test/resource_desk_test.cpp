// The resource desk over HTTP (issue 5): a resource's detail, add, edit, 上线 and 撤销 —
// procurement's side. Every state is read back through the API; every refusal is checked to
// change nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "domain/dates.h"
#include "support.h"
#include "support/desk_fixture.h"

namespace jsms::test {

using namespace support;
namespace {

using namespace desk;
using Strings = std::vector<std::string>;

std::string AddResource(TestServer& server, const std::string& body, const httplib::Headers& headers = {}) {
  return AddRecord(server, "/order/resource/add/save", 'T', body, headers);
}

}  // namespace

TEST_CASE("resource desk: GET /order/resource/{id} returns one resource and /order/resource/query stays the page",
          "[resource-desk]") {
  TestServer server(Fixture());
  CHECK(SuccessData(Get(server, "/order/resource/" + T0), "查询成功！") == ResourceRowJson(T0, "0", "待接入"));
  CHECK(SuccessData(Get(server, "/order/resource/" + T3), "查询成功！") == ResourceRowJson(T3, "3", "撤销"));

  // The detail's data is exactly the page's row.
  rapidjson::Document page = Page(PostForm(server, "/order/resource/query", "rows=100"));
  REQUIRE(page["data"].Size() == 4);
  for (const auto& row : page["data"].GetArray()) {
    CHECK(Dump(row) == SuccessData(Get(server, "/order/resource/" + Str(row, "resourceId")), "查询成功！"));
  }

  // The fixed word wins.
  rapidjson::Document query = Page(Get(server, "/order/resource/query"));
  CheckPageHead(query, 1, 30, 4, 1, "{}");

  CheckRefusal(Get(server, "/order/resource/T999920170621"), 200, "RESOURCE_NOT_FOUND", {"T999920170621"});
  CheckRefusal(PostForm(server, "/order/resource/" + T0, ""), 405, "METHOD_NOT_ALLOWED");
}

TEST_CASE("resource desk: a page past the end is empty with the true totals, filtered or not", "[resource-desk]") {
  TestServer server(Fixture());
  rapidjson::Document last = Page(PostForm(server, "/order/resource/query", "rows=3&page=2"));
  CheckPageHead(last, 2, 3, 4, 2, "{}");
  CHECK(Column(last, "resourceId") == Strings{T3});
  rapidjson::Document past = Page(PostForm(server, "/order/resource/query", "rows=3&page=3"));
  CheckPageHead(past, 3, 3, 4, 2, "{}");
  CHECK(past["data"].Size() == 0);
  rapidjson::Document past_by_state = Page(PostForm(server, "/order/resource/query", "rows=1&page=2&state=1"));
  CheckPageHead(past_by_state, 2, 1, 1, 1, R"({"state":1})");
  CHECK(past_by_state["data"].Size() == 0);
}

TEST_CASE("resource desk: /order/resource/add/save creates 已接入 without onlineDate and 待接入 with one",
          "[resource-desk]") {
  TestServer server(Fixture());
  const std::string fields =
      "channelId=77&channelType=1,3&smsType=%E9%AA%8C%E8%AF%81%E7%A0%81&belongBusiness=150&directConnect=1"
      "&extendSize=3&signType=0,1&purchasePrice=0.02&rate=300&minimumGuarantee=10&isCredit=5&payType=%E5%90%8E%E4%BB%98"
      "&invoiceType=2&mtIp=10.1.1.1&protocolType=4&supplier=S&contact=C&mobile=139&isAudit=1&remark=new";

  std::string online = AddResource(server, fields, Operator("60"));
  CHECK(online.substr(0, 5) == "T0000");  // resources count from 0000
  rapidjson::Document r = ResourceDoc(server, online);
  CheckMembers(r, R"({"resourceId":")" + online +
                      R"(","state":"1","stateName":"已接入","onlineDate":null,"channelId":"77","channelTypeName":",移动,联通",)"
                      R"("belongBusiness":"150","belongBusinessName":"陈静","directConnectName":"第三方",)"
                      R"("extendSizeName":"支持3位","signTypeName":",自定义,报备签名","minimumGuaranteeName":"10万条/月",)"
                      R"("isCreditName":"5万条/月","invoiceTypeName":"普票","protocolTypeName":"SMPP","payType":"后付",)"
                      R"("remark":"new","operatorId":"60","auditorId":null,"orderBy":null,"rowNum":null})");
  CHECK(IsTimestamp(Str(r, "createTime")));
  CHECK(Str(r, "updateTime") == Str(r, "createTime"));

  std::string waiting = AddResource(server, fields + "&onlineDate=2017-09-01");
  CHECK(waiting.substr(0, 5) == "T0001");
  rapidjson::Document w = ResourceDoc(server, waiting);
  CHECK(Str(w, "state") == "0");
  CHECK(Str(w, "stateName") == "待接入");
  CHECK(Str(w, "onlineDate") == "2017-09-01");
  CHECK(w["operatorId"].IsNull());

  // A state sent by the client is not taken.
  std::string forced = AddResource(server, "state=3&channelType=0");
  CHECK(ResourceState(server, forced) == "1");

  // Both appear on the resource page.
  rapidjson::Document page = Page(PostForm(server, "/order/resource/query", "rows=100&state=1"));
  std::vector<std::string> ids = Column(page, "resourceId");
  CHECK(std::find(ids.begin(), ids.end(), online) != ids.end());
  CHECK(Column(Page(PostForm(server, "/order/resource/query", "rows=100&state=0")), "resourceId") ==
        Strings{T0, waiting});
  CHECK(Page(PostForm(server, "/order/resource/query", ""))["totalRecord"].GetInt64() == 7);
}

TEST_CASE("resource desk: /order/resource/add/save refuses invalid codes and adds nothing", "[resource-desk]") {
  TestServer server(Fixture());
  const std::string before = DbImage(server.db_path());
  std::vector<Refused> refused = {{"supplier=S", 400, "INVALID_PARAM", {"X-Operator-Id"}, "abc"}};
  for (const char* bad : {"channelType=9", "signType=5", "invoiceType=7", "protocolType=8", "directConnect=2",
                          "isCredit=-1", "extendSize=a", "belongBusiness=abc", "onlineDate=2017-6-1"}) {
    const std::string field(bad, std::strchr(bad, '=') - bad);
    refused.push_back({std::string(bad) + "&supplier=S", 400, "INVALID_PARAM", {field}});
  }
  CheckRefused(server, "/order/resource/add/save", refused);
  CheckRefusal(Get(server, "/order/resource/add/save"), 405, "METHOD_NOT_ALLOWED");
  CHECK(DbImage(server.db_path()) == before);
  CHECK(AddResource(server, "supplier=S").substr(0, 5) == "T0000");
}

TEST_CASE("resource desk: /order/resource/edit/save keeps unsent fields and cannot change the state",
          "[resource-desk]") {
  TestServer server(Fixture());
  rapidjson::Document before = ResourceDoc(server, T0);
  // The state, a second resourceId and createTime are not taken; mtIp sent empty is cleared.
  const std::string edit = "resourceId=" + T0 +
                           "&supplier=%E6%96%B0%E4%BE%9B%E5%BA%94%E5%95%86&protocolType=3&state=1"
                           "&resourceId=T999&createTime=2000-01-01%2000:00:00&mtIp=";
  CheckOk(PostForm(server, "/order/resource/edit/save", edit, Operator("150")));
  rapidjson::Document after = ResourceDoc(server, T0);
  CHECK(Str(after, "resourceId") == T0);
  CHECK(Str(after, "supplier") == "新供应商");
  CHECK(Str(after, "protocolType") == "3");
  CHECK(Str(after, "protocolTypeName") == "SGIP");
  CHECK(after["mtIp"].IsNull());  // sent empty: cleared
  CHECK(Str(after, "state") == "0");
  CHECK(Str(after, "stateName") == "待接入");
  CHECK(Str(after, "operatorId") == "150");
  CHECK(Str(after, "createTime") == "2017-06-20 09:49:18");
  CHECK(Str(after, "updateTime") != "2017-06-20 11:08:44");
  CHECK(MembersExcept(after, {"supplier", "protocolType", "protocolTypeName", "mtIp", "operatorId", "updateTime"}) ==
        MembersExcept(before, {"supplier", "protocolType", "protocolTypeName", "mtIp", "operatorId", "updateTime"}));
  CheckRefusal(Get(server, "/order/resource/T999"), 200, "RESOURCE_NOT_FOUND");

  // JSON body; a field that names no resource field is ignored.
  CheckOk(PostJson(server, "/order/resource/edit/save", R"({"resourceId":")" + T0 + R"(","remark":"备注2"})"));
  CHECK(Str(ResourceDoc(server, T0), "remark") == "备注2");
  CHECK(Str(ResourceDoc(server, T0), "supplier") == "新供应商");

  const std::string edited = DbImage(server.db_path());
  CheckRefused(server, "/order/resource/edit/save",
               {{"resourceId=T999920170621&supplier=X", 200, "RESOURCE_NOT_FOUND", {"T999920170621"}},
                {"supplier=X", 400, "INVALID_PARAM", {"resourceId"}},
                {"resourceId=" + T0 + "&protocolType=8", 400, "INVALID_PARAM", {"protocolType"}},
                {"resourceId=" + T0 + "&channelType=9", 400, "INVALID_PARAM", {"channelType"}},
                {"resourceId=" + T0 + "&signType=5", 400, "INVALID_PARAM", {"signType"}},
                {"resourceId=" + T0 + "&invoiceType=7", 400, "INVALID_PARAM", {"invoiceType"}}});
  CHECK(DbImage(server.db_path()) == edited);
}

TEST_CASE("resource desk: /order/resource/online moves 待接入 and 待审批 to 已接入", "[resource-desk]") {
  TestServer server(Fixture());
  CheckOk(PostForm(server, "/order/resource/online", "resourceId=" + T0));
  rapidjson::Document t0 = ResourceDoc(server, T0);
  CHECK(Str(t0, "state") == "1");
  CHECK(Str(t0, "stateName") == "已接入");
  CHECK(Str(t0, "updateTime") != "2017-06-20 11:08:44");
  CHECK(Str(t0, "onlineDate") == "2017-06-19");
  CheckOk(PostJson(server, "/order/resource/online", R"({"resourceId":")" + T2 + R"("})"));
  CHECK(ResourceState(server, T2) == "1");
  CHECK(Column(Page(PostForm(server, "/order/resource/query", "state=1")), "resourceId") == Strings{T0, T1, T2});

  const std::string before = DbImage(server.db_path());
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=" + T1), 200, "STATE_CONFLICT", {T1, "已接入"});
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=" + T3), 200, "STATE_CONFLICT", {T3, "撤销"});
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=T999920170621"), 200, "RESOURCE_NOT_FOUND",
               {"T999920170621"});
  CheckRefusal(PostForm(server, "/order/resource/online", ""), 400, "INVALID_PARAM", {"resourceId"});
  CheckRefusal(Get(server, "/order/resource/online"), 405, "METHOD_NOT_ALLOWED");
  CHECK(DbImage(server.db_path()) == before);
}

TEST_CASE("resource desk: /order/resource/repeal revokes and a 匹配成功 order keeps its link", "[resource-desk]") {
  TestServer server(Fixture());
  const std::string d4 = OrderData(server, D4);
  CheckOk(PostForm(server, "/order/resource/repeal", "resourceId=" + T1, Operator("60")));
  rapidjson::Document t1 = ResourceDoc(server, T1);
  CHECK(Str(t1, "state") == "3");
  CHECK(Str(t1, "stateName") == "撤销");
  CHECK(Str(t1, "updateTime") != "2017-06-20 11:08:44");
  // The matched order is untouched and still linked (the link shows the revoked state).
  CHECK(OrderData(server, D4) == d4);
  rapidjson::Document linked = Page(PostForm(server, "/order/resource/query", "orderId=" + D4));
  CheckPageHead(linked, 1, 30, 1, 1, R"({"orderId":")" + D4 + R"("})");
  CHECK(Str(linked["data"][0], "resourceId") == T1);
  CHECK(Str(linked["data"][0], "state") == "3");
  CHECK(ProgressDoc(server, D4).Size() == 0);

  CheckOk(PostForm(server, "/order/resource/repeal", "resourceId=" + T0));
  CheckOk(PostJson(server, "/order/resource/repeal", R"({"resourceId":")" + T2 + R"("})"));
  CHECK(Column(Page(PostForm(server, "/order/resource/query", "state=3")), "resourceId") == Strings{T0, T1, T2, T3});

  const std::string before = DbImage(server.db_path());
  CheckRefusal(PostForm(server, "/order/resource/repeal", "resourceId=T999920170621"), 200, "RESOURCE_NOT_FOUND",
               {"T999920170621"});
  CheckRefusal(PostForm(server, "/order/resource/repeal", ""), 400, "INVALID_PARAM", {"resourceId"});
  // A revoked resource cannot be put online again.
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=" + T1), 200, "STATE_CONFLICT", {T1});
  CHECK(DbImage(server.db_path()) == before);
}

TEST_CASE("resource desk: /order/resource/online and /order/resource/repeal refuse a bad X-Operator-Id",
          "[resource-desk]") {
  // Spec §1: X-Operator-Id, when present, must be a positive integer, else 400 — as every other
  // change (add/save, edit/save, the order and demand desks) already answers.
  TestServer server(Fixture());
  const std::string before = DbImage(server.db_path());
  CheckRefusal(PostForm(server, "/order/resource/online", "resourceId=" + T0, Operator("abc")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CheckRefusal(PostForm(server, "/order/resource/repeal", "resourceId=" + T1, Operator("0")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CHECK(DbImage(server.db_path()) == before);
}

}  // namespace jsms::test
