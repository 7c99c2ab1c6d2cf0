// The request log (operations.md): the real binary with its stderr captured — one line per
// request, the X-Request-Id sent back and logged, text or JSON, --quiet, and never a password,
// token, cookie, query string or body.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "http/request_log.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

// A marker no log line could hold by chance.
std::string Marker(const std::string& what) {
  static std::mt19937_64 random(std::random_device{}());
  return what + "Mk" + std::to_string(random());
}

// A database file holding the seed fixture, in `dir`.
std::string SeededDatabase(const TempDir& dir) {
  OpenSeededStore(dir, kSeedFixture);  // the store is closed again at once
  return dir.File("ops.db");
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

const std::regex kTextLine(
    R"((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) ([A-Z]+) (\S+) (\S+) (\d{3}) (\d+)B (\d+\.\d{3})ms op=(\d+|-) id=([A-Za-z0-9._-]{1,64}))");

struct TextLine {
  std::string client, method, route, path, status, bytes, op, id;

  // Every field but the time, the duration and the id, as the line writes them.
  std::string Fields() const {
    return client + " " + method + " " + route + " " + path + " " + status + " " + bytes + "B op=" + op;
  }
};

std::vector<TextLine> RequestLines(const std::string& err) {
  std::vector<TextLine> found;
  for (const std::string& line : Lines(err)) {
    std::smatch m;
    if (!std::regex_match(line, m, kTextLine)) continue;
    found.push_back({m[2], m[3], m[4], m[5], m[6], m[7], m[9], m[10]});
  }
  return found;
}

}  // namespace

TEST_CASE("log: one line per request with the request id and no password or token or cookie or query or body in it",
          "[log][cli]") {
  TempDir dir;
  const std::string db = SeededDatabase(dir);
  const std::string token = Marker("token");
  const std::string password = Marker("password");
  const std::string cookie = Marker("cookie");
  const std::string remark = Marker("remark");
  const std::string query_secret = Marker("query");
  const std::string wrong_token = Marker("wrongtoken");
  const std::string stranger_body = Marker("body");
  auto server = StartJsms({"--db", db, "--port", "0"}, {"JSMS_OPS_TOKEN=" + token});
  int port = server->WaitListening();
  INFO("stderr: " << server->err());
  REQUIRE(port > 0);
  auto client = ClientFor(port);
  httplib::Headers signed_in = {{"Authorization", "Bearer " + token}, {"Cookie", "jsms_session=" + cookie}};

  // A login (its route arrives with accounts; the body is never logged either way).
  auto login = client.Post("/auth/login", signed_in, "login=admin&password=" + password, kForm);
  REQUIRE(login);
  // An action with a remark, under the token, naming its operator.
  httplib::Headers acting = signed_in;
  acting.emplace("X-Operator-Id", "60");
  auto action = client.Post("/peidan/huitui", acting, "orderId=D000120170621&remark=" + remark, kForm);
  REQUIRE(action);
  CHECK(action->status == 200);
  // A stranger with a wrong token and a body.
  auto stranger = client.Post("/peidan/daipipei", {{"Authorization", "Bearer " + wrong_token}},
                              "orderId=D000120170621&remark=" + stranger_body, kForm);
  REQUIRE(stranger);
  CHECK(stranger->status == 401);
  // A read with a secret in its query string and the caller's own request id.
  httplib::Headers with_id = signed_in;
  with_id.emplace("X-Request-Id", "trace-42.a_b");
  auto detail = client.Get(("/demandOrder/D000120170621?password=" + query_secret).c_str(), with_id);
  REQUIRE(detail);
  CHECK(detail->status == 200);
  CHECK(detail->get_header_value("X-Request-Id") == "trace-42.a_b");

  CHECK(server->Stop() == 0);  // exited, and all its output read
  const std::string err = server->err();
  INFO("stderr:\n" << err);
  for (const std::string& secret : {token, password, cookie, remark, query_secret, wrong_token, stranger_body}) {
    CHECK(err.find(secret) == std::string::npos);
  }
  std::vector<TextLine> lines = RequestLines(err);
  REQUIRE(lines.size() == 4);  // one per request, nothing else matches the line format
  // Lines are written once each reply is out, so two requests in a row may be logged in either
  // order: find each by its request id.
  auto line_of = [&lines](const std::string& id) {
    for (const TextLine& line : lines) {
      if (line.id == id) return line;
    }
    FAIL("no request line with id " << id);
    return TextLine();
  };

  CHECK(line_of(login->get_header_value("X-Request-Id")).Fields() ==
        "127.0.0.1 POST /auth/login /auth/login " + std::to_string(login->status) + " " +
            std::to_string(login->body.size()) + "B op=-");

  CHECK(std::regex_match(action->get_header_value("X-Request-Id"), std::regex("[0-9a-f]{16}")));  // the server's
  CHECK(line_of(action->get_header_value("X-Request-Id")).Fields() ==
        "127.0.0.1 POST /peidan/huitui /peidan/huitui 200 " + std::to_string(action->body.size()) + "B op=60");
  // A stranger names nobody.
  CHECK(line_of(stranger->get_header_value("X-Request-Id")).Fields() ==
        "127.0.0.1 POST /peidan/daipipei /peidan/daipipei 401 " + std::to_string(stranger->body.size()) + "B op=-");
  CHECK(line_of("trace-42.a_b").Fields() == "127.0.0.1 GET /demandOrder/{orderId} /demandOrder/D000120170621 200 " +
                                                std::to_string(detail->body.size()) + "B op=-");

  // Every reply had its own id.
  std::set<std::string> ids;
  for (const auto& line : lines) ids.insert(line.id);
  CHECK(ids.size() == 4);
  CHECK(err.find("jsms-ops: stopped: SIGTERM") != std::string::npos);
}

