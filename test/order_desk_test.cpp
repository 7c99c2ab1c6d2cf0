// The order desk over HTTP (issue 5): the order list, add, edit, 撤单 and progress, the staff list
// its form offers, and one order's walk through every state the API reaches. Every state is read
// back through the API; every refusal is checked to change nothing.
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

const std::string kStale = "该订单已经更新,请重新操作";

const Strings kOrderKeys = {
    "orderId", "companyName", "industryType", "belongSale", "smsType", "expectNumber", "minimumGuarantee",
    "channelType", "directConnect", "extendSize", "rate", "signType", "contentTemplate", "payType", "salePrice",
    "invoiceType", "onlineDate", "isAudit", "state", "remark", "auditorId", "operatorId", "createTime", "updateTime",
    "belongSaleName", "channelTypeName", "directConnectName", "signTypeName", "invoiceTypeName", "isAuditName",
    "stateName", "minimumGuaranteeName", "extendSizeName", "demandState", "demandStateName"};

const std::string kNewOrderForm =
    "companyName=%E6%96%B0%E5%85%AC%E5%8F%B8&belongSale=150&smsType=%E9%80%9A%E7%9F%A5&channelType=1,2"
    "&salePrice=0.04&signType=0,2&invoiceType=2&directConnect=1&extendSize=6&minimumGuarantee=50"
    "&isAudit=1&onlineDate=2017-08-01&industryType=%E7%94%B5%E5%95%86&remark=%E9%A6%96%E5%8D%95";

rapidjson::Document OrderList(TestServer& server, const std::string& body) {
  return Page(PostForm(server, "/demandOrder/list", body));
}

rapidjson::Document DemandList(TestServer& server, const std::string& body) {
  return Page(PostForm(server, "/order/resource/demand/list", body));
}

std::string AddOrder(TestServer& server, const std::string& body = kNewOrderForm,
                     const httplib::Headers& headers = Operator("60")) {
  return AddRecord(server, "/demandOrder/add", 'D', body, headers);
}

}  // namespace

// ======================================================================================
// Staff and the order list
// ======================================================================================

TEST_CASE("order desk: GET /staff lists every staff member by id", "[order-desk]") {
  TestServer server(Fixture());
  auto res = Get(server, "/staff");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body ==
        R"({"success":true,"fail":false,"code":null,"data":[{"id":60,"name":"张伟"},{"id":149,"name":"abc"},)"
        R"({"id":150,"name":"陈静"}],"msg":"查询成功！","failure":false})");

  TestServer empty("");
  CHECK(Get(empty, "/staff")->body ==
        R"({"success":true,"fail":false,"code":null,"data":[],"msg":"查询成功！","failure":false})");
  CheckRefusal(PostForm(server, "/staff", ""), 405, "METHOD_NOT_ALLOWED");
}

TEST_CASE("order desk: /demandOrder/list pages newest first and each row is the detail's data", "[order-desk]") {
  TestServer server(Fixture());

  rapidjson::Document all = OrderList(server, "");
  CheckPageHead(all, 1, 30, 5, 1, "{}");
  CHECK(Column(all, "orderId") == Strings{D5, D4, D3, D2, D1});
  for (const auto& row : all["data"].GetArray()) {
    CHECK(Keys(row) == kOrderKeys);
    CHECK(Dump(row) == OrderData(server, Str(row, "orderId")));
  }
  // demandState is part of each row: D5's open demand, D2's old answered one, none elsewhere.
  CHECK(Str(all["data"][0], "demandState") == "0");
  CHECK(Str(all["data"][0], "demandStateName") == "寻资源");
  CHECK(Str(all["data"][3], "demandState") == "2");
  CHECK(Str(all["data"][3], "demandStateName") == "无资源");
  CHECK(all["data"][4]["demandState"].IsNull());
  CHECK(Str(all["data"][4], "demandStateName") == "——");

  SECTION("pages") {
    rapidjson::Document second = OrderList(server, "rows=2&page=2");
    CheckPageHead(second, 2, 2, 5, 3, "{}");
    CHECK(Column(second, "orderId") == Strings{D3, D2});
    rapidjson::Document last = OrderList(server, "rows=2&page=3");
    CHECK(Column(last, "orderId") == Strings{D1});
    rapidjson::Document past = OrderList(server, "rows=2&page=9");
    CheckPageHead(past, 9, 2, 5, 3, "{}");
    CHECK(past["data"].Empty());
    // GET with a query string and a JSON body read the same.
    CHECK(Dump(Page(Get(server, "/demandOrder/list?rows=2&page=2"))) == Dump(second));
    CHECK(Dump(Page(PostJson(server, "/demandOrder/list", R"({"rows":2,"page":"2"})"))) == Dump(second));
    rapidjson::Document huge = OrderList(server, "rows=9999999");
    CheckPageHead(huge, 1, 9999999, 5, 1, "{}");
    CHECK(huge["data"].Size() == 5);
  }

  SECTION("an empty store gives an empty page") {
    TestServer empty("");
    rapidjson::Document none = OrderList(empty, "");
    CheckPageHead(none, 1, 30, 0, 0, "{}");
    CHECK(none["data"].Empty());
  }
}

