// GET /healthz and GET /metrics (operations.md): the health object, its 503, and the Prometheus
// exposition parsed line by line — names, label sets, histograms, and counters that rise by
// exactly the requests made.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "domain/access.h"
#include "http/metrics.h"
#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> types;  // family -> counter, gauge, histogram
  std::set<std::string> helped;
  std::vector<Sample> samples;

  // The value of the sample with exactly these labels; nullopt when there is none.
  std::optional<double> Find(const std::string& name, const Labels& labels) const {
    for (const auto& sample : samples) {
      if (sample.name == name && sample.labels == labels) return sample.value;
    }
    return std::nullopt;
  }
  // A counter's value, 0 before its first count (absent).
  double Count(const std::string& name, const Labels& labels) const { return Find(name, labels).value_or(0); }
};

bool IsMetricName(const std::string& name) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  return std::regex_match(name, kName);
}

// Parses `labels` ("a=\"x\",b=\"y\"") strictly, escapes included.
Labels ParseLabels(const std::string& text, const std::string& line) {
  Labels labels;
  size_t i = 0;
  while (i < text.size()) {
    size_t equals = text.find('=', i);
    INFO("line: " << line);
    REQUIRE(equals != std::string::npos);
    std::string name = text.substr(i, equals - i);
    REQUIRE(std::regex_match(name, std::regex("[a-zA-Z_][a-zA-Z0-9_]*")));
    REQUIRE(equals + 1 < text.size());
    REQUIRE(text[equals + 1] == '"');
    std::string value;
    size_t j = equals + 2;
    for (; j < text.size() && text[j] != '"'; ++j) {
      if (text[j] == '\\') {
        REQUIRE(j + 1 < text.size());
        char next = text[++j];
        REQUIRE((next == '\\' || next == '"' || next == 'n'));
        value.push_back(next == 'n' ? '\n' : next);
      } else {
        value.push_back(text[j]);
      }
    }
    REQUIRE(j < text.size());  // the closing quote
    REQUIRE(labels.count(name) == 0);
    labels[name] = value;
    i = j + 1;
    if (i < text.size()) {
      REQUIRE(text[i] == ',');
      ++i;
      REQUIRE(i < text.size());  // no trailing comma
    }
  }
  return labels;
}

// The family a sample belongs to: its own name, or a histogram's name without _bucket/_sum/_count.
std::string FamilyOf(const Exposition& e, const std::string& name) {
  if (e.types.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      std::string family = name.substr(0, name.size() - s.size());
      auto type = e.types.find(family);
      if (type != e.types.end() && type->second == "histogram") return family;
    }
  }
  return "";
}

// Parses the Prometheus text format 0.0.4 line by line, failing the test on any line that is
// not a HELP, a TYPE (before its family's samples, once) or a `name{labels} value` sample.
Exposition ParseExposition(const std::string& text) {
  Exposition e;
  REQUIRE_FALSE(text.empty());
  REQUIRE(text.back() == '\n');
  std::istringstream lines(text);
  std::string line;
  std::set<std::string> sampled;  // families that already have samples
  while (std::getline(lines, line)) {
    INFO("line: " << line);
    REQUIRE_FALSE(line.empty());
    if (line.rfind("# HELP ", 0) == 0) {
      std::string rest = line.substr(7);
      std::string name = rest.substr(0, rest.find(' '));
      REQUIRE(IsMetricName(name));
      REQUIRE(rest.size() > name.size() + 1);  // some help text
      REQUIRE(e.helped.insert(name).second);
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string name, type, extra;
      words >> name >> type;
      REQUIRE_FALSE(static_cast<bool>(words >> extra));
      REQUIRE(IsMetricName(name));
      REQUIRE((type == "counter" || type == "gauge" || type == "histogram"));
      REQUIRE(e.types.count(name) == 0);
      REQUIRE(sampled.count(name) == 0);
      e.types[name] = type;
      continue;
    }
    REQUIRE(line[0] != '#');
    Sample sample;
    size_t brace = line.find('{');
    size_t space;
    if (brace != std::string::npos && brace < line.find(' ')) {
      sample.name = line.substr(0, brace);
      size_t close = line.rfind('}');
      REQUIRE(close != std::string::npos);
      REQUIRE(close > brace);
      sample.labels = ParseLabels(line.substr(brace + 1, close - brace - 1), line);
      space = close + 1;
    } else {
      space = line.find(' ');
      sample.name = line.substr(0, space);
    }
    REQUIRE(IsMetricName(sample.name));
    REQUIRE(space < line.size());
    REQUIRE(line[space] == ' ');
    std::string value = line.substr(space + 1);
    REQUIRE(std::regex_match(value, std::regex(R"([0-9]+(\.[0-9]+)?|\+Inf)")));  // no timestamp, no sign
    sample.value = value == "+Inf" ? INFINITY : std::stod(value);
    std::string family = FamilyOf(e, sample.name);
    INFO("a sample before its family's TYPE line");
    REQUIRE_FALSE(family.empty());
    REQUIRE(e.helped.count(family) == 1);
    sampled.insert(family);
    e.samples.push_back(std::move(sample));
  }
  return e;
}

