// End-to-end tests of the HTTP API (spec §1–§4) against the real server on an ephemeral port over
// a real SQLite file, and of the CLI (spec §5–§6) as a real child process.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/dates.h"
#include "support.h"

namespace jsms::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kJson = "application/json";

// ---- The seed document's replies, compact, keys in the seed's order. ----

const std::string kSeedDetail =
    R"({"success":true,"fail":false,"code":null,"data":{"orderId":"D000120170621","companyName":"111","industryType":"同行","belongSale":149,"smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0","channelType":"0","directConnect":0,"extendSize":0,"rate":null,"signType":"0","contentTemplate":"1","payType":"预付","salePrice":"统一价:0.1","invoiceType":0,"onlineDate":"2017-06-28","isAudit":0,"state":0,"remark":null,"auditorId":null,"operatorId":60,"createTime":"2017-06-28 14:32:05","updateTime":"2017-06-28 14:32:05","belongSaleName":"abc","channelTypeName":",三网合一","directConnectName":"直连","signTypeName":",自定义","invoiceTypeName":"不要票","isAuditName":"否","stateName":"待配单","minimumGuaranteeName":"不承诺保底","extendSizeName":"无特殊要求","demandState":null,"demandStateName":"——"},"msg":"查询成功！","failure":false})";

const std::string kSeedResource0 =
    R"({"orderBy":null,"rowNum":null,"resourceId":"T000020170621","channelId":"1","channelType":"1","smsType":"1","contentProp":"1","belongBusiness":"1","belongBusinessName":null,"directConnect":"1","extendSize":"1","signType":"1","purchasePrice":"统一价:0.22","rate":"1","minimumGuarantee":"1","isCredit":"1","payType":"1","invoiceType":"1","mtIp":"1","protocolType":"1","supplier":"1","contact":"1","mobile":"1","isAudit":"0","onlineDate":"2017-06-19","state":"3","remark":"1","auditorId":"1","operatorId":"1","createTime":"2017-06-20 09:49:18","updateTime":"2017-06-20 11:08:44","channelTypeName":",移动","directConnectName":"第三方","signTypeName":",报备签名","extendSizeName":"支持1位","minimumGuaranteeName":"1万条/月","isCreditName":"1万条/月","invoiceTypeName":"专票","protocolTypeName":"CMPP","stateName":"撤销"})";

const std::string kSeedResource1 =
    R"({"orderBy":null,"rowNum":null,"resourceId":"T000120170621","channelId":"2","channelType":"122","smsType":"1","contentProp":"1","belongBusiness":"1","belongBusinessName":null,"directConnect":"1","extendSize":"1","signType":"1","purchasePrice":"统一价:0.22","rate":"1","minimumGuarantee":"1","isCredit":"1","payType":"1","invoiceType":"1","mtIp":"1","protocolType":"1","supplier":"1","contact":"1","mobile":"1","isAudit":"0","onlineDate":null,"state":"0","remark":"1","auditorId":"1","operatorId":"1","createTime":"2017-06-20 12:23:37","updateTime":"2017-06-20 12:41:36","channelTypeName":"","directConnectName":"第三方","signTypeName":",报备签名","extendSizeName":"支持1位","minimumGuaranteeName":"1万条/月","isCreditName":"1万条/月","invoiceTypeName":"专票","protocolTypeName":"CMPP","stateName":"待接入"})";

const std::string kActionOk =
    R"({"success":true,"fail":false,"code":null,"data":null,"msg":"操作成功！","failure":false})";

std::string PageTail() { return R"(,"otherData":null,"totalOtherData":null,"orderByClause":null})"; }

// ---- A workflow fixture: orders in every interesting state, resources in every state. ----

constexpr const char* kOldTime = "2017-06-28 14:32:05";

std::string OrderJson(const std::string& id, int state, const std::string& remark = "原备注") {
  return R"({"orderId":")" + id + R"(","companyName":"某某科技","industryType":"同行","belongSale":149,)"
         R"("smsType":"验证码","expectNumber":"100万以下","minimumGuarantee":"0","channelType":"1,3",)"
         R"("directConnect":0,"extendSize":4,"rate":"100","signType":"1","contentTemplate":"【某某】验证码1234",)"
         R"("payType":"预付","salePrice":"统一价:0.05","invoiceType":1,"onlineDate":"2017-07-01","isAudit":0,)"
         R"("state":)" + std::to_string(state) + R"(,"remark":")" + remark +
         R"(","auditorId":null,"operatorId":60,"createTime":"2017-06-28 14:32:05","updateTime":")" +
         kOldTime + R"("})";
}

// Orders: D0001..D0003 待配单 (D0001 linked to T0000), D0004 匹配成功 (linked to T0002),
// D0005 待匹配 (linked to T0001), D0010..D0017 待配单 for parallel work, "20170001" 待配单 (an id
// that is also a JSON number). Resources: T0000 撤销(3), T0001 待接入(0), T0002 and T0003
// 已接入(1), "20170002" 已接入.
const std::string& WorkFixture() {
  static const std::string fixture = [] {
    std::vector<std::string> orders = {OrderJson("D000120170621", 0), OrderJson("D000220170621", 0),
                                       OrderJson("D000320170621", 0), OrderJson("D000420170621", 5),
                                       OrderJson("D000520170621", 1), OrderJson("20170001", 0)};
    for (int i = 10; i < 18; ++i) orders.push_back(OrderJson("D00" + std::to_string(i) + "20170621", 0));
    std::vector<std::string> resources = {ResourceJson("T000020170621", "3"), ResourceJson("T000120170621", "0"),
                                          ResourceJson("T000220170621", "1"), ResourceJson("T000320170621", "1"),
                                          ResourceJson("20170002", "1")};
    auto join = [](const std::vector<std::string>& items) {
      std::string out;
      for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
      return out;
    };
    return R"({"staff":[{"id":149,"name":"abc"},{"id":60,"name":"张伟"},{"id":150,"name":"陈静"}],)"
           R"("orders":[)" + join(orders) + R"(],"resources":[)" + join(resources) +
           R"(],"links":[{"orderId":"D000120170621","resourceId":"T000020170621"},)"
           R"({"orderId":"D000420170621","resourceId":"T000220170621"},)"
           R"({"orderId":"D000520170621","resourceId":"T000120170621"}]})";
  }();
  return fixture;
}

// ---- Small helpers. ----

// Every reply: our content type, no internals anywhere.
void CheckClean(const httplib::Result& res) {
  INFO("transport error: " << httplib::to_string(res.error()));
  REQUIRE(res);
  CHECK(res->get_header_value("Content-Type") == "application/json;charset=UTF-8");
  CHECK_FALSE(res->has_header("EXCEPTION_WHAT"));
  for (const auto& [name, value] : res->headers) {
    CHECK(value.find("/tmp") == std::string::npos);
    CHECK(value.find("SQL") == std::string::npos);
    CHECK(value.find("sqlite") == std::string::npos);
  }
  CHECK(res->body.find("SQL") == std::string::npos);
  CHECK(res->body.find("sqlite") == std::string::npos);
  CHECK(res->body.find("/tmp") == std::string::npos);
}

void CheckSuccess(const httplib::Result& res) {
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == kActionOk);
}