TEST_CASE("order desk: /demandOrder/list filters and echoes them", "[order-desk]") {
  TestServer server(Fixture());

  rapidjson::Document by_state = OrderList(server, "state=1");
  CheckPageHead(by_state, 1, 30, 1, 1, R"({"state":1})");
  CHECK(Column(by_state, "orderId") == Strings{D2});
  rapidjson::Document state_zero = OrderList(server, "state=0");
  CheckPageHead(state_zero, 1, 30, 1, 1, R"({"state":0})");
  CHECK(Column(state_zero, "orderId") == Strings{D1});
  CHECK(OrderList(server, "state=4")["data"].Empty());

  rapidjson::Document by_id = OrderList(server, "orderId=" + D3);
  CheckPageHead(by_id, 1, 30, 1, 1, R"({"orderId":")" + D3 + R"("})");
  CHECK(Column(by_id, "orderId") == Strings{D3});
  rapidjson::Document unknown = OrderList(server, "orderId=D999920170621");
  CheckPageHead(unknown, 1, 30, 0, 0, R"({"orderId":")" + kUnknownOrder + R"("})");

  // companyName is a substring match (科技 is in 甲科技有限公司 and 丙科技).
  rapidjson::Document by_company = Page(PostJson(server, "/demandOrder/list", R"({"companyName":"科技"})"));
  CheckPageHead(by_company, 1, 30, 2, 1, R"({"companyName":"科技"})");
  CHECK(Column(by_company, "orderId") == Strings{D3, D1});
  CHECK(Column(Page(PostJson(server, "/demandOrder/list", R"({"companyName":"有限"})")), "orderId") == Strings{D1});

  rapidjson::Document by_sale = OrderList(server, "belongSale=150");
  CheckPageHead(by_sale, 1, 30, 2, 1, R"({"belongSale":150})");
  CHECK(Column(by_sale, "orderId") == Strings{D4, D2});

  // Dates are inclusive at both ends: D2 at 00:00:00 on the 22nd, D4 at 23:59:59 on the 24th.
  rapidjson::Document by_dates = OrderList(server, "createTimeFrom=2017-06-22&createTimeTo=2017-06-24");
  CheckPageHead(by_dates, 1, 30, 3, 1, R"({"createTimeFrom":"2017-06-22","createTimeTo":"2017-06-24"})");
  CHECK(Column(by_dates, "orderId") == Strings{D4, D3, D2});
  CHECK(Column(OrderList(server, "createTimeFrom=2017-06-25"), "orderId") == Strings{D5});
  CHECK(Column(OrderList(server, "createTimeTo=2017-06-21"), "orderId") == Strings{D1});
  CHECK(Column(OrderList(server, "createTimeFrom=2017-06-24&createTimeTo=2017-06-24"), "orderId") == Strings{D4});

  // All together, echoed in the issue's order.
  rapidjson::Document combined = Page(PostJson(
      server, "/demandOrder/list",
      R"({"state":"3","orderId":")" + D3 +
          R"(","companyName":"丙","belongSale":149,"createTimeFrom":"2017-06-23","createTimeTo":"2017-06-23"})"));
  CheckPageHead(
      combined, 1, 30, 1, 1,
      R"({"state":3,"orderId":")" + D3 +
          R"(","companyName":"丙","belongSale":149,"createTimeFrom":"2017-06-23","createTimeTo":"2017-06-23"})");
  CHECK(Column(combined, "orderId") == Strings{D3});
  CHECK(OrderList(server, "state=3&belongSale=150")["data"].Empty());

  // Empty filters read as absent.
  CheckPageHead(OrderList(server, "state=&orderId=&companyName=&belongSale=&createTimeFrom=&createTimeTo="), 1, 30, 5,
                1, "{}");

  SECTION("malformed filters are 400 naming the parameter") {
    CheckRefusal(PostForm(server, "/demandOrder/list", "state=-1"), 400, "INVALID_PARAM", {"state"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "state=x"), 400, "INVALID_PARAM", {"state"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "belongSale=abc"), 400, "INVALID_PARAM", {"belongSale"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "belongSale=0"), 400, "INVALID_PARAM", {"belongSale"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "createTimeFrom=2017-13-01"), 400, "INVALID_PARAM",
                 {"createTimeFrom"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "createTimeTo=20170621"), 400, "INVALID_PARAM",
                 {"createTimeTo"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "rows=0"), 400, "INVALID_PARAM", {"rows"});
    CheckRefusal(PostForm(server, "/demandOrder/list", "page=1.5"), 400, "INVALID_PARAM", {"page"});
  }
}

