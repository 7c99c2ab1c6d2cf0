#include "support/fixtures.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "json/encode.h"
#include "json/fixture_parser.h"
#include "util/clock.h"

namespace jsms::test {

const char* const kSeedFixture = R"JSON({
  "staff": [{"id": 149, "name": "abc"}, {"id": 60, "name": "张伟"}],
  "orders": [{
    "orderId": "D000120170621", "companyName": "111", "industryType": "同行", "belongSale": 149,
    "smsType": "验证码", "expectNumber": "100万以下", "minimumGuarantee": "0", "channelType": "0",
    "directConnect": 0, "extendSize": 0, "rate": null, "signType": "0", "contentTemplate": "1",
    "payType": "预付", "salePrice": "统一价:0.1", "invoiceType": 0, "onlineDate": "2017-06-28",
    "isAudit": 0, "state": 0, "remark": null, "auditorId": null, "operatorId": 60,
    "createTime": "2017-06-28 14:32:05", "updateTime": "2017-06-28 14:32:05"
  }],
  "resources": [{
    "resourceId": "T000020170621", "channelId": "1", "channelType": "1", "smsType": "1",
    "contentProp": "1", "belongBusiness": "1", "directConnect": "1", "extendSize": "1",
    "signType": "1", "purchasePrice": "统一价:0.22", "rate": "1", "minimumGuarantee": "1",
    "isCredit": "1", "payType": "1", "invoiceType": "1", "mtIp": "1", "protocolType": "1",
    "supplier": "1", "contact": "1", "mobile": "1", "isAudit": "0", "onlineDate": "2017-06-19",
    "state": "3", "remark": "1", "auditorId": "1", "operatorId": "1",
    "createTime": "2017-06-20 09:49:18", "updateTime": "2017-06-20 11:08:44"
  }, {
    "resourceId": "T000120170621", "channelId": "2", "channelType": "122", "smsType": "1",
    "contentProp": "1", "belongBusiness": "1", "directConnect": "1", "extendSize": "1",
    "signType": "1", "purchasePrice": "统一价:0.22", "rate": "1", "minimumGuarantee": "1",
    "isCredit": "1", "payType": "1", "invoiceType": "1", "mtIp": "1", "protocolType": "1",
    "supplier": "1", "contact": "1", "mobile": "1", "isAudit": "0", "onlineDate": null,
    "state": "0", "remark": "1", "auditorId": "1", "operatorId": "1",
    "createTime": "2017-06-20 12:23:37", "updateTime": "2017-06-20 12:41:36"
  }]
})JSON";

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "jsms-test-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::unique_ptr<Store> OpenSeededStore(const TempDir& dir, const std::string& fixture_json, int busy_timeout_ms) {
  std::unique_ptr<Store> store;
  // As the commands open it: resource rows kept encoded (the fast page).
  StoreOptions options;
  options.busy_timeout_ms = busy_timeout_ms;
  options.encode_resource_row = PackResourceRow;
  Status opened = Store::Open(dir.File("ops.db"), options, &store);
  INFO(opened.message());
  REQUIRE(opened.ok());
  if (!fixture_json.empty()) {
    FixtureSet fixtures;
    Status parsed = ParseFixture(fixture_json, "test fixture", NowTimestamp(), &fixtures);
    INFO(parsed.message());
    REQUIRE(parsed.ok());
    Status loaded = store->Load(fixtures);
    INFO(loaded.message());
    REQUIRE(loaded.ok());
  }
  return store;
}

std::string ResourceJson(const std::string& id, const std::string& state) {
  return R"({"resourceId":")" + id +
         R"(","channelId":"9","channelType":"1","smsType":"验证码",)"
         R"("contentProp":"1","belongBusiness":"60","directConnect":"0","extendSize":"2","signType":"1",)"
         R"("purchasePrice":"统一价:0.03","rate":"200","minimumGuarantee":"0","isCredit":"0","payType":"1",)"
         R"("invoiceType":"1","mtIp":"10.0.0.1","protocolType":"1","supplier":"某通信","contact":"王",)"
         R"("mobile":"13800000000","isAudit":"0","onlineDate":"2017-06-19","state":")" +
         state +
         R"(","remark":"r","auditorId":"1","operatorId":"1","createTime":"2017-06-20 09:49:18",)"
         R"("updateTime":"2017-06-20 11:08:44"})";
}

