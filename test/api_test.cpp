// The API called directly, without a socket (Api::Admit, Api::Handle over a seeded store):
// admission, routing, protocol errors, every parameter spelling of spec §1, and bad input.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <string>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

// The data of a query's success envelope.
rapidjson::Document Data(const ApiHarness& harness, const std::string& target) {
  return ParseJson(SuccessData(harness.Get(target), "查询成功！"));
}

std::vector<std::string> LinkedOf(const ApiHarness& harness, const std::string& order_id) {
  return Column(Page(harness.Post("/order/resource/query", "rows=100&orderId=" + order_id)), "resourceId");
}

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// The path of a route with its {name} filled in.
std::string PathOf(const Route& route) {
  std::string path(route.pattern);
  size_t open = path.find('{');
  if (open != std::string::npos) path.replace(open, path.find('}') - open + 1, "X1");
  return path;
}

}  // namespace

// ======================================================================================
// Admission: who is calling, and may they
// ======================================================================================

TEST_CASE("api: open mode admits every caller to every route", "[api]") {
  ApiHarness harness;
  REQUIRE_FALSE(harness.api().routes().empty());
  for (const Route& route : harness.api().routes()) {
    for (const char* method : {"GET", "POST"}) {
      if (!(route.methods & (std::string(method) == "GET" ? kGet : kPost))) continue;
      INFO(method << " " << route.pattern);
      Admission admission = harness.api().Admit(MakeRequest(method, PathOf(route)));
      CHECK(admission.principal.caller == Caller::kOpen);
      CHECK_FALSE(admission.refusal.has_value());
    }
  }
}

TEST_CASE("api: with a service token a stranger is refused before the body on every route not public", "[api]") {
  AuthOptions auth;
  auth.service_token = "s3cret-T0ken";
  ApiHarness harness(kSeedFixture, auth);
  const NameValues right = {{"Authorization", "Bearer s3cret-T0ken"}};
  // Nothing but "Bearer <the token>" exactly is the token.
  const std::vector<std::string> kWrongAuthorizations = {
      "", "Bearer", "Bearer ", "Bearer wrong", "Bearer s3cret-T0ke", "Bearer s3cret-T0kenX", "Bearer S3CRET-T0KEN",
      "Basic czNjcmV0LVQwa2Vu", "s3cret-T0ken", "Bearer  s3cret-T0ken", "Token s3cret-T0ken"};
  for (const Route& route : harness.api().routes()) {
    const char* method = route.methods & kPost ? "POST" : "GET";
    INFO(method << " " << route.pattern);
    for (const std::string& authorization : kWrongAuthorizations) {
      INFO("Authorization: " << authorization);
      NameValues stranger;
      if (!authorization.empty()) stranger.emplace_back("Authorization", authorization);
      Admission admission = harness.api().Admit(MakeRequest(method, PathOf(route), stranger));
      CHECK(admission.principal.caller == Caller::kNobody);
      if (route.permission == Permission::kPublic) {  // open to anyone (login, health, the console)
        CHECK_FALSE(admission.refusal.has_value());
        continue;
      }
      REQUIRE(admission.refusal.has_value());
      CHECK(admission.before_body);
      CheckRefusal(*admission.refusal, 401, "UNAUTHORIZED");
    }
    Admission admitted = harness.api().Admit(MakeRequest(method, PathOf(route), right));
    CHECK(admitted.principal.caller == Caller::kService);
    CHECK_FALSE(admitted.refusal.has_value());
  }
  // A stranger learns nothing, not even which paths exist, nor that a path is malformed.
  for (const char* path : {"/no/such/path", "/demandOrder/D\xff"}) {
    INFO(path);
    Admission unknown = harness.api().Admit(MakeRequest("GET", path));
    REQUIRE(unknown.refusal.has_value());
    CHECK(unknown.before_body);
    CHECK(unknown.refusal->status == 401);
  }
  // Whoever is admitted has a missing route, a wrong method or a bad path answered after the body,
  // so the connection can be kept.
  struct Late {
    const char* method;
    const char* path;
    int status;
  };
  for (const Late& late : {Late{"GET", "/no/such/path", 404}, Late{"GET", "/peidan/daipipei", 405},
                           Late{"GET", "/demandOrder/D\xff", 400}}) {
    INFO(late.method << " " << late.path);
    Admission admission = harness.api().Admit(MakeRequest(late.method, late.path, right));
    REQUIRE(admission.refusal.has_value());
    CHECK_FALSE(admission.before_body);
    CHECK(admission.refusal->status == late.status);
  }
  // The token's holder is served.
  CHECK(Str(ParseJson(SuccessData(harness.api().Handle(MakeRequest("GET", "/demandOrder/D000120170621", right)),
                                  "查询成功！")),
            "orderId") == "D000120170621");
}