// ======================================================================================
// Order add
// ======================================================================================

TEST_CASE("order desk: /demandOrder/add creates an order in 待配单 with a progress entry 提交订单", "[order-desk]") {
  TestServer server(Fixture());
  std::string before_day = Today();
  std::string id = AddOrder(server);
  CHECK(id.substr(0, 5) == "D0001");  // the first of the day

  rapidjson::Document order = OrderDoc(server, id);
  CHECK(Keys(order) == kOrderKeys);
  CheckMembers(order, R"({"orderId":")" + id +
                          R"(","companyName":"新公司","industryType":"电商","belongSale":150,"belongSaleName":"陈静",)"
                          R"("smsType":"通知","channelType":"1,2","channelTypeName":",移动,电信","signType":"0,2",)"
                          R"("signTypeName":",自定义,固签","invoiceType":2,"invoiceTypeName":"普票","directConnect":1,)"
                          R"("extendSize":6,"extendSizeName":"要求6位","minimumGuarantee":"50",)"
                          R"("minimumGuaranteeName":"50万条/月","isAudit":1,"salePrice":"0.04","onlineDate":"2017-08-01",)"
                          R"("expectNumber":null,"payType":null,"auditorId":null,"state":0,"stateName":"待配单",)"
                          R"("remark":"首单","operatorId":60,"demandState":null})");
  std::string created = Str(order, "createTime");
  CHECK(IsTimestamp(created));
  CHECK(Str(order, "updateTime") == created);
  CHECK(CompactDay(created) == id.substr(5));

  // Newest first: the new order heads the list, which now has six.
  rapidjson::Document list = OrderList(server, "");
  CHECK(list["totalRecord"].GetInt64() == 6);
  CHECK(Str(list["data"][0], "orderId") == id);
  CHECK(Column(OrderList(server, "state=0"), "orderId") == Strings{id, D1});
  CHECK(Linked(server, id).empty());

  // Its progress: one entry 提交订单.
  rapidjson::Document progress = ProgressDoc(server, id);
  REQUIRE(progress.Size() == 1);
  std::string entry_time = Str(progress[0], "createTime");
  CHECK(Dump(progress[0]) == R"({"orderId":")" + id +
                                 R"(","progress":"提交订单","action":"add","fromState":null,"fromStateName":null,)"
                                 R"("toState":0,"toStateName":"待配单","resourceIds":[],"remark":"首单",)"
                                 R"("operatorId":60,"operatorName":"张伟","createTime":")" +
                                 created + R"("})");

  SECTION("the next is D0002; a JSON body with numbers works; no header, no operator") {
    std::string second =
        SuccessData(PostJson(server, "/demandOrder/add",
                             R"({"companyName":"JSON公司","belongSale":149,"smsType":"营销","channelType":"4",)"
                             R"("salePrice":"0.03","directConnect":0,"extendSize":0,"invoiceType":0})"),
                    "操作成功！");
    rapidjson::Document doc = ParseJson(second);
    REQUIRE(doc.IsString());
    std::string id2 = doc.GetString();
    CheckNewId(id2, 'D', before_day);
    CHECK(id2.substr(0, 5) == "D0002");
    rapidjson::Document order2 = OrderDoc(server, id2);
    CHECK(Str(order2, "companyName") == "JSON公司");
    CHECK(order2["belongSale"].GetInt() == 149);
    CHECK(Str(order2, "channelTypeName") == ",全网");
    CHECK(order2["operatorId"].IsNull());
    CHECK(order2["remark"].IsNull());
    CHECK(order2["state"].GetInt() == 0);
    rapidjson::Document progress2 = ProgressDoc(server, id2);
    REQUIRE(progress2.Size() == 1);
    CHECK(Str(progress2[0], "progress") == "提交订单");
    CHECK(progress2[0]["operatorId"].IsNull());
    CHECK(progress2[0]["operatorName"].IsNull());
    CHECK(Str(progress2[0], "remark") == "");
  }

  SECTION("state and orderId sent by the client are not taken") {
    std::string id2 = AddOrder(server, kNewOrderForm + "&state=5&orderId=MINE&createTime=2000-01-01%2000:00:00");
    CHECK(id2 != "MINE");
    rapidjson::Document order2 = OrderDoc(server, id2);
    CHECK(order2["state"].GetInt() == 0);
    CHECK(Str(order2, "createTime") != "2000-01-01 00:00:00");
    CheckRefusal(Get(server, "/demandOrder/MINE"), 200, "ORDER_NOT_FOUND", {"订单不存在"});
  }
}

