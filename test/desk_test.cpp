// End-to-end tests of the desks around the seed's six (issue 5): the order desk (list, add, edit,
// 撤单, progress), the resource desk (add, edit, 上线, 撤销, detail), the demand desk (list, by order,
// 已供应, 无资源) and the staff list, against the real server on an ephemeral port over a real
// SQLite file. Every state is read back through the API; every refusal is checked to change nothing.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "domain/dates.h"
#include "util/clock.h"
#include "support.h"

namespace jsms::test {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kJson = "application/json";

const std::string kOk = R"({"success":true,"fail":false,"code":null,"data":null,"msg":"操作成功！","failure":false})";
const std::string kStale = "该订单已经更新,请重新操作";

// ---- The desk fixture ----
//
// Staff 149 abc, 60 张伟, 150 陈静.
// Orders (ids of 2017-06-21, created on successive days so "newest first" is D5, D4, D3, D2, D1):
//   D1 待配单 (0), 149, 甲科技有限公司, created 2017-06-21 09:00:00, linked to T1
//   D2 待匹配 (1), 150, 乙通信, created 2017-06-22 00:00:00, linked to T1; an old demand X1 in "2" 无资源
//   D3 退单 (3), 149, 丙科技, created 2017-06-23 10:00:00, updateTime 2017-06-23 11:00:00
//   D4 匹配成功 (5), 150, 丁传媒, created 2017-06-24 23:59:59, linked to T1
//   D5 寻资源 (6), 60, 戊网络, created 2017-06-25 10:00:00, its demand X0 in "0" 寻资源 (and a stale
//      link to T2, so "no links afterwards" means something)
// Resources: T0 待接入 "0", T1 已接入 "1", T2 待审批 "2", T3 撤销 "3".
const std::string D1 = "D000120170621", D2 = "D000220170621", D3 = "D000320170621", D4 = "D000420170621",
                  D5 = "D000520170621";
const std::string T0 = "T000020170621", T1 = "T000120170621", T2 = "T000220170621", T3 = "T000320170621";
const std::string X0 = "X000020170621", X1 = "X000120170621";

std::string OrderJson(const std::string& id, int state, const std::string& company, int sale,
                      const std::string& created, const std::string& updated) {
  return R"({"orderId":")" + id + R"(","companyName":")" + company + R"(","industryType":"同行","belongSale":)" +
         std::to_string(sale) +
         R"(,"smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0","channelType":"1,3",)"
         R"("directConnect":0,"extendSize":4,"rate":"100","signType":"1","contentTemplate":"【某某】验证码1234",)"
         R"("payType":"预付","salePrice":"统一价:0.05","invoiceType":1,"onlineDate":"2017-07-01","isAudit":0,)"
         R"("state":)" + std::to_string(state) +
         R"(,"remark":"原备注","auditorId":null,"operatorId":60,"createTime":")" + created +
         R"(","updateTime":")" + updated + R"("})";
}

std::string DemandJson(const std::string& id, const std::string& order_id, const std::string& state,
                       const std::string& created) {
  return R"({"demandId":")" + id + R"(","orderId":")" + order_id +
         R"(","industryType":"同行","smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0",)"
         R"("channelType":"1,3","directConnect":"0","extendSize":"4","rate":"100","signType":"1",)"
         R"("contentTemplate":"【某某】验证码1234","salePrice":"统一价:0.05","onlineDate":"2017-07-01",)"
         R"("state":")" + state + R"(","remark":"找移动通道","operatorId":"60","createTime":")" + created +
         R"(","updateTime":")" + created + R"("})";
}

const std::string& DeskFixture() {
  static const std::string fixture =
      R"({"staff":[{"id":149,"name":"abc"},{"id":60,"name":"张伟"},{"id":150,"name":"陈静"}],"orders":[)" +
      OrderJson(D1, 0, "甲科技有限公司", 149, "2017-06-21 09:00:00", "2017-06-21 09:00:00") + "," +
      OrderJson(D2, 1, "乙通信", 150, "2017-06-22 00:00:00", "2017-06-22 08:00:00") + "," +
      OrderJson(D3, 3, "丙科技", 149, "2017-06-23 10:00:00", "2017-06-23 11:00:00") + "," +
      OrderJson(D4, 5, "丁传媒", 150, "2017-06-24 23:59:59", "2017-06-25 08:00:00") + "," +
      OrderJson(D5, 6, "戊网络", 60, "2017-06-25 10:00:00", "2017-06-25 10:30:00") + R"(],"resources":[)" +
      ResourceJson(T0, "0") + "," + ResourceJson(T1, "1") + "," + ResourceJson(T2, "2") + "," +
      ResourceJson(T3, "3") + R"(],"links":[)" +
      R"({"orderId":")" + D1 + R"(","resourceId":")" + T1 + R"("},)" +
      R"({"orderId":")" + D2 + R"(","resourceId":")" + T1 + R"("},)" +
      R"({"orderId":")" + D4 + R"(","resourceId":")" + T1 + R"("},)" +
      R"({"orderId":")" + D5 + R"(","resourceId":")" + T2 + R"("}],"demands":[)" +
      DemandJson(X0, D5, "0", "2017-06-25 10:30:00") + "," + DemandJson(X1, D2, "2", "2017-06-22 06:00:00") +
      "]}";
  return fixture;
}

// The wire form of the fixture's resources and demands (keys in the seed's order).
std::string ResourceRowJson(const std::string& id, const std::string& state, const std::string& state_name) {
  return R"({"orderBy":null,"rowNum":null,"resourceId":")" + id +
         R"(","channelId":"9","channelType":"1","smsType":"验证码","contentProp":"1","belongBusiness":"60",)"
         R"("belongBusinessName":"张伟","directConnect":"0","extendSize":"2","signType":"1",)"
         R"("purchasePrice":"统一价:0.03","rate":"200","minimumGuarantee":"0","isCredit":"0","payType":"1",)"
         R"("invoiceType":"1","mtIp":"10.0.0.1","protocolType":"1","supplier":"某通信","contact":"王",)"
         R"("mobile":"13800000000","isAudit":"0","onlineDate":"2017-06-19","state":")" + state +
         R"(","remark":"r","auditorId":"1","operatorId":"1","createTime":"2017-06-20 09:49:18",)"
         R"("updateTime":"2017-06-20 11:08:44","channelTypeName":",移动","directConnectName":"直连",)"
         R"("signTypeName":",报备签名","extendSizeName":"支持2位","minimumGuaranteeName":"不承诺保底",)"
         R"("isCreditName":"否","invoiceTypeName":"专票","protocolTypeName":"CMPP","stateName":")" + state_name +
         R"("})";
}

std::string DemandRowJson(const std::string& id, const std::string& order_id, const std::string& state,
                          const std::string& state_name, const std::string& created) {
  return R"({"demandId":")" + id + R"(","orderId":")" + order_id +
         R"(","industryType":"同行","smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0",)"
         R"("channelType":"1,3","directConnect":"0","extendSize":"4","rate":"100","signType":"1",)"
         R"("contentTemplate":"【某某】验证码1234","salePrice":"统一价:0.05","onlineDate":"2017-07-01",)"
         R"("state":")" + state + R"(","stateName":")" + state_name +
         R"(","remark":"找移动通道","operatorId":"60","createTime":")" + created + R"(","updateTime":")" +
         created + R"("})";
}

// ---- Key orders of the wire contract ----

const std::vector<std::string> kOrderKeys = {
    "orderId", "companyName", "industryType", "belongSale", "smsType", "expectNumber", "minimumGuarantee",
    "channelType", "directConnect", "extendSize", "rate", "signType", "contentTemplate", "payType",
    "salePrice", "invoiceType", "onlineDate", "isAudit", "state", "remark", "auditorId", "operatorId",
    "createTime", "updateTime", "belongSaleName", "channelTypeName", "directConnectName", "signTypeName",
    "invoiceTypeName", "isAuditName", "stateName", "minimumGuaranteeName", "extendSizeName", "demandState",
    "demandStateName"};
const std::vector<std::string> kDemandKeys = {
    "demandId", "orderId", "industryType", "smsType", "expectNumber", "minimumGuarantee", "channelType",
    "directConnect", "extendSize", "rate", "signType", "contentTemplate", "salePrice", "onlineDate", "state",
    "stateName", "remark", "operatorId", "createTime", "updateTime"};
const std::vector<std::string> kProgressKeys = {
    "orderId", "progress", "action", "fromState", "fromStateName", "toState", "toStateName", "resourceIds",
    "remark", "operatorId", "operatorName", "createTime"};
const std::vector<std::string> kFullPageKeys = {"pageNo", "pageSize", "totalRecord", "totalPage", "params",
                                                "data", "otherData", "totalOtherData", "orderByClause"};
const std::vector<std::string> kEnvelopeKeys = {"success", "fail", "code", "data", "msg", "failure"};

// ---- Helpers ----

