// The transport (http/server.cpp): cpp-httplib over loopback sockets in front of the Api or a
// stand-in. Body limits whatever the framing, framing the library refuses, timeouts and idle
// connections, strangers turned away before their body, streamed replies and escaping
// exceptions. Each case fails when the protection it names is taken away; the comment above
// says how. Every loop is bounded in count and time.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

ServerOptions WithMaxBody(size_t max_body) {
  ServerOptions options;
  options.max_body = max_body;
  return options;
}

ServerOptions WithTimeouts(int read_seconds, int keep_alive_seconds) {
  ServerOptions options;
  options.read_timeout_seconds = read_seconds;
  options.keep_alive_timeout_seconds = keep_alive_seconds;
  return options;
}

// A stand-in that answers every request with a small success.
ApiReply Fine(const ApiRequest&) {
  ApiReply reply;
  reply.body = R"({"success":true})";
  return reply;
}

}  // namespace

// =============================================================================================
// Body limits

// Fails when the default limit is not 1 MiB, or a body kind is counted wrongly.
TEST_CASE("server: bodies of the default 1 MiB are read, forms and multipart included, one more is 413", "[server]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  SECTION("a form body of exactly 1 MiB") {
    std::string body = "orderId=D000120170621&pad=";
    body.append(1024 * 1024 - body.size(), 'a');
    REQUIRE(body.size() == 1024 * 1024);
    CheckOk(client.Post("/peidan/daipipei", body, kForm));
    CHECK(OrderState(server, "D000120170621") == 1);
  }
  SECTION("a multipart body just under 1 MiB") {
    httplib::MultipartFormDataItems items = {{"orderId", "D000120170621", "", ""},
                                             {"pad", std::string(1000 * 1000, 'a'), "", ""}};
    CheckOk(client.Post("/peidan/daipipei", items));
    CHECK(OrderState(server, "D000120170621") == 1);
  }
  SECTION("a JSON body just under 1 MiB") {
    std::string body = R"({"orderId":"D000120170621","pad":")" + std::string(1000 * 1000, 'a') + "\"}";
    CheckOk(client.Post("/peidan/daipipei", body, kJson));
    CHECK(OrderState(server, "D000120170621") == 1);
  }
  SECTION("a form body of 1 MiB and 36 bytes") {
    const std::string before = DbImage(server.db_path());
    std::string body = "orderId=D000120170621&pad=" + std::string(1024 * 1024 + 10, 'a');
    CheckRefusal(client.Post("/peidan/daipipei", body, kForm), 413, "PAYLOAD_TOO_LARGE");
    CHECK(DbImage(server.db_path()) == before);
  }
}

// Fails when the form is read by the library (its own 8 KB form cap answers 413) instead of our
// content reader, or when the limit is counted wrongly.
TEST_CASE("server: a form naming 700 resource ids (about 30 KB) is read and answered normally", "[server]") {
  TestServer server(BulkFixture(2, 700), WithMaxBody(64 * 1024));
  std::string body = "orderId=" + BulkOrderId(0) + "&remark=" + std::string(400, 'r');
  for (int i = 0; i < 700; ++i) body += "&resourceIds%5B%5D=" + BulkResourceId(i);
  REQUIRE(body.size() > 20000);
  REQUIRE(body.size() < 64 * 1024);
  CheckOk(PostForm(server, "/peidan/pipeichenggong", body));
  rapidjson::Document linked = Page(Get(server, "/order/resource/query?rows=1000&orderId=" + BulkOrderId(0)));
  CHECK(linked["totalRecord"].GetInt64() == 700);
  CHECK(linked["data"].Size() == 700);
  CHECK(OrderState(server, BulkOrderId(0)) == 5);
}