TEST_CASE("order desk: /demandOrder/add refuses missing required fields and invalid codes and adds nothing",
          "[order-desk]") {
  TestServer server(Fixture());
  const std::string before = DbImage(server.db_path());
  const std::string base = "companyName=A&belongSale=149&smsType=S&channelType=0&salePrice=0.1";

  for (const char* field : {"companyName", "belongSale", "smsType", "channelType", "salePrice"}) {
    INFO(field);
    // Left out entirely…
    std::string without;
    for (const char* other : {"companyName", "belongSale", "smsType", "channelType", "salePrice"}) {
      if (std::string(other) == field) continue;
      std::string value = std::string(other) == "belongSale" ? "149" : std::string(other) == "channelType" ? "0" : "x";
      without += (without.empty() ? "" : "&") + std::string(other) + "=" + value;
    }
    CheckRefusal(PostForm(server, "/demandOrder/add", without), 400, "INVALID_PARAM", {field});
    // …or sent empty.
    CheckRefusal(PostForm(server, "/demandOrder/add", without + "&" + field + "="), 400, "INVALID_PARAM", {field});
  }

  // Each bad value comes first, so it is the one read (the first value of a name wins).
  std::vector<Refused> refused = {{"", 400, "INVALID_PARAM"},
                                  {base, 400, "INVALID_PARAM", {"X-Operator-Id"}, "abc"},
                                  {base, 400, "INVALID_PARAM", {"X-Operator-Id"}, "0"},
                                  {base + "&remark=" + std::string(501, 'r'), 400, "INVALID_PARAM", {"remark"}}};
  for (const char* bad : {"channelType=9", "channelType=1,9", "signType=5", "invoiceType=7", "belongSale=abc",
                          "belongSale=0", "directConnect=2", "isAudit=2", "extendSize=-1", "minimumGuarantee=x",
                          "onlineDate=2017-6-30", "auditorId=-3"}) {
    const std::string field(bad, std::strchr(bad, '=') - bad);
    refused.push_back({std::string(bad) + "&" + base, 400, "INVALID_PARAM", {field}});
  }
  CheckRefused(server, "/demandOrder/add", refused);
  CheckRefusal(PostJson(server, "/demandOrder/add", "{not json"), 400, "INVALID_PARAM");
  CheckRefusal(Get(server, "/demandOrder/add"), 405, "METHOD_NOT_ALLOWED");

  CHECK(DbImage(server.db_path()) == before);
  // A refused add takes no id: the next accepted one is still the first of the day.
  CHECK(AddOrder(server, base).substr(0, 5) == "D0001");
}

