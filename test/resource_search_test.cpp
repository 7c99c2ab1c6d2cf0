// The resource page's search (issue 9 item 1): equality on every field the original's query
// names, AND-combined with each other and with orderId and state, the supplierLike/remarkLike
// substring searches with LIKE's wildcards taken literally, `params` echoing each filter in order,
// empty values as absent, unknown parameters ignored, paging, CSV, and a write seen at once.
#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "domain/records.h"
#include "support.h"

namespace jsms::test {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

const std::string T1 = "T000120170621", T2 = "T000220170621", T3 = "T000320170621", T4 = "T000420170621";
const std::string D1 = "D000120170621";

// The fields the search takes by equality, in the order `params` echoes them (after orderId).
const std::vector<std::string> kSearchFields = {
    "resourceId", "channelId", "channelType", "smsType", "contentProp", "belongBusiness", "directConnect",
    "extendSize", "signType", "purchasePrice", "rate", "minimumGuarantee", "isCredit", "payType",
    "invoiceType", "mtIp", "protocolType", "supplier", "contact", "mobile", "isAudit", "onlineDate",
    "state", "remark"};

// A resource: each field "<name>-<tag>" unless `values` says otherwise (null: omitted).
std::string Resource(const std::string& id, const std::string& tag, std::map<std::string, std::string> values) {
  std::string json = R"({"resourceId":")" + id + "\"";
  for (size_t i = 1; i < resource::kFieldCount; ++i) {
    std::string name = kResourceFields[i].name;
    if (name == "createTime" || name == "updateTime") continue;
    auto given = values.find(name);
    if (given != values.end() && given->second == "null") continue;
    std::string value = given != values.end() ? given->second : name + "-" + tag;
    json += ",\"" + name + "\":\"" + value + "\"";
  }
  return json + "}";
}

// T1 and T2 share every field's value ("…-1") but contact, supplier and remark; T3 has its own
// ("…-3"); T4 has nothing but an id and a state. D1 is linked to T2 and T3.
std::string SearchFixture() {
  return R"({"staff":[{"id":60,"name":"张伟"}],)"
         R"("orders":[{"orderId":")" + D1 + R"(","companyName":"某某","state":1}],"resources":[)" +
         Resource(T1, "1", {{"state", "1"}, {"onlineDate", "2017-06-01"}, {"supplier", "上海讯联通信100%"},
                            {"remark", "三网合一CMPP直连"}}) + "," +
         Resource(T2, "1", {{"state", "1"}, {"onlineDate", "2017-06-01"}, {"contact", "contact-2"},
                            {"supplier", "上海讯联通信"}, {"remark", "验证码/通知"}}) + "," +
         Resource(T3, "3", {{"state", "3"}, {"onlineDate", "2017-06-03"}, {"supplier", "杭州_通信\\\\x"},
                            {"remark", "cmpp 备用"}}) + "," +
         Resource(T4, "4", [] {
           std::map<std::string, std::string> nothing;
           for (size_t i = 1; i < resource::kFieldCount; ++i) nothing[kResourceFields[i].name] = "null";
           nothing["state"] = "0";
           return nothing;
         }()) +
         R"(],"links":[{"orderId":")" + D1 + R"(","resourceId":")" + T2 + R"("},{"orderId":")" + D1 +
         R"(","resourceId":")" + T3 + R"("}]})";
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

struct Page {
  int status = 0;
  std::string body;
  std::vector<std::string> ids;
  int64_t total = -1, total_page = -1;
  std::string params;  // the `params` object as compact JSON text
};

Page Query(TestServer& server, const std::string& form) {
  auto res = server.Client().Post("/order/resource/query", form, kForm);
  REQUIRE(res);
  Page page;
  page.status = res->status;
  page.body = res->body;
  if (res->status != 200) return page;
  rapidjson::Document doc = ParseJson(res->body);
  for (const auto& row : doc["data"].GetArray()) page.ids.push_back(row["resourceId"].GetString());
  page.total = doc["totalRecord"].GetInt64();
  page.total_page = doc["totalPage"].GetInt64();
  // The text between "params": and ,"data" is the echo exactly as sent.
  size_t from = res->body.find("\"params\":") + 9, to = res->body.find(",\"data\":");
  page.params = res->body.substr(from, to - from);
  return page;
}

using Ids = std::vector<std::string>;

