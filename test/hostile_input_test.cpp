// Input a hostile client sends to make the server work or talk too much: huge id lists, JSON the
// parser chokes on.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

// "orderId=D000120170621&resourceIds=T0,T1,…" with `count` distinct ids.
std::string ManyIds(int count) {
  std::string body = "orderId=D000120170621&resourceIds=";
  for (int i = 0; i < count; ++i) body += (i ? "," : "") + std::string("T") + std::to_string(i);
  return body;
}

TEST_CASE("hostile: 150,000 distinct resourceIds are refused by count, before the order is read", "[hostile]") {
  ApiHarness api;
  const std::string body = ManyIds(150000);
  CHECK(CheckRefusal(api.Post("/peidan/daipipei", body), 400, "INVALID_PARAM") == "参数resourceIds无效：最多1000个资源");
  // An unknown order is not reached either: parameters come first.
  ApiReply unknown = api.Post("/peidan/daipipei", "orderId=D404&" + body.substr(body.find("resourceIds")));
  CHECK(unknown.status == 400);
}

TEST_CASE("hostile: 1,000 ids are allowed, and repeats count once however many there are", "[hostile]") {
  ApiHarness api;
  // Past the parameters: the ids are read, and the first unknown ones are named.
  CheckRefusal(api.Post("/peidan/daipipei", ManyIds(1000)), 200, "RESOURCE_NOT_FOUND");

  std::string repeated = "orderId=D000120170621";
  for (int i = 0; i < 200000; ++i) repeated += "&resourceIds=T000120170621";
  CheckOk(api.Post("/peidan/daipipei", repeated));
}

TEST_CASE("hostile: JSON the parser refuses gets one fixed Chinese message with the byte offset", "[hostile]") {
  ApiHarness api;
  // Each body, and the message it gets.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {R"({"orderId":"\uD800x"})", "请求体不是有效的JSON（第12字节处有误）"},  // a lone surrogate
      {R"({"orderId":"D000120170621"} trailing)", "请求体不是有效的JSON（第28字节处有误）"},
      {R"({"orderId":)", "请求体不是有效的JSON（第11字节处有误）"},
      {"\xff", "请求体不是有效的JSON（第0字节处有误）"}};
  for (const auto& [body, msg] : refused) {
    INFO(body);
    CHECK(CheckRefusal(api.Post("/peidan/huitui", body, kJson), 400, "INVALID_PARAM") == msg);
  }
}

}  // namespace
}  // namespace jsms::test