// ======================================================================================
// Order edit
// ======================================================================================

TEST_CASE("order desk: /demandOrder/edit edits a 退单 order keeping unsent fields and returns it to 待配单",
          "[order-desk]") {
  TestServer server(Fixture());
  rapidjson::Document before = OrderDoc(server, D3);
  REQUIRE(Str(before, "updateTime") == "2017-06-23 11:00:00");

  CheckOk(PostForm(server, "/demandOrder/edit",
                   "orderId=" + D3 +
                       "&updateTime=2017-06-23%2011:00:00&companyName=%E4%B8%99%E7%A7%91%E6%8A%80%E9%9B%86%E5%9B%A2"
                       "&salePrice=0.06&channelType=0&remark=%E6%94%B9%E4%BB%B7",
                   Operator("149")));

  rapidjson::Document after = OrderDoc(server, D3);
  CheckMembers(after, R"({"companyName":"丙科技集团","salePrice":"0.06","channelType":"0","channelTypeName":",三网合一",)"
                      R"("state":0,"stateName":"待配单","remark":"改价","operatorId":149})");
  std::string updated = Str(after, "updateTime");
  CHECK(updated != "2017-06-23 11:00:00");
  CHECK(IsTimestamp(updated));
  // Everything else as it was.
  CHECK(MembersExcept(after, {"companyName", "salePrice", "channelType", "channelTypeName", "state", "stateName",
                              "remark", "operatorId", "updateTime"}) ==
        MembersExcept(before, {"companyName", "salePrice", "channelType", "channelTypeName", "state", "stateName",
                               "remark", "operatorId", "updateTime"}));
  CHECK(Str(after, "createTime") == "2017-06-23 10:00:00");

  rapidjson::Document progress = ProgressDoc(server, D3);
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]) == R"({"orderId":")" + D3 +
                                 R"(","progress":"编辑订单","action":"edit","fromState":3,"fromStateName":"退单",)"
                                 R"("toState":0,"toStateName":"待配单","resourceIds":[],"remark":"改价",)"
                                 R"("operatorId":149,"operatorName":"abc","createTime":")" +
                                 updated + R"("})");
  CHECK(Column(OrderList(server, "state=0"), "orderId") == Strings{D3, D1});
  CHECK(OrderList(server, "state=3")["data"].Empty());

  // Now in 待配单, it cannot be edited again.
  const std::string edited = DbImage(server.db_path());
  CheckRefusal(PostForm(server, "/demandOrder/edit", "orderId=" + D3 + "&updateTime=" + updated + "&companyName=Z"),
               200, "STATE_CONFLICT", {D3, "待配单"});
  CHECK(DbImage(server.db_path()) == edited);
}

TEST_CASE("order desk: /demandOrder/edit takes JSON without updateTime and clears fields sent empty", "[order-desk]") {
  TestServer server(Fixture());
  CheckOk(PostJson(server, "/demandOrder/edit",
                   R"({"orderId":")" + D3 + R"(","extendSize":0,"belongSale":"60","rate":""})"));
  rapidjson::Document after = OrderDoc(server, D3);
  CHECK(after["extendSize"].GetInt() == 0);
  CHECK(Str(after, "extendSizeName") == "无特殊要求");
  CHECK(after["belongSale"].GetInt() == 60);
  CHECK(Str(after, "belongSaleName") == "张伟");
  CHECK(after["rate"].IsNull());
  CHECK(Str(after, "companyName") == "丙科技");
  CHECK(Str(after, "remark") == "原备注");  // no remark sent: the order's remark stays
  CHECK(after["operatorId"].GetInt() == 60);
  CHECK(after["state"].GetInt() == 0);
}