// The refusal envelope, exactly in the seed's key order, whose msg contains every `parts`.
void CheckRefusal(const httplib::Result& res, int status, const std::string& code,
                  std::initializer_list<std::string> parts = {}) {
  CheckClean(res);
  INFO(res->body);
  CHECK(res->status == status);
  const std::string head = R"({"success":false,"fail":true,"code":")" + code + R"(","data":null,"msg":")";
  const std::string tail = R"(","failure":true})";
  REQUIRE(res->body.size() > head.size() + tail.size());
  CHECK(res->body.compare(0, head.size(), head) == 0);
  CHECK(res->body.compare(res->body.size() - tail.size(), tail.size(), tail) == 0);
  rapidjson::Document doc = ParseJson(res->body);
  REQUIRE(doc["msg"].IsString());
  std::string msg = doc["msg"].GetString();
  CHECK_FALSE(msg.empty());
  for (const auto& part : parts) {
    INFO("msg should contain " << part);
    CHECK(msg.find(part) != std::string::npos);
  }
}

httplib::Result PostForm(httplib::Client& client, const std::string& path, const std::string& body,
                         const httplib::Headers& headers = {}) {
  return client.Post(path.c_str(), headers, body, kForm);
}

std::string Detail(TestServer& server, const std::string& order_id) {
  auto client = server.Client();
  auto res = client.Get(("/demandOrder/" + order_id).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return res->body;
}

// The order's linked resource ids (sorted by the page), through the resource page.
std::vector<std::string> Linked(TestServer& server, const std::string& order_id) {
  auto client = server.Client();
  auto res = PostForm(client, "/order/resource/query", "rows=100&orderId=" + order_id);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  rapidjson::Document doc = ParseJson(res->body);
  std::vector<std::string> ids;
  for (const auto& row : doc["data"].GetArray()) ids.emplace_back(row["resourceId"].GetString());
  CHECK(doc["totalRecord"].GetInt64() == static_cast<int64_t>(ids.size()));
  return ids;
}

std::vector<ProgressEntry> Progress(TestServer& server, const std::string& order_id) {
  std::vector<ProgressEntry> entries;
  Status listed = server.store().orders().ListProgress(order_id, &entries);
  INFO(listed.message());
  REQUIRE(listed.ok());
  return entries;
}

// Everything a refused action must leave as it was.
struct OrderSnapshot {
  std::string detail;
  std::vector<std::string> links;
  size_t progress = 0;
  bool operator==(const OrderSnapshot& o) const {
    return detail == o.detail && links == o.links && progress == o.progress;
  }
};

OrderSnapshot Snapshot(TestServer& server, const std::string& order_id) {
  return {Detail(server, order_id), Linked(server, order_id), Progress(server, order_id).size()};
}

void CheckUnchanged(TestServer& server, const std::string& order_id, const OrderSnapshot& before) {
  OrderSnapshot after = Snapshot(server, order_id);
  CHECK(after.detail == before.detail);
  CHECK(after.links == before.links);
  CHECK(after.progress == before.progress);
}

std::vector<std::string> Ids(std::initializer_list<const char*> ids) { return {ids.begin(), ids.end()}; }

// ---- Child processes for the CLI. ----

struct Child {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (out >= 0) close(out);
    if (err >= 0) close(err);
    if (pid > 0) {  // still ours and still running: do not leak it
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

void Spawn(const std::vector<std::string>& args, Child* child) {
  std::vector<std::string> all = {JSMS_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : all) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out[2], err[2];
  REQUIRE(pipe2(out, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err, O_CLOEXEC) == 0);
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  REQUIRE(devnull >= 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(devnull);
  close(out[1]);
  close(err[1]);
  child->pid = pid;
  child->out = out[0];
  child->err = err[0];
}

// Waits for the child to exit (bounded polling); nullopt when it is still running at the deadline.
std::optional<int> WaitExit(Child* child, std::chrono::milliseconds limit) {
  auto deadline = Clock::now() + limit;
  while (true) {
    int status = 0;
    pid_t done = waitpid(child->pid, &status, WNOHANG);
    if (done == child->pid) {
      child->pid = -1;
      return status;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

struct Outcome {
  int status = -1;  // raw wait status
  std::string out, err;
  bool exited_ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
  bool exited_failed() const { return WIFEXITED(status) && WEXITSTATUS(status) != 0; }
};

// Runs the binary to completion (at most 20 s), collecting stdout and stderr.
Outcome RunCli(const std::vector<std::string>& args) {
  Child child;
  Spawn(args, &child);
  Outcome outcome;
  auto deadline = Clock::now() + std::chrono::seconds(20);
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && Clock::now() < deadline) {
    pollfd fds[2] = {{child.out, POLLIN, 0}, {child.err, POLLIN, 0}};
    int ready = poll(fds, 2, 100);
    if (ready <= 0) continue;
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
      bool& open = i == 0 ? out_open : err_open;
      if (!open || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        open = false;
      } else {
        (i == 0 ? outcome.out : outcome.err).append(buffer, static_cast<size_t>(n));
      }
    }
  }
  auto status = WaitExit(&child, std::chrono::seconds(5));
  REQUIRE(status.has_value());
  outcome.status = *status;
  return outcome;
}

// Reads one line from `fd` within `limit`; nullopt on timeout or EOF before a newline.
std::optional<std::string> ReadLine(int fd, std::chrono::milliseconds limit) {
  auto deadline = Clock::now() + limit;
  std::string line;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) return std::nullopt;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return std::nullopt;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

}  // namespace

// ======================================================================================
// 1. Order detail
// ======================================================================================

TEST_CASE("http: order detail returns the seed's reply exactly", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Get("/demandOrder/D000120170621");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json;charset=UTF-8");
  CHECK(res->body == kSeedDetail);
}

TEST_CASE("http: order detail of an unknown order is ORDER_NOT_FOUND with status 200", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Get("/demandOrder/D999920170621");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body ==
        R"({"success":false,"fail":true,"code":"ORDER_NOT_FOUND","data":null,"msg":"订单不存在","failure":true})");
}

// ======================================================================================
// 2. Resource page
// ======================================================================================

TEST_CASE("http: resource page without parameters returns the seed's two resources exactly", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Post("/order/resource/query", "", kForm);
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{},"data":[)" +
                         kSeedResource0 + "," + kSeedResource1 + "]" + PageTail());
}

TEST_CASE("http: resource page without a body (no Content-Length) answers the default page", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Post("/order/resource/query");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{},"data":[)" +
                         kSeedResource0 + "," + kSeedResource1 + "]" + PageTail());
}

TEST_CASE("http: resource page by GET with a query string", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Get("/order/resource/query?rows=1&page=1");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"pageNo":1,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{},"data":[)" +
                         kSeedResource0 + "]" + PageTail());
}

TEST_CASE("http: resource page paging gives the second row on page 2 and nothing past the end", "[http]") {
  TestServer server;
  auto client = server.Client();
  SECTION("rows=1&page=2 in a form body") {
    auto res = PostForm(client, "/order/resource/query", "rows=1&page=2");
    CheckClean(res);
    CHECK(res->status == 200);
    CHECK(res->body == R"({"pageNo":2,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{},"data":[)" +
                           kSeedResource1 + "]" + PageTail());
  }
  SECTION("rows as a JSON number and page as a JSON string") {
    auto res = client.Post("/order/resource/query", R"({"rows":1,"page":"2"})", kJson);
    CheckClean(res);
    CHECK(res->status == 200);
    CHECK(res->body == R"({"pageNo":2,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{},"data":[)" +
                           kSeedResource1 + "]" + PageTail());
  }
  SECTION("a page past the end gives data [] with the true totals") {
    auto res = PostForm(client, "/order/resource/query", "rows=1&page=3");
    CheckClean(res);
    CHECK(res->status == 200);
    CHECK(res->body == R"({"pageNo":3,"pageSize":1,"totalRecord":2,"totalPage":2,"params":{},"data":[])" +
                           PageTail());
  }
  SECTION("a far page past the end with the largest page number") {
    auto res = client.Get("/order/resource/query?rows=30&page=9223372036854775807");
    CheckClean(res);
    CHECK(res->status == 200);
    CHECK(res->body ==
          R"({"pageNo":9223372036854775807,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{},"data":[])" +
              PageTail());
  }
}