// ======================================================================================
// Routing and protocol errors
// ======================================================================================

TEST_CASE("api: a fixed word in a path wins over an id in the same place", "[api]") {
  ApiHarness harness;
  // /order/resource/query is the page, not the resource "query"; /demandOrder/list the list.
  CheckPageHead(Page(harness.Get("/order/resource/query")), 1, 30, 2, 1, "{}");
  CHECK(Str(Data(harness, "/order/resource/T000020170621"), "resourceId") == "T000020170621");
  CheckPageHead(Page(harness.Get("/demandOrder/list")), 1, 30, 1, 1, "{}");
  CHECK(Data(harness, "/demandOrder/D000120170621/progress").IsArray());
  // The fixed word's route answers even when its method does not fit: add is not the order "add".
  CheckRefusal(harness.Get("/demandOrder/add"), 405, "METHOD_NOT_ALLOWED", {"/demandOrder/add", "GET"});
  CheckRefusal(harness.Get("/order/resource/add/save"), 405, "METHOD_NOT_ALLOWED");
}

TEST_CASE("api: protocol errors carry their HTTP status and the refusal envelope, and change nothing", "[api]") {
  ApiHarness harness(WorkFixture());
  const std::string before = DbImage(harness.db_path());
  // No such route: 404 naming the path.
  CheckRefusal(harness.Get("/no/such/path"), 404, "NOT_FOUND", {"/no/such/path"});
  CheckRefusal(harness.Post("/peidan/unknown", "orderId=D000120170621"), 404, "NOT_FOUND");
  CheckRefusal(harness.Get("/console/no-such-file.js"), 404, "NOT_FOUND");
  // A method the route does not take: 405.
  CheckRefusal(harness.Get("/peidan/daipipei?orderId=D000120170621"), 405, "METHOD_NOT_ALLOWED");
  CheckRefusal(harness.Post("/demandOrder/D000120170621", ""), 405, "METHOD_NOT_ALLOWED");
  CheckRefusal(harness.Post("/demandOrder/X", "a=1"), 405, "METHOD_NOT_ALLOWED");
  CheckRefusal(harness.api().Handle(MakeRequest("DELETE", "/peidan/daipipei")), 405, "METHOD_NOT_ALLOWED");
  ApiRequest put = MakeRequest("PUT", "/demandOrder/D000120170621", {{"Content-Type", kForm}});
  put.body = "state=5";
  CheckRefusal(harness.api().Handle(put), 405, "METHOD_NOT_ALLOWED");
  // A body in a format we do not read: 415, never read as a form or ignored.
  for (const char* type : {"text/xml", "text/plain", "application/xml", "application/octet-stream"}) {
    INFO(type);
    CheckRefusal(harness.Post("/peidan/huitui", "orderId=D000120170621", type), 415, "UNSUPPORTED_MEDIA_TYPE");
    CheckRefusal(harness.Post("/order/resource/query", "<rows>1</rows>", type), 415, "UNSUPPORTED_MEDIA_TYPE");
  }
  CHECK(DbImage(harness.db_path()) == before);
}

// ======================================================================================
// Parameters
// ======================================================================================

