// Input a hostile client sends to make the server work or talk too much: huge id lists, JSON the
// parser chokes on.
#include <catch2/catch.hpp>

#include <string>

#include "support.h"

namespace jsms::test {
namespace {

ApiReply Post(Api& api, const std::string& path, const std::string& body,
              const char* content_type = "application/x-www-form-urlencoded") {
  ApiRequest request;
  request.method = "POST";
  request.path = path;
  request.headers = {{"Content-Type", content_type}};
  request.body = body;
  return api.Handle(request);
}

std::string Code(const ApiReply& reply) { return ParseJson(reply.body)["code"].GetString(); }
std::string Msg(const ApiReply& reply) { return ParseJson(reply.body)["msg"].GetString(); }

TEST_CASE("hostile: 150,000 distinct resourceIds are refused by count, before the order is read", "[hostile]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Api api(store.get(), AuthOptions{});
  std::string body = "orderId=D000120170621&resourceIds=";
  for (int i = 0; i < 150000; ++i) body += (i ? "," : "") + std::string("T") + std::to_string(i);
  ApiReply reply = Post(api, "/peidan/daipipei", body);
  CHECK(reply.status == 400);
  CHECK(Code(reply) == "INVALID_PARAM");
  CHECK(Msg(reply) == "参数resourceIds无效：最多1000个资源");
  // An unknown order is not reached either: parameters come first.
  ApiReply unknown = Post(api, "/peidan/daipipei", "orderId=D404&" + body.substr(body.find("resourceIds")));
  CHECK(unknown.status == 400);
}

TEST_CASE("hostile: 1,000 ids are allowed, and repeats count once however many there are", "[hostile]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Api api(store.get(), AuthOptions{});
  std::string thousand = "orderId=D000120170621&resourceIds=";
  for (int i = 0; i < 1000; ++i) thousand += (i ? "," : "") + std::string("T") + std::to_string(i);
  // Past the parameters: the ids are read, and the first unknown ones are named.
  ApiReply reply = Post(api, "/peidan/daipipei", thousand);
  CHECK(reply.status == 200);
  CHECK(Code(reply) == "RESOURCE_NOT_FOUND");

  std::string repeated = "orderId=D000120170621";
  for (int i = 0; i < 200000; ++i) repeated += "&resourceIds=T000120170621";
  ApiReply once = Post(api, "/peidan/daipipei", repeated);
  CHECK(once.body == R"({"success":true,"fail":false,"code":null,"data":null,"msg":"操作成功！","failure":false})");
}

TEST_CASE("hostile: JSON the parser refuses gets one fixed Chinese message with the byte offset", "[hostile]") {
  TempDir dir;
  auto store = OpenSeededStore(dir, kSeedFixture);
  Api api(store.get(), AuthOptions{});
  struct Case {
    const char* body;
    const char* msg;
  };
  const Case cases[] = {
      {R"({"orderId":"\uD800x"})", "请求体不是有效的JSON（第12字节处有误）"},  // a lone surrogate
      {R"({"orderId":"D000120170621"} trailing)", "请求体不是有效的JSON（第28字节处有误）"},
      {R"({"orderId":)", "请求体不是有效的JSON（第11字节处有误）"},
      {"\xff", "请求体不是有效的JSON（第0字节处有误）"},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    ApiReply reply = Post(api, "/peidan/huitui", c.body, "application/json");
    CHECK(reply.status == 400);
    CHECK(Code(reply) == "INVALID_PARAM");
    CHECK(Msg(reply) == c.msg);
  }
}

}  // namespace
}  // namespace jsms::test
