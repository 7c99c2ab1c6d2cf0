// The seed's six endpoints over HTTP (spec §1–§4): the order detail and the resource page answer
// exactly what the seed document shows, and the four actions (配单) move orders as spec §4 says,
// or refuse and change nothing. The real server on a free port over a real SQLite file.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/dates.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

// ---- The seed document's replies, compact, keys in the seed's order. ----

const std::string kSeedDetail =
    R"({"success":true,"fail":false,"code":null,"data":{"orderId":"D000120170621","companyName":"111","industryType":"同行","belongSale":149,"smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0","channelType":"0","directConnect":0,"extendSize":0,"rate":null,"signType":"0","contentTemplate":"1","payType":"预付","salePrice":"统一价:0.1","invoiceType":0,"onlineDate":"2017-06-28","isAudit":0,"state":0,"remark":null,"auditorId":null,"operatorId":60,"createTime":"2017-06-28 14:32:05","updateTime":"2017-06-28 14:32:05","belongSaleName":"abc","channelTypeName":",三网合一","directConnectName":"直连","signTypeName":",自定义","invoiceTypeName":"不要票","isAuditName":"否","stateName":"待配单","minimumGuaranteeName":"不承诺保底","extendSizeName":"无特殊要求","demandState":null,"demandStateName":"——"},"msg":"查询成功！","failure":false})";

const std::string kSeedResource0 =
    R"({"orderBy":null,"rowNum":null,"resourceId":"T000020170621","channelId":"1","channelType":"1","smsType":"1","contentProp":"1","belongBusiness":"1","belongBusinessName":null,"directConnect":"1","extendSize":"1","signType":"1","purchasePrice":"统一价:0.22","rate":"1","minimumGuarantee":"1","isCredit":"1","payType":"1","invoiceType":"1","mtIp":"1","protocolType":"1","supplier":"1","contact":"1","mobile":"1","isAudit":"0","onlineDate":"2017-06-19","state":"3","remark":"1","auditorId":"1","operatorId":"1","createTime":"2017-06-20 09:49:18","updateTime":"2017-06-20 11:08:44","channelTypeName":",移动","directConnectName":"第三方","signTypeName":",报备签名","extendSizeName":"支持1位","minimumGuaranteeName":"1万条/月","isCreditName":"1万条/月","invoiceTypeName":"专票","protocolTypeName":"CMPP","stateName":"撤销"})";

const std::string kSeedResource1 =
    R"({"orderBy":null,"rowNum":null,"resourceId":"T000120170621","channelId":"2","channelType":"122","smsType":"1","contentProp":"1","belongBusiness":"1","belongBusinessName":null,"directConnect":"1","extendSize":"1","signType":"1","purchasePrice":"统一价:0.22","rate":"1","minimumGuarantee":"1","isCredit":"1","payType":"1","invoiceType":"1","mtIp":"1","protocolType":"1","supplier":"1","contact":"1","mobile":"1","isAudit":"0","onlineDate":null,"state":"0","remark":"1","auditorId":"1","operatorId":"1","createTime":"2017-06-20 12:23:37","updateTime":"2017-06-20 12:41:36","channelTypeName":"","directConnectName":"第三方","signTypeName":",报备签名","extendSizeName":"支持1位","minimumGuaranteeName":"1万条/月","isCreditName":"1万条/月","invoiceTypeName":"专票","protocolTypeName":"CMPP","stateName":"待接入"})";

const std::string kNotFound =
    R"({"success":false,"fail":true,"code":"ORDER_NOT_FOUND","data":null,"msg":"订单不存在","failure":true})";

// A page of the seed's resources: its head (pageNo … params) and its rows.
std::string SeedPage(const std::string& head, const std::string& rows) {
  return "{" + head + R"(,"data":[)" + rows + R"(],"otherData":null,"totalOtherData":null,"orderByClause":null})";
}