TEST_CASE("api: action parameters in every spelling of spec §1 mean the same", "[api]") {
  const std::string order = "D000120170621";
  const std::string remark = "%E5%A4%87%E6%B3%A8+x";  // 备注 x
  struct Spelling {
    const char* what;
    std::function<ApiReply(const ApiHarness&)> send;
  };
  auto form = [](std::string body, std::string type = kForm) {
    return [=](const ApiHarness& h) { return h.Post("/peidan/daipipei", body, type); };
  };
  auto json = [&](std::string body, std::string type = kJson) { return form(std::move(body), std::move(type)); };
  auto parts = [&](NameValues items) {
    return [=](const ApiHarness& h) { return h.PostParts("/peidan/daipipei", items); };
  };
  auto spelling = GENERATE_COPY(values<Spelling>({
      {"the query string of a POST without a body",
       [=](const ApiHarness& h) {
         return h.Post("/peidan/daipipei?orderId=" + order +
                           "&resourceIds=T000220170621&resourceIds=T000120170621&remark=" + remark,
                       "");
       }},
      {"a form with repeated keys",
       form("orderId=" + order + "&resourceIds=T000220170621&resourceIds=T000120170621&remark=%E5%A4%87%E6%B3%A8%20x")},
      {"a form with jQuery's resourceIds[]",
       form("orderId=" + order + "&resourceIds%5B%5D=T000220170621&resourceIds%5B%5D=T000120170621&remark=" + remark)},
      {"a form with one comma-separated value, blanks and duplicates",
       form("orderId=" + order + "&resourceIds=T000220170621%2C%2C+T000120170621+%2CT000220170621&remark=" + remark)},
      {"a form with a charset in its Content-Type",
       form("orderId=" + order + "&resourceIds=T000220170621,T000120170621&remark=" + remark,
            "application/x-www-form-urlencoded; charset=UTF-8")},
      {"orderId in the query string, the rest in the body",
       [=](const ApiHarness& h) {
         return h.Post("/peidan/daipipei?orderId=" + order,
                       "resourceIds=T000220170621&resourceIds=T000120170621&remark=" + remark);
       }},
      {"multipart with repeated parts",
       parts({{"orderId", order}, {"resourceIds", "T000220170621"}, {"resourceIds", "T000120170621"},
              {"remark", "备注 x"}})},
      {"multipart with resourceIds[] holding a comma-separated list",
       parts({{"orderId", order}, {"resourceIds[]", "T000220170621,T000120170621"}, {"remark", "备注 x"}})},
      {"a JSON array",
       json(R"({"orderId":")" + order + R"(","resourceIds":["T000220170621","T000120170621"],"remark":"备注 x"})")},
      {"a JSON comma-separated string",
       json(R"({"orderId":")" + order + R"(","resourceIds":"T000220170621,T000120170621","remark":"备注 x"})",
            "application/json;charset=UTF-8")},
      {"the original front end's JSON: a string holding a JSON array",
       json(R"({"orderId":")" + order +
            R"(","resourceIds":"[\"T000220170621\",\"T000120170621\"]","remark":"备注 x"})")},
      {"the original front end's string array in a form",
       form("orderId=" + order + "&resourceIds=%5B%22T000220170621%22%2C%22T000120170621%22%5D&remark=" + remark)},
  }));
  INFO(spelling.what);
  ApiHarness harness(WorkFixture());
  CheckOk(spelling.send(harness));
  // The links as the page lists them; the ids in the order given on the progress entry.
  CHECK(LinkedOf(harness, order) == std::vector<std::string>{"T000120170621", "T000220170621"});
  rapidjson::Document progress = Data(harness, "/demandOrder/" + order + "/progress");
  REQUIRE(progress.Size() == 1);
  CHECK(Dump(progress[0]["resourceIds"]) == R"(["T000220170621","T000120170621"])");
  CHECK(Str(progress[0], "remark") == "备注 x");
  rapidjson::Document detail = Data(harness, "/demandOrder/" + order);
  CHECK(detail["state"].GetInt() == 1);
  CHECK(Str(detail, "remark") == "备注 x");
}