// The transport holds a reply's head to send it with the body: the interim answer must not wait.
TEST_CASE("server: Expect: 100-continue is answered before the body is sent", "[server]") {
  TestServer server;
  const std::string body = "orderId=D000120170621&remark=" + std::string(100, 'r');
  Socket socket(server.port());
  REQUIRE(socket.Send(PostHead("/peidan/huitui", "application/x-www-form-urlencoded", body.size(),
                               "Expect: 100-continue\r\n")));
  // The interim answer comes while the body is held back (curl waits a second for it otherwise).
  REQUIRE(Eventually([&] { return socket.HasInput(); }, 5));
  socket.Read(0.2, false);
  CHECK(socket.received() == "HTTP/1.1 100 Continue\r\n\r\n");
  socket.received().clear();
  REQUIRE(socket.Send(body));
  socket.ReadResponses(1);
  auto responses = socket.Responses();
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].status == 200);
  CHECK(CodeOf(responses[0].body).empty());
  INFO(responses[0].body);
  CHECK(OrderState(server, "D000120170621") == 3);  // 退单
}

// Fails without a Content-Length limit (the body would be answered 200/400), and without the
// forced close after the refusal: the bytes after the headers would then be read as a second
// request and answered (request smuggling, and an unbounded request line in memory).
TEST_CASE("server: a Content-Length body over the limit gets 413 and nothing after it is read as a request",
          "[server]") {
  const size_t limit = 16 * 1024;
  TestServer server(BulkFixture(2, 2), WithMaxBody(limit));
  const std::string before = DbImage(server.db_path());
  auto body_of = [&](size_t size) {
    std::string body = R"({"orderId":")" + BulkOrderId(0) + R"(","remark":")";
    body += std::string(size - body.size() - 2, 'x') + "\"}";
    REQUIRE(body.size() == size);
    return body;
  };
  SECTION("a body one byte over the limit") {
    CheckRefusal(server.Client().Post("/peidan/huitui", body_of(limit + 1), kJson), 413, "PAYLOAD_TOO_LARGE");
  }
  SECTION("exactly the limit is read (and refused for its remark, not its size)") {
    CheckRefusal(server.Client().Post("/peidan/huitui", body_of(limit), kJson), 400, "INVALID_PARAM", {"remark"});
  }
  SECTION("a huge announced body with a smuggled request behind the headers") {
    Socket socket(server.port());
    auto start = Clock::now();
    bool closed = AnswerThenClose(socket, PostHead("/peidan/huitui", kForm, 100 * 1024 * 1024),
                                  GetRequest("/demandOrder/" + BulkOrderId(0)));
    auto responses = socket.Responses();
    INFO(socket.received());
    REQUIRE(responses.size() == 1);
    CheckRefusal(responses[0], 413, "PAYLOAD_TOO_LARGE");
    CHECK(closed);
    CHECK(SecondsSince(start) < 3);  // answered at once, without reading the announced 100 MiB
  }
  CHECK(DbImage(server.db_path()) == before);
}

// Fails when chunked bodies are read without counting (the library checks only Content-Length):
// the server would swallow the whole flood into memory.
TEST_CASE("server: a chunked body over the limit gets 413 without the server reading it all", "[server]") {
  TestServer server(BulkFixture(2, 2), WithMaxBody(64 * 1024));
  const std::string before = DbImage(server.db_path());
  const size_t flood = 96 * 1024 * 1024;
  size_t rss_before = ResidentBytes();
  Socket socket(server.port());
  size_t sent =
      FloodChunked(socket, ChunkedHead("/peidan/huitui", kForm), "orderId=" + BulkOrderId(0) + "&remark=", flood, 30);
  size_t rss_after = ResidentBytes();
  auto responses = socket.Responses();
  INFO("sent " << sent << " bytes; received: " << socket.received().substr(0, 400));
  REQUIRE(responses.size() == 1);
  CheckRefusal(responses[0], 413, "PAYLOAD_TOO_LARGE");
  CHECK(sent < flood);  // the server stopped reading long before the end
  INFO("resident memory grew by " << (rss_after > rss_before ? rss_after - rss_before : 0) << " bytes");
  CHECK(rss_after < rss_before + 32 * 1024 * 1024);
  CHECK(socket.WaitClosed(5) >= 0);
  CHECK(DbImage(server.db_path()) == before);
}

