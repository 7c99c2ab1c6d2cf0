// Issue 10 row 11: a form on another site posting here (cross-site request forgery), and another
// site's name pointed at this server (DNS rebinding). The rules are http/origin.h's, checked by
// the Api before routing; the binary's --allowed-host names the server's other names.
#include <catch2/catch.hpp>

#include <signal.h>

#include <string>
#include <vector>

#include "http/origin.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

constexpr const char* kOrder = "D000120170621";

// POST: 回退 of the order; otherwise a read of its detail.
ApiRequest Request(const std::string& method, const NameValues& headers) {
  if (method == "POST") return MakeFormPost("/peidan/huitui", std::string("orderId=") + kOrder, headers);
  return MakeRequest(method, std::string("/demandOrder/") + kOrder, headers);
}

int OrderState(const Api& api) {
  ApiReply reply = api.Handle(Request("GET", {{"Host", "127.0.0.1"}}));
  REQUIRE(reply.status == 200);
  return ParseJson(reply.body)["data"]["state"].GetInt();
}

// Fails without the Origin rule: the forged form changes the order (the row 11).
TEST_CASE("origin: a state-changing request from another site's page is 403 and changes nothing", "[origin]") {
  ApiHarness harness;
  Api& api = harness.api();
  struct Case {
    const char* host;
    const char* origin;
  };
  for (const Case& c : {Case{"127.0.0.1:8080", "http://evil.example"},
                        Case{"127.0.0.1:8080", "null"},  // a sandboxed frame or a privacy redirect
                        Case{"127.0.0.1:8080", "http://127.0.0.1:8081"},   // another port is another origin
                        Case{"127.0.0.1:8080", "http://127.0.0.1.evil.example:8080"},
                        Case{"ops.example.com", "http://ops.example.com.evil.example"},
                        Case{"localhost:8080", "http://127.0.0.1:8080"},  // same machine, other name
                        Case{"127.0.0.1", "https://127.0.0.1:80"}}) {
    INFO("Host: " << c.host << ", Origin: " << c.origin);
    OriginPolicy policy;
    policy.allowed_hosts = {"ops.example.com"};
    api.SetOriginPolicy(policy);
    ApiReply reply = api.Handle(Request("POST", {{"Host", c.host}, {"Origin", c.origin}}));
    CHECK(reply.status == 403);
    CHECK(CodeOf(reply.body) == "FORBIDDEN");
    CHECK(MsgOf(reply.body) == "跨站请求被拒绝：Origin不是本服务的地址");
  }
  CHECK(OrderState(api) == 0);
  // An Origin on a read is no forgery: reads change nothing.
  ApiReply read = api.Handle(Request("GET", {{"Host", "127.0.0.1"}, {"Origin", "http://evil.example"}}));
  CHECK(read.status == 200);
}

// Fails when the console (same origin, directly or behind the proxy) or a client that sends no
// Origin (curl, integrations) is refused.
TEST_CASE("origin: the server's own origin, or none, may change state", "[origin]") {
  struct Case {
    const char* host;
    const char* origin;  // "" for none
  };
  for (const Case& c : {Case{"127.0.0.1:8080", "http://127.0.0.1:8080"}, Case{"localhost:8080", "http://LOCALHOST:8080"},
                        Case{"[::1]:8080", "http://[::1]:8080"}, Case{"ops.example.com", "https://ops.example.com"},
                        Case{"ops.example.com:443", "https://ops.example.com"}, Case{"ops.example.com", "http://ops.example.com:80"},
                        Case{"192.0.2.7:8080", "http://192.0.2.7:8080"}, Case{"127.0.0.1:8080", ""}}) {
    INFO("Host: " << c.host << ", Origin: " << c.origin);
    ApiHarness harness;
    Api& api = harness.api();
    OriginPolicy policy;
    policy.allowed_hosts = {"ops.example.com"};
    api.SetOriginPolicy(policy);
    NameValues headers = {{"Host", c.host}};
    if (*c.origin) headers.emplace_back("Origin", c.origin);
    ApiReply reply = api.Handle(Request("POST", headers));
    INFO(reply.body);
    CHECK(reply.status == 200);
    CHECK(ParseJson(reply.body)["success"].GetBool());
    CHECK(OrderState(api) == 3);  // 退单
  }
}