std::string Dump(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<std::string> Keys(const rapidjson::Value& object) {
  std::vector<std::string> keys;
  REQUIRE(object.IsObject());
  for (const auto& member : object.GetObject()) keys.emplace_back(member.name.GetString());
  return keys;
}

std::string Str(const rapidjson::Value& object, const char* key) {
  REQUIRE(object.HasMember(key));
  INFO(key);
  REQUIRE(object[key].IsString());
  return object[key].GetString();
}

void CheckClean(const httplib::Result& res) {
  REQUIRE(res);
  CHECK(res->get_header_value("Content-Type") == "application/json;charset=UTF-8");
  CHECK(res->body.find("SQL") == std::string::npos);
  CHECK(res->body.find("sqlite") == std::string::npos);
  CHECK(res->body.find("/tmp") == std::string::npos);
}

void CheckOk(const httplib::Result& res) {
  CheckClean(res);
  INFO(res->body);
  CHECK(res->status == 200);
  CHECK(res->body == kOk);
}

// The refusal envelope in the seed's key order; msg contains each of `parts`. Returns the msg.
std::string CheckRefusal(const httplib::Result& res, int status, const std::string& code,
                         std::initializer_list<std::string> parts = {}) {
  CheckClean(res);
  INFO(res->body);
  CHECK(res->status == status);
  rapidjson::Document doc = ParseJson(res->body);
  CHECK(Keys(doc) == kEnvelopeKeys);
  CHECK(doc["success"].IsFalse());
  CHECK(doc["fail"].IsTrue());
  CHECK(doc["failure"].IsTrue());
  CHECK(doc["data"].IsNull());
  REQUIRE(doc["code"].IsString());
  CHECK(std::string(doc["code"].GetString()) == code);
  REQUIRE(doc["msg"].IsString());
  std::string msg = doc["msg"].GetString();
  CHECK_FALSE(msg.empty());
  for (const auto& part : parts) {
    INFO("msg should contain " << part);
    CHECK(msg.find(part) != std::string::npos);
  }
  return msg;
}

// A success envelope with msg `msg`; returns its data.
std::string SuccessData(const httplib::Result& res, const std::string& msg) {
  CheckClean(res);
  INFO(res->body.substr(0, 600));
  REQUIRE(res->status == 200);
  rapidjson::Document doc = ParseJson(res->body);
  CHECK(Keys(doc) == kEnvelopeKeys);
  CHECK(doc["success"].IsTrue());
  CHECK(doc["fail"].IsFalse());
  CHECK(doc["code"].IsNull());
  CHECK(doc["failure"].IsFalse());
  REQUIRE(doc["msg"].IsString());
  CHECK(std::string(doc["msg"].GetString()) == msg);
  const std::string head = R"({"success":true,"fail":false,"code":null,"data":)";
  const std::string tail = R"(,"msg":")" + msg + R"(","failure":false})";
  REQUIRE(res->body.size() >= head.size() + tail.size());
  CHECK(res->body.compare(0, head.size(), head) == 0);
  CHECK(res->body.compare(res->body.size() - tail.size(), tail.size(), tail) == 0);
  return Dump(doc["data"]);
}

httplib::Result Post(TestServer& server, const std::string& path, const std::string& body,
                     const httplib::Headers& headers = {}) {
  auto client = server.Client();
  return client.Post(path.c_str(), headers, body, kForm);
}

httplib::Result PostJson(TestServer& server, const std::string& path, const std::string& body,
                         const httplib::Headers& headers = {}) {
  auto client = server.Client();
  return client.Post(path.c_str(), headers, body, kJson);
}

httplib::Result Get(TestServer& server, const std::string& path, const httplib::Headers& headers = {}) {
  auto client = server.Client();
  return client.Get(path.c_str(), headers);
}

httplib::Headers Operator(const std::string& id) { return {{"X-Operator-Id", id}}; }

// The order detail's data object, as compact JSON.
std::string OrderData(TestServer& server, const std::string& id) {
  return SuccessData(Get(server, "/demandOrder/" + id), "查询成功！");
}

rapidjson::Document OrderDoc(TestServer& server, const std::string& id) { return ParseJson(OrderData(server, id)); }

int OrderState(TestServer& server, const std::string& id) {
  rapidjson::Document doc = OrderDoc(server, id);
  REQUIRE(doc["state"].IsInt());
  return doc["state"].GetInt();
}

// A page reply: keys in order, totals; returns the document.
rapidjson::Document Page(const httplib::Result& res) {
  CheckClean(res);
  INFO(res->body.substr(0, 600));
  REQUIRE(res->status == 200);
  rapidjson::Document doc = ParseJson(res->body);
  CHECK(Keys(doc) == kFullPageKeys);
  CHECK(doc["otherData"].IsNull());
  CHECK(doc["totalOtherData"].IsNull());
  CHECK(doc["orderByClause"].IsNull());
  REQUIRE(doc["data"].IsArray());
  return doc;
}

void CheckPageHead(const rapidjson::Document& doc, int64_t page_no, int64_t page_size, int64_t total,
                   int64_t total_page, const std::string& params) {
  CHECK(doc["pageNo"].GetInt64() == page_no);
  CHECK(doc["pageSize"].GetInt64() == page_size);
  CHECK(doc["totalRecord"].GetInt64() == total);
  CHECK(doc["totalPage"].GetInt64() == total_page);
  CHECK(Dump(doc["params"]) == params);
}

std::vector<std::string> Column(const rapidjson::Document& page, const char* key) {
  std::vector<std::string> out;
  for (const auto& row : page["data"].GetArray()) out.push_back(Str(row, key));
  return out;
}

rapidjson::Document OrderList(TestServer& server, const std::string& body) {
  return Page(Post(server, "/demandOrder/list", body));
}

rapidjson::Document DemandList(TestServer& server, const std::string& body) {
  return Page(Post(server, "/order/resource/demand/list", body));
}

std::vector<std::string> Linked(TestServer& server, const std::string& order_id) {
  rapidjson::Document page = Page(Post(server, "/order/resource/query", "rows=100&orderId=" + order_id));
  return Column(page, "resourceId");
}

rapidjson::Document ResourceDoc(TestServer& server, const std::string& id) {
  return ParseJson(SuccessData(Get(server, "/order/resource/" + id), "查询成功！"));
}

std::string ResourceState(TestServer& server, const std::string& id) { return Str(ResourceDoc(server, id), "state"); }

rapidjson::Document DemandOf(TestServer& server, const std::string& order_id) {
  return ParseJson(SuccessData(Get(server, "/order/resource/demand/byorder/" + order_id), "查询成功！"));
}

// The progress entries (the data array) of an order.
rapidjson::Document ProgressDoc(TestServer& server, const std::string& order_id) {
  rapidjson::Document doc = ParseJson(SuccessData(Get(server, "/demandOrder/" + order_id + "/progress"), "查询成功！"));
  REQUIRE(doc.IsArray());
  for (const auto& entry : doc.GetArray()) CHECK(Keys(entry) == kProgressKeys);
  return doc;
}

std::vector<std::string> ProgressColumn(TestServer& server, const std::string& order_id, const char* key) {
  rapidjson::Document doc = ProgressDoc(server, order_id);
  std::vector<std::string> out;
  for (const auto& entry : doc.GetArray()) {
    const auto& value = entry[key];
    out.push_back(value.IsString() ? value.GetString() : Dump(value));
  }
  return out;
}

// Everything the API shows, for "a refusal changed nothing".
std::string World(TestServer& server) {
  std::string world = Post(server, "/demandOrder/list", "rows=1000")->body;
  world += Post(server, "/order/resource/query", "rows=1000")->body;
  world += Post(server, "/order/resource/demand/list", "rows=1000")->body;
  rapidjson::Document orders = ParseJson(Post(server, "/demandOrder/list", "rows=1000")->body);
  for (const auto& row : orders["data"].GetArray()) {
    std::string id = row["orderId"].GetString();
    world += Get(server, "/demandOrder/" + id + "/progress")->body;
    world += Post(server, "/order/resource/query", "rows=1000&orderId=" + id)->body;
  }
  return world;
}

// The members of an object, as compact JSON values, except the given keys.
std::vector<std::pair<std::string, std::string>> MembersExcept(const rapidjson::Value& object,
                                                               std::initializer_list<const char*> except) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& member : object.GetObject()) {
    std::string name = member.name.GetString();
    if (std::find(except.begin(), except.end(), name) != except.end()) continue;
    out.emplace_back(name, Dump(member.value));
  }
  return out;
}

std::string Today() { return CompactDay(NowTimestamp()); }

// Checks `id` is prefix + 4 digits + a day of today (either side of the request) and returns the
// sequence number.
int CheckNewId(const std::string& id, char prefix, const std::string& day_before) {
  INFO(id);
  std::regex shape(std::string("^") + prefix + R"(\d{4}\d{8}$)");
  REQUIRE(std::regex_match(id, shape));
  std::string day = id.substr(5);
  CHECK((day == day_before || day == Today()));
  return std::stoi(id.substr(1, 4));
}