namespace support {

std::string OrderJson(const OrderSpec& spec) {
  return R"({"orderId":")" + spec.id + R"(","companyName":")" + spec.company +
         R"(","industryType":"同行","belongSale":)" + std::to_string(spec.sale) +
         R"(,"smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0","channelType":"1,3",)"
         R"("directConnect":0,"extendSize":4,"rate":"100","signType":"1","contentTemplate":"【某某】验证码1234",)"
         R"("payType":"预付","salePrice":"统一价:0.05","invoiceType":1,"onlineDate":"2017-07-01","isAudit":0,)"
         R"("state":)" +
         std::to_string(spec.state) + R"(,"remark":"原备注","auditorId":null,"operatorId":60,"createTime":")" +
         spec.created + R"(","updateTime":")" + spec.updated + R"("})";
}

std::string DemandJson(const std::string& id, const std::string& order_id, const std::string& state,
                       const std::string& created) {
  return R"({"demandId":")" + id + R"(","orderId":")" + order_id +
         R"(","industryType":"同行","smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0",)"
         R"("channelType":"1,3","directConnect":"0","extendSize":"4","rate":"100","signType":"1",)"
         R"("contentTemplate":"【某某】验证码1234","salePrice":"统一价:0.05","onlineDate":"2017-07-01",)"
         R"("state":")" +
         state + R"(","remark":"找移动通道","operatorId":"60","createTime":")" + created + R"(","updateTime":")" +
         created + R"("})";
}

std::string LinkJson(const std::string& order_id, const std::string& resource_id) {
  return R"({"orderId":")" + order_id + R"(","resourceId":")" + resource_id + R"("})";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  for (size_t comma = text.find(','); comma != std::string::npos; comma = text.find(',', start)) {
    items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  items.push_back(text.substr(start));
  return items;
}

const std::string& WorkFixture() {
  static const std::string fixture = [] {
    std::vector<std::string> orders = {OrderJson({"D000120170621", 0}), OrderJson({"D000220170621", 0}),
                                       OrderJson({"D000320170621", 0}), OrderJson({"D000420170621", 5}),
                                       OrderJson({"D000520170621", 1}), OrderJson({"20170001", 0})};
    for (int i = 10; i < 18; ++i) orders.push_back(OrderJson({"D00" + std::to_string(i) + "20170621", 0}));
    std::vector<std::string> resources = {ResourceJson("T000020170621", "3"), ResourceJson("T000120170621", "0"),
                                          ResourceJson("T000220170621", "1"), ResourceJson("T000320170621", "1"),
                                          ResourceJson("20170002", "1")};
    std::vector<std::string> links = {LinkJson("D000120170621", "T000020170621"),
                                      LinkJson("D000420170621", "T000220170621"),
                                      LinkJson("D000520170621", "T000120170621")};
    return R"({"staff":[{"id":149,"name":"abc"},{"id":60,"name":"张伟"},{"id":150,"name":"陈静"}],)"
           R"("orders":[)" +
           Join(orders) + R"(],"resources":[)" + Join(resources) + R"(],"links":[)" + Join(links) + "]}";
  }();
  return fixture;
}

std::string BulkOrderId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "D%04d20240101", i + 1);
  return buf;
}

std::string BulkResourceId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%04d20240101", i);
  return buf;
}

std::string BulkFixture(int orders, int resources, const std::function<int(int)>& state_of) {
  std::vector<std::string> order_records, resource_records;
  for (int i = 0; i < orders; ++i) {
    order_records.push_back(R"({"orderId":")" + BulkOrderId(i) +
                            R"(","companyName":"公司","industryType":"同行","belongSale":149,"smsType":"验证码",)"
                            R"("channelType":"0","salePrice":"统一价:0.1","operatorId":60,"state":)" +
                            std::to_string(state_of ? state_of(i) : 0) + "}");
  }
  for (int i = 0; i < resources; ++i) {
    resource_records.push_back(R"({"resourceId":")" + BulkResourceId(i) +
                               R"(","channelType":"1","protocolType":"1","state":"1"})");
  }
  return R"({"staff":[{"id":60,"name":"张伟"},{"id":149,"name":"abc"}],"orders":[)" + Join(order_records) +
         R"(],"resources":[)" + Join(resource_records) + "]}";
}

}  // namespace support

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace support {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

void WriteFutureDatabase(const std::string& path) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &handle) == SQLITE_OK);
  int made = sqlite3_exec(handle, "CREATE TABLE future (x); PRAGMA user_version = 99;", nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  REQUIRE(made == SQLITE_OK);
}

}  // namespace support
}  // namespace jsms::test