// Fails when a chunked body on a method without a counting content reader (GET, OPTIONS, …) is
// let through: the library would read it whole into memory, with no limit at all.
TEST_CASE("server: a chunked body on GET or OPTIONS is refused before it is read", "[server]") {
  TestServer server(BulkFixture(1, 1), WithMaxBody(64 * 1024));
  for (const char* method : {"GET", "OPTIONS"}) {
    INFO(method);
    Socket socket(server.port());
    std::string head = std::string(method) + " /demandOrder/" + BulkOrderId(0) +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    size_t rss_before = ResidentBytes();
    size_t sent = FloodChunked(socket, head, "x", 64 * 1024 * 1024, 30);
    size_t rss_after = ResidentBytes();
    auto responses = socket.Responses();
    INFO("sent " << sent << "; received: " << socket.received().substr(0, 400));
    REQUIRE(responses.size() == 1);
    CheckRefusal(responses[0], 400, "INVALID_PARAM");
    CHECK(sent < 64u * 1024 * 1024);
    CHECK(rss_after < rss_before + 32 * 1024 * 1024);
  }
}

// Fails when chunked or multipart bodies are refused or mangled instead of read, or when
// multipart parts are not counted against the limit (a chunked multipart body has no
// Content-Length for the library to check).
TEST_CASE("server: chunked and multipart bodies are read under the limit and refused over it", "[server]") {
  const size_t limit = 64 * 1024;
  TestServer server(BulkFixture(2, 2), WithMaxBody(limit));
  SECTION("chunked, under the limit") {
    Socket socket(server.port());
    std::string form = ActionForm(BulkOrderId(0), {BulkResourceId(0), BulkResourceId(1)}, "分块");
    REQUIRE(socket.Send(ChunkedHead("/peidan/daipipei", kForm) + Chunk(form.substr(0, 10)) + Chunk(form.substr(10)) +
                        "0\r\n\r\n"));
    socket.Read(10, true);
    auto responses = socket.Responses();
    INFO(socket.received());
    REQUIRE(responses.size() == 1);
    CheckOk(responses[0]);
    CHECK(Linked(server, BulkOrderId(0)) == std::vector<std::string>{BulkResourceId(0), BulkResourceId(1)});
  }
  SECTION("multipart, under the limit") {
    httplib::MultipartFormDataItems items = {{"orderId", BulkOrderId(0), "", ""},
                                             {"resourceIds", BulkResourceId(0), "", ""},
                                             {"resourceIds", BulkResourceId(1), "", ""},
                                             {"remark", "多部分", "", ""}};
    CheckOk(server.Client().Post("/peidan/daipipei", items));
    CHECK(Str(OrderDoc(server, BulkOrderId(0)), "remark") == "多部分");
    CHECK(Linked(server, BulkOrderId(0)) == std::vector<std::string>{BulkResourceId(0), BulkResourceId(1)});
  }
  SECTION("multipart over the limit, with Content-Length") {
    const std::string before = DbImage(server.db_path());
    httplib::MultipartFormDataItems items = {{"orderId", BulkOrderId(0), "", ""},
                                             {"remark", std::string(limit + 10, 'x'), "", ""}};
    CheckRefusal(server.Client().Post("/peidan/huitui", items), 413, "PAYLOAD_TOO_LARGE");
    CHECK(DbImage(server.db_path()) == before);
  }
  SECTION("multipart over the limit, chunked") {
    const std::string before = DbImage(server.db_path());
    Socket socket(server.port());
    std::string first = "--XyZ\r\nContent-Disposition: form-data; name=\"orderId\"\r\n\r\n" + BulkOrderId(0) +
                        "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"remark\"\r\n\r\n";
    size_t sent = FloodChunked(socket, ChunkedHead("/peidan/huitui", "multipart/form-data; boundary=XyZ"), first,
                               32 * 1024 * 1024, 30);
    auto responses = socket.Responses();
    INFO("sent " << sent << "; received: " << socket.received().substr(0, 400));
    REQUIRE(responses.size() == 1);
    CheckRefusal(responses[0], 413, "PAYLOAD_TOO_LARGE");
    CHECK(sent < 32u * 1024 * 1024);
    CHECK(DbImage(server.db_path()) == before);
  }
}