TEST_CASE("http: resource page filters by state and echoes it in params", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = PostForm(client, "/order/resource/query", "state=0");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"pageNo":1,"pageSize":30,"totalRecord":1,"totalPage":1,"params":{"state":0},"data":[)" +
                         kSeedResource1 + "]" + PageTail());
  auto none = client.Get("/order/resource/query?state=1");
  CheckClean(none);
  CHECK(none->body == R"({"pageNo":1,"pageSize":30,"totalRecord":0,"totalPage":0,"params":{"state":1},"data":[])" +
                          PageTail());
}

TEST_CASE("http: resource page filters by orderId after daipipei links resources", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto linked = PostForm(client, "/peidan/daipipei",
                         "orderId=D000120170621&resourceIds=T000120170621&resourceIds=T000020170621");
  CheckSuccess(linked);

  auto res = PostForm(client, "/order/resource/query", "orderId=D000120170621");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body ==
        R"({"pageNo":1,"pageSize":30,"totalRecord":2,"totalPage":1,"params":{"orderId":"D000120170621"},"data":[)" +
            kSeedResource0 + "," + kSeedResource1 + "]" + PageTail());

  SECTION("combined with state") {
    auto both = PostForm(client, "/order/resource/query", "orderId=D000120170621&state=3");
    CheckClean(both);
    CHECK(both->body ==
          R"({"pageNo":1,"pageSize":30,"totalRecord":1,"totalPage":1,"params":{"orderId":"D000120170621","state":3},"data":[)" +
              kSeedResource0 + "]" + PageTail());
  }
  SECTION("an unknown orderId gives an empty page") {
    auto empty = PostForm(client, "/order/resource/query", "orderId=D999920170621");
    CheckClean(empty);
    CHECK(empty->status == 200);
    CHECK(empty->body ==
          R"({"pageNo":1,"pageSize":30,"totalRecord":0,"totalPage":0,"params":{"orderId":"D999920170621"},"data":[])" +
              PageTail());
  }
}

TEST_CASE("http: resource page accepts the front end's rows=9999999 and rows up to 2^63-1", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Get("/order/resource/query?rows=9999999");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"pageNo":1,"pageSize":9999999,"totalRecord":2,"totalPage":1,"params":{},"data":[)" +
                         kSeedResource0 + "," + kSeedResource1 + "]" + PageTail());
  auto max = PostForm(client, "/order/resource/query", "rows=9223372036854775807&page=1");
  CheckClean(max);
  CHECK(max->status == 200);
  CHECK(max->body ==
        R"({"pageNo":1,"pageSize":9223372036854775807,"totalRecord":2,"totalPage":1,"params":{},"data":[)" +
            kSeedResource0 + "," + kSeedResource1 + "]" + PageTail());
}

TEST_CASE("http: a huge resource page over 1500 rows is streamed and parses with every row", "[http]") {
  std::string resources;
  for (int i = 0; i < 1500; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "T%04d20170621", i);
    resources += (i ? "," : "") + ResourceJson(id, i % 2 ? "1" : "0");
  }
  TestServer server(R"({"staff":[{"id":60,"name":"张伟"}],"resources":[)" + resources + "]}");
  auto client = server.Client();

  auto check_rows = [](const rapidjson::Document& doc, int first, int count) {
    const auto& data = doc["data"].GetArray();
    REQUIRE(data.Size() == static_cast<rapidjson::SizeType>(count));
    for (int i = 0; i < count; ++i) {
      char id[32];
      std::snprintf(id, sizeof id, "T%04d20170621", first + i);
      REQUIRE(std::string(data[i]["resourceId"].GetString()) == id);
      REQUIRE(std::string(data[i]["belongBusinessName"].GetString()) == "张伟");
    }
  };

  auto res = client.Get("/order/resource/query?rows=9999999");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Transfer-Encoding") == "chunked");
  rapidjson::Document doc = ParseJson(res->body);
  CHECK(doc["pageNo"].GetInt64() == 1);
  CHECK(doc["pageSize"].GetInt64() == 9999999);
  CHECK(doc["totalRecord"].GetInt64() == 1500);
  CHECK(doc["totalPage"].GetInt64() == 1);
  check_rows(doc, 0, 1500);
  CHECK(res->body.compare(res->body.size() - PageTail().size(), PageTail().size(), PageTail()) == 0);

  auto second = PostForm(client, "/order/resource/query", "rows=1001&page=2");
  CheckClean(second);
  CHECK(second->status == 200);
  rapidjson::Document doc2 = ParseJson(second->body);
  CHECK(doc2["totalRecord"].GetInt64() == 1500);
  CHECK(doc2["totalPage"].GetInt64() == 2);
  check_rows(doc2, 1001, 499);

  auto online = PostForm(client, "/order/resource/query", "rows=5000&state=1");
  CheckClean(online);
  rapidjson::Document doc3 = ParseJson(online->body);
  CHECK(doc3["totalRecord"].GetInt64() == 750);
  CHECK(doc3["data"].GetArray().Size() == 750);
}

TEST_CASE("http: resource page refuses invalid rows, page and state with 400 naming the parameter", "[http]") {
  TestServer server;
  auto client = server.Client();
  using Case = std::pair<std::string, std::string>;
  auto bad = GENERATE(Case{"rows", "0"}, Case{"rows", "-1"}, Case{"rows", "1.5"}, Case{"rows", "abc"},
                      Case{"rows", "99999999999999999999"}, Case{"rows", "9223372036854775808"},
                      Case{"page", "0"}, Case{"page", "-1"}, Case{"page", "1.5"}, Case{"page", "abc"},
                      Case{"page", "99999999999999999999"}, Case{"state", "-1"}, Case{"state", "1.5"},
                      Case{"state", "abc"}, Case{"state", "99999999999999999999"});
  INFO(bad.first << "=" << bad.second);
  auto form = PostForm(client, "/order/resource/query", bad.first + "=" + bad.second);
  CheckRefusal(form, 400, "INVALID_PARAM", {bad.first});
  auto get = client.Get(("/order/resource/query?" + bad.first + "=" + bad.second).c_str());
  CheckRefusal(get, 400, "INVALID_PARAM", {bad.first});
}

TEST_CASE("http: resource page refuses a fractional JSON number", "[http]") {
  TestServer server;
  auto client = server.Client();
  auto res = client.Post("/order/resource/query", R"({"rows":1.5})", kJson);
  CheckRefusal(res, 400, "INVALID_PARAM", {"rows"});
}

// ======================================================================================
// 3. The four actions
// ======================================================================================

TEST_CASE("http: daipipei moves 待配单 to 待匹配, replaces the links and logs progress", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  REQUIRE(Linked(server, "D000120170621") == Ids({"T000020170621"}));
  auto res = PostForm(client, "/peidan/daipipei",
                      "orderId=D000120170621&resourceIds=T000220170621&resourceIds=T000120170621"
                      "&remark=%E5%85%88%E8%AF%95+a%26b%3Dc",  // 先试 a&b=c
                      {{"X-Operator-Id", "149"}});
  CheckSuccess(res);

  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  const auto& data = doc["data"];
  CHECK(data["state"].GetInt() == 1);
  CHECK(std::string(data["stateName"].GetString()) == "待匹配");
  CHECK(std::string(data["updateTime"].GetString()) != kOldTime);
  CHECK(IsTimestamp(data["updateTime"].GetString()));
  CHECK(std::string(data["createTime"].GetString()) == kOldTime);
  CHECK(std::string(data["remark"].GetString()) == "先试 a&b=c");
  CHECK(data["operatorId"].GetInt64() == 149);
  CHECK(data["demandState"].IsNull());
  CHECK(Linked(server, "D000120170621") == Ids({"T000120170621", "T000220170621"}));

  auto log = Progress(server, "D000120170621");
  REQUIRE(log.size() == 1);
  CHECK(log[0].order_id == "D000120170621");
  CHECK(log[0].action == "daipipei");
  CHECK(log[0].from_state == std::optional<int>(0));
  CHECK(log[0].to_state == 1);
  CHECK(log[0].resource_ids == Ids({"T000220170621", "T000120170621"}));
  CHECK(log[0].remark == "先试 a&b=c");
  CHECK(log[0].operator_id == std::optional<int64_t>(149));
  CHECK(log[0].operator_name == Cell("abc"));
}