const std::vector<std::string> kActions = {"daipipei", "pipeichenggong", "huitui", "faqixuqiu"};

}  // namespace

// ======================================================================================
// The order detail and the resource page
// ======================================================================================

TEST_CASE("seed: order detail returns the seed's reply exactly, and ORDER_NOT_FOUND with 200", "[seed]") {
  TestServer server;
  auto res = Get(server, "/demandOrder/D000120170621");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == kSeedDetail);
  auto missing = Get(server, "/demandOrder/D999920170621");
  CheckClean(missing);
  CHECK(missing->status == 200);
  CHECK(missing->body == kNotFound);
}

TEST_CASE("seed: the resource page answers exactly, however it is asked", "[seed]") {
  TestServer server;
  auto client = server.Client();
  const std::string both = kSeedResource0 + "," + kSeedResource1;
  const std::string max = "9223372036854775807";
  struct Case {
    const char* what;
    httplib::Result reply;
    std::string expected;
  };
  Case cases[] = {
      {"an empty form", client.Post("/order/resource/query", "", kForm),
       SeedPage(R"("pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{})", both)},
      {"no body at all (no Content-Length)", client.Post("/order/resource/query"),
       SeedPage(R"("pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{})", both)},
      {"GET with a query string", client.Get("/order/resource/query?rows=1&page=1"),
       SeedPage(R"("pageNo":1,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{})", kSeedResource0)},
      {"rows=1&page=2 in a form", client.Post("/order/resource/query", "rows=1&page=2", kForm),
       SeedPage(R"("pageNo":2,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{})", kSeedResource1)},
      {"rows as a JSON number, page as a JSON string",
       client.Post("/order/resource/query", R"({"rows":1,"page":"2"})", kJson),
       SeedPage(R"("pageNo":2,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{})", kSeedResource1)},
      {"a page past the end: no rows, the true totals", client.Post("/order/resource/query", "rows=1&page=3", kForm),
       SeedPage(R"("pageNo":3,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{})", "")},
      {"the largest page number", client.Get(("/order/resource/query?rows=30&page=" + max).c_str()),
       SeedPage(R"("pageNo":)" + max + R"(,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{})", "")},
      {"the front end's rows=9999999", client.Get("/order/resource/query?rows=9999999"),
       SeedPage(R"("pageNo":1,"pageSize":9999999,"totalRecord":2,"totalPage":1,"params":{})", both)},
      {"rows of 2^63-1", client.Post("/order/resource/query", "rows=" + max + "&page=1", kForm),
       SeedPage(R"("pageNo":1,"pageSize":)" + max + R"(,"totalRecord":2,"totalPage":1,"params":{})", both)},
      {"state=0, echoed in params", client.Post("/order/resource/query", "state=0", kForm),
       SeedPage(R"("pageNo":1,"pageSize":30,"totalRecord":1,"totalPage":1,"params":{"state":0})", kSeedResource1)},
      {"a state nothing is in", client.Get("/order/resource/query?state=1"),
       SeedPage(R"("pageNo":1,"pageSize":30,"totalRecord":0,"totalPage":0,"params":{"state":1})", "")},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CheckClean(c.reply);
    CHECK(c.reply->status == 200);
    CHECK(c.reply->body == c.expected);
  }
}

TEST_CASE("seed: the resource page filters by orderId after daipipei links resources", "[seed]") {
  TestServer server;
  CheckOk(PostForm(server, "/peidan/daipipei",
                   "orderId=D000120170621&resourceIds=T000120170621&resourceIds=T000020170621"));
  auto res = PostForm(server, "/order/resource/query", "orderId=D000120170621");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body ==
        SeedPage(R"("pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{"orderId":"D000120170621"})",
                 kSeedResource0 + "," + kSeedResource1));
  auto both = PostForm(server, "/order/resource/query", "orderId=D000120170621&state=3");
  CheckClean(both);
  CHECK(both->body ==
        SeedPage(
            R"("pageNo":1,"pageSize":30,"totalRecord":1,"totalPage":1,"params":{"orderId":"D000120170621","state":3})",
            kSeedResource0));
  auto empty = PostForm(server, "/order/resource/query", "orderId=D999920170621");
  CheckClean(empty);
  CHECK(empty->status == 200);
  CHECK(empty->body ==
        SeedPage(R"("pageNo":1,"pageSize":30,"totalRecord":0,"totalPage":0,"params":{"orderId":"D999920170621"})", ""));
}