TEST_CASE("resource search: each field filters by equality and is echoed in params", "[resource][search]") {
  TestServer server(SearchFixture());
  for (const std::string& field : kSearchFields) {
    INFO("field " << field);
    if (field == "resourceId") {
      Page page = Query(server, "resourceId=" + T3);
      CHECK(page.ids == Ids{T3});
      CHECK(page.params == R"({"resourceId":")" + T3 + R"("})");
      continue;
    }
    if (field == "state") {  // a number, echoed as one
      Page page = Query(server, "state=1");
      CHECK(page.ids == Ids{T1, T2});
      CHECK(page.params == R"({"state":1})");
      CHECK(Query(server, "state=3").ids == Ids{T3});
      CHECK(Query(server, "state=2").ids.empty());
      continue;
    }
    std::string shared = field + "-1", own = field + "-3";
    if (field == "onlineDate") shared = "2017-06-01", own = "2017-06-03";
    if (field == "contact") shared = "contact-1";  // T2's contact differs
    if (field == "supplier") shared = "上海讯联通信", own = "杭州_通信\\x";
    if (field == "remark") shared = "验证码/通知", own = "cmpp 备用";
    Ids expected = field == "contact" ? Ids{T1} : field == "supplier" || field == "remark" ? Ids{T2} : Ids{T1, T2};
    Page page = Query(server, field + "=" + UrlEncode(shared));
    CHECK(page.status == 200);
    CHECK(page.ids == expected);
    CHECK(page.total == static_cast<int64_t>(expected.size()));
    // Every resource field is a JSON string, so the echo is one too.
    CHECK(page.params == "{\"" + field + "\":\"" + shared + "\"}");
    CHECK(Query(server, field + "=" + UrlEncode(own)).ids == Ids{T3});
    CHECK(Query(server, field + "=" + UrlEncode("no such value")).ids.empty());
  }
}

TEST_CASE("resource search: filters combine with AND, with each other, with state and with orderId",
          "[resource][search]") {
  TestServer server(SearchFixture());
  CHECK(Query(server, "channelType=channelType-1&contact=contact-1").ids == Ids{T1});
  CHECK(Query(server, "channelType=channelType-1&contact=contact-2").ids == Ids{T2});
  CHECK(Query(server, "channelType=channelType-3&contact=contact-1").ids.empty());  // AND, not OR
  CHECK(Query(server, "state=1&mtIp=mtIp-1").ids == Ids{T1, T2});
  CHECK(Query(server, "state=3&mtIp=mtIp-1").ids.empty());
  CHECK(Query(server, "orderId=" + D1 + "&mtIp=mtIp-1").ids == Ids{T2});
  CHECK(Query(server, "orderId=" + D1 + "&mtIp=mtIp-3&state=3").ids == Ids{T3});
  CHECK(Query(server, "orderId=" + D1 + "&mtIp=mtIp-3&state=1").ids.empty());
  CHECK(Query(server, "orderId=D999920170621&mtIp=mtIp-1").ids.empty());
  CHECK(Query(server, "supplierLike=" + UrlEncode("讯联") + "&remarkLike=CMPP").ids == Ids{T1});
  CHECK(Query(server, "supplierLike=" + UrlEncode("讯联") + "&protocolType=protocolType-1&state=1").ids == Ids{T1, T2});

  // The fast paths answer as before.
  CHECK(Query(server, "").ids == Ids{T1, T2, T3, T4});
  CHECK(Query(server, "state=0").ids == Ids{T4});
  CHECK(Query(server, "orderId=" + D1).ids == Ids{T2, T3});
  CHECK(Query(server, "orderId=" + D1 + "&state=3").ids == Ids{T3});

  // params: orderId, then the fields in the original's order, then the substring searches,
  // whatever order they were sent in; state a number, everything else a string.
  Page page = Query(server, "remarkLike=CMPP&supplier=" + UrlEncode("上海讯联通信100%") + "&orderId=" + D1 +
                                "&state=1&channelType=channelType-1&supplierLike=100");
  CHECK(page.params == R"({"orderId":")" + D1 +
                           R"(","channelType":"channelType-1","supplier":"上海讯联通信100%","state":1,)"
                           R"("supplierLike":"100","remarkLike":"CMPP"})");
  CHECK(page.ids.empty());  // T1 is not linked to D1
  CHECK(Query(server, "supplier=" + UrlEncode("上海讯联通信100%") + "&state=1&channelType=channelType-1"
                      "&supplierLike=100&remarkLike=CMPP").ids == Ids{T1});
}