TEST_CASE("http: daipipei without resourceIds drops the order's links", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  CheckSuccess(PostForm(client, "/peidan/daipipei", "orderId=D000120170621"));
  CHECK(Linked(server, "D000120170621").empty());
  auto log = Progress(server, "D000120170621");
  REQUIRE(log.size() == 1);
  CHECK(log[0].resource_ids.empty());
  CHECK(log[0].remark.empty());
  CHECK_FALSE(log[0].operator_id.has_value());
  // No remark given: the order keeps its own; no operator header: operatorId is unchanged.
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  CHECK(std::string(doc["data"]["remark"].GetString()) == "原备注");
  CHECK(doc["data"]["operatorId"].GetInt64() == 60);
}

TEST_CASE("http: pipeichenggong moves 待匹配 to 匹配成功 with 已接入 resources", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  REQUIRE(Linked(server, "D000520170621") == Ids({"T000120170621"}));
  // An empty remark keeps the order's remark (and is kept, empty, on the progress entry).
  auto res = PostForm(client, "/peidan/pipeichenggong",
                      "orderId=D000520170621&resourceIds=T000320170621,T000220170621&remark=",
                      {{"X-Operator-Id", "150"}});
  CheckSuccess(res);

  rapidjson::Document doc = ParseJson(Detail(server, "D000520170621"));
  const auto& data = doc["data"];
  CHECK(data["state"].GetInt() == 5);
  CHECK(std::string(data["stateName"].GetString()) == "匹配成功");
  CHECK(std::string(data["updateTime"].GetString()) != kOldTime);
  CHECK(std::string(data["remark"].GetString()) == "原备注");
  CHECK(data["operatorId"].GetInt64() == 150);
  CHECK(Linked(server, "D000520170621") == Ids({"T000220170621", "T000320170621"}));

  auto log = Progress(server, "D000520170621");
  REQUIRE(log.size() == 1);
  CHECK(log[0].action == "pipeichenggong");
  CHECK(log[0].from_state == std::optional<int>(1));
  CHECK(log[0].to_state == 5);
  CHECK(log[0].resource_ids == Ids({"T000320170621", "T000220170621"}));
  CHECK(log[0].remark.empty());
  CHECK(log[0].operator_id == std::optional<int64_t>(150));
}

TEST_CASE("http: pipeichenggong straight from 待配单", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  CheckSuccess(PostForm(client, "/peidan/pipeichenggong", "orderId=D000220170621&resourceIds=T000220170621"));
  rapidjson::Document doc = ParseJson(Detail(server, "D000220170621"));
  CHECK(doc["data"]["state"].GetInt() == 5);
  CHECK(Linked(server, "D000220170621") == Ids({"T000220170621"}));
}

TEST_CASE("http: huitui moves the order to 退单 and drops its links", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  // resourceIds mean nothing to huitui: they are not linked.
  auto res = PostForm(client, "/peidan/huitui",
                      "orderId=D000120170621&remark=%E5%AE%A2%E6%88%B7%E6%92%A4%E5%9B%9E&resourceIds=T000220170621",
                      {{"X-Operator-Id", "60"}});
  CheckSuccess(res);
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  const auto& data = doc["data"];
  CHECK(data["state"].GetInt() == 3);
  CHECK(std::string(data["stateName"].GetString()) == "退单");
  CHECK(std::string(data["updateTime"].GetString()) != kOldTime);
  CHECK(std::string(data["remark"].GetString()) == "客户撤回");
  CHECK(data["operatorId"].GetInt64() == 60);
  CHECK(Linked(server, "D000120170621").empty());

  auto log = Progress(server, "D000120170621");
  REQUIRE(log.size() == 1);
  CHECK(log[0].action == "huitui");
  CHECK(log[0].from_state == std::optional<int>(0));
  CHECK(log[0].to_state == 3);
  CHECK(log[0].resource_ids.empty());
  CHECK(log[0].remark == "客户撤回");
  CHECK(log[0].operator_id == std::optional<int64_t>(60));
}

TEST_CASE("http: huitui from 待匹配", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  CheckSuccess(PostForm(client, "/peidan/huitui", "orderId=D000520170621"));
  rapidjson::Document doc = ParseJson(Detail(server, "D000520170621"));
  CHECK(doc["data"]["state"].GetInt() == 3);
  CHECK(Linked(server, "D000520170621").empty());
}

TEST_CASE("http: faqixuqiu moves the order to 寻资源 and raises a demand in 寻资源", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  auto res = PostForm(client, "/peidan/faqixuqiu",
                      "orderId=D000520170621&remark=%E6%89%BE%E8%81%94%E9%80%9A%E9%80%9A%E9%81%93",  // 找联通通道
                      {{"X-Operator-Id", "149"}});
  CheckSuccess(res);
  rapidjson::Document doc = ParseJson(Detail(server, "D000520170621"));
  const auto& data = doc["data"];
  CHECK(data["state"].GetInt() == 6);
  CHECK(std::string(data["stateName"].GetString()) == "寻资源");
  CHECK(std::string(data["updateTime"].GetString()) != kOldTime);
  CHECK(std::string(data["remark"].GetString()) == "找联通通道");
  CHECK(data["operatorId"].GetInt64() == 149);
  REQUIRE(data["demandState"].IsString());
  CHECK(std::string(data["demandState"].GetString()) == "0");
  CHECK(std::string(data["demandStateName"].GetString()) == "寻资源");
  CHECK(Linked(server, "D000520170621").empty());

  auto log = Progress(server, "D000520170621");
  REQUIRE(log.size() == 1);
  CHECK(log[0].action == "faqixuqiu");
  CHECK(log[0].from_state == std::optional<int>(1));
  CHECK(log[0].to_state == 6);
  CHECK(log[0].resource_ids.empty());
  CHECK(log[0].remark == "找联通通道");
  CHECK(log[0].operator_id == std::optional<int64_t>(149));
}

TEST_CASE("http: a remark of 500 characters is accepted whole", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  std::string remark;
  for (int i = 0; i < 500; ++i) remark += "备";
  httplib::Params params = {{"orderId", "D000120170621"}, {"remark", remark}};
  CheckSuccess(client.Post("/peidan/daipipei", params));
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  CHECK(std::string(doc["data"]["remark"].GetString()) == remark);
}

// ======================================================================================
// 4. Refusals: envelope, and nothing changes
// ======================================================================================

TEST_CASE("http: an action on an unknown order is ORDER_NOT_FOUND with status 200", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  auto action = GENERATE(as<std::string>{}, "daipipei", "pipeichenggong", "huitui", "faqixuqiu");
  auto res = PostForm(client, "/peidan/" + action, "orderId=D999920170621&resourceIds=T000220170621");
  CheckClean(res);
  CHECK(res->status == 200);
  CHECK(res->body ==
        R"({"success":false,"fail":true,"code":"ORDER_NOT_FOUND","data":null,"msg":"订单不存在","failure":true})");
  CHECK(Linked(server, "D999920170621").empty());
}