const std::string kNewOrderForm =
    "companyName=%E6%96%B0%E5%85%AC%E5%8F%B8&belongSale=150&smsType=%E9%80%9A%E7%9F%A5&channelType=1,2"
    "&salePrice=0.04&signType=0,2&invoiceType=2&directConnect=1&extendSize=6&minimumGuarantee=50"
    "&isAudit=1&onlineDate=2017-08-01&industryType=%E7%94%B5%E5%95%86&remark=%E9%A6%96%E5%8D%95";

std::string AddOrder(TestServer& server, const std::string& body = kNewOrderForm,
                     const httplib::Headers& headers = Operator("60")) {
  std::string day = Today();
  std::string data = SuccessData(Post(server, "/demandOrder/add", body, headers), "操作成功！");
  rapidjson::Document doc = ParseJson(data);
  REQUIRE(doc.IsString());
  std::string id = doc.GetString();
  CheckNewId(id, 'D', day);
  return id;
}

std::string AddResource(TestServer& server, const std::string& body, const httplib::Headers& headers = {}) {
  std::string day = Today();
  std::string data = SuccessData(Post(server, "/order/resource/add/save", body, headers), "操作成功！");
  rapidjson::Document doc = ParseJson(data);
  REQUIRE(doc.IsString());
  std::string id = doc.GetString();
  CheckNewId(id, 'T', day);
  return id;
}

// ======================================================================================
// Staff
// ======================================================================================

TEST_CASE("desk: GET /staff lists every staff member by id", "[desk]") {
  TestServer server(DeskFixture());
  auto res = Get(server, "/staff");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body ==
        R"({"success":true,"fail":false,"code":null,"data":[{"id":60,"name":"张伟"},{"id":149,"name":"abc"},)"
        R"({"id":150,"name":"陈静"}],"msg":"查询成功！","failure":false})");

  TestServer empty("");
  CHECK(Get(empty, "/staff")->body ==
        R"({"success":true,"fail":false,"code":null,"data":[],"msg":"查询成功！","failure":false})");
  CheckRefusal(Post(server, "/staff", ""), 405, "METHOD_NOT_ALLOWED");
}

// ======================================================================================
// Order list
// ======================================================================================

TEST_CASE("desk: /demandOrder/list pages newest first and each row is the detail's data", "[desk]") {
  TestServer server(DeskFixture());

  rapidjson::Document all = OrderList(server, "");
  CheckPageHead(all, 1, 30, 5, 1, "{}");
  CHECK(Column(all, "orderId") == std::vector<std::string>{D5, D4, D3, D2, D1});
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
    CHECK(Column(second, "orderId") == std::vector<std::string>{D3, D2});
    rapidjson::Document last = OrderList(server, "rows=2&page=3");
    CHECK(Column(last, "orderId") == std::vector<std::string>{D1});
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

TEST_CASE("desk: /demandOrder/list filters and echoes them", "[desk]") {
  TestServer server(DeskFixture());
  using Ids = std::vector<std::string>;

  rapidjson::Document by_state = OrderList(server, "state=1");
  CheckPageHead(by_state, 1, 30, 1, 1, R"({"state":1})");
  CHECK(Column(by_state, "orderId") == Ids{D2});
  rapidjson::Document state_zero = OrderList(server, "state=0");
  CheckPageHead(state_zero, 1, 30, 1, 1, R"({"state":0})");
  CHECK(Column(state_zero, "orderId") == Ids{D1});
  CHECK(OrderList(server, "state=4")["data"].Empty());

  rapidjson::Document by_id = OrderList(server, "orderId=" + D3);
  CheckPageHead(by_id, 1, 30, 1, 1, R"({"orderId":")" + D3 + R"("})");
  CHECK(Column(by_id, "orderId") == Ids{D3});
  rapidjson::Document unknown = OrderList(server, "orderId=D999920170621");
  CheckPageHead(unknown, 1, 30, 0, 0, R"({"orderId":"D999920170621"})");

  // companyName is a substring match (科技 is in 甲科技有限公司 and 丙科技).
  rapidjson::Document by_company = Page(PostJson(server, "/demandOrder/list", R"({"companyName":"科技"})"));
  CheckPageHead(by_company, 1, 30, 2, 1, R"({"companyName":"科技"})");
  CHECK(Column(by_company, "orderId") == Ids{D3, D1});
  CHECK(Column(Page(PostJson(server, "/demandOrder/list", R"({"companyName":"有限"})")), "orderId") == Ids{D1});

  rapidjson::Document by_sale = OrderList(server, "belongSale=150");
  CheckPageHead(by_sale, 1, 30, 2, 1, R"({"belongSale":150})");
  CHECK(Column(by_sale, "orderId") == Ids{D4, D2});

  // Dates are inclusive at both ends: D2 at 00:00:00 on the 22nd, D4 at 23:59:59 on the 24th.
  rapidjson::Document by_dates = OrderList(server, "createTimeFrom=2017-06-22&createTimeTo=2017-06-24");
  CheckPageHead(by_dates, 1, 30, 3, 1, R"({"createTimeFrom":"2017-06-22","createTimeTo":"2017-06-24"})");
  CHECK(Column(by_dates, "orderId") == Ids{D4, D3, D2});
  CHECK(Column(OrderList(server, "createTimeFrom=2017-06-25"), "orderId") == Ids{D5});
  CHECK(Column(OrderList(server, "createTimeTo=2017-06-21"), "orderId") == Ids{D1});
  CHECK(Column(OrderList(server, "createTimeFrom=2017-06-24&createTimeTo=2017-06-24"), "orderId") == Ids{D4});

  // All together, echoed in the issue's order.
  rapidjson::Document combined = Page(PostJson(
      server, "/demandOrder/list",
      R"({"state":"3","orderId":")" + D3 +
          R"(","companyName":"丙","belongSale":149,"createTimeFrom":"2017-06-23","createTimeTo":"2017-06-23"})"));
  CheckPageHead(combined, 1, 30, 1, 1,
                R"({"state":3,"orderId":")" + D3 +
                    R"(","companyName":"丙","belongSale":149,"createTimeFrom":"2017-06-23","createTimeTo":"2017-06-23"})");
  CHECK(Column(combined, "orderId") == Ids{D3});
  CHECK(OrderList(server, "state=3&belongSale=150")["data"].Empty());

  // Empty filters read as absent.
  CheckPageHead(OrderList(server, "state=&orderId=&companyName=&belongSale=&createTimeFrom=&createTimeTo="), 1, 30,
                5, 1, "{}");

  SECTION("malformed filters are 400 naming the parameter") {
    CheckRefusal(Post(server, "/demandOrder/list", "state=-1"), 400, "INVALID_PARAM", {"state"});
    CheckRefusal(Post(server, "/demandOrder/list", "state=x"), 400, "INVALID_PARAM", {"state"});
    CheckRefusal(Post(server, "/demandOrder/list", "belongSale=abc"), 400, "INVALID_PARAM", {"belongSale"});
    CheckRefusal(Post(server, "/demandOrder/list", "belongSale=0"), 400, "INVALID_PARAM", {"belongSale"});
    CheckRefusal(Post(server, "/demandOrder/list", "createTimeFrom=2017-13-01"), 400, "INVALID_PARAM",
                 {"createTimeFrom"});
    CheckRefusal(Post(server, "/demandOrder/list", "createTimeTo=20170621"), 400, "INVALID_PARAM", {"createTimeTo"});
    CheckRefusal(Post(server, "/demandOrder/list", "rows=0"), 400, "INVALID_PARAM", {"rows"});
    CheckRefusal(Post(server, "/demandOrder/list", "page=1.5"), 400, "INVALID_PARAM", {"page"});
  }
}

// ======================================================================================
// Order add
// ======================================================================================

