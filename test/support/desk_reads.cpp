#include "support/desk_reads.h"

#include <catch2/catch.hpp>

#include <regex>

#include "domain/dates.h"
#include "util/clock.h"

namespace jsms::test::support {

namespace {

const std::vector<std::string> kPageKeys = {"pageNo", "pageSize",  "totalRecord",    "totalPage",    "params",
                                            "data",   "otherData", "totalOtherData", "orderByClause"};
const std::vector<std::string> kProgressKeys = {"orderId",       "progress",   "action",       "fromState",
                                                "fromStateName", "toState",    "toStateName",  "resourceIds",
                                                "remark",        "operatorId", "operatorName", "createTime"};

rapidjson::Document DataOf(TestServer& server, const std::string& target) {
  return ParseJson(SuccessData(Get(server, target), "查询成功！"));
}

}  // namespace

httplib::Result Get(TestServer& server, const std::string& target, const httplib::Headers& headers) {
  return server.Client().Get(target.c_str(), headers);
}

httplib::Result PostForm(TestServer& server, const std::string& target, const std::string& body,
                         const httplib::Headers& headers) {
  return server.Client().Post(target.c_str(), headers, body, kForm);
}

httplib::Result PostJson(TestServer& server, const std::string& target, const std::string& body,
                         const httplib::Headers& headers) {
  return server.Client().Post(target.c_str(), headers, body, kJson);
}

httplib::Headers Operator(const std::string& id) { return {{"X-Operator-Id", id}}; }

std::string OrderData(TestServer& server, const std::string& id) {
  return SuccessData(Get(server, "/demandOrder/" + id), "查询成功！");
}

rapidjson::Document OrderDoc(TestServer& server, const std::string& id) { return ParseJson(OrderData(server, id)); }

int OrderState(TestServer& server, const std::string& id) {
  rapidjson::Document doc = OrderDoc(server, id);
  REQUIRE(doc["state"].IsInt());
  return doc["state"].GetInt();
}

rapidjson::Document Page(const Reply& reply) {
  CheckClean(reply);
  INFO(reply.body.substr(0, 600));
  REQUIRE(reply.status == 200);
  rapidjson::Document doc = ParseJson(reply.body);
  CHECK(Keys(doc) == kPageKeys);
  CHECK(doc["otherData"].IsNull());
  CHECK(doc["totalOtherData"].IsNull());
  CHECK(doc["orderByClause"].IsNull());
  REQUIRE(doc["data"].IsArray());
  return doc;
}

void CheckPageHead(const rapidjson::Document& page, int64_t page_no, int64_t page_size, int64_t total,
                   int64_t total_page, const std::string& params) {
  CHECK(page["pageNo"].GetInt64() == page_no);
  CHECK(page["pageSize"].GetInt64() == page_size);
  CHECK(page["totalRecord"].GetInt64() == total);
  CHECK(page["totalPage"].GetInt64() == total_page);
  CHECK(Dump(page["params"]) == params);
}

std::vector<std::string> Column(const rapidjson::Document& page, const char* key) {
  std::vector<std::string> out;
  for (const auto& row : page["data"].GetArray()) out.push_back(Str(row, key));
  return out;
}

std::vector<std::string> Linked(TestServer& server, const std::string& order_id) {
  rapidjson::Document page = Page(PostForm(server, "/order/resource/query", "rows=100&orderId=" + order_id));
  std::vector<std::string> ids = Column(page, "resourceId");
  CHECK(page["totalRecord"].GetInt64() == static_cast<int64_t>(ids.size()));
  return ids;
}

rapidjson::Document ResourceDoc(TestServer& server, const std::string& id) {
  return DataOf(server, "/order/resource/" + id);
}

std::string ResourceState(TestServer& server, const std::string& id) { return Str(ResourceDoc(server, id), "state"); }

rapidjson::Document DemandOf(TestServer& server, const std::string& order_id) {
  return DataOf(server, "/order/resource/demand/byorder/" + order_id);
}

rapidjson::Document ProgressDoc(TestServer& server, const std::string& order_id) {
  rapidjson::Document doc = DataOf(server, "/demandOrder/" + order_id + "/progress");
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

void CheckRefused(TestServer& server, const std::string& target, const std::vector<Refused>& refused) {
  for (const Refused& r : refused) {
    INFO(target << " " << r.form << (r.operator_id.empty() ? "" : " as " + r.operator_id));
    CheckRefusal(PostForm(server, target, r.form, r.operator_id.empty() ? httplib::Headers{} : Operator(r.operator_id)),
                 r.status, r.code, r.parts);
  }
}

std::string AddRecord(TestServer& server, const std::string& target, char prefix, const std::string& body,
                      const httplib::Headers& headers) {
  std::string day = Today();
  rapidjson::Document data = ParseJson(SuccessData(PostForm(server, target, body, headers), "操作成功！"));
  REQUIRE(data.IsString());
  std::string id = data.GetString();
  CheckNewId(id, prefix, day);
  return id;
}

std::string Today() { return CompactDay(NowTimestamp()); }

int CheckNewId(const std::string& id, char prefix, const std::string& day_before) {
  INFO(id);
  std::regex shape(std::string("^") + prefix + R"(\d{4}\d{8}$)");
  REQUIRE(std::regex_match(id, shape));
  std::string day = id.substr(5);
  CHECK((day == day_before || day == Today()));
  return std::stoi(id.substr(1, 4));
}

}  // namespace jsms::test::support