TEST_CASE("http: daipipei twice is STATE_CONFLICT and the second changes nothing", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  CheckSuccess(PostForm(client, "/peidan/daipipei", "orderId=D000120170621&resourceIds=T000120170621"));
  OrderSnapshot before = Snapshot(server, "D000120170621");
  REQUIRE(before.progress == 1);
  auto res = PostForm(client, "/peidan/daipipei", "orderId=D000120170621&resourceIds=T000220170621&remark=again",
                      {{"X-Operator-Id", "150"}});
  CheckRefusal(res, 200, "STATE_CONFLICT", {"待匹配"});
  CheckUnchanged(server, "D000120170621", before);
}

TEST_CASE("http: every action on a 匹配成功 order is STATE_CONFLICT", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  auto action = GENERATE(as<std::string>{}, "daipipei", "pipeichenggong", "huitui", "faqixuqiu");
  OrderSnapshot before = Snapshot(server, "D000420170621");
  auto res = PostForm(client, "/peidan/" + action, "orderId=D000420170621&resourceIds=T000320170621&remark=x",
                      {{"X-Operator-Id", "150"}});
  CheckRefusal(res, 200, "STATE_CONFLICT", {"匹配成功"});
  CheckUnchanged(server, "D000420170621", before);
  CHECK(before.links == Ids({"T000220170621"}));
}

TEST_CASE("http: an action naming an unknown resource is RESOURCE_NOT_FOUND naming it", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  auto action = GENERATE(as<std::string>{}, "daipipei", "pipeichenggong");
  OrderSnapshot before = Snapshot(server, "D000120170621");
  auto res = PostForm(client, "/peidan/" + action,
                      "orderId=D000120170621&resourceIds=T000220170621&resourceIds=T777720170621&remark=x",
                      {{"X-Operator-Id", "150"}});
  CheckRefusal(res, 200, "RESOURCE_NOT_FOUND", {"T777720170621"});
  CheckUnchanged(server, "D000120170621", before);
}

TEST_CASE("http: pipeichenggong with resources not 已接入 is RESOURCE_NOT_READY listing them", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  OrderSnapshot before = Snapshot(server, "D000520170621");
  auto res = PostForm(client, "/peidan/pipeichenggong",
                      "orderId=D000520170621&resourceIds=T000220170621,T000020170621,T000120170621&remark=x");
  CheckRefusal(res, 200, "RESOURCE_NOT_READY", {"T000020170621", "T000120170621"});
  CHECK(res->body.find("T000220170621") == std::string::npos);
  CheckUnchanged(server, "D000520170621", before);
}

TEST_CASE("http: parameter errors of an action are 400 INVALID_PARAM and change nothing", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  OrderSnapshot before = Snapshot(server, "D000120170621");
  std::string long_remark(501, 'x');
  std::string cjk_remark;
  for (int i = 0; i < 501; ++i) cjk_remark += "备";

  SECTION("pipeichenggong without resourceIds") {
    CheckRefusal(PostForm(client, "/peidan/pipeichenggong", "orderId=D000120170621"), 400, "INVALID_PARAM",
                 {"resourceIds"});
  }
  SECTION("pipeichenggong with only blank resourceIds") {
    CheckRefusal(PostForm(client, "/peidan/pipeichenggong", "orderId=D000120170621&resourceIds=+,+"), 400,
                 "INVALID_PARAM", {"resourceIds"});
  }
  SECTION("missing orderId") {
    auto action = GENERATE(as<std::string>{}, "daipipei", "pipeichenggong", "huitui", "faqixuqiu");
    CheckRefusal(PostForm(client, "/peidan/" + action, "resourceIds=T000220170621"), 400, "INVALID_PARAM",
                 {"orderId"});
  }
  SECTION("empty orderId") {
    CheckRefusal(PostForm(client, "/peidan/daipipei", "orderId="), 400, "INVALID_PARAM", {"orderId"});
  }
  SECTION("remark of 501 characters") {
    httplib::Params ascii = {{"orderId", "D000120170621"}, {"remark", long_remark}};
    CheckRefusal(client.Post("/peidan/daipipei", ascii), 400, "INVALID_PARAM", {"remark"});
    httplib::Params cjk = {{"orderId", "D000120170621"}, {"remark", cjk_remark}};
    CheckRefusal(client.Post("/peidan/huitui", cjk), 400, "INVALID_PARAM", {"remark"});
  }
  SECTION("X-Operator-Id that is not a positive integer") {
    auto header = GENERATE(as<std::string>{}, "abc", "0", "-3", "1.5");
    auto res = PostForm(client, "/peidan/daipipei", "orderId=D000120170621", {{"X-Operator-Id", header}});
    CheckRefusal(res, 400, "INVALID_PARAM", {"X-Operator-Id"});
  }
  CheckUnchanged(server, "D000120170621", before);
}

TEST_CASE("http: checks run in order: parameters, order, state, resources", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  SECTION("an unknown order with unknown and unready resources is ORDER_NOT_FOUND") {
    auto res = PostForm(client, "/peidan/pipeichenggong",
                        "orderId=D999920170621&resourceIds=T777720170621,T000120170621");
    CheckRefusal(res, 200, "ORDER_NOT_FOUND", {"订单不存在"});
  }
  SECTION("parameters come before the order: unknown order without resourceIds is 400") {
    CheckRefusal(PostForm(client, "/peidan/pipeichenggong", "orderId=D999920170621"), 400, "INVALID_PARAM",
                 {"resourceIds"});
  }
  SECTION("parameters come before the order: a bad operator on an unknown order is 400") {
    CheckRefusal(PostForm(client, "/peidan/daipipei", "orderId=D999920170621", {{"X-Operator-Id", "abc"}}), 400,
                 "INVALID_PARAM", {"X-Operator-Id"});
  }
  SECTION("state comes before resources: a final order with unknown resources is STATE_CONFLICT") {
    OrderSnapshot before = Snapshot(server, "D000420170621");
    auto res = PostForm(client, "/peidan/pipeichenggong", "orderId=D000420170621&resourceIds=T777720170621");
    CheckRefusal(res, 200, "STATE_CONFLICT");
    CheckUnchanged(server, "D000420170621", before);
  }
}

// ======================================================================================
// 5. Every parameter spelling of spec §1
// ======================================================================================