// ======================================================================================
// The four actions
// ======================================================================================

namespace {

// An action on one of WorkFixture's orders, and what it must leave.
struct ActionCase {
  std::string action, order;
  std::string rest;         // the form after orderId
  std::string operator_id;  // X-Operator-Id, "" for none
  int from, to;             // the order's state before and after
  std::string remark;       // the order's remark afterwards
  int64_t operator_after;   // the order's operatorId afterwards
  std::vector<std::string> links;  // afterwards, as the page lists them
  std::string logged;  // the progress entry's resourceIds, remark, operatorId and operatorName
};

// The order states' names (spec §3), written out here rather than taken from the code.
std::string StateName(int state) {
  const char* names[] = {"待配单", "待匹配", "待审批", "退单", "撤单", "匹配成功", "寻资源"};
  return names[state];
}

// The progress entry the action must write, up to its createTime.
std::string EntryOf(const ActionCase& c) {
  return R"({"orderId":")" + c.order + R"(","progress":")" + StateName(c.to) + R"(","action":")" + c.action +
         R"(","fromState":)" + std::to_string(c.from) + R"(,"fromStateName":")" + StateName(c.from) +
         R"(","toState":)" + std::to_string(c.to) + R"(,"toStateName":")" + StateName(c.to) + R"(",)" + c.logged;
}

}  // namespace