// Every histogram series: buckets in ascending `le` order ending in +Inf, cumulative counts
// that never fall, _count equal to the +Inf bucket, a _sum.
void CheckHistograms(const Exposition& e) {
  for (const auto& [family, type] : e.types) {
    if (type != "histogram") continue;
    std::map<Labels, std::vector<std::pair<std::string, double>>> series;
    for (const auto& sample : e.samples) {
      if (sample.name != family + "_bucket") continue;
      INFO(family << " bucket without le");
      REQUIRE(sample.labels.count("le") == 1);
      Labels without_le = sample.labels;
      without_le.erase("le");
      series[without_le].emplace_back(sample.labels.at("le"), sample.value);
    }
    for (const auto& [labels, buckets] : series) {
      INFO(family);
      REQUIRE(buckets.size() >= 2);
      CHECK(buckets.back().first == "+Inf");
      for (size_t i = 1; i < buckets.size(); ++i) {
        double before = std::stod(buckets[i - 1].first);
        double bound = buckets[i].first == "+Inf" ? INFINITY : std::stod(buckets[i].first);
        CHECK(bound > before);
        CHECK(buckets[i].second >= buckets[i - 1].second);
      }
      auto count = e.Find(family + "_count", labels);
      auto sum = e.Find(family + "_sum", labels);
      REQUIRE(count.has_value());
      REQUIRE(sum.has_value());
      CHECK(*count == buckets.back().second);
      CHECK(*sum >= 0);
    }
  }
}

Exposition Scrape(const TestServer& server, const httplib::Headers& headers = {}) {
  auto client = server.Client();
  auto result = client.Get("/metrics", headers);
  REQUIRE(result);
  INFO(result->body.substr(0, 400));
  REQUIRE(result->status == 200);
  CHECK(result->get_header_value("Content-Type") == "text/plain; version=0.0.4");
  return ParseExposition(result->body);
}

// Scrapes until `done` holds (the transport counts a request once its reply is written, which
// can be a moment after the client has it), at most 5 s; returns the last scrape.
Exposition ScrapeUntil(const TestServer& server, const std::function<bool(const Exposition&)>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    Exposition e = Scrape(server);
    if (done(e) || std::chrono::steady_clock::now() > deadline) return e;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

const Labels kDetailOk = {{"route", "/demandOrder/{orderId}"}, {"method", "GET"}, {"status", "200"}};

}  // namespace

TEST_CASE("ops: GET /healthz answers ok with the build's version and the file's schema version and the uptime",
          "[ops]") {
  TestServer server;
  auto client = server.Client();
  auto result = client.Get("/healthz");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->get_header_value("Content-Type") == "application/json;charset=UTF-8");
  CHECK(result->get_header_value("Cache-Control") == "no-store");
  rapidjson::Document doc = ParseJson(result->body);
  REQUIRE(doc.IsObject());
  CHECK(doc.MemberCount() == 4);
  CHECK(std::string(doc["status"].GetString()) == "ok");
  CHECK(std::string(doc["version"].GetString()) == JSMS_VERSION);
  CHECK(doc["schemaVersion"].GetInt() == SqlInt(server.db_path(), "PRAGMA user_version"));
  CHECK(doc["schemaVersion"].GetInt() >= 1);
  REQUIRE(doc["uptimeSeconds"].IsInt64());
  CHECK(doc["uptimeSeconds"].GetInt64() >= 0);
  CHECK(doc["uptimeSeconds"].GetInt64() < 24 * 3600);
}