TEST_CASE("http: action parameters in every spelling of spec §1", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  const std::string order = "D000120170621";
  // What each spelling must produce: links T0001+T0002 (page order), given order kept on the log.
  std::vector<std::string> expect_log = Ids({"T000220170621", "T000120170621"});
  std::string expect_remark = "备注 x";
  std::optional<httplib::Result> res;

  SECTION("query string on a POST without a body") {
    client.set_url_encode(false);  // send '+' as it is, as a browser's form would
    res = client.Post(("/peidan/daipipei?orderId=" + order +
                       "&resourceIds=T000220170621&resourceIds=T000120170621&remark=%E5%A4%87%E6%B3%A8+x")
                          .c_str(),
                      "", kForm);
  }
  SECTION("form body with repeated keys") {
    res = PostForm(client, "/peidan/daipipei",
                   "orderId=" + order + "&resourceIds=T000220170621&resourceIds=T000120170621&remark=%E5%A4%87%E6%B3%A8%20x");
  }
  SECTION("form body with jQuery's resourceIds[]") {
    res = PostForm(client, "/peidan/daipipei",
                   "orderId=" + order +
                       "&resourceIds%5B%5D=T000220170621&resourceIds%5B%5D=T000120170621&remark=%E5%A4%87%E6%B3%A8+x");
  }
  SECTION("form body with one comma-separated value, blanks and duplicates") {
    res = PostForm(client, "/peidan/daipipei",
                   "orderId=" + order + "&resourceIds=T000220170621%2C%2C+T000120170621+%2CT000220170621&remark=%E5%A4%87%E6%B3%A8+x");
  }
  SECTION("form body with charset in the Content-Type") {
    res = client.Post("/peidan/daipipei",
                      "orderId=" + order + "&resourceIds=T000220170621,T000120170621&remark=%E5%A4%87%E6%B3%A8+x",
                      "application/x-www-form-urlencoded; charset=UTF-8");
  }
  SECTION("orderId in the query string, the rest in the body") {
    res = PostForm(client, "/peidan/daipipei?orderId=" + order,
                   "resourceIds=T000220170621&resourceIds=T000120170621&remark=%E5%A4%87%E6%B3%A8+x");
  }
  SECTION("multipart/form-data with repeated parts") {
    httplib::MultipartFormDataItems items = {{"orderId", order, "", ""},
                                             {"resourceIds", "T000220170621", "", ""},
                                             {"resourceIds", "T000120170621", "", ""},
                                             {"remark", expect_remark, "", ""}};
    res = client.Post("/peidan/daipipei", items);
  }
  SECTION("multipart/form-data with resourceIds[] and a comma-separated part") {
    httplib::MultipartFormDataItems items = {{"orderId", order, "", ""},
                                             {"resourceIds[]", "T000220170621,T000120170621", "", ""},
                                             {"remark", expect_remark, "", ""}};
    res = client.Post("/peidan/daipipei", items);
  }
  SECTION("JSON body with an array") {
    res = client.Post("/peidan/daipipei",
                      R"({"orderId":")" + order + R"(","resourceIds":["T000220170621","T000120170621"],"remark":"备注 x"})",
                      kJson);
  }
  SECTION("JSON body with a comma-separated string") {
    res = client.Post("/peidan/daipipei",
                      R"({"orderId":")" + order + R"(","resourceIds":"T000220170621,T000120170621","remark":"备注 x"})",
                      "application/json;charset=UTF-8");
  }
  SECTION("the original front end's JSON body: resourceIds as a string holding a JSON array") {
    res = client.Post("/peidan/daipipei",
                      R"({"orderId":")" + order +
                          R"(","resourceIds":"[\"T000220170621\",\"T000120170621\"]","remark":"备注 x"})",
                      kJson);
  }
  SECTION("the original front end's string array in a form body") {
    res = PostForm(client, "/peidan/daipipei",
                   "orderId=" + order +
                       "&resourceIds=%5B%22T000220170621%22%2C%22T000120170621%22%5D&remark=%E5%A4%87%E6%B3%A8+x");
  }
  REQUIRE(res.has_value());
  CheckSuccess(*res);
  CHECK(Linked(server, order) == Ids({"T000120170621", "T000220170621"}));
  auto log = Progress(server, order);
  REQUIRE(log.size() == 1);
  CHECK(log[0].resource_ids == expect_log);
  CHECK(log[0].remark == expect_remark);
  rapidjson::Document doc = ParseJson(Detail(server, order));
  CHECK(doc["data"]["state"].GetInt() == 1);
  CHECK(std::string(doc["data"]["remark"].GetString()) == expect_remark);
}

TEST_CASE("http: JSON bodies may carry ids as JSON numbers", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  auto res = client.Post("/peidan/pipeichenggong", R"({"orderId":20170001,"resourceIds":[20170002],"remark":"数字"})",
                         kJson);
  CheckSuccess(res);
  rapidjson::Document doc = ParseJson(Detail(server, "20170001"));
  CHECK(doc["data"]["state"].GetInt() == 5);
  CHECK(Linked(server, "20170001") == Ids({"20170002"}));
  SECTION("and the resource page reads numbers for orderId and state") {
    auto page = client.Post("/order/resource/query", R"({"orderId":20170001,"state":1})", kJson);
    CheckClean(page);
    rapidjson::Document p = ParseJson(page->body);
    CHECK(p["totalRecord"].GetInt64() == 1);
    CHECK(std::string(p["params"]["orderId"].GetString()) == "20170001");
    CHECK(p["params"]["state"].GetInt64() == 1);
  }
}

// ======================================================================================
// 6. Protocol errors
// ======================================================================================

TEST_CASE("http: protocol errors carry their HTTP status and the refusal envelope", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  OrderSnapshot before = Snapshot(server, "D000120170621");

  SECTION("unknown path is 404 NOT_FOUND") {
    CheckRefusal(client.Get("/no/such/path"), 404, "NOT_FOUND");
    CheckRefusal(client.Post("/peidan/unknown", "orderId=D000120170621", kForm), 404, "NOT_FOUND");
    CheckRefusal(client.Get("/console/no-such-file.js"), 404, "NOT_FOUND");
  }
  SECTION("GET on an action is 405 METHOD_NOT_ALLOWED") {
    CheckRefusal(client.Get("/peidan/daipipei?orderId=D000120170621"), 405, "METHOD_NOT_ALLOWED");
  }
  SECTION("POST on the order detail is 405 METHOD_NOT_ALLOWED") {
    CheckRefusal(client.Post("/demandOrder/D000120170621", "", kForm), 405, "METHOD_NOT_ALLOWED");
    CheckRefusal(client.Post("/demandOrder/X", "a=1", kForm), 405, "METHOD_NOT_ALLOWED");
  }
  SECTION("a text/xml body is 415 UNSUPPORTED_MEDIA_TYPE") {
    CheckRefusal(client.Post("/peidan/daipipei", "<orderId>D000120170621</orderId>", "text/xml"), 415,
                 "UNSUPPORTED_MEDIA_TYPE");
    CheckRefusal(client.Post("/order/resource/query", "<rows>1</rows>", "text/xml"), 415,
                 "UNSUPPORTED_MEDIA_TYPE");
  }
  SECTION("a malformed JSON body is 400 INVALID_PARAM") {
    CheckRefusal(client.Post("/peidan/daipipei", R"({"orderId":"D000120170621",)", kJson), 400, "INVALID_PARAM");
    CheckRefusal(client.Post("/peidan/daipipei", R"(["D000120170621"])", kJson), 400, "INVALID_PARAM");
    CheckRefusal(client.Post("/peidan/daipipei", R"({"orderId":"D000120170621"} trailing)", kJson), 400,
                 "INVALID_PARAM");
    CheckRefusal(client.Post("/order/resource/query", "{rows:1}", kJson), 400, "INVALID_PARAM");
  }
  SECTION("a malformed resourceIds JSON array is 400 INVALID_PARAM naming it") {
    CheckRefusal(client.Post("/peidan/daipipei", R"({"orderId":"D000120170621","resourceIds":"[\"T1\","})", kJson),
                 400, "INVALID_PARAM", {"resourceIds"});
  }
  SECTION("a malformed %-escape in a form is 400 INVALID_PARAM") {
    CheckRefusal(PostForm(client, "/peidan/daipipei", "orderId=D000120170621&remark=%ZZ"), 400, "INVALID_PARAM");
  }
  SECTION("hostile ids never leak internals") {
    CheckRefusal(PostForm(client, "/peidan/daipipei", "orderId=%27%20OR%201%3D1%20--"), 200, "ORDER_NOT_FOUND");
    CheckRefusal(client.Get("/demandOrder/%27%3B%20DROP%20TABLE%20orders%3B--"), 200, "ORDER_NOT_FOUND");
    auto long_id = client.Get(("/demandOrder/" + std::string(65, 'D')).c_str());
    CheckRefusal(long_id, 400, "INVALID_PARAM", {"orderId"});
  }
  CheckUnchanged(server, "D000120170621", before);
}