TEST_CASE("log: --log-format json writes one JSON object per request", "[log][cli]") {
  TempDir dir;
  const std::string db = SeededDatabase(dir);
  auto server = StartJsms({"--db", db, "--port", "0", "--log-format", "json"});
  int port = server->WaitListening();
  REQUIRE(port > 0);
  auto client = ClientFor(port);
  auto detail = client.Get("/demandOrder/D000120170621", {{"X-Operator-Id", "149"}});
  REQUIRE(detail);
  auto missing = client.Get("/no/such/thing");
  REQUIRE(missing);
  CHECK(server->Stop() == 0);  // exited, and all its output read
  const std::string err = server->err();
  INFO("stderr:\n" << err);

  std::vector<rapidjson::Document> objects;
  for (const std::string& line : Lines(err)) {
    if (!line.empty() && line[0] == '{') objects.push_back(ParseJson(line));
  }
  REQUIRE(objects.size() == 2);
  const std::vector<std::string> keys = {"time",   "client", "method",     "route",    "path",
                                         "status", "bytes",  "durationMs", "operator", "requestId"};
  for (const auto& object : objects) {
    REQUIRE(object.IsObject());
    CHECK(Keys(object) == keys);
    CHECK(std::regex_match(std::string(object["time"].GetString()),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    CHECK(std::string(object["client"].GetString()) == "127.0.0.1");
    CHECK(object["durationMs"].IsNumber());
    CHECK(object["durationMs"].GetDouble() >= 0);
  }
  // In either order (each line is written once its reply is out): find them by request id.
  auto object_of = [&objects](const std::string& id) -> const rapidjson::Document& {
    for (const auto& object : objects) {
      if (std::string(object["requestId"].GetString()) == id) return object;
    }
    FAIL("no request line with id " << id);
    return objects[0];
  };
  const auto& first = object_of(detail->get_header_value("X-Request-Id"));
  CHECK(std::string(first["method"].GetString()) == "GET");
  CHECK(std::string(first["route"].GetString()) == "/demandOrder/{orderId}");
  CHECK(std::string(first["path"].GetString()) == "/demandOrder/D000120170621");
  CHECK(first["status"].GetInt() == 200);
  CHECK(first["bytes"].GetUint64() == detail->body.size());
  CHECK(first["operator"].GetInt64() == 149);
  const auto& second = object_of(missing->get_header_value("X-Request-Id"));
  CHECK(std::string(second["path"].GetString()) == "/no/such/thing");
  CHECK(second["route"].IsNull());
  CHECK(second["operator"].IsNull());
  CHECK(second["status"].GetInt() == 404);
}

TEST_CASE("log: --quiet (or JSMS_OPS_QUIET) turns request lines off while start and stop lines stay", "[log][cli]") {
  TempDir dir;
  const std::string db = SeededDatabase(dir);
  struct Case {
    std::vector<std::string> args, env;
  };
  for (const Case& c : {Case{{"--quiet"}, {}}, Case{{}, {"JSMS_OPS_QUIET=1"}}}) {
    std::vector<std::string> args = {"--db", db, "--port", "0"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto server = StartJsms(args, c.env);
    int port = server->WaitListening();
    REQUIRE(port > 0);
    auto client = ClientFor(port);
    auto result = client.Get("/demandOrder/D000120170621");
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->has_header("X-Request-Id"));
    CHECK(server->Stop() == 0);  // exited, and all its output read
    const std::string err = server->err();
    INFO("stderr:\n" << err);
    CHECK(err.find("/demandOrder") == std::string::npos);
    CHECK(RequestLines(err).empty());
    CHECK(err.find("stopped: SIGTERM") != std::string::npos);
    CHECK(server->out().find("listening on http://127.0.0.1:") == 0);
  }
}

TEST_CASE("log: JSMS_OPS_LOG_FORMAT=json chooses JSON lines and an unknown format is refused", "[log][cli]") {
  TempDir dir;
  const std::string db = SeededDatabase(dir);
  {
    auto server = StartJsms({"--db", db, "--port", "0"}, {"JSMS_OPS_LOG_FORMAT=json"});
    int port = server->WaitListening();
    REQUIRE(port > 0);
    auto client = ClientFor(port);
    REQUIRE(client.Get("/healthz"));
    CHECK(server->Stop() == 0);  // exited, and all its output read
    INFO("stderr:\n" << server->err());
    CHECK(server->err().find("{\"time\":\"") != std::string::npos);
    CHECK(RequestLines(server->err()).empty());
  }
  Outcome bad = RunJsms({"--db", db, "--port", "0", "--log-format", "xml"});
  CHECK(bad.exit_code() != 0);
  CHECK(bad.err.find("log-format") != std::string::npos);
}

TEST_CASE("log: every reply carries X-Request-Id: a well-formed one is echoed and anything else replaced", "[log]") {
  TestServer server;
  auto client = server.Client();
  struct Case {
    std::string sent;
    bool echoed;
  };
  for (const Case& c : {Case{"abc", true}, Case{std::string(64, 'x'), true}, Case{"A.b_c-9", true},
                        Case{std::string(65, 'x'), false}, Case{"has space", false}, Case{"semi;colon", false},
                        Case{"über", false}}) {
    INFO("sent: " << c.sent);
    auto result = client.Get("/healthz", {{"X-Request-Id", c.sent}});
    REQUIRE(result);
    std::string id = result->get_header_value("X-Request-Id");
    if (c.echoed) {
      CHECK(id == c.sent);
    } else {
      CHECK(std::regex_match(id, std::regex("[0-9a-f]{16}")));
    }
  }
  // Without one, and on refusals the library makes itself (a request line past 8 KB).
  auto plain = client.Get("/demandOrder/D000120170621");
  REQUIRE(plain);
  CHECK(std::regex_match(plain->get_header_value("X-Request-Id"), std::regex("[0-9a-f]{16}")));
  auto too_long = client.Get(("/demandOrder/" + std::string(9000, 'D')).c_str());
  REQUIRE(too_long);
  CHECK(too_long->status == 414);
  CHECK(std::regex_match(too_long->get_header_value("X-Request-Id"), std::regex("[0-9a-f]{16}")));
  auto unmatched = client.Get("/no/route");
  REQUIRE(unmatched);
  CHECK(unmatched->status == 404);
  CHECK(unmatched->has_header("X-Request-Id"));
}

TEST_CASE("log: a line cannot be split or forged by what a client sends in the path", "[log]") {
  RequestLogEntry entry;
  entry.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1714552212345));
  entry.client = "127.0.0.1";
  entry.method = "GET";
  entry.path = "/demandOrder/a b\n2024-05-01T00:00:00.000Z 6.6.6.6 GET \"x\\y%";
  entry.status = 404;
  entry.bytes = 12;
  entry.duration = std::chrono::microseconds(1500);
  entry.request_id = "0123456789abcdef";
  std::string text = FormatRequestLog(entry, RequestLogFormat::kText);
  CHECK(text ==
        "2024-05-01T08:30:12.345Z 127.0.0.1 GET - "
        "/demandOrder/a%20b%0A2024-05-01T00:00:00.000Z%206.6.6.6%20GET%20%22x%5Cy%25 404 12B 1.500ms op=- "
        "id=0123456789abcdef\n");
  entry.route = "/demandOrder/{orderId}";
  entry.operator_id = 60;
  std::string json = FormatRequestLog(entry, RequestLogFormat::kJson);
  CHECK(std::count(json.begin(), json.end(), '\n') == 1);
  CHECK(json.back() == '\n');
  rapidjson::Document doc = ParseJson(json);
  CHECK(std::string(doc["path"].GetString()) ==
        "/demandOrder/a%20b%0A2024-05-01T00:00:00.000Z%206.6.6.6%20GET%20%22x%5Cy%25");
  CHECK(doc["operator"].GetInt64() == 60);
  CHECK(doc["durationMs"].GetDouble() == 1.5);
  CHECK(std::string(doc["route"].GetString()) == "/demandOrder/{orderId}");

  CHECK(IsValidRequestId("a"));
  CHECK_FALSE(IsValidRequestId(""));
  CHECK_FALSE(IsValidRequestId("a\nb"));
  std::string first = NewRequestId(), second = NewRequestId();
  CHECK(std::regex_match(first, std::regex("[0-9a-f]{16}")));
  CHECK(first != second);
}

}  // namespace jsms::test