TEST_CASE("ops: GET /healthz answers 503 unavailable and no detail when the database cannot be read", "[ops]") {
  TestServer server;
  // Another process breaks the file under the server: the table the health read touches is gone.
  ExecSql(server.db_path(), "PRAGMA foreign_keys=OFF; DROP TABLE orders;");
  auto client = server.Client();
  auto result = client.Get("/healthz");
  REQUIRE(result);
  CHECK(result->status == 503);
  rapidjson::Document doc = ParseJson(result->body);
  REQUIRE(doc.IsObject());
  CHECK(doc.MemberCount() == 3);
  CHECK(std::string(doc["status"].GetString()) == "unavailable");
  CHECK(std::string(doc["version"].GetString()) == JSMS_VERSION);
  CHECK(doc["uptimeSeconds"].IsInt64());
  CHECK(result->body.find("orders") == std::string::npos);
  CHECK(result->body.find("table") == std::string::npos);
}

TEST_CASE("ops: /healthz needs no token while /metrics needs the service token (or an admin with accounts)", "[ops]") {
  AuthOptions auth;
  auth.service_token = "metrics-t0ken";
  TestServer server(kSeedFixture, {}, 5000, auth);
  auto client = server.Client();
  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto stranger = client.Get("/metrics");
  REQUIRE(stranger);
  CHECK(stranger->status == 401);
  CHECK(stranger->body.find("jsms_") == std::string::npos);
  Exposition e = Scrape(server, {{"Authorization", "Bearer metrics-t0ken"}});
  CHECK(e.types.count("jsms_http_requests_total") == 1);

  // The route's policy: in accounts mode only admins (the permission table decides).
  Api api(&server.store(), {});
  std::optional<Route> metrics;
  for (const Route& route : api.routes()) {
    if (route.pattern == "/metrics") metrics = route;
  }
  REQUIRE(metrics);
  Principal admin, ops;
  admin.caller = ops.caller = Caller::kStaff;
  admin.role = Role::kAdmin;
  ops.role = Role::kOps;
  CHECK(Allows(admin, metrics->permission));
  CHECK_FALSE(Allows(ops, metrics->permission));
}