TEST_CASE("http: other methods on known paths are 405", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  CheckRefusal(client.Delete("/peidan/daipipei"), 405, "METHOD_NOT_ALLOWED");
  CheckRefusal(client.Put("/demandOrder/D000120170621", "state=5", kForm), 405, "METHOD_NOT_ALLOWED");
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  CHECK(doc["data"]["state"].GetInt() == 0);
}

TEST_CASE("http: bodies of 1 MiB are accepted, forms and multipart included", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  SECTION("a form body of exactly 1 MiB") {
    std::string body = "orderId=D000120170621&pad=";
    body.append(1024 * 1024 - body.size(), 'a');
    REQUIRE(body.size() == 1024 * 1024);
    CheckSuccess(PostForm(client, "/peidan/daipipei", body));
  }
  SECTION("a multipart body just under 1 MiB") {
    httplib::MultipartFormDataItems items = {{"orderId", "D000120170621", "", ""},
                                             {"pad", std::string(1000 * 1000, 'a'), "", ""}};
    CheckSuccess(client.Post("/peidan/daipipei", items));
  }
  SECTION("a JSON body just under 1 MiB") {
    std::string body = R"({"orderId":"D000120170621","pad":")" + std::string(1000 * 1000, 'a') + "\"}";
    CheckSuccess(client.Post("/peidan/daipipei", body, kJson));
  }
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  CHECK(doc["data"]["state"].GetInt() == 1);
}

TEST_CASE("http: a body over the limit is 413 PAYLOAD_TOO_LARGE and changes nothing", "[http]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  OrderSnapshot before = Snapshot(server, "D000120170621");
  std::string body = "orderId=D000120170621&pad=" + std::string(1024 * 1024 + 10, 'a');
  auto res = PostForm(client, "/peidan/daipipei", body);
  CheckRefusal(res, 413, "PAYLOAD_TOO_LARGE");
  CheckUnchanged(server, "D000120170621", before);
}

TEST_CASE("http: with a token configured, requests without it are 401 UNAUTHORIZED", "[http]") {
  AuthOptions auth;
  auth.service_token = "s3cret-token";
  TestServer server(WorkFixture(), {}, 5000, auth);
  auto client = server.Client();
  CheckRefusal(client.Get("/demandOrder/D000120170621"), 401, "UNAUTHORIZED");
  CheckRefusal(client.Get("/demandOrder/D000120170621", {{"Authorization", "Bearer wrong"}}), 401, "UNAUTHORIZED");
  CheckRefusal(PostForm(client, "/peidan/daipipei", "orderId=D000120170621"), 401, "UNAUTHORIZED");
  auto ok = client.Get("/demandOrder/D000120170621", {{"Authorization", "Bearer s3cret-token"}});
  CheckClean(ok);
  CHECK(ok->status == 200);
  rapidjson::Document doc = ParseJson(ok->body);
  CHECK(doc["data"]["state"].GetInt() == 0);
  CHECK(Progress(server, "D000120170621").empty());
}

TEST_CASE("http: faqixuqiu replaces the order's earlier demand", "[http]") {
  // D0001 is back in 待配单 after its earlier demand was answered 无资源.
  std::string fixture = WorkFixture();
  fixture.insert(fixture.size() - 1,
                 R"(,"demands":[{"demandId":"X000020170620","orderId":"D000120170621","state":"2","remark":"旧"}])");
  TestServer server(fixture);
  rapidjson::Document before = ParseJson(Detail(server, "D000120170621"));
  REQUIRE(before["data"]["demandState"].IsString());
  CHECK(std::string(before["data"]["demandState"].GetString()) == "2");
  CHECK(std::string(before["data"]["demandStateName"].GetString()) == "无资源");
  auto client = server.Client();
  CheckSuccess(PostForm(client, "/peidan/faqixuqiu", "orderId=D000120170621"));
  rapidjson::Document after = ParseJson(Detail(server, "D000120170621"));
  CHECK(after["data"]["state"].GetInt() == 6);
  REQUIRE(after["data"]["demandState"].IsString());
  CHECK(std::string(after["data"]["demandState"].GetString()) == "0");
  CHECK(std::string(after["data"]["demandStateName"].GetString()) == "寻资源");
}

// ======================================================================================
// 7. Concurrency
// ======================================================================================

namespace {

// Runs `count` threads, each with its own client, released together; returns each thread's reply.
// Every request must get an HTTP answer: a burst of 16 connections is ordinary use of a back office
// (the server's default is 32 worker threads), so a refused or reset connection is a failure.
std::vector<std::optional<httplib::Result>> Race(
    TestServer& server, int count, const std::function<httplib::Result(int index, httplib::Client&)>& request) {
  std::vector<std::optional<httplib::Result>> results(static_cast<size_t>(count));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client = server.Client();
      ready.fetch_add(1);
      auto deadline = Clock::now() + std::chrono::seconds(5);
      while (ready.load() < count && Clock::now() < deadline) std::this_thread::yield();
      results[static_cast<size_t>(i)].emplace(request(i, client));
    });
  }
  for (auto& thread : threads) thread.join();
  return results;
}

}  // namespace

TEST_CASE("http: 16 operators racing daipipei on one order: exactly one wins", "[http]") {
  TestServer server(WorkFixture());
  auto results = Race(server, 16, [](int i, httplib::Client& client) {
    return PostForm(client, "/peidan/daipipei", "orderId=D000120170621&resourceIds=T000220170621",
                    {{"X-Operator-Id", std::to_string(100 + i)}});
  });
  int wins = 0, conflicts = 0;
  for (auto& slot : results) {
    REQUIRE(slot.has_value());
    const httplib::Result& res = *slot;
    INFO("transport error: " << httplib::to_string(res.error()));
    REQUIRE(res);
    INFO(res->status << " " << res->body);
    CHECK(res->status == 200);
    if (res->body == kActionOk) {
      ++wins;
    } else {
      CheckRefusal(res, 200, "STATE_CONFLICT");
      ++conflicts;
    }
  }
  CHECK(wins == 1);
  CHECK(conflicts == 15);
  auto log = Progress(server, "D000120170621");
  CHECK(log.size() == 1);
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  CHECK(doc["data"]["state"].GetInt() == 1);
  REQUIRE(log.size() == 1);
  CHECK(doc["data"]["operatorId"].GetInt64() == *log[0].operator_id);
}

TEST_CASE("http: 16 operators racing different final actions on one order: exactly one wins", "[http]") {
  TestServer server(WorkFixture());
  const char* actions[] = {"pipeichenggong", "huitui", "faqixuqiu"};
  auto results = Race(server, 16, [&](int i, httplib::Client& client) {
    return PostForm(client, std::string("/peidan/") + actions[i % 3],
                    "orderId=D000120170621&resourceIds=T000320170621");
  });
  int wins = 0;
  for (auto& slot : results) {
    REQUIRE(slot.has_value());
    const httplib::Result& res = *slot;
    INFO("transport error: " << httplib::to_string(res.error()));
    REQUIRE(res);
    INFO(res->status << " " << res->body);
    if (res->body == kActionOk) {
      ++wins;
    } else {
      CheckRefusal(res, 200, "STATE_CONFLICT");
    }
  }
  CHECK(wins == 1);
  auto log = Progress(server, "D000120170621");
  REQUIRE(log.size() == 1);
  rapidjson::Document doc = ParseJson(Detail(server, "D000120170621"));
  CHECK(doc["data"]["state"].GetInt() == log[0].to_state);
}