TEST_CASE("desk: /demandOrder/add creates an order in 待配单 with a progress entry 提交订单", "[desk]") {
  TestServer server(DeskFixture());
  std::string before_day = Today();
  std::string id = AddOrder(server);
  CHECK(id.substr(0, 5) == "D0001");  // the first of the day

  rapidjson::Document order = OrderDoc(server, id);
  CHECK(Keys(order) == kOrderKeys);
  CHECK(Str(order, "orderId") == id);
  CHECK(Str(order, "companyName") == "新公司");
  CHECK(Str(order, "industryType") == "电商");
  CHECK(order["belongSale"].GetInt() == 150);
  CHECK(Str(order, "belongSaleName") == "陈静");
  CHECK(Str(order, "smsType") == "通知");
  CHECK(Str(order, "channelType") == "1,2");
  CHECK(Str(order, "channelTypeName") == ",移动,电信");
  CHECK(Str(order, "signType") == "0,2");
  CHECK(Str(order, "signTypeName") == ",自定义,固签");
  CHECK(order["invoiceType"].GetInt() == 2);
  CHECK(Str(order, "invoiceTypeName") == "普票");
  CHECK(order["directConnect"].GetInt() == 1);
  CHECK(order["extendSize"].GetInt() == 6);
  CHECK(Str(order, "extendSizeName") == "要求6位");
  CHECK(Str(order, "minimumGuarantee") == "50");
  CHECK(Str(order, "minimumGuaranteeName") == "50万条/月");
  CHECK(order["isAudit"].GetInt() == 1);
  CHECK(Str(order, "salePrice") == "0.04");
  CHECK(Str(order, "onlineDate") == "2017-08-01");
  CHECK(order["expectNumber"].IsNull());
  CHECK(order["payType"].IsNull());
  CHECK(order["auditorId"].IsNull());
  CHECK(order["state"].GetInt() == 0);
  CHECK(Str(order, "stateName") == "待配单");
  CHECK(Str(order, "remark") == "首单");
  CHECK(order["operatorId"].GetInt() == 60);
  CHECK(order["demandState"].IsNull());
  std::string created = Str(order, "createTime");
  CHECK(IsTimestamp(created));
  CHECK(Str(order, "updateTime") == created);
  CHECK(CompactDay(created) == id.substr(5));

  // Newest first: the new order heads the list, which now has six.
  rapidjson::Document list = OrderList(server, "");
  CHECK(list["totalRecord"].GetInt64() == 6);
  CHECK(Str(list["data"][0], "orderId") == id);
  CHECK(Column(OrderList(server, "state=0"), "orderId") == std::vector<std::string>{id, D1});
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

TEST_CASE("desk: /demandOrder/add refuses missing required fields and invalid codes and adds nothing", "[desk]") {
  TestServer server(DeskFixture());
  const std::string world = World(server);
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
    CheckRefusal(Post(server, "/demandOrder/add", without), 400, "INVALID_PARAM", {field});
    // …or sent empty.
    CheckRefusal(Post(server, "/demandOrder/add", without + "&" + field + "="), 400, "INVALID_PARAM", {field});
  }
  CheckRefusal(Post(server, "/demandOrder/add", ""), 400, "INVALID_PARAM");

  struct Bad {
    const char* extra;
    const char* field;
  };
  for (const Bad& bad : {Bad{"channelType=9", "channelType"}, Bad{"channelType=1,9", "channelType"},
                         Bad{"signType=5", "signType"}, Bad{"invoiceType=7", "invoiceType"},
                         Bad{"belongSale=abc", "belongSale"}, Bad{"belongSale=0", "belongSale"},
                         Bad{"directConnect=2", "directConnect"}, Bad{"isAudit=2", "isAudit"},
                         Bad{"extendSize=-1", "extendSize"}, Bad{"minimumGuarantee=x", "minimumGuarantee"},
                         Bad{"onlineDate=2017-6-30", "onlineDate"}, Bad{"auditorId=-3", "auditorId"}}) {
    INFO(bad.extra);
    // The bad value comes first so it is the one read (the first value of a name wins).
    CheckRefusal(Post(server, "/demandOrder/add", std::string(bad.extra) + "&" + base), 400, "INVALID_PARAM",
                 {bad.field});
  }
  CheckRefusal(Post(server, "/demandOrder/add", base, Operator("abc")), 400, "INVALID_PARAM", {"X-Operator-Id"});
  CheckRefusal(Post(server, "/demandOrder/add", base, Operator("0")), 400, "INVALID_PARAM", {"X-Operator-Id"});
  CheckRefusal(Post(server, "/demandOrder/add", base + "&remark=" + std::string(501, 'r')), 400, "INVALID_PARAM",
               {"remark"});
  CheckRefusal(PostJson(server, "/demandOrder/add", "{not json"), 400, "INVALID_PARAM");
  CheckRefusal(Get(server, "/demandOrder/add"), 405, "METHOD_NOT_ALLOWED");

  CHECK(World(server) == world);
  // A refused add takes no id: the next accepted one is still the first of the day.
  CHECK(AddOrder(server, base).substr(0, 5) == "D0001");
}

TEST_CASE("desk: dates that do not exist are refused as out of range", "[desk]") {
  // Spec §1: "missing, empty, malformed or out-of-range parameter" is 400; 2017-02-30 is no date.
  TestServer server(DeskFixture());
  const std::string world = World(server);
  const std::string base = "companyName=A&belongSale=149&smsType=S&channelType=0&salePrice=0.1";
  CheckRefusal(Post(server, "/demandOrder/add", base + "&onlineDate=2017-02-30"), 400, "INVALID_PARAM",
               {"onlineDate"});
  CheckRefusal(Post(server, "/demandOrder/add", base + "&onlineDate=2017-04-31"), 400, "INVALID_PARAM",
               {"onlineDate"});
  CheckRefusal(Post(server, "/order/resource/add/save", "onlineDate=2017-02-29"), 400, "INVALID_PARAM",
               {"onlineDate"});
  CheckRefusal(Post(server, "/demandOrder/list", "createTimeFrom=2017-02-30"), 400, "INVALID_PARAM",
               {"createTimeFrom"});
  CHECK(World(server) == world);
}

TEST_CASE("desk: concurrent /demandOrder/add calls get distinct ids", "[desk]") {
  TestServer server(DeskFixture());
  constexpr int kThreads = 8;
  std::vector<int> statuses(kThreads, -1);
  std::vector<std::string> bodies(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto client = server.Client();
      auto res = client.Post("/demandOrder/add", Operator(std::to_string(100 + i)),
                             "companyName=C" + std::to_string(i) +
                                 "&belongSale=149&smsType=S&channelType=0&salePrice=0.1",
                             kForm);
      if (res) {
        statuses[i] = res->status;
        bodies[i] = res->body;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::string day = Today();
  std::set<std::string> ids;
  std::set<int> sequences;
  for (int i = 0; i < kThreads; ++i) {
    INFO(bodies[i]);
    REQUIRE(statuses[i] == 200);
    rapidjson::Document doc = ParseJson(bodies[i]);
    REQUIRE(doc["success"].IsTrue());
    REQUIRE(doc["data"].IsString());
    std::string id = doc["data"].GetString();
    sequences.insert(CheckNewId(id, 'D', day));
    ids.insert(id);
    // Each id is the order its caller made.
    CHECK(Str(OrderDoc(server, id), "companyName") == "C" + std::to_string(i));
  }
  CHECK(ids.size() == kThreads);
  CHECK(sequences == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(OrderList(server, "state=0")["totalRecord"].GetInt64() == kThreads + 1);
}

// ======================================================================================
// Order edit
// ======================================================================================

TEST_CASE("desk: /demandOrder/edit edits a 退单 order keeping unsent fields and returns it to 待配单", "[desk]") {
  TestServer server(DeskFixture());
  rapidjson::Document before = OrderDoc(server, D3);
  REQUIRE(Str(before, "updateTime") == "2017-06-23 11:00:00");

  CheckOk(Post(server, "/demandOrder/edit",
               "orderId=" + D3 +
                   "&updateTime=2017-06-23%2011:00:00&companyName=%E4%B8%99%E7%A7%91%E6%8A%80%E9%9B%86%E5%9B%A2"
                   "&salePrice=0.06&channelType=0&remark=%E6%94%B9%E4%BB%B7",
               Operator("149")));

  rapidjson::Document after = OrderDoc(server, D3);
  CHECK(Str(after, "companyName") == "丙科技集团");
  CHECK(Str(after, "salePrice") == "0.06");
  CHECK(Str(after, "channelType") == "0");
  CHECK(Str(after, "channelTypeName") == ",三网合一");
  CHECK(after["state"].GetInt() == 0);
  CHECK(Str(after, "stateName") == "待配单");
  CHECK(Str(after, "remark") == "改价");
  CHECK(after["operatorId"].GetInt() == 149);
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
  CHECK(Column(OrderList(server, "state=0"), "orderId") == std::vector<std::string>{D3, D1});
  CHECK(OrderList(server, "state=3")["data"].Empty());

  // Now in 待配单, it cannot be edited again.
  std::string world = World(server);
  CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&updateTime=" + updated + "&companyName=Z"), 200,
               "STATE_CONFLICT", {D3, "待配单"});
  CHECK(World(server) == world);
}

TEST_CASE("desk: /demandOrder/edit takes JSON without updateTime and clears fields sent empty",
          "[desk]") {
  TestServer server(DeskFixture());
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

TEST_CASE("desk: /demandOrder/edit refusals change nothing", "[desk]") {
  TestServer server(DeskFixture());
  const std::string world = World(server);

  SECTION("stale updateTime") {
    std::string msg = CheckRefusal(
        Post(server, "/demandOrder/edit", "orderId=" + D3 + "&updateTime=2017-06-23%2011:00:01&companyName=Z"), 200,
        "STALE_UPDATE");
    CHECK(msg == kStale);
    msg = CheckRefusal(PostJson(server, "/demandOrder/edit",
                                R"({"orderId":")" + D3 + R"(","updateTime":"2017-06-23 10:00:00","salePrice":"1"})"),
                       200, "STALE_UPDATE");
    CHECK(msg == kStale);
  }
  SECTION("unknown order") {
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=D999920170621&companyName=Z"), 200, "ORDER_NOT_FOUND",
                 {"订单不存在"});
  }
  SECTION("wrong state") {
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D1 + "&companyName=Z"), 200, "STATE_CONFLICT",
                 {D1, "待配单"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D2 + "&companyName=Z"), 200, "STATE_CONFLICT",
                 {D2, "待匹配"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D4 + "&companyName=Z"), 200, "STATE_CONFLICT",
                 {D4, "匹配成功"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D5 + "&companyName=Z"), 200, "STATE_CONFLICT",
                 {D5, "寻资源"});
    // The state is checked before the updateTime.
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D1 + "&updateTime=2000-01-01%2000:00:00"), 200,
                 "STATE_CONFLICT");
  }
  SECTION("missing or invalid parameters") {
    CheckRefusal(Post(server, "/demandOrder/edit", "companyName=Z"), 400, "INVALID_PARAM", {"orderId"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=&companyName=Z"), 400, "INVALID_PARAM", {"orderId"});
    for (const char* field : {"companyName", "belongSale", "smsType", "channelType", "salePrice"}) {
      CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&" + field + "="), 400, "INVALID_PARAM",
                   {field});
    }
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&channelType=9"), 400, "INVALID_PARAM",
                 {"channelType"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&signType=5"), 400, "INVALID_PARAM",
                 {"signType"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&invoiceType=7"), 400, "INVALID_PARAM",
                 {"invoiceType"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&belongSale=abc"), 400, "INVALID_PARAM",
                 {"belongSale"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3 + "&updateTime=yesterday"), 400, "INVALID_PARAM",
                 {"updateTime"});
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D3, Operator("-1")), 400, "INVALID_PARAM",
                 {"X-Operator-Id"});
    // Parameters are checked before the order: an unknown order with a bad code is still 400.
    CheckRefusal(Post(server, "/demandOrder/edit", "orderId=D999920170621&channelType=9"), 400, "INVALID_PARAM",
                 {"channelType"});
  }
  CHECK(World(server) == world);
  CHECK(OrderState(server, D3) == 3);
}