// =============================================================================================
// Framing and decoding

// Fails when the transport stops handing the query string of a POST to the API, decoded as a
// browser's form ('+' a space), or stops passing PUT and DELETE on to the API.
TEST_CASE("server: a POST's query string is decoded and read, and every method reaches the API", "[server]") {
  TestServer server(WorkFixture());
  auto client = server.Client();
  client.set_url_encode(false);  // send '+' as it is, as a browser's form would
  CheckOk(client.Post("/peidan/daipipei?orderId=D000120170621&resourceIds=T000220170621&remark=%E5%A4%87%E6%B3%A8+x",
                      "", kForm));
  CHECK(Str(OrderDoc(server, "D000120170621"), "remark") == "备注 x");
  CHECK(Linked(server, "D000120170621") == std::vector<std::string>{"T000220170621"});
  const std::string before = DbImage(server.db_path());
  CheckRefusal(client.Delete("/peidan/daipipei"), 405, "METHOD_NOT_ALLOWED");
  CheckRefusal(client.Put("/demandOrder/D000120170621", "state=5", kForm), 405, "METHOD_NOT_ALLOWED");
  CHECK(DbImage(server.db_path()) == before);
}

// Raw bytes (not %-escapes) in the request line: the client library would escape them.
TEST_CASE("server: invalid UTF-8 in the request line, raw or %-escaped, gets a 400", "[server]") {
  TestServer server(BulkFixture(1, 1));
  const std::string before = DbImage(server.db_path());
  for (const char* target : {"/demandOrder/D\xff\xfe", "/order/resource/query?orderId=\xc3\x28", "/demandOrder/D%FF%FE",
                             "/order/resource/query?orderId=%FF"}) {
    INFO(target);
    Socket socket(server.port());
    REQUIRE(socket.Send("GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    socket.Read(10, true);
    auto responses = socket.Responses();
    INFO(socket.received());
    REQUIRE(responses.size() == 1);
    CheckRefusal(responses[0], 400, "INVALID_PARAM");
  }
  CHECK(DbImage(server.db_path()) == before);
}

// Fails without the error handler (the library's own 400/414 have no envelope) or if the handler
// lets a connection the library gave up on carry another request.
TEST_CASE("server: requests the library refuses by itself get the envelope and the connection closed", "[server]") {
  TestServer server(BulkFixture(1, 1));
  struct Case {
    std::string request;
    int status;
  };
  for (const Case& c :
       {Case{"HELLO THERE\r\n\r\n", 400},
        Case{"GET /order/resource/query?orderId=" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
        Case{"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 400}}) {
    INFO(c.request.substr(0, 60));
    Socket socket(server.port());
    // Behind the refused request: one that would be answered 200 if the connection were reused.
    CHECK(AnswerThenClose(socket, c.request, GetRequest("/demandOrder/" + BulkOrderId(0))));
    auto responses = socket.Responses();
    INFO(socket.received().substr(0, 600));
    REQUIRE(responses.size() == 1);
    CheckRefusal(responses[0], c.status, "INVALID_PARAM");
  }
}

// =============================================================================================
// Slow, idle and many clients

// Fails with a worker pool smaller than the stalled connections (cpp-httplib's default is 8
// threads: the fresh request would wait for a read timeout, 5 s). No wait is needed between the
// stalled connections and the fresh one: the listener accepts connections in the order they
// were made and the pool takes them in that order, so the fresh one is served after every
// stalled one has a worker of its own.
TEST_CASE("server: 24 connections stalled mid-request do not starve a fresh request", "[server]") {
  TestServer server(BulkFixture(2, 2));  // the default options
  const std::string before = DbImage(server.db_path());
  std::vector<std::unique_ptr<Socket>> stalled;
  for (int i = 0; i < 24; ++i) {
    stalled.push_back(std::make_unique<Socket>(server.port()));
    if (i % 2 == 0) {
      REQUIRE(stalled.back()->Send(PostHead("/peidan/huitui", kForm, 200) + "orderId=" + BulkOrderId(0).substr(0, 5)));
    } else {
      REQUIRE(stalled.back()->Send("GET /demandOrder/" + BulkOrderId(0) + " HTTP/1.1\r\nHost: 12"));
    }
  }
  auto start = Clock::now();
  auto detail = Get(server, "/demandOrder/" + BulkOrderId(1));
  double took = SecondsSince(start);
  CHECK(Str(ParseJson(SuccessData(detail, "查询成功！")), "orderId") == BulkOrderId(1));
  CHECK(took < 2.0);
  CHECK(DbImage(server.db_path()) == before);
}

// Fails without a read timeout of our own (the library's default is 5 s; none would be forever).
TEST_CASE("server: a client that never finishes its request is cut off by the read timeout", "[server]") {
  TestServer server(BulkFixture(1, 1), WithTimeouts(1, 2));
  const std::string before = DbImage(server.db_path());
  // Stalled in the body, in the headers, in a chunk: all at once, each timed from its last byte.
  std::vector<std::unique_ptr<Socket>> stalled;
  for (const std::string& partial : {PostHead("/peidan/huitui", kForm, 100) + "orderId=D",
                                     "GET /demandOrder/" + BulkOrderId(0) + " HTTP/1.1\r\nHost: 127",
                                     ChunkedHead("/peidan/huitui", kForm) + "20\r\norderId="}) {
    stalled.push_back(std::make_unique<Socket>(server.port()));
    REQUIRE(stalled.back()->Send(partial));
  }
  auto sent = Clock::now();
  for (auto& socket : stalled) {
    CHECK(socket->WaitClosed(8) >= 0);
    double closed = SecondsSince(sent);
    CHECK(closed >= 0.5);
    CHECK(closed < 3.5);
  }
  CHECK(DbImage(server.db_path()) == before);
}

// Fails without a keep-alive timeout of our own (the library's default is 5 s).
TEST_CASE("server: an idle keep-alive connection is closed after the keep-alive timeout", "[server]") {
  TestServer server(BulkFixture(1, 1), WithTimeouts(5, 1));
  Socket socket(server.port());
  REQUIRE(socket.Send(GetRequest("/demandOrder/" + BulkOrderId(0))));
  socket.ReadResponses(1);
  // The connection is still usable right away …
  REQUIRE(socket.Send(GetRequest("/demandOrder/" + BulkOrderId(0))));
  socket.ReadResponses(2);
  auto responses = socket.Responses();
  REQUIRE(responses.size() == 2);
  CHECK(responses[0].status == 200);
  CHECK(responses[1].status == 200);
  // … and closed once idle past the timeout.
  double closed = socket.WaitClosed(8);
  CHECK(closed >= 0.5);
  CHECK(closed < 3.5);
}

// Fails with the library's listen backlog of 5: connections beyond the few the acceptor thread
// has not yet taken have their SYN dropped, and wait a 1 s retransmission.
TEST_CASE("server: a burst of 64 connections is accepted without retransmission delays", "[server]") {
  TestServer server(BulkFixture(1, 1));
  std::vector<pollfd> connecting;
  auto start = Clock::now();
  for (int i = 0; i < 64; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    connecting.push_back({fd, POLLOUT, 0});
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    REQUIRE((rc == 0 || errno == EINPROGRESS));
  }
  size_t connected = 0;
  while (connected < connecting.size() && SecondsSince(start) < 5) {
    if (::poll(connecting.data(), connecting.size(), 100) <= 0) continue;
    for (pollfd& p : connecting) {
      if (p.fd >= 0 && (p.revents & POLLOUT)) {
        ::close(p.fd);
        p.fd = -1;  // poll ignores it from now on
        ++connected;
      }
    }
  }
  double took = SecondsSince(start);
  for (const pollfd& p : connecting) {
    if (p.fd >= 0) ::close(p.fd);
  }
  CHECK(connected == connecting.size());
  CHECK(took < 0.8);
  // The server is still fine afterwards.
  CHECK(Get(server, "/demandOrder/" + BulkOrderId(0))->status == 200);
}

// Fails with the library's default socket options (SO_REUSEPORT): a second server on the same
// port binds too and the kernel splits the connections between the two.
TEST_CASE("server: a second server cannot bind a port already being served", "[server]") {
  TestServer first(BulkFixture(1, 1));
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = first.port();
  HttpServer second(Fine, options);
  CHECK(second.Bind() < 0);
}

// =============================================================================================
// Strangers

// Fails without the token check (the stranger's action would be applied), or when the refusal
// leaves the connection open so that the stranger's body is read as another request.
TEST_CASE("server: with a token set a stranger is refused with 401 before the body is read", "[server]") {
  AuthOptions auth;
  auth.service_token = "s3cret-T0ken";
  TestServer server(BulkFixture(2, 2), {}, 5000, auth);
  const std::string before = DbImage(server.db_path());
  const httplib::Headers wrong = {{"Authorization", "Bearer wrong"}};
  for (const httplib::Headers& headers : {httplib::Headers{}, wrong}) {
    CheckRefusal(PostForm(server, "/peidan/daipipei", ActionForm(BulkOrderId(0), {BulkResourceId(0)}), headers), 401,
                 "UNAUTHORIZED");
    for (const std::string& path :
         {"/demandOrder/" + BulkOrderId(0), std::string("/order/resource/query"), std::string("/nowhere")}) {
      INFO(path);
      CheckRefusal(Get(server, path, headers), 401, "UNAUTHORIZED");
    }
  }
  CHECK(DbImage(server.db_path()) == before);

  // A stranger's body is never read as a request of its own.
  Socket socket(server.port());
  const std::string form = ActionForm(BulkOrderId(0));
  std::string smuggled =
      PostHead("/peidan/huitui", kForm, form.size(), "Authorization: Bearer s3cret-T0ken\r\n") + form;
  CHECK(AnswerThenClose(socket, PostHead("/peidan/daipipei", kForm, smuggled.size()), smuggled));
  auto responses = socket.Responses();
  INFO(socket.received());
  REQUIRE(responses.size() == 1);
  CheckRefusal(responses[0], 401, "UNAUTHORIZED");
  CHECK(DbImage(server.db_path()) == before);

  // The token's holder reads and acts.
  const httplib::Headers right = {{"Authorization", "Bearer s3cret-T0ken"}};
  CHECK(ParseJson(SuccessData(Get(server, "/demandOrder/" + BulkOrderId(0), right), "查询成功！"))["state"].GetInt() ==
        0);
  CheckOk(PostForm(server, "/peidan/daipipei", ActionForm(BulkOrderId(0), {BulkResourceId(0)}), right));
  CHECK(ParseJson(SuccessData(Get(server, "/demandOrder/" + BulkOrderId(0), right), "查询成功！"))["state"].GetInt() ==
        1);
}

// =============================================================================================
// Streaming and failures

TEST_CASE("server: a resource page of 1500 rows is streamed in chunks and parses with every row", "[server]") {
  std::vector<std::string> resources;
  char id[32];
  for (int i = 0; i < 1500; ++i) {
    std::snprintf(id, sizeof id, "T%04d20170621", i);
    resources.push_back(ResourceJson(id, i % 2 ? "1" : "0"));
  }
  TestServer server(R"({"staff":[{"id":60,"name":"张伟"}],"resources":[)" + Join(resources) + "]}");
  auto check_rows = [&](const rapidjson::Document& page, int first, int count) {
    const auto& data = page["data"].GetArray();
    REQUIRE(data.Size() == static_cast<rapidjson::SizeType>(count));
    for (int i = 0; i < count; ++i) {
      std::snprintf(id, sizeof id, "T%04d20170621", first + i);
      REQUIRE(std::string(data[i]["resourceId"].GetString()) == id);
      REQUIRE(std::string(data[i]["belongBusinessName"].GetString()) == "张伟");
    }
  };
  auto all = Get(server, "/order/resource/query?rows=9999999");
  CHECK(all->get_header_value("Transfer-Encoding") == "chunked");
  rapidjson::Document page = Page(all);
  CheckPageHead(page, 1, 9999999, 1500, 1, "{}");
  check_rows(page, 0, 1500);

  rapidjson::Document second = Page(PostForm(server, "/order/resource/query", "rows=1001&page=2"));
  CheckPageHead(second, 2, 1001, 1500, 2, "{}");
  check_rows(second, 1001, 499);

  rapidjson::Document online = Page(PostForm(server, "/order/resource/query", "rows=5000&state=1"));
  CHECK(online["totalRecord"].GetInt64() == 750);
  CHECK(online["data"].Size() == 750);
}

// Fails without the exception handler: cpp-httplib then answers with an EXCEPTION_WHAT header
// holding e.what(). Fails too when the 500 reply is not the envelope.
TEST_CASE("server: an escaping exception answers 500 INTERNAL with no internals in body or headers", "[server]") {
  std::atomic<int> calls{0};
  TestServer server(
      [&calls](const ApiRequest& request) -> ApiReply {
        ++calls;
        if (request.path == "/std") throw std::runtime_error("SQLITE_ERROR near SELECT secret FROM /var/lib/secret.db");
        if (request.path == "/other") throw 42;
        return Fine(request);
      },
      ServerOptions{});
  auto client = server.Client();
  for (const char* path : {"/std", "/other"}) {
    INFO(path);
    CheckRefusal(client.Get(path), 500, "INTERNAL");
    CheckRefusal(client.Post(path, "orderId=x", kForm), 500, "INTERNAL");
  }
  auto alive = client.Get("/fine");
  REQUIRE(alive);
  CHECK(alive->status == 200);
  CHECK(calls == 5);
}

// Fails without the guard around the streamed body: an exception there escapes the library
// (which only guards routing) and terminates the whole process — this test's process.
TEST_CASE("server: a streamed reply that fails midway cuts the connection and the server lives on", "[server]") {
  TestServer server(
      [](const ApiRequest& request) -> ApiReply {
        if (request.path != "/stream") return Fine(request);
        ApiReply reply;
        reply.stream = [](const ChunkWriter& write) {
          std::string part(10000, 'a');
          write(part.data(), part.size());
          throw std::runtime_error("secret stream failure");
        };
        return reply;
      },
      ServerOptions{});
  Socket socket(server.port());
  REQUIRE(socket.Send(GetRequest("/stream")));
  CHECK(socket.WaitClosed(10) >= 0);
  CHECK(socket.received().find("secret") == std::string::npos);
  CHECK(socket.Responses().empty());  // cut, not passed off as complete
  auto alive = server.Client().Get("/fine");
  REQUIRE(alive);
  CHECK(alive->status == 200);
}

}  // namespace jsms::test
