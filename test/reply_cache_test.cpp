// The reply cache: served only while nothing was written, bounded in bytes, and never stale
// through the API.
#include <catch2/catch.hpp>

#include <string>

#include "store/reply_cache.h"
#include "support.h"

namespace jsms::test {
namespace {

TEST_CASE("cache: a reply is served only for the data version it was read at", "[cache]") {
  ReplyCache cache(1024 * 1024);
  cache.Remember("detail\nD1", 7, "body");
  CHECK(cache.Find("detail\nD1", 7) == std::optional<std::string>("body"));
  CHECK_FALSE(cache.Find("detail\nD1", 8).has_value());
  CHECK_FALSE(cache.Find("detail\nD2", 7).has_value());
}

TEST_CASE("cache: it stays within its byte budget", "[cache]") {
  ReplyCache cache(8 * 1000);
  std::string body(900, 'x');
  for (int i = 0; i < 100; ++i) cache.Remember("k" + std::to_string(i), 1, body);
  int kept = 0;
  for (int i = 0; i < 100; ++i) kept += cache.Find("k" + std::to_string(i), 1).has_value();
  CHECK(kept >= 1);
  CHECK(kept * 900 <= 8 * 1000);
  // A reply bigger than an eighth of the budget is not kept at all.
  cache.Remember("big", 1, std::string(2000, 'y'));
  CHECK_FALSE(cache.Find("big", 1).has_value());
}

std::string Get(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path.c_str());
  REQUIRE(res);
  return res->body;
}

TEST_CASE("cache: details and pages read again after an action show the action", "[cache]") {
  const std::string fixture = std::string(R"({"staff":[{"id":149,"name":"abc"}],"orders":[{"orderId":"D1","belongSale":149,"state":0}],"resources":[)") +
                              ResourceJson("T1", "1") + "]}";
  TestServer server(fixture);
  auto client = server.Client();
  std::string detail = Get(client, "/demandOrder/D1");
  std::string page = Get(client, "/order/resource/query?orderId=D1");
  CHECK(Get(client, "/demandOrder/D1") == detail);  // served again, unchanged
  CHECK(detail.find(R"("stateName":"待配单")") != std::string::npos);
  CHECK(page.find(R"("totalRecord":0)") != std::string::npos);

  auto res = client.Post("/peidan/daipipei", "orderId=D1&resourceIds=T1", "application/x-www-form-urlencoded");
  REQUIRE(res);
  REQUIRE(res->body.find(R"("success":true)") != std::string::npos);

  CHECK(Get(client, "/demandOrder/D1").find(R"("stateName":"待匹配")") != std::string::npos);
  CHECK(Get(client, "/order/resource/query?orderId=D1").find(R"("totalRecord":1)") != std::string::npos);
}

}  // namespace
}  // namespace jsms::test