// ======================================================================================
// 撤单
// ======================================================================================

TEST_CASE("desk: /demandOrder/chedan cancels from 待配单 or 待匹配 or 寻资源", "[desk]") {
  TestServer server(DeskFixture());

  SECTION("from 待配单: links dropped") {
    REQUIRE(Linked(server, D1) == std::vector<std::string>{T1});
    CheckOk(Post(server, "/demandOrder/chedan", "orderId=" + D1 + "&remark=%E5%AE%A2%E6%88%B7%E5%8F%96%E6%B6%88",
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
    CHECK(Column(OrderList(server, "state=4"), "orderId") == std::vector<std::string>{D1});
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
    CHECK(ProgressColumn(server, D2, "fromState") == std::vector<std::string>{"1"});
    // D4 still holds its own link to the same resource.
    CHECK(Linked(server, D4) == std::vector<std::string>{T1});
  }
  SECTION("from 寻资源: the open demand becomes 撤单") {
    CheckOk(Post(server, "/demandOrder/chedan", "orderId=" + D5));
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
    CHECK(Column(DemandList(server, "state=3"), "demandId") == std::vector<std::string>{X0});
    CHECK(ProgressColumn(server, D5, "fromStateName") == std::vector<std::string>{"寻资源"});
    CHECK(ProgressColumn(server, D5, "toStateName") == std::vector<std::string>{"撤单"});
    // The demand is closed: it cannot be answered any more.
    CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=" + X0), 200, "STATE_CONFLICT", {X0});
  }
}

TEST_CASE("desk: /demandOrder/chedan refusals change nothing", "[desk]") {
  TestServer server(DeskFixture());
  const std::string world = World(server);
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=" + D4), 200, "STATE_CONFLICT", {D4, "匹配成功", "撤单"});
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=" + D3), 200, "STATE_CONFLICT", {D3, "退单", "撤单"});
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=D999920170621"), 200, "ORDER_NOT_FOUND", {"订单不存在"});
  CheckRefusal(Post(server, "/demandOrder/chedan", ""), 400, "INVALID_PARAM", {"orderId"});
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=" + D1, Operator("x")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=" + D1 + "&remark=" + std::string(501, 'r')), 400,
               "INVALID_PARAM", {"remark"});
  CHECK(World(server) == world);
  CHECK(Linked(server, D4) == std::vector<std::string>{T1});

  // Once 撤单, it is final.
  CheckOk(Post(server, "/demandOrder/chedan", "orderId=" + D1));
  const std::string cancelled = World(server);
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=" + D1), 200, "STATE_CONFLICT", {D1, "撤单"});
  CheckRefusal(Post(server, "/peidan/daipipei", "orderId=" + D1), 200, "STATE_CONFLICT", {D1});
  CHECK(World(server) == cancelled);
}

// ======================================================================================
// Progress
// ======================================================================================

TEST_CASE("desk: GET /demandOrder/{id}/progress lists entries oldest first with the operator", "[desk]") {
  TestServer server(DeskFixture());
  // No entries yet: an empty array.
  CHECK(Get(server, "/demandOrder/" + D1 + "/progress")->body ==
        R"({"success":true,"fail":false,"code":null,"data":[],"msg":"查询成功！","failure":false})");

  CheckOk(Post(server, "/peidan/daipipei", "orderId=" + D1 + "&resourceIds=" + T1 + "," + T0 + "&remark=a",
               Operator("149")));
  CheckOk(Post(server, "/peidan/huitui", "orderId=" + D1, Operator("999")));  // no such staff
  CheckOk(Post(server, "/demandOrder/edit", "orderId=" + D1 + "&remark=b"));

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
                    R"("toStateName":"待匹配","resourceIds":[")" + T1 + R"(",")" + T0 +
                    R"("],"remark":"a","operatorId":149,"operatorName":"abc","createTime":")" + times[0] +
                    R"("},{"orderId":")" + D1 +
                    R"(","progress":"退单","action":"huitui","fromState":1,"fromStateName":"待匹配","toState":3,)"
                    R"("toStateName":"退单","resourceIds":[],"remark":"","operatorId":999,"operatorName":null,)"
                    R"("createTime":")" + times[1] +
                    R"("},{"orderId":")" + D1 +
                    R"(","progress":"编辑订单","action":"edit","fromState":3,"fromStateName":"退单","toState":0,)"
                    R"("toStateName":"待配单","resourceIds":[],"remark":"b","operatorId":null,"operatorName":null,)"
                    R"("createTime":")" + times[2] + R"("}])");
  // The order's operatorId is the last operator named.
  CHECK(OrderDoc(server, D1)["operatorId"].GetInt() == 999);

  // Refusals.
  CheckRefusal(Get(server, "/demandOrder/D999920170621/progress"), 200, "ORDER_NOT_FOUND", {"订单不存在"});
  CheckRefusal(Post(server, "/demandOrder/" + D1 + "/progress", ""), 405, "METHOD_NOT_ALLOWED");
  // A refused change writes no entry.
  CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + D1 + "&remark=x"), 200, "STATE_CONFLICT");
  CheckRefusal(Post(server, "/peidan/daipipei", "orderId=" + D1 + "&resourceIds=T999920170621"), 200,
               "RESOURCE_NOT_FOUND");
  CHECK(ProgressDoc(server, D1).Size() == 3);
}

// ======================================================================================
// Resource desk
// ======================================================================================

TEST_CASE("desk: GET /order/resource/{id} returns one resource and /order/resource/query stays the page", "[desk]") {
  TestServer server(DeskFixture());
  auto res = Get(server, "/order/resource/" + T0);
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"success":true,"fail":false,"code":null,"data":)" + ResourceRowJson(T0, "0", "待接入") +
                         R"(,"msg":"查询成功！","failure":false})");
  CHECK(SuccessData(Get(server, "/order/resource/" + T3), "查询成功！") == ResourceRowJson(T3, "3", "撤销"));

  // The detail's data is exactly the page's row.
  rapidjson::Document page = Page(Post(server, "/order/resource/query", "rows=100"));
  REQUIRE(page["data"].Size() == 4);
  for (const auto& row : page["data"].GetArray()) {
    CHECK(Dump(row) == SuccessData(Get(server, "/order/resource/" + Str(row, "resourceId")), "查询成功！"));
  }

  // The fixed word wins.
  rapidjson::Document query = Page(Get(server, "/order/resource/query"));
  CheckPageHead(query, 1, 30, 4, 1, "{}");

  CheckRefusal(Get(server, "/order/resource/T999920170621"), 200, "RESOURCE_NOT_FOUND", {"T999920170621"});
  CheckRefusal(Post(server, "/order/resource/" + T0, ""), 405, "METHOD_NOT_ALLOWED");
}

