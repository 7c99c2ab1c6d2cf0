#include "support.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/clock.h"
#include "json/fixture_parser.h"

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

std::unique_ptr<Store> OpenSeededStore(const TempDir& dir, const std::string& fixture_json,
                                       int busy_timeout_ms) {
  std::unique_ptr<Store> store;
  Status opened = Store::Open(dir.File("ops.db"), &store, busy_timeout_ms);
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

namespace {

ServerOptions OnLoopback(ServerOptions options) {
  options.host = "127.0.0.1";
  options.port = 0;
  return options;
}

}  // namespace

TestServer::TestServer(const std::string& fixture_json, ServerOptions options, int busy_timeout_ms, AuthOptions auth) {
  store_ = OpenSeededStore(dir_, fixture_json, busy_timeout_ms);
  db_path_ = dir_.File("ops.db");
  api_ = std::make_unique<Api>(store_.get(), std::move(auth));
  Start(std::make_unique<HttpServer>(api_.get(), OnLoopback(options)));
}

TestServer::TestServer(RequestHandler handler, ServerOptions options) {
  Start(std::make_unique<HttpServer>(std::move(handler), OnLoopback(options)));
}

void TestServer::Start(std::unique_ptr<HttpServer> server) {
  server_ = std::move(server);
  port_ = server_->Bind();
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->Run(); });
  // cpp-httplib 0.11 has no wait_until_ready: poll until the listener runs.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->IsRunning() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(server_->IsRunning());
}

void TestServer::Stop() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

TestServer::~TestServer() { Stop(); }

httplib::Client TestServer::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  return client;
}

std::string ResourceJson(const std::string& id, const std::string& state) {
  return R"({"resourceId":")" + id + R"(","channelId":"9","channelType":"1","smsType":"验证码",)"
         R"("contentProp":"1","belongBusiness":"60","directConnect":"0","extendSize":"2","signType":"1",)"
         R"("purchasePrice":"统一价:0.03","rate":"200","minimumGuarantee":"0","isCredit":"0","payType":"1",)"
         R"("invoiceType":"1","mtIp":"10.0.0.1","protocolType":"1","supplier":"某通信","contact":"王",)"
         R"("mobile":"13800000000","isAudit":"0","onlineDate":"2017-06-19","state":")" + state +
         R"(","remark":"r","auditorId":"1","operatorId":"1","createTime":"2017-06-20 09:49:18",)"
         R"("updateTime":"2017-06-20 11:08:44"})";
}

rapidjson::Document ParseJson(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  INFO(body.substr(0, 400));
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace jsms::test