TEST_CASE("api: JSON bodies may carry ids and numbers as JSON numbers", "[api]") {
  ApiHarness harness(WorkFixture());
  CheckOk(harness.Post("/peidan/pipeichenggong", R"({"orderId":20170001,"resourceIds":[20170002],"remark":"数字"})",
                       kJson));
  CHECK(Data(harness, "/demandOrder/20170001")["state"].GetInt() == 5);
  CHECK(LinkedOf(harness, "20170001") == std::vector<std::string>{"20170002"});
  // The resource page reads numbers for orderId and state, and numbers sent as strings, and
  // echoes each as its kind.
  for (const char* body : {R"({"orderId":20170001,"state":1})", R"({"orderId":"20170001","state":"1"})"}) {
    INFO(body);
    CheckPageHead(Page(harness.Post("/order/resource/query", body, kJson)), 1, 30, 1, 1,
                  R"({"orderId":"20170001","state":1})");
  }
}

namespace {

struct BadRequest {
  std::string what;          // for the failure message
  std::string method;        // GET or POST
  std::string target;        // path and query, %-encoded
  std::string content_type;  // POST only
  std::string body;
  std::string operator_id;  // X-Operator-Id, when not empty
  std::string names;        // what the message must mention
};

std::vector<BadRequest> BadRequests() {
  const std::string order = BulkOrderId(0);
  const std::string action = "/peidan/daipipei";
  const std::string query = "/order/resource/query";
  const std::string deep(200000, '[');
  const std::string new_order = "companyName=A&belongSale=149&smsType=S&channelType=0&salePrice=0.1";
  std::vector<BadRequest> cases = {
      // Malformed JSON and wrong JSON types
      {"truncated JSON", "POST", action, kJson, R"({"orderId":")" + order, "", "JSON"},
      {"JSON cut after a comma", "POST", action, kJson, R"({"orderId":")" + order + R"(",)", "", "JSON"},
      {"JSON with trailing garbage", "POST", action, kJson, R"({"orderId":")" + order + R"("} x)", "", "JSON"},
      {"JSON array body", "POST", action, kJson, R"([")" + order + R"("])", "", "JSON"},
      {"JSON string body", "POST", action, kJson, R"("orderId")", "", "JSON"},
      {"JSON with bare keys", "POST", query, kJson, "{rows:1}", "", "JSON"},
      {"orderId true", "POST", action, kJson, R"({"orderId":true})", "", "orderId"},
      {"orderId object", "POST", action, kJson, R"({"orderId":{"a":"b"}})", "", "orderId"},
      {"orderId array", "POST", action, kJson, R"({"orderId":[")" + order + R"("]})", "", "orderId"},
      {"remark false", "POST", action, kJson, R"({"orderId":")" + order + R"(","remark":false})", "", "remark"},
      {"resourceIds of objects", "POST", action, kJson, R"({"orderId":")" + order + R"(","resourceIds":[{"a":1}]})", "",
       "resourceIds"},
      {"resourceIds of booleans", "POST", action, kJson, R"({"orderId":")" + order + R"(","resourceIds":[true]})", "",
       "resourceIds"},
      {"resourceIds nested arrays", "POST", action, kJson, R"({"orderId":")" + order + R"(","resourceIds":[["T1"]]})",
       "", "resourceIds"},
      {"resourceIds string holding broken JSON", "POST", action, kJson,
       R"({"orderId":")" + order + R"x(","resourceIds":"[\"T1\",]"})x", "", "resourceIds"},
      {"resourceIds string holding unfinished JSON", "POST", action, kJson,
       R"({"orderId":")" + order + R"x(","resourceIds":"[\"T1\","})x", "", "resourceIds"},
      {"rows fractional in JSON", "POST", query, kJson, R"({"rows":1.5})", "", "rows"},
      {"rows beyond a double in JSON", "POST", query, kJson, R"({"rows":1e400})", "", "JSON"},
      {"rows beyond 64 bits in JSON", "POST", query, kJson, R"({"rows":99999999999999999999})", "", "rows"},
      {"page negative in JSON", "POST", query, kJson, R"({"page":-3})", "", "page"},
      {"state beyond 64 bits in JSON", "POST", query, kJson, R"({"state":"-99999999999999999999"})", "", "state"},
      // Hostile nesting (a recursive reader would overflow its stack)
      {"200000 brackets", "POST", action, kJson, deep, "", "JSON"},
      {"200000 braces", "POST", action, kJson, std::string(200000, '{'), "", "JSON"},
      {"orderId of 200000 brackets", "POST", action, kJson, R"({"orderId":)" + deep, "", "orderId"},
      {"resourceIds of 200000 brackets", "POST", action, kJson, R"({"resourceIds":)" + deep, "", "resourceIds"},
      {"resourceIds string of 200000 brackets", "POST", action, kJson,
       R"({"orderId":"D1","resourceIds":")" + deep + "\"}", "", "resourceIds"},
      // Invalid UTF-8: body, path, query
      {"invalid UTF-8 in a JSON string", "POST", action, kJson, "{\"orderId\":\"D\xff\xfe\"}", "", "JSON"},
      {"invalid UTF-8 in a JSON key", "POST", action, kJson, "{\"order\xc0\xafId\":\"" + order + "\"}", "", "JSON"},
      {"invalid UTF-8 in a form value", "POST", action, kForm, "orderId=%FF%FE", "", "orderId"},
      {"overlong UTF-8 in a form value", "POST", action, kForm, "orderId=" + order + "&remark=%C0%AF", "", "remark"},
      {"raw invalid UTF-8 in a form", "POST", action, kForm, "orderId=D\xff", "", "orderId"},
      {"invalid UTF-8 in the query", "GET", query + "?orderId=%FF", "", "", "", "orderId"},
      {"surrogate in the query", "GET", query + "?orderId=%ED%A0%80", "", "", "", "orderId"},
      {"invalid UTF-8 in the path", "GET", "/demandOrder/D\xff\xfe", "", "", "", "路径"},
      {"malformed escape in a form", "POST", action, kForm, "orderId=%G1", "", "orderId"},
      {"malformed escape in a remark", "POST", action, kForm, "orderId=" + order + "&remark=%ZZ", "", "remark"},
      // Ids: missing, empty, length and control characters
      {"orderId of 65 characters", "POST", action, kForm, "orderId=" + std::string(65, 'D'), "", "orderId"},
      {"orderId of 65 Chinese characters", "POST", action, kForm, "orderId=" + UrlEncode(Repeat("单", 65)), "",
       "orderId"},
      {"path id of 65 characters", "GET", "/demandOrder/" + std::string(65, 'D'), "", "", "", "orderId"},
      {"orderId with a control character", "POST", action, kForm, "orderId=D0001%01", "", "orderId"},
      {"orderId with a newline", "POST", action, kJson, R"({"orderId":"D0001\n"})", "", "orderId"},
      {"orderId with DEL", "POST", action, kForm, "orderId=D%7F", "", "orderId"},
      {"path id with a control character", "GET", "/demandOrder/D\aX", "", "", "", "orderId"},
      {"resourceIds with a control character", "POST", action, kForm, "orderId=" + order + "&resourceIds=T%0A1", "",
       "resourceIds"},
      {"resourceIds of 65 characters", "POST", action, kForm,
       "orderId=" + order + "&resourceIds=" + std::string(65, 'T'), "", "resourceIds"},
      {"missing orderId", "POST", action, kForm, "remark=x", "", "orderId"},
      {"empty orderId in a form", "POST", action, kForm, "orderId=", "", "orderId"},
      {"empty orderId in JSON", "POST", action, kJson, R"({"orderId":""})", "", "orderId"},
      {"pipeichenggong without resourceIds", "POST", "/peidan/pipeichenggong", kForm, "orderId=" + order, "",
       "resourceIds"},
      {"pipeichenggong with only blank resourceIds", "POST", "/peidan/pipeichenggong", kForm,
       "orderId=" + order + "&resourceIds=+,+", "", "resourceIds"},
      // remark
      {"remark of 501 characters", "POST", action, kForm, "orderId=" + order + "&remark=" + std::string(501, 'r'), "",
       "remark"},
      {"remark of 501 Chinese characters", "POST", "/peidan/huitui", kForm,
       "orderId=" + order + "&remark=" + UrlEncode(Repeat("备", 501)), "", "remark"},
      // rows, page, state: more spellings than the table below
      {"rows -0", "GET", query + "?rows=-0", "", "", "", "rows"},
      {"state 1.0", "POST", query, kForm, "state=1.0", "", "state"},
      {"rows 1e3", "GET", query + "?rows=1e3", "", "", "", "rows"},
      {"rows 0x10", "GET", query + "?rows=0x10", "", "", "", "rows"},
      {"rows +5", "GET", query + "?rows=%2B5", "", "", "", "rows"},
      {"rows with a space", "GET", query + "?rows=%201", "", "", "", "rows"},
      {"page beyond 64 bits", "GET", query + "?page=99999999999999999999999", "", "", "", "page"},
      {"rows SQL", "GET", query + "?rows=1%3B%20DROP%20TABLE%20resources", "", "", "", "rows"},
      // Dates that do not exist are out of range (spec §1)
      {"an order's onlineDate of 2017-02-30", "POST", "/demandOrder/add", kForm, new_order + "&onlineDate=2017-02-30",
       "", "onlineDate"},
      {"an order's onlineDate of 2017-04-31", "POST", "/demandOrder/add", kForm, new_order + "&onlineDate=2017-04-31",
       "", "onlineDate"},
      {"a resource's onlineDate of 2017-02-29", "POST", "/order/resource/add/save", kForm, "onlineDate=2017-02-29", "",
       "onlineDate"},
      {"createTimeFrom 2017-02-30", "POST", "/demandOrder/list", kForm, "createTimeFrom=2017-02-30", "",
       "createTimeFrom"},
  };
  // X-Operator-Id must be a positive integer, on every action.
  for (const char* id : {"abc", "0", "-60", "1.5", "99999999999999999999"}) {
    for (const char* verb : {"daipipei", "huitui"}) {
      cases.push_back({std::string("X-Operator-Id ") + id + " on " + verb, "POST", std::string("/peidan/") + verb,
                       kForm, "orderId=" + order, id, "X-Operator-Id"});
    }
  }
  // orderId is required by every action.
  for (const char* verb : {"daipipei", "pipeichenggong", "huitui", "faqixuqiu"}) {
    cases.push_back({std::string("no orderId on ") + verb, "POST", std::string("/peidan/") + verb, kForm,
                     "resourceIds=" + BulkResourceId(0), "", "orderId"});
  }
  // rows, page and state of the resource page, each in the query string and in a form.
  const std::vector<std::pair<std::string, std::string>> numbers = {{"rows", "0"},
                                                                    {"rows", "-1"},
                                                                    {"rows", "1.5"},
                                                                    {"rows", "abc"},
                                                                    {"rows", "99999999999999999999"},
                                                                    {"rows", "9223372036854775808"},
                                                                    {"page", "0"},
                                                                    {"page", "-1"},
                                                                    {"page", "1.5"},
                                                                    {"page", "abc"},
                                                                    {"page", "99999999999999999999"},
                                                                    {"state", "-1"},
                                                                    {"state", "1.5"},
                                                                    {"state", "abc"},
                                                                    {"state", "99999999999999999999"}};
  for (const auto& [name, value] : numbers) {
    cases.push_back({name + "=" + value + " in the query", "GET", query + "?" + name + "=" + value, "", "", "", name});
    cases.push_back({name + "=" + value + " in a form", "POST", query, kForm, name + "=" + value, "", name});
  }
  return cases;
}

}  // namespace