TEST_CASE("resource search: supplierLike and remarkLike match substrings, LIKE's wildcards taken literally",
          "[resource][search]") {
  TestServer server(SearchFixture());
  CHECK(Query(server, "supplierLike=" + UrlEncode("讯联")).ids == Ids{T1, T2});
  CHECK(Query(server, "supplierLike=" + UrlEncode("上海讯联通信")).ids == Ids{T1, T2});
  CHECK(Query(server, "supplierLike=" + UrlEncode("%")).ids == Ids{T1});    // not "anything"
  CHECK(Query(server, "supplierLike=" + UrlEncode("_")).ids == Ids{T3});    // not "any one character"
  CHECK(Query(server, "supplierLike=" + UrlEncode("\\")).ids == Ids{T3});   // a backslash, not an escape
  CHECK(Query(server, "supplierLike=" + UrlEncode("\\x")).ids == Ids{T3});
  CHECK(Query(server, "supplierLike=" + UrlEncode("通_信")).ids.empty());
  CHECK(Query(server, "supplierLike=" + UrlEncode("100%")).ids == Ids{T1});
  CHECK(Query(server, "supplierLike=" + UrlEncode("100x")).ids.empty());
  CHECK(Query(server, "remarkLike=" + UrlEncode("通知")).ids == Ids{T2});
  CHECK(Query(server, "remarkLike=CMPP").ids == Ids{T1, T3});  // ASCII letters in either case
  CHECK(Query(server, "remarkLike=" + UrlEncode("%%")).ids.empty());
  Page page = Query(server, "supplierLike=" + UrlEncode("a\"b\\"));
  CHECK(page.params == R"({"supplierLike":"a\"b\\"})");
}

TEST_CASE("resource search: empty values are absent, unknown parameters ignored, bad values refused",
          "[resource][search]") {
  TestServer server(SearchFixture());
  Page all = Query(server, "supplier=&channelType=&supplierLike=&remarkLike=&state=&orderId=&resourceId=&foo=bar");
  CHECK(all.ids == Ids{T1, T2, T3, T4});
  CHECK(all.params == "{}");
  CHECK(Query(server, "auditorId=auditorId-3&createTime=x&resourceIds=" + T1).ids == Ids{T1, T2, T3, T4});

  for (const std::string& form : {std::string("supplier=") + std::string(501, 'x'),
                                  std::string("remarkLike=") + std::string(501, 'x'), std::string("state=abc")}) {
    INFO(form.substr(0, 20));
    Page refused = Query(server, form);
    CHECK(refused.status == 400);
    CHECK(refused.body.find("INVALID_PARAM") != std::string::npos);
    CHECK(refused.body.find(form.substr(0, form.find('='))) != std::string::npos);  // names the parameter
  }
  CHECK(Query(server, "supplier=" + std::string(500, 'x')).ids.empty());
}

TEST_CASE("resource search: filtered pages page, stream and download as CSV", "[resource][search]") {
  TestServer server(SearchFixture());
  std::string filter = "payType=payType-1&supplierLike=" + UrlEncode("讯联");
  Page first = Query(server, filter + "&rows=1");
  CHECK(first.ids == Ids{T1});
  CHECK(first.total == 2);
  CHECK(first.total_page == 2);
  CHECK(Query(server, filter + "&rows=1&page=2").ids == Ids{T2});
  Page past = Query(server, filter + "&rows=1&page=3");
  CHECK(past.ids.empty());
  CHECK(past.total == 2);
  CHECK(Query(server, filter + "&rows=9999999").ids == Ids{T1, T2});  // streamed

  auto csv = server.Client().Post("/order/resource/query", filter + "&format=csv", kForm);
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=UTF-8");
  std::vector<std::string> lines;
  for (size_t at = 0; at < csv->body.size();) {
    size_t end = csv->body.find("\r\n", at);
    REQUIRE(end != std::string::npos);
    lines.push_back(csv->body.substr(at, end - at));
    at = end + 2;
  }
  REQUIRE(lines.size() == 3);  // the header row, T1, T2
  CHECK(lines[1].rfind(T1 + ",", 0) == 0);
  CHECK(lines[2].rfind(T2 + ",", 0) == 0);
}

TEST_CASE("resource search: a filtered page shows a write at once", "[resource][search]") {
  TestServer server(SearchFixture());
  CHECK(Query(server, "channelType=channelType-1").ids == Ids{T1, T2});
  CHECK(Query(server, "channelType=channelType-1").ids == Ids{T1, T2});  // served again (cached)
  auto edit = server.Client().Post("/order/resource/edit/save", "resourceId=" + T2 + "&channelType=3", kForm);
  REQUIRE(edit);
  CHECK(edit->body.find("\"success\":true") != std::string::npos);
  CHECK(Query(server, "channelType=channelType-1").ids == Ids{T1});
  CHECK(Query(server, "channelType=3").ids == Ids{T2});
}

}  // namespace
}  // namespace jsms::test