TEST_CASE("desk: /order/resource/add/save creates 已接入 without onlineDate and 待接入 with one", "[desk]") {
  TestServer server(DeskFixture());
  const std::string fields =
      "channelId=77&channelType=1,3&smsType=%E9%AA%8C%E8%AF%81%E7%A0%81&belongBusiness=150&directConnect=1"
      "&extendSize=3&signType=0,1&purchasePrice=0.02&rate=300&minimumGuarantee=10&isCredit=5&payType=%E5%90%8E%E4%BB%98"
      "&invoiceType=2&mtIp=10.1.1.1&protocolType=4&supplier=S&contact=C&mobile=139&isAudit=1&remark=new";

  std::string online = AddResource(server, fields, Operator("60"));
  CHECK(online.substr(0, 5) == "T0000");  // resources count from 0000
  rapidjson::Document r = ResourceDoc(server, online);
  CHECK(Str(r, "resourceId") == online);
  CHECK(Str(r, "state") == "1");
  CHECK(Str(r, "stateName") == "已接入");
  CHECK(r["onlineDate"].IsNull());
  CHECK(Str(r, "channelId") == "77");
  CHECK(Str(r, "channelTypeName") == ",移动,联通");
  CHECK(Str(r, "belongBusiness") == "150");
  CHECK(Str(r, "belongBusinessName") == "陈静");
  CHECK(Str(r, "directConnectName") == "第三方");
  CHECK(Str(r, "extendSizeName") == "支持3位");
  CHECK(Str(r, "signTypeName") == ",自定义,报备签名");
  CHECK(Str(r, "minimumGuaranteeName") == "10万条/月");
  CHECK(Str(r, "isCreditName") == "5万条/月");
  CHECK(Str(r, "invoiceTypeName") == "普票");
  CHECK(Str(r, "protocolTypeName") == "SMPP");
  CHECK(Str(r, "payType") == "后付");
  CHECK(Str(r, "remark") == "new");
  CHECK(Str(r, "operatorId") == "60");
  CHECK(r["auditorId"].IsNull());
  CHECK(r["orderBy"].IsNull());
  CHECK(r["rowNum"].IsNull());
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
  rapidjson::Document page = Page(Post(server, "/order/resource/query", "rows=100&state=1"));
  std::vector<std::string> ids = Column(page, "resourceId");
  CHECK(std::find(ids.begin(), ids.end(), online) != ids.end());
  CHECK(Column(Page(Post(server, "/order/resource/query", "rows=100&state=0")), "resourceId") ==
        std::vector<std::string>{T0, waiting});
  CHECK(Page(Post(server, "/order/resource/query", ""))["totalRecord"].GetInt64() == 7);
}

TEST_CASE("desk: /order/resource/add/save refuses invalid codes and adds nothing", "[desk]") {
  TestServer server(DeskFixture());
  const std::string world = World(server);
  struct Bad {
    const char* body;
    const char* field;
  };
  for (const Bad& bad : {Bad{"channelType=9", "channelType"}, Bad{"signType=5", "signType"},
                         Bad{"invoiceType=7", "invoiceType"}, Bad{"protocolType=8", "protocolType"},
                         Bad{"directConnect=2", "directConnect"}, Bad{"isCredit=-1", "isCredit"},
                         Bad{"extendSize=a", "extendSize"}, Bad{"belongBusiness=abc", "belongBusiness"},
                         Bad{"onlineDate=2017-6-1", "onlineDate"}}) {
    INFO(bad.body);
    CheckRefusal(Post(server, "/order/resource/add/save", std::string(bad.body) + "&supplier=S"), 400,
                 "INVALID_PARAM", {bad.field});
  }
  CheckRefusal(Post(server, "/order/resource/add/save", "supplier=S", Operator("abc")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CheckRefusal(Get(server, "/order/resource/add/save"), 405, "METHOD_NOT_ALLOWED");
  CHECK(World(server) == world);
  CHECK(AddResource(server, "supplier=S").substr(0, 5) == "T0000");
}

TEST_CASE("desk: /order/resource/edit/save keeps unsent fields and cannot change the state", "[desk]") {
  TestServer server(DeskFixture());
  rapidjson::Document before = ResourceDoc(server, T0);
  CheckOk(Post(server, "/order/resource/edit/save",
               "resourceId=" + T0 + "&supplier=%E6%96%B0%E4%BE%9B%E5%BA%94%E5%95%86&protocolType=3&state=1"
                                    "&resourceId=T999&createTime=2000-01-01%2000:00:00&mtIp=",
               Operator("150")));
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

  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/edit/save", "resourceId=T999920170621&supplier=X"), 200,
               "RESOURCE_NOT_FOUND", {"T999920170621"});
  CheckRefusal(Post(server, "/order/resource/edit/save", "supplier=X"), 400, "INVALID_PARAM", {"resourceId"});
  CheckRefusal(Post(server, "/order/resource/edit/save", "resourceId=" + T0 + "&protocolType=8"), 400,
               "INVALID_PARAM", {"protocolType"});
  CheckRefusal(Post(server, "/order/resource/edit/save", "resourceId=" + T0 + "&channelType=9"), 400,
               "INVALID_PARAM", {"channelType"});
  CheckRefusal(Post(server, "/order/resource/edit/save", "resourceId=" + T0 + "&signType=5"), 400, "INVALID_PARAM",
               {"signType"});
  CheckRefusal(Post(server, "/order/resource/edit/save", "resourceId=" + T0 + "&invoiceType=7"), 400,
               "INVALID_PARAM", {"invoiceType"});
  CHECK(World(server) == world);
}

TEST_CASE("desk: /order/resource/online moves 待接入 and 待审批 to 已接入", "[desk]") {
  TestServer server(DeskFixture());
  CheckOk(Post(server, "/order/resource/online", "resourceId=" + T0));
  rapidjson::Document t0 = ResourceDoc(server, T0);
  CHECK(Str(t0, "state") == "1");
  CHECK(Str(t0, "stateName") == "已接入");
  CHECK(Str(t0, "updateTime") != "2017-06-20 11:08:44");
  CHECK(Str(t0, "onlineDate") == "2017-06-19");
  CheckOk(PostJson(server, "/order/resource/online", R"({"resourceId":")" + T2 + R"("})"));
  CHECK(ResourceState(server, T2) == "1");
  CHECK(Column(Page(Post(server, "/order/resource/query", "state=1")), "resourceId") ==
        std::vector<std::string>{T0, T1, T2});

  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/online", "resourceId=" + T1), 200, "STATE_CONFLICT",
               {T1, "已接入"});
  CheckRefusal(Post(server, "/order/resource/online", "resourceId=" + T3), 200, "STATE_CONFLICT", {T3, "撤销"});
  CheckRefusal(Post(server, "/order/resource/online", "resourceId=T999920170621"), 200, "RESOURCE_NOT_FOUND",
               {"T999920170621"});
  CheckRefusal(Post(server, "/order/resource/online", ""), 400, "INVALID_PARAM", {"resourceId"});
  CheckRefusal(Get(server, "/order/resource/online"), 405, "METHOD_NOT_ALLOWED");
  CHECK(World(server) == world);
}

TEST_CASE("desk: /order/resource/repeal revokes and a 匹配成功 order keeps its link", "[desk]") {
  TestServer server(DeskFixture());
  const std::string d4 = OrderData(server, D4);
  CheckOk(Post(server, "/order/resource/repeal", "resourceId=" + T1, Operator("60")));
  rapidjson::Document t1 = ResourceDoc(server, T1);
  CHECK(Str(t1, "state") == "3");
  CHECK(Str(t1, "stateName") == "撤销");
  CHECK(Str(t1, "updateTime") != "2017-06-20 11:08:44");
  // The matched order is untouched and still linked (the link shows the revoked state).
  CHECK(OrderData(server, D4) == d4);
  rapidjson::Document linked = Page(Post(server, "/order/resource/query", "orderId=" + D4));
  CheckPageHead(linked, 1, 30, 1, 1, R"({"orderId":")" + D4 + R"("})");
  CHECK(Str(linked["data"][0], "resourceId") == T1);
  CHECK(Str(linked["data"][0], "state") == "3");
  CHECK(ProgressDoc(server, D4).Size() == 0);

  CheckOk(Post(server, "/order/resource/repeal", "resourceId=" + T0));
  CheckOk(PostJson(server, "/order/resource/repeal", R"({"resourceId":")" + T2 + R"("})"));
  CHECK(Column(Page(Post(server, "/order/resource/query", "state=3")), "resourceId") ==
        std::vector<std::string>{T0, T1, T2, T3});

  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/repeal", "resourceId=T999920170621"), 200, "RESOURCE_NOT_FOUND",
               {"T999920170621"});
  CheckRefusal(Post(server, "/order/resource/repeal", ""), 400, "INVALID_PARAM", {"resourceId"});
  // A revoked resource cannot be put online again.
  CheckRefusal(Post(server, "/order/resource/online", "resourceId=" + T1), 200, "STATE_CONFLICT", {T1});
  CHECK(World(server) == world);
}