// Fails when any reader accepts what it should refuse (the action would then be applied, or the
// reply would be a 200 refusal), when a message stops naming the parameter, or when a request
// crashes the process.
TEST_CASE("api: bad input gets a 400 naming the parameter and changes nothing", "[api]") {
  ApiHarness harness(BulkFixture(3, 3));
  const std::string before = DbImage(harness.db_path());
  for (const BadRequest& bad : BadRequests()) {
    INFO("case: " << bad.what);
    NameValues headers;
    if (!bad.operator_id.empty()) headers.emplace_back("X-Operator-Id", bad.operator_id);
    ApiReply reply = bad.method == "GET" ? harness.Get(bad.target, headers)
                                         : harness.Post(bad.target, bad.body, bad.content_type, headers);
    CheckRefusal(reply, 400, "INVALID_PARAM", {bad.names});
  }
  CHECK(DbImage(harness.db_path()) == before);
  // The boundaries themselves are accepted: a 64-character id and a 500-character remark, kept whole.
  CheckRefusal(harness.Get("/demandOrder/" + std::string(64, 'D')), 200, "ORDER_NOT_FOUND");
  const std::string remark = Repeat("备", 500);
  CheckOk(harness.Post("/peidan/huitui", ActionForm(BulkOrderId(0), {}, remark)));
  CHECK(Str(Data(harness, "/demandOrder/" + BulkOrderId(0)), "remark") == remark);
}