TEST_CASE("order desk: /demandOrder/edit refusals change nothing", "[order-desk]") {
  TestServer server(Fixture());
  const std::string before = DbImage(server.db_path());
  // A stale updateTime, in a form or in JSON.
  CHECK(CheckRefusal(
            PostForm(server, "/demandOrder/edit", "orderId=" + D3 + "&updateTime=2017-06-23%2011:00:01&companyName=Z"),
            200, "STALE_UPDATE") == kStale);
  CHECK(CheckRefusal(PostJson(server, "/demandOrder/edit",
                              R"({"orderId":")" + D3 + R"(","updateTime":"2017-06-23 10:00:00","salePrice":"1"})"),
                     200, "STALE_UPDATE") == kStale);
  std::vector<Refused> refused = {
      {"orderId=" + kUnknownOrder + "&companyName=Z", 200, "ORDER_NOT_FOUND", {"订单不存在"}},
      // Only a 退单 order is edited, and the state is checked before the updateTime.
      {"orderId=" + D1 + "&companyName=Z", 200, "STATE_CONFLICT", {D1, "待配单"}},
      {"orderId=" + D2 + "&companyName=Z", 200, "STATE_CONFLICT", {D2, "待匹配"}},
      {"orderId=" + D4 + "&companyName=Z", 200, "STATE_CONFLICT", {D4, "匹配成功"}},
      {"orderId=" + D5 + "&companyName=Z", 200, "STATE_CONFLICT", {D5, "寻资源"}},
      {"orderId=" + D1 + "&updateTime=2000-01-01%2000:00:00", 200, "STATE_CONFLICT"},
      // Missing or invalid parameters, checked before the order (an unknown order with a bad code is 400).
      {"companyName=Z", 400, "INVALID_PARAM", {"orderId"}},
      {"orderId=&companyName=Z", 400, "INVALID_PARAM", {"orderId"}},
      {"orderId=" + D3 + "&channelType=9", 400, "INVALID_PARAM", {"channelType"}},
      {"orderId=" + D3 + "&signType=5", 400, "INVALID_PARAM", {"signType"}},
      {"orderId=" + D3 + "&invoiceType=7", 400, "INVALID_PARAM", {"invoiceType"}},
      {"orderId=" + D3 + "&belongSale=abc", 400, "INVALID_PARAM", {"belongSale"}},
      {"orderId=" + D3 + "&updateTime=yesterday", 400, "INVALID_PARAM", {"updateTime"}},
      {"orderId=" + D3, 400, "INVALID_PARAM", {"X-Operator-Id"}, "-1"},
      {"orderId=" + kUnknownOrder + "&channelType=9", 400, "INVALID_PARAM", {"channelType"}},
  };
  // A required field cannot be emptied.
  for (const char* field : {"companyName", "belongSale", "smsType", "channelType", "salePrice"}) {
    refused.push_back({"orderId=" + D3 + "&" + field + "=", 400, "INVALID_PARAM", {field}});
  }
  CheckRefused(server, "/demandOrder/edit", refused);
  CHECK(DbImage(server.db_path()) == before);
  CHECK(OrderState(server, D3) == 3);
}

// ======================================================================================
// 撤单
// ======================================================================================