TEST_CASE("desk: /order/resource/online and /order/resource/repeal refuse a bad X-Operator-Id", "[desk]") {
  // Spec §1: X-Operator-Id, when present, must be a positive integer, else 400 — as every other
  // change (add/save, edit/save, the order and demand desks) already answers.
  TestServer server(DeskFixture());
  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/online", "resourceId=" + T0, Operator("abc")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CheckRefusal(Post(server, "/order/resource/repeal", "resourceId=" + T1, Operator("0")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CHECK(World(server) == world);
}

// ======================================================================================
// Demand desk
// ======================================================================================

TEST_CASE("desk: /order/resource/demand/list pages demands newest first with filters", "[desk]") {
  TestServer server(DeskFixture());
  rapidjson::Document all = DemandList(server, "");
  CheckPageHead(all, 1, 30, 2, 1, "{}");
  REQUIRE(all["data"].Size() == 2);
  for (const auto& row : all["data"].GetArray()) CHECK(Keys(row) == kDemandKeys);
  CHECK(Dump(all["data"][0]) == DemandRowJson(X0, D5, "0", "寻资源", "2017-06-25 10:30:00"));
  CHECK(Dump(all["data"][1]) == DemandRowJson(X1, D2, "2", "无资源", "2017-06-22 06:00:00"));

  rapidjson::Document open = DemandList(server, "state=0");
  CheckPageHead(open, 1, 30, 1, 1, R"({"state":0})");
  CHECK(Column(open, "demandId") == std::vector<std::string>{X0});
  CHECK(Column(DemandList(server, "state=2"), "demandId") == std::vector<std::string>{X1});
  CHECK(DemandList(server, "state=1")["data"].Empty());

  rapidjson::Document of_order = DemandList(server, "orderId=" + D2);
  CheckPageHead(of_order, 1, 30, 1, 1, R"({"orderId":")" + D2 + R"("})");
  CHECK(Column(of_order, "demandId") == std::vector<std::string>{X1});
  rapidjson::Document both = Page(PostJson(server, "/order/resource/demand/list",
                                           R"({"orderId":")" + D5 + R"(","state":0})"));
  CheckPageHead(both, 1, 30, 1, 1, R"({"orderId":")" + D5 + R"(","state":0})");
  CHECK(DemandList(server, "orderId=" + D5 + "&state=2")["data"].Empty());
  CHECK(DemandList(server, "orderId=D999920170621")["totalRecord"].GetInt64() == 0);

  rapidjson::Document second = DemandList(server, "rows=1&page=2");
  CheckPageHead(second, 2, 1, 2, 2, "{}");
  CHECK(Column(second, "demandId") == std::vector<std::string>{X1});
  rapidjson::Document past = DemandList(server, "rows=1&page=3");
  CheckPageHead(past, 3, 1, 2, 2, "{}");
  CHECK(past["data"].Empty());
  CHECK(Dump(Page(Get(server, "/order/resource/demand/list?rows=1&page=2"))) == Dump(second));

  CheckRefusal(Post(server, "/order/resource/demand/list", "state=-1"), 400, "INVALID_PARAM", {"state"});
  CheckRefusal(Post(server, "/order/resource/demand/list", "state=abc"), 400, "INVALID_PARAM", {"state"});
  CheckRefusal(Post(server, "/order/resource/demand/list", "rows=0"), 400, "INVALID_PARAM", {"rows"});
}

TEST_CASE("desk: GET /order/resource/demand/byorder/{orderId} returns the order's current demand", "[desk]") {
  TestServer server(DeskFixture());
  auto res = Get(server, "/order/resource/demand/byorder/" + D5);
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"success":true,"fail":false,"code":null,"data":)" +
                         DemandRowJson(X0, D5, "0", "寻资源", "2017-06-25 10:30:00") +
                         R"(,"msg":"查询成功！","failure":false})");
  CHECK(Str(DemandOf(server, D2), "demandId") == X1);
  CheckRefusal(Get(server, "/order/resource/demand/byorder/" + D1), 200, "DEMAND_NOT_FOUND", {D1});
  CheckRefusal(Get(server, "/order/resource/demand/byorder/D999920170621"), 200, "ORDER_NOT_FOUND", {"订单不存在"});
  CheckRefusal(Post(server, "/order/resource/demand/byorder/" + D5, ""), 405, "METHOD_NOT_ALLOWED");
}

TEST_CASE("desk: /order/resource/demand/hasres/save supplies a demand and returns its order to 待配单", "[desk]") {
  TestServer server(DeskFixture());
  SECTION("the front end's JSON with resourceIds as a string holding an array") {
    CheckOk(PostJson(server, "/order/resource/demand/hasres/save",
                     R"({"demandId":")" + X0 + R"(","resourceIds":"[\")" + T1 + R"(\",\")" + T0 +
                         R"(\"]","remark":"找到了"})",
                     Operator("150")));
  }
  SECTION("a form with repeated resourceIds") {
    CheckOk(Post(server, "/order/resource/demand/hasres/save",
                 "demandId=" + X0 + "&resourceIds=" + T1 + "&resourceIds=" + T0 + "&resourceIds=" + T1 +
                     "&remark=%E6%89%BE%E5%88%B0%E4%BA%86",
                 Operator("150")));
  }
  rapidjson::Document demand = DemandOf(server, D5);
  CHECK(Str(demand, "demandId") == X0);
  CHECK(Str(demand, "state") == "1");
  CHECK(Str(demand, "stateName") == "已供应");
  CHECK(Str(demand, "remark") == "找到了");
  CHECK(Str(demand, "operatorId") == "150");
  CHECK(Str(demand, "createTime") == "2017-06-25 10:30:00");
  rapidjson::Document order = OrderDoc(server, D5);
  CHECK(order["state"].GetInt() == 0);
  CHECK(Str(order, "stateName") == "待配单");
  CHECK(Str(order, "demandState") == "1");
  CHECK(Str(order, "demandStateName") == "已供应");
  CHECK(Str(order, "remark") == "找到了");
  CHECK(order["operatorId"].GetInt() == 150);
  CHECK(Str(demand, "updateTime") == Str(order, "updateTime"));
  CHECK(Linked(server, D5) == std::vector<std::string>{T0, T1});  // the page sorts by id; the stale T2 link is gone
  rapidjson::Document progress = ProgressDoc(server, D5);
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]) == R"({"orderId":")" + D5 +
                                 R"(","progress":"待配单","action":"hasres","fromState":6,"fromStateName":"寻资源",)"
                                 R"("toState":0,"toStateName":"待配单","resourceIds":[")" + T1 + R"(",")" + T0 +
                                 R"("],"remark":"找到了","operatorId":150,"operatorName":"陈静","createTime":")" +
                                 Str(order, "updateTime") + R"("})");
  CHECK(Column(DemandList(server, "state=1"), "demandId") == std::vector<std::string>{X0});

  // Answered once: no second answer.
  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "demandId=" + X0 + "&resourceIds=" + T1), 200,
               "STATE_CONFLICT", {X0});
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=" + X0), 200, "STATE_CONFLICT", {X0});
  CHECK(World(server) == world);

  // Back on the operator's desk: it can be matched to the supplied resource.
  CheckOk(Post(server, "/peidan/pipeichenggong", "orderId=" + D5 + "&resourceIds=" + T1));
  CHECK(OrderState(server, D5) == 5);
}

TEST_CASE("desk: /order/resource/demand/hasres/save refusals change nothing", "[desk]") {
  TestServer server(DeskFixture());
  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save",
                    "demandId=" + X0 + "&resourceIds=" + T1 + ",T999920170621"),
               200, "RESOURCE_NOT_FOUND", {"T999920170621"});
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "demandId=X999920170621&resourceIds=" + T1), 200,
               "DEMAND_NOT_FOUND", {"X999920170621"});
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "demandId=" + X1 + "&resourceIds=" + T1), 200,
               "STATE_CONFLICT", {X1});
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "resourceIds=" + T1), 400, "INVALID_PARAM",
               {"demandId"});
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "demandId=" + X0), 400, "INVALID_PARAM",
               {"resourceIds"});
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "demandId=" + X0 + "&resourceIds=,%20,"), 400,
               "INVALID_PARAM", {"resourceIds"});
  CheckRefusal(Post(server, "/order/resource/demand/hasres/save", "demandId=" + X0 + "&resourceIds=" + T1,
                    Operator("abc")),
               400, "INVALID_PARAM", {"X-Operator-Id"});
  CheckRefusal(Get(server, "/order/resource/demand/hasres/save"), 405, "METHOD_NOT_ALLOWED");
  CHECK(World(server) == world);
  CHECK(Str(DemandOf(server, D5), "state") == "0");
  CHECK(OrderState(server, D5) == 6);
  CHECK(Linked(server, D5) == std::vector<std::string>{T2});
  CHECK(ProgressDoc(server, D5).Size() == 0);
}