TEST_CASE("ops: GET /metrics is the Prometheus text format with every family the contract names", "[ops]") {
  TestServer server;
  auto client = server.Client();
  REQUIRE(client.Get("/demandOrder/D000120170621"));
  REQUIRE(client.Get("/no/such/route"));
  REQUIRE(client.Post("/peidan/daipipei", "orderId=D000120170621&resourceIds=T000120170621",
                      "application/x-www-form-urlencoded"));
  Exposition e = ScrapeUntil(server, [](const Exposition& x) { return x.Count("jsms_http_requests_total", kDetailOk) >= 1; });

  const std::map<std::string, std::string> wanted = {
      {"jsms_http_requests_total", "counter"},          {"jsms_http_request_duration_seconds", "histogram"},
      {"jsms_actions_total", "counter"},                {"jsms_write_batch_size", "histogram"},
      {"jsms_db_size_bytes", "gauge"},                  {"jsms_wal_size_bytes", "gauge"},
      {"jsms_logins_total", "counter"},                 {"process_resident_memory_bytes", "gauge"},
      {"process_start_time_seconds", "gauge"},
  };
  for (const auto& [name, type] : wanted) {
    INFO(name);
    REQUIRE(e.types.count(name) == 1);
    CHECK(e.types.at(name) == type);
  }
  CheckHistograms(e);

  // Label sets: exactly these names per family; routes are patterns, never raw paths.
  for (const auto& sample : e.samples) {
    INFO(sample.name);
    std::set<std::string> names;
    for (const auto& [label, value] : sample.labels) names.insert(label);
    if (sample.name == "jsms_http_requests_total") {
      CHECK(names == std::set<std::string>{"route", "method", "status"});
      CHECK(std::regex_match(sample.labels.at("status"), std::regex("[1-5][0-9][0-9]|[1-5]xx")));
    } else if (sample.name == "jsms_http_request_duration_seconds_bucket") {
      CHECK(names == std::set<std::string>{"route", "le"});
    } else if (sample.name.rfind("jsms_http_request_duration_seconds_", 0) == 0) {
      CHECK(names == std::set<std::string>{"route"});
    } else if (sample.name == "jsms_actions_total") {
      CHECK(names == std::set<std::string>{"action", "result"});
    } else if (sample.name == "jsms_logins_total") {
      CHECK(names == std::set<std::string>{"result"});
    } else if (sample.name == "jsms_write_batch_size_bucket") {
      CHECK(names == std::set<std::string>{"le"});
    } else {
      CHECK(names.empty());
    }
    if (sample.labels.count("route")) {
      const std::string& route = sample.labels.at("route");
      CHECK(route.find("D000120170621") == std::string::npos);
      CHECK(route != "/no/such/route");
      CHECK((route == "unmatched" || route.front() == '/'));
    }
  }
  CHECK(e.Count("jsms_http_requests_total", {{"route", "unmatched"}, {"method", "GET"}, {"status", "404"}}) >= 1);
  for (const char* action : {"daipipei", "pipeichenggong", "huitui", "faqixuqiu"}) {
    CHECK(e.Find("jsms_actions_total", {{"action", action}, {"result", "ok"}}).has_value());
  }
  CHECK(e.Find("jsms_logins_total", {{"result", "ok"}}).has_value());
  CHECK(e.Find("jsms_logins_total", {{"result", "failed"}}).has_value());

  // The gauges read now: the database file as it is, this process's memory and start.
  REQUIRE(e.Find("jsms_db_size_bytes", {}));
  CHECK(*e.Find("jsms_db_size_bytes", {}) > 0);
  CHECK(std::fmod(*e.Find("jsms_db_size_bytes", {}), 4096) == 0);  // whole pages
  REQUIRE(e.Find("jsms_wal_size_bytes", {}));
  CHECK(*e.Find("jsms_wal_size_bytes", {}) >= 0);
  REQUIRE(e.Find("process_resident_memory_bytes", {}));
  CHECK(*e.Find("process_resident_memory_bytes", {}) > 1024 * 1024);
  REQUIRE(e.Find("process_start_time_seconds", {}));
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(*e.Find("process_start_time_seconds", {}) <= now + 1);
  CHECK(*e.Find("process_start_time_seconds", {}) > now - 3600);
}

TEST_CASE("ops: /metrics counters rise by exactly the requests made (actions and batches too)", "[ops]") {
  TestServer server;
  Exposition before = Scrape(server);
  auto client = server.Client();
  const char* kForm = "application/x-www-form-urlencoded";
  for (int i = 0; i < 7; ++i) REQUIRE(client.Get("/demandOrder/D000120170621"));
  for (int i = 0; i < 3; ++i) REQUIRE(client.Get("/nothing/here"));
  REQUIRE(client.Post("/order/resource/query", "rows=1", kForm));
  // One accepted daipipei, one refused (待匹配 cannot be entered twice), one bad parameter.
  REQUIRE(client.Post("/peidan/daipipei", "orderId=D000120170621", kForm));
  REQUIRE(client.Post("/peidan/daipipei", "orderId=D000120170621", kForm));
  REQUIRE(client.Post("/peidan/daipipei", "remark=no-order-id", kForm));

  const Labels unmatched = {{"route", "unmatched"}, {"method", "GET"}, {"status", "404"}};
  const Labels query = {{"route", "/order/resource/query"}, {"method", "POST"}, {"status", "200"}};
  const Labels daipipei_ok = {{"route", "/peidan/daipipei"}, {"method", "POST"}, {"status", "200"}};
  const Labels daipipei_bad = {{"route", "/peidan/daipipei"}, {"method", "POST"}, {"status", "400"}};
  auto rose = [&](const Exposition& after, const Labels& labels) {
    return after.Count("jsms_http_requests_total", labels) - before.Count("jsms_http_requests_total", labels);
  };
  Exposition after = ScrapeUntil(server, [&](const Exposition& x) {
    return rose(x, kDetailOk) >= 7 && rose(x, unmatched) >= 3 && rose(x, query) >= 1 && rose(x, daipipei_ok) >= 2 &&
           rose(x, daipipei_bad) >= 1;
  });
  CHECK(rose(after, kDetailOk) == 7);
  CHECK(rose(after, unmatched) == 3);
  CHECK(rose(after, query) == 1);
  CHECK(rose(after, daipipei_ok) == 2);
  CHECK(rose(after, daipipei_bad) == 1);
  auto histogram_rose = [&](const char* name, const Labels& labels) {
    return after.Count(name, labels) - before.Count(name, labels);
  };
  CHECK(histogram_rose("jsms_http_request_duration_seconds_count", {{"route", "/demandOrder/{orderId}"}}) == 7);
  CHECK(histogram_rose("jsms_http_request_duration_seconds_bucket",
                       {{"route", "/demandOrder/{orderId}"}, {"le", "+Inf"}}) == 7);
  CHECK(histogram_rose("jsms_http_request_duration_seconds_count", {{"route", "unmatched"}}) == 3);

  CHECK(histogram_rose("jsms_actions_total", {{"action", "daipipei"}, {"result", "ok"}}) == 1);
  CHECK(histogram_rose("jsms_actions_total", {{"action", "daipipei"}, {"result", "STATE_CONFLICT"}}) == 1);
  CHECK(histogram_rose("jsms_actions_total", {{"action", "daipipei"}, {"result", "INVALID_PARAM"}}) == 1);
  CHECK(histogram_rose("jsms_actions_total", {{"action", "huitui"}, {"result", "ok"}}) == 0);
  // Two writes reached the queue (the refused one is decided inside its transaction), one at a
  // time: two batches of one.
  CHECK(histogram_rose("jsms_write_batch_size_count", {}) == 2);
  CHECK(histogram_rose("jsms_write_batch_size_sum", {}) == 2);
  CHECK(histogram_rose("jsms_write_batch_size_bucket", {{"le", "1"}}) == 2);
  CheckHistograms(after);
}

