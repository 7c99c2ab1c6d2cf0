// The requests the server reads without cpp-httplib (http/plain_request.h): which heads it takes,
// and that a request it takes gets, byte for byte, the reply the library gives it.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http/plain_request.h"
#include "support.h"
#include "support/desk_fixture.h"

namespace jsms::test {

using namespace support;
using namespace desk;

namespace {

constexpr size_t kMaxBody = 1024;

// ParsePlainHead over `request` (a head, maybe followed by body bytes).
bool Plain(const std::string& request, PlainHead* head = nullptr) {
  PlainHead ignored;
  size_t end = request.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  return ParsePlainHead(request, end + 4, kMaxBody, head ? head : &ignored);
}

const std::string kHost = "Host: 127.0.0.1\r\n";

std::string Post(const std::string& body, const std::string& extra = "") {
  return "POST /peidan/daipipei HTTP/1.1\r\n" + kHost + "Content-Type: application/x-www-form-urlencoded\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Everything the server sent on a fresh connection for `request`, until it closed or one whole
// reply was in.
std::string Exchange(int port, const std::string& request) {
  Socket socket(port);
  REQUIRE(socket.Send(request));
  socket.Read(10, /*until_complete=*/true);
  return socket.received();
}

}  // namespace

TEST_CASE("plain requests: the everyday GET and POST are read here, with their headers and body", "[server]") {
  PlainHead head;
  REQUIRE(Plain("GET /demandOrder/D1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Operator-Id:  301 \t\r\nAccept: */*\r\n\r\n",
                &head));
  CHECK(head.method == "GET");
  CHECK(head.path == "/demandOrder/D1");
  CHECK(head.content_length == 0);
  // Values trimmed as the library trims them; order as received.
  CHECK(head.headers == NameValues{{"Host", "127.0.0.1:8080"}, {"X-Operator-Id", "301"}, {"Accept", "*/*"}});

  const std::string body = "orderId=D1&remark=%E5%A5%BD";  // a percent sign in a body is the API's to read
  REQUIRE(Plain(Post(body) + "GET / HTTP/1.1\r\n", &head));  // a pipelined request after it
  CHECK(head.method == "POST");
  CHECK(head.content_length == body.size());
  CHECK(head.head_length == Post(body).size() - body.size());
  // A body of exactly the limit.
  CHECK(Plain(Post(std::string(kMaxBody, 'x'))));
  // UTF-8 in a header value is passed on as it is.
  CHECK(Plain("GET / HTTP/1.1\r\n" + kHost + "X-Note: 配单\r\n\r\n"));
  // What a browser sends (on HTTP/1.1 "keep-alive" changes nothing).
  CHECK(Plain("GET /demandOrder/D1 HTTP/1.1\r\n" + kHost +
              "Connection: keep-alive\r\nAccept: application/json, text/javascript, */*; q=0.01\r\n"
              "X-Requested-With: XMLHttpRequest\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
              "Accept-Encoding: gzip, deflate, br\r\nAccept-Language: zh-CN,zh;q=0.9\r\n\r\n"));
}

TEST_CASE("plain requests: anything the library reads differently is left to the library", "[server]") {
  const std::vector<std::pair<const char*, std::string>> library_reads = {
      {"a query string", "GET /demandOrder/D1?x=1 HTTP/1.1\r\n" + kHost + "\r\n"},
      {"a fragment", "GET /demandOrder/D1#top HTTP/1.1\r\n" + kHost + "\r\n"},
      {"a percent-escape in the path", "GET /demandOrder/D%31 HTTP/1.1\r\n" + kHost + "\r\n"},
      {"a percent sign in a header", "GET / HTTP/1.1\r\n" + kHost + "X-Note: 100%\r\n\r\n"},
      {"HTTP/1.0", "GET / HTTP/1.0\r\n" + kHost + "\r\n"},
      {"another method", "PUT / HTTP/1.1\r\n" + kHost + "Content-Length: 0\r\n\r\n"},
      {"HEAD", "HEAD / HTTP/1.1\r\n" + kHost + "\r\n"},
      {"two spaces in the request line", "GET  / HTTP/1.1\r\n" + kHost + "\r\n"},
      {"no Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"},
      {"two Hosts", "GET / HTTP/1.1\r\n" + kHost + kHost + "\r\n"},
      {"Connection: close", "GET / HTTP/1.1\r\n" + kHost + "Connection: close\r\n\r\n"},
      {"Connection: close after keep-alive",
       "GET / HTTP/1.1\r\n" + kHost + "Connection: keep-alive\r\nConnection: close\r\n\r\n"},
      {"Expect", Post("a=1", "Expect: 100-continue\r\n")},
      {"Transfer-Encoding", "POST / HTTP/1.1\r\n" + kHost + "Transfer-Encoding: chunked\r\n\r\n"},
      {"Range", "GET / HTTP/1.1\r\n" + kHost + "Range: bytes=0-1\r\n\r\n"},
      {"Content-Encoding", Post("a=1", "Content-Encoding: gzip\r\n")},
      {"Upgrade", "GET / HTTP/1.1\r\n" + kHost + "Upgrade: websocket\r\n\r\n"},
      {"a header named as the library's own", "GET / HTTP/1.1\r\n" + kHost + "REMOTE_ADDR: 10.0.0.1\r\n\r\n"},
      {"a header without a value", "GET / HTTP/1.1\r\n" + kHost + "X-Empty:\r\n\r\n"},
      {"a header line without a colon", "GET / HTTP/1.1\r\n" + kHost + "Nonsense\r\n\r\n"},
      {"a space in a header name", "GET / HTTP/1.1\r\n" + kHost + "X-Bad Name: 1\r\n\r\n"},
      {"a NUL in a header name", "GET / HTTP/1.1\r\n" + kHost + std::string("X-A\0b: 1\r\n\r\n", 13)},
      {"a NUL in a header value", "GET / HTTP/1.1\r\n" + kHost + std::string("X-A: 1\0b\r\n\r\n", 13)},
      {"a header line over 2048 bytes", "GET / HTTP/1.1\r\n" + kHost + "X-Long: " + std::string(2050, 'a') + "\r\n\r\n"},
      {"a GET with a body length", "GET / HTTP/1.1\r\n" + kHost + "Content-Length: 0\r\n\r\n"},
      {"a POST without a length", "POST /peidan/daipipei HTTP/1.1\r\n" + kHost + "\r\n"},
      {"two lengths", Post("a=1", "Content-Length: 3\r\n")},
      {"a length that is not a number", "POST / HTTP/1.1\r\n" + kHost + "Content-Length: 3x\r\n\r\na=1"},
      {"a body over the limit", Post(std::string(kMaxBody + 1, 'x'))},
      {"a multipart body", "POST / HTTP/1.1\r\n" + kHost +
                               "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 4\r\n\r\n--b-"},
      {"a multipart body, named in capitals", "POST / HTTP/1.1\r\n" + kHost +
                                                  "Content-Type: Multipart/Form-Data; boundary=b\r\nContent-Length: 4\r\n\r\n--b-"},
      {"two Content-Types", Post("a=1", "Content-Type: text/plain\r\n")},
  };
  for (const auto& [what, request] : library_reads) {
    INFO(what);
    CHECK_FALSE(Plain(request));
  }
  // A body still on its way is the library's to wait for.
  std::string whole = Post("orderId=D1");
  CHECK_FALSE(Plain(whole.substr(0, whole.size() - 1)));
}

TEST_CASE("plain requests: replies and request headers in the library's order and words", "[server]") {
  NameValues headers = {{"x-b", "1"}, {"Content-Type", "t"}, {"X-A", "2"}, {"content-length", "3"}, {"X-a", "4"}};
  SortLikeLibrary(&headers);
  CHECK(headers == NameValues{{"content-length", "3"}, {"Content-Type", "t"}, {"X-A", "2"}, {"X-a", "4"}, {"x-b", "1"}});
  CHECK(std::string(StatusText(200)) == "OK");
  CHECK(std::string(StatusText(409)) == "Conflict");
  CHECK(std::string(StatusText(429)) == "Too Many Requests");
  CHECK(std::string(StatusText(299)) == "Internal Server Error");  // the library's default
}

// Fails when a reply the server writes itself differs in any byte (status line, header names,
// values or order, body, chunk framing, Connection: close after a refusal) from the library's for
// the same request. Each request is sent to two servers over the same fixture: as it is (read
// here) and with a header that changes nothing but sends it through the library (a percent sign
// in a header nobody reads: the library decodes header values).
TEST_CASE("plain requests: the reply is byte for byte the library's, refusals and streams included", "[server]") {
  const std::string id = "X-Request-Id: plain-test-1\r\n";  // both replies carry the same id
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  auto post = [&](const std::string& path, const std::string& body, const std::string& extra = "") {
    return "POST " + path + " HTTP/1.1\r\n" + kHost + id + form + extra +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  auto get = [&](const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\n" + kHost + id + extra + "\r\n";
  };
  const std::vector<std::pair<const char*, std::string>> requests = {
      {"an order's detail", get("/demandOrder/" + D1)},
      {"an order's detail as a browser asks", get("/demandOrder/" + D1, "Connection: keep-alive\r\nAccept: */*\r\n")},
      {"an unknown order", get("/demandOrder/" + kUnknownOrder)},
      {"an unknown path", get("/no/such/thing")},
      {"the console, compressed", get("/", "Accept-Encoding: gzip\r\n")},
      {"a resource page", post("/order/resource/query", "rows=2&page=2")},
      {"a streamed resource page", post("/order/resource/query", "rows=1001&state=1")},
      {"a bad parameter", post("/order/resource/query", "rows=x")},
      {"an action", post("/peidan/daipipei", "orderId=" + D1 + "&resourceIds=" + T1 + "&remark=a", "X-Operator-Id: 149\r\n")},
      {"another site's page (refused, then closed)", post("/peidan/tuidan", "orderId=" + D2, "Origin: http://evil.example\r\n")},
      {"another host name (refused, then closed)",
       "GET /demandOrder/" + D1 + " HTTP/1.1\r\nHost: evil.example\r\n" + id + "\r\n"},
  };
  TestServer plain(Fixture());
  TestServer library(Fixture());
  for (const auto& [what, request] : requests) {
    INFO(what);
    const std::string via_library = request.substr(0, request.find("\r\n") + 2) + "X-Via: library%21\r\n" +
                                    request.substr(request.find("\r\n") + 2);
    REQUIRE(Plain(request));
    REQUIRE_FALSE(Plain(via_library));
    const std::string mine = Exchange(plain.port(), request);
    const std::string theirs = Exchange(library.port(), via_library);
    CHECK(mine.substr(0, 12) == theirs.substr(0, 12));  // the status line first, for a readable failure
    CHECK(mine == theirs);
    CHECK(CompleteResponses(mine).size() == 1);
  }
}

}  // namespace jsms::test