// Fails if any SQL is ever built from input: the quotes would break out, match rows or drop tables.
TEST_CASE("api: SQL-looking input is only data", "[api]") {
  ApiHarness harness(BulkFixture(2, 2));
  const std::string before = DbImage(harness.db_path());
  for (const std::string& id :
       {std::string("x' OR '1'='1"), BulkOrderId(0) + "' OR '1'='1", BulkOrderId(0) + "'; DROP TABLE orders; --",
        std::string("\" OR \"\"=\""), std::string("1 OR 1=1"), std::string("%' OR orderId LIKE '%")}) {
    INFO("orderId: " << id);
    CheckRefusal(harness.Get("/demandOrder/" + UrlEncode(id)), 200, "ORDER_NOT_FOUND");
    for (const char* action : {"/peidan/daipipei", "/peidan/huitui", "/peidan/faqixuqiu"}) {
      CheckRefusal(harness.Post(action, ActionForm(id)), 200, "ORDER_NOT_FOUND");
    }
    CHECK(Page(harness.Get("/order/resource/query?orderId=" + UrlEncode(id)))["totalRecord"].GetInt64() == 0);
  }
  CheckRefusal(harness.Post("/peidan/daipipei", ActionForm(BulkOrderId(0), {BulkResourceId(0) + "' OR '1'='1"})), 200,
               "RESOURCE_NOT_FOUND");
  CHECK(DbImage(harness.db_path()) == before);
  // Quotes in free text are stored as they are.
  const std::string remark = "it's '); DROP TABLE progress; --";
  CheckOk(harness.Post("/peidan/huitui", ActionForm(BulkOrderId(1), {}, remark)));
  CHECK(Str(Data(harness, "/demandOrder/" + BulkOrderId(1)), "remark") == remark);
  CHECK(Data(harness, "/demandOrder/" + BulkOrderId(1) + "/progress").Size() == 1);
}

// Fails when the store lets SQLite's message (table names, SQL) reach the reply.
TEST_CASE("api: a database failure answers 500 INTERNAL without SQL, paths or exception text", "[api]") {
  ApiHarness harness(BulkFixture(2, 2));
  {
    SQLite::Database db(harness.db_path(), SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE progress");
  }
  ApiReply reply = harness.Post("/peidan/huitui", ActionForm(BulkOrderId(0)));
  CheckRefusal(reply, 500, "INTERNAL");
  CHECK(reply.body.find("progress") == std::string::npos);
  CHECK(Data(harness, "/demandOrder/" + BulkOrderId(0))["state"].GetInt() == 0);
}

}  // namespace jsms::test