TEST_CASE("ops: requests counted from many threads at once lose no count", "[ops]") {
  TestServer server;
  Exposition before = Scrape(server);
  constexpr int kThreads = 8, kEach = 100;
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto client = server.Client();
      client.set_keep_alive(true);
      for (int i = 0; i < kEach; ++i) {
        auto result = client.Get("/demandOrder/D000120170621");
        if (result && result->status == 200) ++answered;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(answered == kThreads * kEach);
  double start = before.Count("jsms_http_requests_total", kDetailOk);
  Exposition after = ScrapeUntil(server, [&](const Exposition& x) {
    return x.Count("jsms_http_requests_total", kDetailOk) - start >= kThreads * kEach;
  });
  CHECK(after.Count("jsms_http_requests_total", kDetailOk) - start == kThreads * kEach);
  CHECK(after.Count("jsms_http_request_duration_seconds_count", {{"route", "/demandOrder/{orderId}"}}) -
            before.Count("jsms_http_request_duration_seconds_count", {{"route", "/demandOrder/{orderId}"}}) ==
        kThreads * kEach);
}

TEST_CASE("ops: CountLogin is what jsms_logins_total shows", "[ops]") {
  TestServer server;
  Exposition before = Scrape(server);
  CountLogin(true);
  CountLogin(false);
  CountLogin(false);
  Exposition after = Scrape(server);
  CHECK(after.Count("jsms_logins_total", {{"result", "ok"}}) - before.Count("jsms_logins_total", {{"result", "ok"}}) == 1);
  CHECK(after.Count("jsms_logins_total", {{"result", "failed"}}) -
            before.Count("jsms_logins_total", {{"result", "failed"}}) ==
        2);
}

TEST_CASE("ops: --version prints CMake's project version which /healthz reports too", "[ops][cli]") {
  // The version in CMakeLists.txt's project() line, read from the source.
  std::string cmake = ReadFile(std::string(JSMS_SOURCE_DIR) + "/CMakeLists.txt");
  std::smatch match;
  REQUIRE(std::regex_search(cmake, match, std::regex(R"(project\(jsms-ops VERSION ([0-9.]+))")));
  const std::string version = match[1];
  CHECK(version == JSMS_VERSION);
  Outcome run = RunJsms({"--version"});
  CHECK(run.exit_code() == 0);
  CHECK(run.out == "jsms-ops " + version + "\n");

  TestServer server;
  auto client = server.Client();
  auto result = client.Get("/healthz");
  REQUIRE(result);
  CHECK(std::string(ParseJson(result->body)["version"].GetString()) == version);
}

}  // namespace jsms::test