TEST_CASE("seed: each action moves an order from each state it may start in, and logs it", "[seed]") {
  const std::string D1 = "D000120170621", D2 = "D000220170621", D5 = "D000520170621";
  const std::string T1 = "T000120170621", T2 = "T000220170621", T3 = "T000320170621";
  const std::string nobody = R"(,"operatorId":null,"operatorName":null)";
  // clang-format off
  auto c = GENERATE_COPY(values<ActionCase>({
      {"daipipei", D1, "&resourceIds=" + T2 + "&resourceIds=" + T1 + "&remark=%E5%85%88%E8%AF%95+a%26b%3Dc", "149",
       0, 1, "先试 a&b=c", 149, {T1, T2},
       R"("resourceIds":[")" + T2 + R"(",")" + T1 + R"("],"remark":"先试 a&b=c","operatorId":149,"operatorName":"abc")"},
      // No resourceIds: the links are dropped. No remark: the order keeps its own. No operator: unchanged.
      {"daipipei", D1, "", "", 0, 1, "原备注", 60, {}, R"("resourceIds":[],"remark":"")" + nobody},
      // An empty remark keeps the order's remark (and is kept, empty, on the entry).
      {"pipeichenggong", D5, "&resourceIds=" + T3 + "," + T2 + "&remark=", "150", 1, 5, "原备注", 150, {T2, T3},
       R"("resourceIds":[")" + T3 + R"(",")" + T2 + R"("],"remark":"","operatorId":150,"operatorName":"陈静")"},
      {"pipeichenggong", D2, "&resourceIds=" + T2, "", 0, 5, "原备注", 60, {T2},
       R"("resourceIds":[")" + T2 + R"("],"remark":"")" + nobody},
      // resourceIds mean nothing to huitui: they are not linked, and the order's links are dropped.
      {"huitui", D1, "&remark=%E5%AE%A2%E6%88%B7%E6%92%A4%E5%9B%9E&resourceIds=" + T2, "60", 0, 3, "客户撤回", 60, {},
       R"("resourceIds":[],"remark":"客户撤回","operatorId":60,"operatorName":"张伟")"},
      {"huitui", D5, "", "", 1, 3, "原备注", 60, {}, R"("resourceIds":[],"remark":"")" + nobody},
      // faqixuqiu raises a demand in 寻资源 (below).
      {"faqixuqiu", D5, "&remark=%E6%89%BE%E8%81%94%E9%80%9A%E9%80%9A%E9%81%93", "149", 1, 6, "找联通通道", 149, {},
       R"("resourceIds":[],"remark":"找联通通道","operatorId":149,"operatorName":"abc")"},
  }));
  // clang-format on
  INFO(c.action << " on " << c.order << " with " << c.rest);
  TestServer server(WorkFixture());
  rapidjson::Document before = OrderDoc(server, c.order);
  httplib::Headers headers;
  if (!c.operator_id.empty()) headers = Operator(c.operator_id);
  CheckOk(PostForm(server, "/peidan/" + c.action, "orderId=" + c.order + c.rest, headers));

  rapidjson::Document after = OrderDoc(server, c.order);
  CHECK(after["state"].GetInt() == c.to);
  CHECK(Str(after, "stateName") == StateName(c.to));
  CHECK(Str(after, "remark") == c.remark);
  CHECK(after["operatorId"].GetInt64() == c.operator_after);
  const std::string updated = Str(after, "updateTime");
  CHECK(updated != kOldTime);
  CHECK(IsTimestamp(updated));
  if (c.action == "faqixuqiu") {
    CHECK(Str(after, "demandState") == "0");
    CHECK(Str(after, "demandStateName") == "寻资源");
  } else {
    CHECK(after["demandState"].IsNull());
  }
  // Everything else as it was (createTime included).
  const auto changed = {"state", "stateName", "remark", "operatorId", "updateTime", "demandState", "demandStateName"};
  CHECK(MembersExcept(after, changed) == MembersExcept(before, changed));
  CHECK(Linked(server, c.order) == c.links);
  rapidjson::Document progress = ProgressDoc(server, c.order);
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]) == EntryOf(c) + R"(,"createTime":")" + updated + R"("})");
}

TEST_CASE("seed: faqixuqiu replaces the order's earlier demand", "[seed]") {
  // D0001 is back in 待配单 after its earlier demand was answered 无资源.
  std::string fixture = WorkFixture();
  fixture.insert(fixture.size() - 1,
                 R"(,"demands":[{"demandId":"X000020170620","orderId":"D000120170621","state":"2","remark":"旧"}])");
  TestServer server(fixture);
  rapidjson::Document before = OrderDoc(server, "D000120170621");
  CHECK(Str(before, "demandState") == "2");
  CHECK(Str(before, "demandStateName") == "无资源");
  CheckOk(PostForm(server, "/peidan/faqixuqiu", "orderId=D000120170621"));
  rapidjson::Document after = OrderDoc(server, "D000120170621");
  CHECK(after["state"].GetInt() == 6);
  CHECK(Str(after, "demandState") == "0");
  CHECK(Str(after, "demandStateName") == "寻资源");
  rapidjson::Document demand = DemandOf(server, "D000120170621");
  CHECK(Str(demand, "demandId") != "X000020170620");
  CHECK(Str(demand, "state") == "0");
}

// ======================================================================================
// Refusals: the envelope, and nothing changes
// ======================================================================================

TEST_CASE("seed: an action on an unknown order is ORDER_NOT_FOUND with status 200", "[seed]") {
  TestServer server(WorkFixture());
  const std::string before = DbImage(server.db_path());
  for (const std::string& action : kActions) {
    INFO(action);
    auto res = PostForm(server, "/peidan/" + action, "orderId=D999920170621&resourceIds=T000220170621");
    CheckClean(res);
    CHECK(res->status == 200);
    CHECK(res->body == kNotFound);
  }
  CHECK(DbImage(server.db_path()) == before);
}