TEST_CASE("order desk: /demandOrder/chedan cancels from 待配单 or 待匹配 or 寻资源", "[order-desk]") {
  TestServer server(Fixture());

  SECTION("from 待配单: links dropped") {
    REQUIRE(Linked(server, D1) == Strings{T1});
    CheckOk(PostForm(server, "/demandOrder/chedan", "orderId=" + D1 + "&remark=%E5%AE%A2%E6%88%B7%E5%8F%96%E6%B6%88",
                     Operator("150")));
    rapidjson::Document order = OrderDoc(server, D1);
    CHECK(order["state"].GetInt() == 4);
    CHECK(Str(order, "stateName") == "撤单");
    CHECK(Str(order, "remark") == "客户取消");
    CHECK(order["operatorId"].GetInt() == 150);
    CHECK(order["demandState"].IsNull());
    CHECK(Linked(server, D1).empty());
    CHECK(ResourceState(server, T1) == "1");  // the resource itself is untouched
    rapidjson::Document progress = ProgressDoc(server, D1);
    REQUIRE(progress.Size() == 1);
    CHECK(Dump(progress[0]) == R"({"orderId":")" + D1 +
                                   R"(","progress":"撤单","action":"chedan","fromState":0,"fromStateName":"待配单",)"
                                   R"("toState":4,"toStateName":"撤单","resourceIds":[],"remark":"客户取消",)"
                                   R"("operatorId":150,"operatorName":"陈静","createTime":")" +
                                   Str(order, "updateTime") + R"("})");
    CHECK(Column(OrderList(server, "state=4"), "orderId") == Strings{D1});
  }
  SECTION("from 待匹配: links dropped, an answered demand stays as it was") {
    CheckOk(PostJson(server, "/demandOrder/chedan", R"({"orderId":")" + D2 + R"("})"));
    rapidjson::Document order = OrderDoc(server, D2);
    CHECK(order["state"].GetInt() == 4);
    CHECK(Str(order, "remark") == "原备注");
    CHECK(order["operatorId"].GetInt() == 60);
    CHECK(Linked(server, D2).empty());
    CHECK(Str(order, "demandState") == "2");
    CHECK(Str(DemandOf(server, D2), "state") == "2");
    CHECK(ProgressColumn(server, D2, "fromState") == Strings{"1"});
    // D4 still holds its own link to the same resource.
    CHECK(Linked(server, D4) == Strings{T1});
  }
  SECTION("from 寻资源: the open demand becomes 撤单") {
    CheckOk(PostForm(server, "/demandOrder/chedan", "orderId=" + D5));
    rapidjson::Document order = OrderDoc(server, D5);
    CHECK(order["state"].GetInt() == 4);
    CHECK(Str(order, "demandState") == "3");
    CHECK(Str(order, "demandStateName") == "撤单");
    CHECK(Linked(server, D5).empty());
    rapidjson::Document demand = DemandOf(server, D5);
    CHECK(Str(demand, "demandId") == X0);
    CHECK(Str(demand, "state") == "3");
    CHECK(Str(demand, "stateName") == "撤单");
    CHECK(Str(demand, "updateTime") == Str(order, "updateTime"));
    CHECK(Column(DemandList(server, "state=0"), "demandId").empty());
    CHECK(Column(DemandList(server, "state=3"), "demandId") == Strings{X0});
    CHECK(ProgressColumn(server, D5, "fromStateName") == Strings{"寻资源"});
    CHECK(ProgressColumn(server, D5, "toStateName") == Strings{"撤单"});
    // The demand is closed: it cannot be answered any more.
    CheckRefusal(PostForm(server, "/order/resource/demand/nores", "demandId=" + X0), 200, "STATE_CONFLICT", {X0});
  }
}

TEST_CASE("order desk: /demandOrder/chedan refusals change nothing, and 撤单 is final", "[order-desk]") {
  TestServer server(Fixture());
  const std::string before = DbImage(server.db_path());
  CheckRefused(server, "/demandOrder/chedan",
               {{"orderId=" + D4, 200, "STATE_CONFLICT", {D4, "匹配成功", "撤单"}},
                {"orderId=" + D3, 200, "STATE_CONFLICT", {D3, "退单", "撤单"}},
                {"orderId=" + kUnknownOrder, 200, "ORDER_NOT_FOUND", {"订单不存在"}},
                {"", 400, "INVALID_PARAM", {"orderId"}},
                {"orderId=" + D1, 400, "INVALID_PARAM", {"X-Operator-Id"}, "x"},
                {"orderId=" + D1 + "&remark=" + std::string(501, 'r'), 400, "INVALID_PARAM", {"remark"}}});
  CHECK(DbImage(server.db_path()) == before);
  CHECK(Linked(server, D4) == Strings{T1});

  CheckOk(PostForm(server, "/demandOrder/chedan", "orderId=" + D1));
  const std::string cancelled = DbImage(server.db_path());
  CheckRefusal(PostForm(server, "/demandOrder/chedan", "orderId=" + D1), 200, "STATE_CONFLICT", {D1, "撤单"});
  CheckRefusal(PostForm(server, "/peidan/daipipei", "orderId=" + D1), 200, "STATE_CONFLICT", {D1});
  CHECK(DbImage(server.db_path()) == cancelled);
}