// Fails without the Host rule: a page on evil.example whose name now points at this server reads
// and changes orders as if it were the server's own page (DNS rebinding).
TEST_CASE("origin: a Host that is not one of the server's names is 400, reads included", "[origin]") {
  ApiHarness harness;
  Api& api = harness.api();
  OriginPolicy policy;
  policy.bound_host = "0.0.0.0";
  policy.allowed_hosts = {"ops.example.com", "Intranet.Example:8443"};
  api.SetOriginPolicy(policy);
  for (const char* method : {"GET", "POST"}) {
    for (const char* host : {"evil.example", "evil.example:8080", "ops.example.com.evil.example", "localhost.evil.example"}) {
      INFO(method << " Host: " << host);
      ApiReply reply = api.Handle(Request(method, {{"Host", host}, {"Origin", std::string("http://") + host}}));
      CHECK(reply.status == 400);
      CHECK(CodeOf(reply.body) == "INVALID_PARAM");
      CHECK(MsgOf(reply.body).rfind("请求头Host不是本服务的地址：", 0) == 0);
    }
    for (const char* host : {"a b", "", "evil.example:http", "[::1", "ops.example.com/x", "[evil.example]"}) {
      INFO(method << " Host: '" << host << "'");
      ApiReply reply = api.Handle(Request(method, {{"Host", host}}));
      CHECK(reply.status == 400);
      CHECK(MsgOf(reply.body) == "请求头Host无效");
    }
  }
  CHECK(OrderState(api) == 0);
  // The server's own names: IP addresses, loopback names, the allowed hosts (any case, any port).
  for (const char* host : {"127.0.0.1:8080", "192.0.2.7", "[::1]:8080", "[2001:db8::1]", "localhost", "LocalHost:8080",
                           "app.localhost", "localhost.", "ops.example.com", "OPS.example.com:8443", "intranet.example"}) {
    INFO("Host: " << host);
    ApiReply reply = api.Handle(Request("GET", {{"Host", host}}));
    CHECK(reply.status == 200);
  }
  // A request without Host (HTTP/1.0; the transport refuses HTTP/1.1 without one) is not a browser's.
  CHECK(api.Handle(Request("GET", {})).status == 200);
  // A name given as the bound address is one of the server's own.
  OriginPolicy named;
  named.bound_host = "ops-vm.lan";
  api.SetOriginPolicy(named);
  CHECK(api.Handle(Request("GET", {{"Host", "ops-vm.lan:8080"}})).status == 200);
  CHECK(api.Handle(Request("GET", {{"Host", "ops.example.com"}})).status == 400);
}

TEST_CASE("origin: --allowed-host accepts host names and IP addresses only", "[origin]") {
  for (const char* good : {"ops.example.com", "ops.example.com:443", "10.0.0.5", "[::1]", "localhost"}) {
    INFO(good);
    CHECK(IsValidAllowedHost(good));
  }
  for (const char* bad : {"", "https://ops.example.com", "ops.example.com/", "a b", "ops.example.com:x", "*.example.com"}) {
    INFO(bad);
    CHECK_FALSE(IsValidAllowedHost(bad));
  }
}

// Fails when the binary does not read --allowed-host (repeated) or JSMS_OPS_ALLOWED_HOSTS (comma
// separated), or when a forged form over a real socket gets through.
TEST_CASE("origin: the binary takes its other names from --allowed-host or JSMS_OPS_ALLOWED_HOSTS", "[origin][cli]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  REQUIRE(RunJsms({"--db", db, "seed"}).exit_code() == 0);
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> env;
  };
  for (const Case& c : {Case{{"--allowed-host", "a.example", "--allowed-host", "b.example"}, {}},
                        Case{{}, {"JSMS_OPS_ALLOWED_HOSTS=a.example,b.example"}}}) {
    std::vector<std::string> args = {"--db", db, "--port", "0"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto server = StartJsms(args, c.env);
    int port = server->WaitListening();
    REQUIRE(port > 0);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(5, 0);
    for (const char* host : {"a.example", "b.example:8080", "127.0.0.1"}) {
      auto result = client.Get((std::string("/demandOrder/") + kOrder).c_str(), {{"Host", host}});
      REQUIRE(result);
      CHECK(result->status == 200);
    }
    auto rebound = client.Get((std::string("/demandOrder/") + kOrder).c_str(), {{"Host", "c.example"}});
    REQUIRE(rebound);
    CHECK(rebound->status == 400);
    auto forged = client.Post("/peidan/huitui", {{"Origin", "http://evil.example"}}, std::string("orderId=") + kOrder,
                              "application/x-www-form-urlencoded");
    REQUIRE(forged);
    CHECK(forged->status == 403);
    server->Signal(SIGTERM);
    REQUIRE(server->Wait(10));
  }
  // A malformed name is refused at start.
  Outcome bad = RunJsms({"--db", db, "--port", "0", "--allowed-host", "https://a.example/"}, {}, "", 10);
  CHECK(bad.exit_code() != 0);
  CHECK(bad.err.find("not a host name") != std::string::npos);
}

}  // namespace
}  // namespace jsms::test