TEST_CASE("seed: daipipei twice is STATE_CONFLICT and the second changes nothing", "[seed]") {
  TestServer server(WorkFixture());
  CheckOk(PostForm(server, "/peidan/daipipei", "orderId=D000120170621&resourceIds=T000120170621"));
  REQUIRE(ProgressDoc(server, "D000120170621").Size() == 1);
  const std::string before = DbImage(server.db_path());
  auto res = PostForm(server, "/peidan/daipipei", "orderId=D000120170621&resourceIds=T000220170621&remark=again",
                      Operator("150"));
  CheckRefusal(res, 200, "STATE_CONFLICT", {"待匹配"});
  CHECK(DbImage(server.db_path()) == before);
}

TEST_CASE("seed: every action on a 匹配成功 order is STATE_CONFLICT and its link stays", "[seed]") {
  TestServer server(WorkFixture());
  const std::string before = DbImage(server.db_path());
  for (const std::string& action : kActions) {
    INFO(action);
    auto res = PostForm(server, "/peidan/" + action, "orderId=D000420170621&resourceIds=T000320170621&remark=x",
                        Operator("150"));
    CheckRefusal(res, 200, "STATE_CONFLICT", {"匹配成功"});
  }
  CHECK(DbImage(server.db_path()) == before);
  CHECK(Linked(server, "D000420170621") == std::vector<std::string>{"T000220170621"});
}

TEST_CASE("seed: naming an unknown resource is RESOURCE_NOT_FOUND naming it, unready ones RESOURCE_NOT_READY",
          "[seed]") {
  TestServer server(WorkFixture());
  const std::string before = DbImage(server.db_path());
  for (const char* action : {"daipipei", "pipeichenggong"}) {
    INFO(action);
    auto res =
        PostForm(server, std::string("/peidan/") + action,
                 "orderId=D000120170621&resourceIds=T000220170621&resourceIds=T777720170621&remark=x", Operator("150"));
    CheckRefusal(res, 200, "RESOURCE_NOT_FOUND", {"T777720170621"});
  }
  // pipeichenggong lists every resource that is not 已接入, and only those.
  auto res = PostForm(server, "/peidan/pipeichenggong",
                      "orderId=D000520170621&resourceIds=T000220170621,T000020170621,T000120170621&remark=x");
  CheckRefusal(res, 200, "RESOURCE_NOT_READY", {"T000020170621", "T000120170621"});
  CHECK(res->body.find("T000220170621") == std::string::npos);
  CHECK(DbImage(server.db_path()) == before);
}

TEST_CASE("seed: checks run in order: parameters, order, state, resources", "[seed]") {
  TestServer server(WorkFixture());
  const std::string before = DbImage(server.db_path());
  // An unknown order with unknown and unready resources is ORDER_NOT_FOUND.
  CheckRefusal(
      PostForm(server, "/peidan/pipeichenggong", "orderId=D999920170621&resourceIds=T777720170621,T000120170621"), 200,
      "ORDER_NOT_FOUND", {"订单不存在"});
  // Parameters come before the order: an unknown order without resourceIds, or with a bad operator, is 400.
  CheckRefusal(PostForm(server, "/peidan/pipeichenggong", "orderId=D999920170621"), 400, "INVALID_PARAM",
               {"resourceIds"});
  CheckRefusal(PostForm(server, "/peidan/daipipei", "orderId=D999920170621", Operator("abc")), 400, "INVALID_PARAM",
               {"X-Operator-Id"});
  // The state comes before the resources: a final order with unknown resources is STATE_CONFLICT.
  CheckRefusal(PostForm(server, "/peidan/pipeichenggong", "orderId=D000420170621&resourceIds=T777720170621"), 200,
               "STATE_CONFLICT");
  CHECK(DbImage(server.db_path()) == before);
}

}  // namespace jsms::test