TEST_CASE("desk: /order/resource/demand/nores answers 无资源 and returns the order to 待配单 unlinked", "[desk]") {
  TestServer server(DeskFixture());
  CheckOk(Post(server, "/order/resource/demand/nores",
               "demandId=" + X0 + "&remark=%E6%B2%A1%E6%9C%89%E5%90%88%E9%80%82%E9%80%9A%E9%81%93", Operator("149")));
  rapidjson::Document demand = DemandOf(server, D5);
  CHECK(Str(demand, "state") == "2");
  CHECK(Str(demand, "stateName") == "无资源");
  CHECK(Str(demand, "remark") == "没有合适通道");
  CHECK(Str(demand, "operatorId") == "149");
  rapidjson::Document order = OrderDoc(server, D5);
  CHECK(order["state"].GetInt() == 0);
  CHECK(Str(order, "demandState") == "2");
  CHECK(Str(order, "demandStateName") == "无资源");
  CHECK(Str(order, "remark") == "没有合适通道");
  CHECK(order["operatorId"].GetInt() == 149);
  CHECK(Linked(server, D5).empty());
  rapidjson::Document progress = ProgressDoc(server, D5);
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]) == R"({"orderId":")" + D5 +
                                 R"(","progress":"待配单","action":"nores","fromState":6,"fromStateName":"寻资源",)"
                                 R"("toState":0,"toStateName":"待配单","resourceIds":[],"remark":"没有合适通道",)"
                                 R"("operatorId":149,"operatorName":"abc","createTime":")" +
                                 Str(order, "updateTime") + R"("})");
  CHECK(Column(DemandList(server, "state=2"), "demandId") == std::vector<std::string>{X0, X1});

  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=" + X0), 200, "STATE_CONFLICT", {X0});
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=" + X1), 200, "STATE_CONFLICT", {X1});
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=X999920170621"), 200, "DEMAND_NOT_FOUND",
               {"X999920170621"});
  CheckRefusal(Post(server, "/order/resource/demand/nores", "remark=x"), 400, "INVALID_PARAM", {"demandId"});
  CHECK(World(server) == world);
}

TEST_CASE("desk: /order/resource/demand/nores refusals before any answer change nothing", "[desk]") {
  TestServer server(DeskFixture());
  const std::string world = World(server);
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=" + X0 + "&remark=" + std::string(501, 'r')),
               400, "INVALID_PARAM", {"remark"});
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=" + X0, Operator("1.5")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  CheckRefusal(Post(server, "/order/resource/demand/nores", ""), 400, "INVALID_PARAM", {"demandId"});
  CheckRefusal(Post(server, "/order/resource/demand/nores", "demandId=X999920170621"), 200, "DEMAND_NOT_FOUND");
  CHECK(World(server) == world);
  CHECK(Linked(server, D5) == std::vector<std::string>{T2});
}

// ======================================================================================
// A walk through every state the API reaches
// ======================================================================================

TEST_CASE("desk: one order walks every state the API reaches and another is cancelled",
          "[desk]") {
  TestServer server(DeskFixture());
  const httplib::Headers op = Operator("60");

  // curl -d 'companyName=…' /demandOrder/add
  std::string id = AddOrder(server, "companyName=Walk&belongSale=149&smsType=S&channelType=0&salePrice=0.1", op);
  CHECK(OrderState(server, id) == 0);

  CheckOk(Post(server, "/peidan/daipipei", "orderId=" + id + "&resourceIds=" + T1 + "&remark=r1", op));
  CHECK(OrderState(server, id) == 1);
  CHECK(Linked(server, id) == std::vector<std::string>{T1});

  CheckOk(Post(server, "/peidan/huitui", "orderId=" + id + "&remark=r2", op));
  CHECK(OrderState(server, id) == 3);
  CHECK(Linked(server, id).empty());

  std::string seen = Str(OrderDoc(server, id), "updateTime");
  CheckOk(PostJson(server, "/demandOrder/edit",
                   R"({"orderId":")" + id + R"(","updateTime":")" + seen + R"(","salePrice":"0.2","remark":"r3"})", op));
  rapidjson::Document edited = OrderDoc(server, id);
  CHECK(edited["state"].GetInt() == 0);
  CHECK(Str(edited, "salePrice") == "0.2");

  CheckOk(Post(server, "/peidan/faqixuqiu", "orderId=" + id + "&remark=r4", op));
  CHECK(OrderState(server, id) == 6);
  rapidjson::Document first = DemandOf(server, id);
  std::string first_id = Str(first, "demandId");
  CheckNewId(first_id, 'X', Today());
  CHECK(first_id.substr(0, 5) == "X0000");  // demands count from 0000
  CHECK(Str(first, "state") == "0");
  CHECK(Str(first, "salePrice") == "0.2");
  CHECK(Str(first, "remark") == "r4");
  CHECK(Str(OrderDoc(server, id), "demandState") == "0");

  CheckOk(Post(server, "/order/resource/demand/nores", "demandId=" + first_id + "&remark=r5", op));
  CHECK(OrderState(server, id) == 0);
  CHECK(Str(OrderDoc(server, id), "demandState") == "2");

  CheckOk(Post(server, "/peidan/faqixuqiu", "orderId=" + id + "&remark=r6", op));
  CHECK(OrderState(server, id) == 6);
  std::string second_id = Str(DemandOf(server, id), "demandId");
  CHECK(second_id != first_id);
  CHECK(second_id.substr(0, 5) == "X0001");
  // The new demand replaces the earlier one.
  CHECK(Column(DemandList(server, "orderId=" + id), "demandId") == std::vector<std::string>{second_id});

  CheckOk(PostJson(server, "/order/resource/demand/hasres/save",
                   R"({"demandId":")" + second_id + R"(","resourceIds":[")" + T1 + R"("],"remark":"r7"})", op));
  CHECK(OrderState(server, id) == 0);
  CHECK(Str(OrderDoc(server, id), "demandState") == "1");
  CHECK(Linked(server, id) == std::vector<std::string>{T1});

  CheckOk(Post(server, "/peidan/pipeichenggong", "orderId=" + id + "&resourceIds=" + T1 + "&remark=r8", op));
  rapidjson::Document matched = OrderDoc(server, id);
  CHECK(matched["state"].GetInt() == 5);
  CHECK(Str(matched, "stateName") == "匹配成功");
  CHECK(Str(matched, "remark") == "r8");
  CHECK(Linked(server, id) == std::vector<std::string>{T1});

  // Final: nothing moves it any more.
  CheckRefusal(Post(server, "/demandOrder/chedan", "orderId=" + id), 200, "STATE_CONFLICT", {id});
  CheckRefusal(Post(server, "/demandOrder/edit", "orderId=" + id), 200, "STATE_CONFLICT", {id});
  CheckRefusal(Post(server, "/peidan/huitui", "orderId=" + id), 200, "STATE_CONFLICT", {id});

  using Strings = std::vector<std::string>;
  CHECK(ProgressColumn(server, id, "action") ==
        Strings{"add", "daipipei", "huitui", "edit", "faqixuqiu", "nores", "faqixuqiu", "hasres", "pipeichenggong"});
  CHECK(ProgressColumn(server, id, "progress") ==
        Strings{"提交订单", "待匹配", "退单", "编辑订单", "寻资源", "待配单", "寻资源", "待配单", "匹配成功"});
  CHECK(ProgressColumn(server, id, "fromState") == Strings{"null", "0", "1", "3", "0", "6", "0", "6", "0"});
  CHECK(ProgressColumn(server, id, "toState") == Strings{"0", "1", "3", "0", "6", "0", "6", "0", "5"});
  CHECK(ProgressColumn(server, id, "remark") == Strings{"", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"});
  CHECK(ProgressColumn(server, id, "resourceIds") ==
        Strings{"[]", "[\"" + T1 + "\"]", "[]", "[]", "[]", "[]", "[]", "[\"" + T1 + "\"]", "[\"" + T1 + "\"]"});
  CHECK(ProgressColumn(server, id, "operatorName") == Strings(9, "张伟"));

  // Another order: add, then 撤单.
  std::string other = AddOrder(server, "companyName=Gone&belongSale=150&smsType=S&channelType=1&salePrice=0.1", op);
  CHECK(other != id);
  CheckOk(Post(server, "/demandOrder/chedan", "orderId=" + other, op));
  CHECK(OrderState(server, other) == 4);
  CHECK(ProgressColumn(server, other, "action") == Strings{"add", "chedan"});
  CHECK(ProgressColumn(server, other, "progress") == Strings{"提交订单", "撤单"});
  CHECK(Column(OrderList(server, "state=4"), "orderId") == Strings{other});
  CHECK(Column(OrderList(server, "state=5"), "orderId") == Strings{id, D4});
}

}  // namespace
}  // namespace jsms::test