namespace jsms::test {
namespace {
using namespace support;

TEST_CASE("log: --behind-proxy takes the client address from X-Real-IP, for the log and the login lockout",
          "[log][cli][auth]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  {
    auto store = OpenSeededStore(dir, kSeedFixture);
    AddAccount(*store, "boss", Role::kAdmin, "admin-password-1");
  }
  auto login_from = [](httplib::Client& client, const std::string& address, const std::string& password) {
    auto result = client.Post("/auth/login", {{"X-Real-IP", address}}, "login=boss&password=" + password,
                              "application/x-www-form-urlencoded");
    return result ? result->status : -1;
  };
  {
    auto server = StartJsms({"--db", db, "--port", "0", "--behind-proxy"});
    int port = server->WaitListening();
    REQUIRE(port > 0);
    auto client = ClientFor(port);
    REQUIRE(client.Get("/healthz", {{"X-Real-IP", "203.0.113.7"}}));
    REQUIRE(client.Get("/staff", {{"X-Real-IP", "2001:db8::5"}}));
    REQUIRE(client.Get("/demandOrder/D000120170621", {{"X-Real-IP", "not-an-address"}}));
    // 20 failures from one client behind the proxy lock that client out, and no other.
    for (int i = 0; i < 20; ++i) {
      auto result = client.Post("/auth/login", {{"X-Real-IP", "198.51.100.4"}},
                                "login=nobody" + std::to_string(i) + "&password=guess-password",
                                "application/x-www-form-urlencoded");
      REQUIRE(result);
      REQUIRE(result->status == 401);
    }
    CHECK(login_from(client, "198.51.100.4", "admin-password-1") == 429);
    CHECK(login_from(client, "198.51.100.5", "admin-password-1") == 200);
    CHECK(server->Stop() == 0);
    INFO("stderr:\n" << server->err());
    // Each connection's line is written after its reply: lines of different connections may come
    // in any order, so they are found by path.
    auto client_of = [&](const std::string& path) {
      for (const TextLine& line : RequestLines(server->err())) {
        if (line.path == path) return line.client;
      }
      return std::string("(no line)");
    };
    CHECK(client_of("/healthz") == "203.0.113.7");
    CHECK(client_of("/staff") == "2001:db8::5");
    CHECK(client_of("/demandOrder/D000120170621") == "127.0.0.1");  // not an address: the peer's
    CHECK(SqlInt(db, "SELECT count(*) FROM login_events WHERE clientAddress = '198.51.100.4'") == 20);
  }
  {
    // Without the flag the header is only a header: every client is the proxy's address.
    auto server = StartJsms({"--db", db, "--port", "0"});
    int port = server->WaitListening();
    REQUIRE(port > 0);
    auto client = ClientFor(port);
    REQUIRE(client.Get("/healthz", {{"X-Real-IP", "203.0.113.7"}}));
    CHECK(server->Stop() == 0);
    std::vector<TextLine> lines = RequestLines(server->err());
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].client == "127.0.0.1");
  }
}

}  // namespace
}  // namespace jsms::test