TEST_CASE("http: 8 operators acting on distinct orders at once all succeed", "[http]") {
  TestServer server(WorkFixture());
  const char* actions[] = {"daipipei", "pipeichenggong", "huitui", "faqixuqiu"};
  const int to_state[] = {1, 5, 3, 6};
  auto results = Race(server, 8, [&](int i, httplib::Client& client) {
    return PostForm(client, std::string("/peidan/") + actions[i % 4],
                    "orderId=D00" + std::to_string(10 + i) + "20170621&resourceIds=T000220170621&remark=r" +
                        std::to_string(i),
                    {{"X-Operator-Id", "149"}});
  });
  for (int i = 0; i < 8; ++i) {
    INFO("thread " << i);
    REQUIRE(results[static_cast<size_t>(i)].has_value());
    CheckSuccess(*results[static_cast<size_t>(i)]);
    std::string order = "D00" + std::to_string(10 + i) + "20170621";
    rapidjson::Document doc = ParseJson(Detail(server, order));
    CHECK(doc["data"]["state"].GetInt() == to_state[i % 4]);
    CHECK(Progress(server, order).size() == 1);
  }
}

// ======================================================================================
// 8. The CLI as a real process
// ======================================================================================

TEST_CASE("http: jsms-ops --version prints a version and exits 0", "[http][cli]") {
  Outcome run = RunCli({"--version"});
  INFO(run.out << run.err);
  CHECK(run.exited_ok());
  CHECK(run.out.find(JSMS_VERSION) != std::string::npos);
}

TEST_CASE("http: jsms-ops seed loads the built-in demo", "[http][cli]") {
  TempDir dir;
  std::string db = dir.File("ops.db");
  Outcome run = RunCli({"--db", db, "seed"});
  INFO(run.out << run.err);
  REQUIRE(run.exited_ok());
  std::unique_ptr<Store> store;
  REQUIRE(Store::Open(db, &store).ok());
  int64_t orders = 0, resources = 0;
  REQUIRE(store->CountRecords(&orders, &resources).ok());
  CHECK(orders > 0);
  CHECK(resources > 0);
  Order order;
  CHECK(store->orders().Get("D000120170621", &order).ok());
}

namespace {

// What a seed must not change: counts, the seed order's every field, and its links.
std::string DbSummary(const std::string& db) {
  std::unique_ptr<Store> store;
  Status opened = Store::Open(db, &store);
  INFO(opened.message());
  REQUIRE(opened.ok());
  int64_t orders = 0, resources = 0;
  REQUIRE(store->CountRecords(&orders, &resources).ok());
  std::string summary = std::to_string(orders) + " orders, " + std::to_string(resources) + " resources;";
  Order order;
  REQUIRE(store->orders().Get("D000120170621", &order).ok());
  for (const auto& cell : order.cells) summary += "|" + cell.value_or("<null>");
  summary += "; links:";
  REQUIRE(store
              ->resources().VisitPage(
                  ResourceFilter{std::string("D000120170621"), std::nullopt}, PageRequest{100, 1}, [](int64_t) {},
                  [&](const Resource& r) {
                    summary += " " + *r.cells[0];
                    return true;
                  })
              .ok());
  return summary;
}

// Serves `db` on a free port; returns the port from the first stdout line.
int StartServing(const std::string& db, Child* child) {
  Spawn({"--db", db, "--port", "0", "--host", "127.0.0.1"}, child);
  auto line = ReadLine(child->out, std::chrono::seconds(10));
  REQUIRE(line.has_value());
  const std::string prefix = "listening on http://127.0.0.1:";
  INFO("first line: " << *line);
  REQUIRE(line->compare(0, prefix.size(), prefix) == 0);
  int port = std::stoi(line->substr(prefix.size()));
  REQUIRE(port > 0);
  return port;
}

}  // namespace

TEST_CASE("http: jsms-ops seed with an invalid record fails, names it and writes nothing", "[http][cli]") {
  TempDir dir;
  std::string db = dir.File("ops.db");
  std::string good = dir.File("good.json");
  WriteFile(good, R"({"orders":[{"orderId":"D000120170621","companyName":"111","state":0}],)"
                  R"("resources":[{"resourceId":"T000120170621","state":"0"}],)"
                  R"("links":[{"orderId":"D000120170621","resourceId":"T000120170621"}]})");
  Outcome seeded = RunCli({"--db", db, "seed", good});
  INFO(seeded.out << seeded.err);
  REQUIRE(seeded.exited_ok());
  const std::string before = DbSummary(db);

  struct Bad {
    std::string text, record, key;
  };
  // Each starts by changing the good order, so a partial load would show.
  const std::string changed = R"({"orderId":"D000120170621","companyName":"changed","state":1})";
  auto bad = GENERATE_COPY(
      Bad{R"({"orders":[)" + changed + R"(],"resources":[{"resourceId":"T000920170621","bogusKey":"1"}]})",
          "resources[0]", "bogusKey"},
      Bad{R"({"orders":[)" + changed + R"(,{"orderId":"D000220170621","state":"zero"}]})", "orders[1]", "state"},
      Bad{R"({"orders":[)" + changed + R"(],"resources":[{"channelId":"1"}]})", "resources[0]", "resourceId"},
      Bad{R"({"orders":[)" + changed + R"(],"links":[{"orderId":"D000120170621","resourceId":"T404"}]})",
          "links[0]", "resourceId"});
  std::string file = dir.File("bad.json");
  WriteFile(file, bad.text);
  Outcome run = RunCli({"--db", db, "seed", file});
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exited_failed());
  std::string said = run.out + run.err;
  CHECK(said.find(file) != std::string::npos);
  CHECK(said.find(bad.record) != std::string::npos);
  CHECK(said.find("\"" + bad.key + "\"") != std::string::npos);
  CHECK(DbSummary(db) == before);
}

TEST_CASE("http: jsms-ops serves on --port 0, answers, and stops cleanly on SIGTERM and SIGINT", "[http][cli]") {
  TempDir dir;
  std::string db = dir.File("ops.db");
  REQUIRE(RunCli({"--db", db, "seed"}).exited_ok());
  int stop_signal = GENERATE(SIGTERM, SIGINT);
  INFO("signal " << stop_signal);
  Child child;
  int port = StartServing(db, &child);

  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(5, 0);
  auto res = client.Get("/demandOrder/D000120170621");
  CheckClean(res);
  CHECK(res->status == 200);
  rapidjson::Document doc = ParseJson(res->body);
  CHECK(std::string(doc["data"]["orderId"].GetString()) == "D000120170621");
  auto page = client.Post("/order/resource/query", "rows=9999999", kForm);
  CheckClean(page);
  CHECK(page->status == 200);

  REQUIRE(kill(child.pid, stop_signal) == 0);
  auto status = WaitExit(&child, std::chrono::seconds(5));
  REQUIRE(status.has_value());
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
}

TEST_CASE("http: jsms-ops refuses a database with a newer schema version", "[http][cli]") {
  TempDir dir;
  std::string db = dir.File("future.db");
  {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    REQUIRE(sqlite3_exec(handle, "CREATE TABLE future (x); PRAGMA user_version = 99;", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(handle);
  }
  auto args = GENERATE(as<std::vector<std::string>>{}, std::vector<std::string>{"--port", "0"},
                       std::vector<std::string>{"seed"});
  std::vector<std::string> all = {"--db", db};
  all.insert(all.end(), args.begin(), args.end());
  Outcome run = RunCli(all);
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exited_failed());
  CHECK(run.out.find("listening") == std::string::npos);
  CHECK(run.err.find("99") != std::string::npos);
  CHECK(run.err.find("version") != std::string::npos);
  // The file is left as it was: still version 99, our schema not written into it.
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  CHECK(sqlite3_column_int(statement, 0) == 99);
  sqlite3_finalize(statement);
  REQUIRE(sqlite3_prepare_v2(handle, "SELECT count(*) FROM sqlite_master WHERE name = 'orders'", -1, &statement,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  CHECK(sqlite3_column_int(statement, 0) == 0);
  sqlite3_finalize(statement);
  sqlite3_close(handle);
}

}  // namespace jsms::test