// ======================================================================================
// Progress
// ======================================================================================

TEST_CASE("order desk: GET /demandOrder/{id}/progress lists entries oldest first with the operator", "[order-desk]") {
  TestServer server(Fixture());
  // No entries yet: an empty array.
  CHECK(Get(server, "/demandOrder/" + D1 + "/progress")->body ==
        R"({"success":true,"fail":false,"code":null,"data":[],"msg":"查询成功！","failure":false})");

  CheckOk(PostForm(server, "/peidan/daipipei", "orderId=" + D1 + "&resourceIds=" + T1 + "," + T0 + "&remark=a",
                   Operator("149")));
  CheckOk(PostForm(server, "/peidan/huitui", "orderId=" + D1, Operator("999")));  // no such staff
  CheckOk(PostForm(server, "/demandOrder/edit", "orderId=" + D1 + "&remark=b"));

  auto res = Get(server, "/demandOrder/" + D1 + "/progress");
  std::string data = SuccessData(res, "查询成功！");
  rapidjson::Document progress = ProgressDoc(server, D1);
  REQUIRE(progress.Size() == 3);
  std::vector<std::string> times;
  for (const auto& entry : progress.GetArray()) {
    times.push_back(Str(entry, "createTime"));
    CHECK(IsTimestamp(times.back()));
  }
  CHECK(std::is_sorted(times.begin(), times.end()));
  CHECK(data == R"([{"orderId":")" + D1 +
                    R"(","progress":"待匹配","action":"daipipei","fromState":0,"fromStateName":"待配单","toState":1,)"
                    R"("toStateName":"待匹配","resourceIds":[")" +
                    T1 + R"(",")" + T0 + R"("],"remark":"a","operatorId":149,"operatorName":"abc","createTime":")" +
                    times[0] + R"("},{"orderId":")" + D1 +
                    R"(","progress":"退单","action":"huitui","fromState":1,"fromStateName":"待匹配","toState":3,)"
                    R"("toStateName":"退单","resourceIds":[],"remark":"","operatorId":999,"operatorName":null,)"
                    R"("createTime":")" +
                    times[1] + R"("},{"orderId":")" + D1 +
                    R"(","progress":"编辑订单","action":"edit","fromState":3,"fromStateName":"退单","toState":0,)"
                    R"("toStateName":"待配单","resourceIds":[],"remark":"b","operatorId":null,"operatorName":null,)"
                    R"("createTime":")" +
                    times[2] + R"("}])");
  // The order's operatorId is the last operator named.
  CHECK(OrderDoc(server, D1)["operatorId"].GetInt() == 999);

  // Refusals.
  CheckRefusal(Get(server, "/demandOrder/D999920170621/progress"), 200, "ORDER_NOT_FOUND", {"订单不存在"});
  CheckRefusal(PostForm(server, "/demandOrder/" + D1 + "/progress", ""), 405, "METHOD_NOT_ALLOWED");
  // A refused change writes no entry.
  CheckRefusal(PostForm(server, "/demandOrder/edit", "orderId=" + D1 + "&remark=x"), 200, "STATE_CONFLICT");
  CheckRefusal(PostForm(server, "/peidan/daipipei", "orderId=" + D1 + "&resourceIds=T999920170621"), 200,
               "RESOURCE_NOT_FOUND");
  CHECK(ProgressDoc(server, D1).Size() == 3);
}

}  // namespace jsms::test
