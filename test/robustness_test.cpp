// Issue 3: holding up under load, faults, bad input and strangers. Each case exercises one
// protection through the real transport (cpp-httplib over loopback sockets) or the real binary,
// and fails when that protection is taken away; the comment above each case says how.
//
// Everything talks to 127.0.0.1 on ephemeral ports; every loop is bounded in count and time.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.h"

extern char** environ;

namespace jsms::test {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// ---------------------------------------------------------------------------------------------
// Fixtures and database inspection

std::string OrderId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "D%04d20240101", i + 1);
  return buf;
}

std::string ResourceId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%04d20240101", i);
  return buf;
}

// `orders` orders (state from `state_of`, default 0 待配单) and `resources` resources, all 已接入.
std::string MakeFixture(int orders, int resources, const std::function<int(int)>& state_of = nullptr) {
  std::string out = R"({"staff":[{"id":60,"name":"张伟"},{"id":149,"name":"abc"}],"orders":[)";
  for (int i = 0; i < orders; ++i) {
    if (i) out += ",";
    int state = state_of ? state_of(i) : 0;
    out += R"({"orderId":")" + OrderId(i) +
           R"(","companyName":"公司","industryType":"同行","belongSale":149,"smsType":"验证码",)"
           R"("channelType":"0","salePrice":"统一价:0.1","operatorId":60,"state":)" +
           std::to_string(state) + "}";
  }
  out += R"(],"resources":[)";
  for (int i = 0; i < resources; ++i) {
    if (i) out += ",";
    out += R"({"resourceId":")" + ResourceId(i) + R"(","channelType":"1","protocolType":"1","state":"1"})";
  }
  out += "]}";
  return out;
}

// Everything an action can change, as text: equal snapshots mean nothing changed.
std::string DataSnapshot(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  std::string out;
  SQLite::Statement orders(db,
                           "SELECT orderId || '|' || state || '|' || ifnull(remark, '') || '|' || "
                           "ifnull(operatorId, '') || '|' || updateTime FROM orders ORDER BY orderId");
  while (orders.executeStep()) out += orders.getColumn(0).getString() + "\n";
  for (const char* table : {"progress", "links", "demands", "resources", "staff"}) {
    out += std::string(table) + "=" +
           std::to_string(db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64()) + "\n";
  }
  return out;
}

int64_t QueryInt(const std::string& db_path, const std::string& sql, const std::string& arg) {
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  SQLite::Statement query(db, sql);
  query.bind(1, arg);
  if (!query.executeStep()) return -1;
  return query.getColumn(0).getInt64();
}

int64_t OrderState(const std::string& db, const std::string& id) {
  return QueryInt(db, "SELECT state FROM orders WHERE orderId = ?", id);
}
int64_t ProgressCount(const std::string& db, const std::string& id) {
  return QueryInt(db, "SELECT count(*) FROM progress WHERE orderId = ?", id);
}

ServerOptions Options(size_t max_body = 1024 * 1024) {
  ServerOptions options;
  options.max_body = max_body;
  return options;
}

// ---------------------------------------------------------------------------------------------
// Reading replies

struct Envelope {
  bool parsed = false;
  bool success = false;
  std::string code;
  std::string msg;
};

Envelope ReadEnvelope(const std::string& body) {
  Envelope out;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  out.parsed = doc.HasMember("success") && doc.HasMember("code") && doc.HasMember("msg");
  if (doc.HasMember("success") && doc["success"].IsBool()) out.success = doc["success"].GetBool();
  if (doc.HasMember("code") && doc["code"].IsString()) out.code = doc["code"].GetString();
  if (doc.HasMember("msg") && doc["msg"].IsString()) out.msg = doc["msg"].GetString();
  return out;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Words that would betray internals in a reply (SQL, SQLite, C++ exceptions, file paths).
void RequireNoInternals(const std::string& text) {
  std::string lower = Lower(text);
  for (const char* word : {"sqlite", "select ", "insert ", "update ", "no such", "exception", "what()",
                           "std::", "/tmp", "/work", ".db", ".cpp", "secret"}) {
    INFO("reply text: " << text);
    INFO("betrays: " << word);
    CHECK(lower.find(word) == std::string::npos);
  }
}

void RequireNoInternals(const httplib::Result& result) {
  REQUIRE(result);
  RequireNoInternals(result->body);
  for (const auto& [name, value] : result->headers) {
    CHECK(Lower(name) != "exception_what");
    RequireNoInternals(name + ": " + value);
  }
}

std::string UrlEncode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Raw sockets, for what an HTTP client library will not do: stall, flood, smuggle, pipeline.

class Socket {
 public:
  explicit Socket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }

  bool Send(const std::string& data) {
    size_t done = 0;
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (done < data.size() && Clock::now() < deadline) {
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return done == data.size();
  }

  // Reads what arrives within `timeout_s`; stops early when the peer closes (sets *closed).
  // With `until_complete`, also stops as soon as `received()` holds one complete response.
  void Read(double timeout_s, bool until_complete, bool* closed = nullptr) {
    auto start = Clock::now();
    if (closed) *closed = false;
    while (SecondsSince(start) < timeout_s) {
      if (until_complete && CompleteResponses(received_) >= 1) return;
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, 20);
      if (ready <= 0) continue;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (closed) *closed = true;
        return;
      }
      received_.append(buf, static_cast<size_t>(n));
    }
  }

  // Waits until the peer closes the connection; returns the seconds it took, or -1.
  double WaitClosed(double timeout_s) {
    auto start = Clock::now();
    bool closed = false;
    Read(timeout_s, false, &closed);
    return closed ? SecondsSince(start) : -1;
  }

  std::string& received() { return received_; }

  // Counts complete HTTP responses at the start of `data` (Content-Length or chunked bodies).
  static int CompleteResponses(const std::string& data, std::vector<std::pair<int, std::string>>* out = nullptr) {
    int count = 0;
    size_t pos = 0;
    while (pos < data.size()) {
      size_t head_end = data.find("\r\n\r\n", pos);
      if (head_end == std::string::npos || data.compare(pos, 5, "HTTP/") != 0) break;
      std::string head = Lower(data.substr(pos, head_end - pos));
      int status = std::atoi(data.c_str() + pos + 9);
      size_t body_start = head_end + 4;
      std::string body;
      size_t next;
      size_t cl = head.find("\r\ncontent-length:");
      if (cl != std::string::npos) {
        size_t length = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
        if (data.size() < body_start + length) break;
        body = data.substr(body_start, length);
        next = body_start + length;
      } else if (head.find("transfer-encoding: chunked") != std::string::npos) {
        size_t at = body_start;
        bool done = false;
        while (true) {
          size_t line_end = data.find("\r\n", at);
          if (line_end == std::string::npos) break;
          size_t size = std::strtoul(data.c_str() + at, nullptr, 16);
          if (size == 0) {
            if (data.size() < line_end + 4) break;
            next = line_end + 4;
            done = true;
            break;
          }
          if (data.size() < line_end + 2 + size + 2) break;
          body.append(data, line_end + 2, size);
          at = line_end + 2 + size + 2;
        }
        if (!done) break;
      } else {
        next = body_start;  // no body
      }
      if (out) out->emplace_back(status, body);
      ++count;
      pos = next;
    }
    return count;
  }

  // The responses received so far: (status, body).
  std::vector<std::pair<int, std::string>> Responses() const {
    std::vector<std::pair<int, std::string>> out;
    CompleteResponses(received_, &out);
    return out;
  }

 private:
  int fd_ = -1;
  std::string received_;
};

std::string PostHead(const std::string& path, const std::string& content_type, size_t length,
                     const std::string& extra_headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n" + extra_headers + "\r\n";
}

std::string ChunkedHead(const std::string& path, const std::string& content_type) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nTransfer-Encoding: chunked\r\n\r\n";
}

// Sends `first`, waits for its answer, then sends `later` on the same connection (cpp-httplib
// drops whatever arrived in the same read as the request before, so `later` must come apart to
// test anything). Returns whether the server closed the connection within 5 s.
bool AnswerThenClose(Socket& socket, const std::string& first, const std::string& later) {
  if (!socket.Send(first)) return false;
  socket.Read(10, true);
  SleepMs(100);
  socket.Send(later);  // may fail: the server may have closed already
  return socket.WaitClosed(5) >= 0;
}

std::string Chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Sends `head`, then a chunked body: `first` as the first chunk, then 64 KiB chunks of filler,
// up to `total` bytes, non-blocking, until the server answers (or `timeout_s` passes).
// Returns the bytes of body handed to the kernel.
size_t FloodChunked(Socket& socket, const std::string& head, const std::string& first, size_t total,
                    double timeout_s) {
  REQUIRE(socket.Send(head + Chunk(first)));
  int flags = fcntl(socket.fd(), F_GETFL, 0);
  fcntl(socket.fd(), F_SETFL, flags | O_NONBLOCK);
  const std::string chunk = Chunk(std::string(64 * 1024, 'a'));
  size_t sent = first.size(), offset = 0;
  bool can_send = true;
  auto start = Clock::now();
  while (SecondsSince(start) < timeout_s && Socket::CompleteResponses(socket.received()) == 0) {
    pollfd p{socket.fd(), static_cast<short>(POLLIN | (can_send && sent < total ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    if (p.revents & POLLIN) {
      char buf[65536];
      ssize_t n = ::recv(socket.fd(), buf, sizeof buf, 0);
      if (n > 0) socket.received().append(buf, static_cast<size_t>(n));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;  // closed or reset
    }
    if ((p.revents & POLLOUT) && can_send && sent < total) {
      ssize_t n = ::send(socket.fd(), chunk.data() + offset, chunk.size() - offset, MSG_NOSIGNAL);
      if (n > 0) {
        offset += static_cast<size_t>(n);
        if (offset == chunk.size()) {
          offset = 0;
          sent += 64 * 1024;
        }
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        can_send = false;  // the server closed its side
      }
    }
    if (p.revents & (POLLERR | POLLHUP)) can_send = false;
  }
  fcntl(socket.fd(), F_SETFL, flags);
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Spawning processes (the real binary, the sqlite3 shell)

struct Child {
  pid_t pid = -1;
  int in = -1;   // its stdin, when piped
  int out = -1;  // its stdout, when piped
  int err = -1;  // its stderr, when piped
  std::string out_text, err_text;

  ~Child() {
    for (int fd : {in, out, err}) {
      if (fd >= 0) ::close(fd);
    }
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }

  // Appends what the child wrote so far (waiting up to `timeout_s` for something to arrive).
  void Drain(double timeout_s) {
    auto start = Clock::now();
    do {
      pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
      if (::poll(fds, 2, 20) <= 0) continue;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
        char buf[4096];
        ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
        if (n > 0) (i == 0 ? out_text : err_text).append(buf, static_cast<size_t>(n));
      }
    } while (SecondsSince(start) < timeout_s);
  }

  // Waits for "listening on http://HOST:PORT" on stdout; returns PORT or -1.
  int WaitListening(double timeout_s) {
    auto start = Clock::now();
    while (SecondsSince(start) < timeout_s) {
      size_t at = out_text.find("listening on http://");
      if (at != std::string::npos && out_text.find('\n', at) != std::string::npos) {
        size_t colon = out_text.find(':', at + 20);
        return std::atoi(out_text.c_str() + colon + 1);
      }
      Drain(0.05);
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return -1;
      }
    }
    return -1;
  }

  // Waits for the child to exit; returns its wait status, or -1 after `timeout_s`.
  int Wait(double timeout_s) {
    auto start = Clock::now();
    while (SecondsSince(start) < timeout_s) {
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return status;
      }
      Drain(0.01);
    }
    return -1;
  }
};

// Starts `argv` with its own environment (ours without any JSMS_OPS_* variable, plus `env`),
// stdout and stderr piped back, stdin piped when `pipe_stdin`.
std::unique_ptr<Child> Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                             bool pipe_stdin = false) {
  auto child = std::make_unique<Child>();
  int in_pipe[2] = {-1, -1}, out_pipe[2], err_pipe[2];
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  if (pipe_stdin) REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (pipe_stdin) {
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "JSMS_OPS_", 9) != 0) env_strings.emplace_back(*e);
  }
  env_strings.insert(env_strings.end(), env.begin(), env.end());
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  int spawned = posix_spawnp(&child->pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pipe_stdin) ::close(in_pipe[0]);
  child->out = out_pipe[0];
  child->err = err_pipe[0];
  child->in = in_pipe[1];
  INFO("spawning " << argv[0]);
  REQUIRE(spawned == 0);
  return child;
}

// Writes `fixture` to a file and loads it into `db` with `jsms-ops --db DB seed FILE`.
void SeedWithBinary(const TempDir& dir, const std::string& db, const std::string& fixture) {
  std::string path = dir.File("fixture.json");
  std::ofstream(path) << fixture;
  auto seeder = Spawn({JSMS_BINARY, "--db", db, "seed", path});
  int status = seeder->Wait(60);
  INFO(seeder->out_text << seeder->err_text);
  REQUIRE(status != -1);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
}

std::unique_ptr<Child> ServeWithBinary(const std::string& db, std::vector<std::string> extra_args = {},
                                       std::vector<std::string> env = {}, int* port = nullptr) {
  std::vector<std::string> argv = {JSMS_BINARY, "--db", db, "--port", "0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto child = Spawn(argv, env);
  int listening = child->WaitListening(30);
  INFO("stdout: " << child->out_text << "\nstderr: " << child->err_text);
  REQUIRE(listening > 0);
  if (port) *port = listening;
  return child;
}

httplib::Client ClientFor(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  return client;
}

std::string FormForAction(const std::string& order_id, const std::vector<std::string>& resource_ids = {},
                          const std::string& remark = "") {
  std::string body = "orderId=" + UrlEncode(order_id);
  for (const auto& id : resource_ids) body += "&resourceIds=" + UrlEncode(id);
  if (!remark.empty()) body += "&remark=" + UrlEncode(remark);
  return body;
}

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kJson = "application/json";

// =============================================================================================
// 1. Body limits

// Fails when the form is read by the library (its own 8 KB form cap answers 413) instead of our
// content reader, or when the limit is counted wrongly.
TEST_CASE("robust: a form naming 700 resource ids (about 30 KB) is read and answered normally", "[robust]") {
  TestServer server(MakeFixture(2, 700), Options(64 * 1024));
  std::string body = "orderId=" + OrderId(0) + "&remark=" + UrlEncode(std::string(400, 'r'));
  for (int i = 0; i < 700; ++i) body += "&resourceIds%5B%5D=" + ResourceId(i);
  REQUIRE(body.size() > 20000);
  REQUIRE(body.size() < 64 * 1024);
  auto client = server.Client();
  auto result = client.Post("/peidan/pipeichenggong", body, kForm);
  REQUIRE(result);
  INFO(result->body);
  CHECK(result->status == 200);
  CHECK(ReadEnvelope(result->body).success);
  auto page = client.Get(("/order/resource/query?rows=1000&orderId=" + OrderId(0)).c_str());
  REQUIRE(page);
  CHECK(page->body.find("\"totalRecord\":700") != std::string::npos);
  CHECK(OrderState(server.db_path(), OrderId(0)) == 5);
}

// Fails without a Content-Length limit (the body would be answered 200/400), and without the
// forced close after the refusal: the bytes after the headers would then be read as a second
// request and answered (request smuggling, and an unbounded request line in memory).
TEST_CASE("robust: a Content-Length body over the limit gets 413 and nothing after it is read as a request",
          "[robust]") {
  const size_t limit = 16 * 1024;
  TestServer server(MakeFixture(2, 2), Options(limit));
  const std::string before = DataSnapshot(server.db_path());

  SECTION("a body one byte over the limit") {
    std::string body = R"({"orderId":")" + OrderId(0) + R"(","remark":")";
    body += std::string(limit + 1 - body.size() - 2, 'x') + "\"}";
    REQUIRE(body.size() == limit + 1);
    auto client = server.Client();
    auto result = client.Post("/peidan/huitui", body, kJson);
    REQUIRE(result);
    CHECK(result->status == 413);
    Envelope reply = ReadEnvelope(result->body);
    CHECK(reply.parsed);
    CHECK_FALSE(reply.success);
    CHECK(reply.code == "PAYLOAD_TOO_LARGE");
    RequireNoInternals(result);
  }
  SECTION("exactly the limit is read (and refused for its remark, not its size)") {
    std::string body = R"({"orderId":")" + OrderId(0) + R"(","remark":")";
    body += std::string(limit - body.size() - 2, 'x') + "\"}";
    REQUIRE(body.size() == limit);
    auto result = server.Client().Post("/peidan/huitui", body, kJson);
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(ReadEnvelope(result->body).msg.find("remark") != std::string::npos);
  }
  SECTION("a huge announced body with a smuggled request behind the headers") {
    Socket socket(server.port());
    std::string smuggled = "GET /demandOrder/" + OrderId(0) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    auto start = Clock::now();
    bool closed = AnswerThenClose(socket, PostHead("/peidan/huitui", kForm, 100 * 1024 * 1024), smuggled);
    auto responses = socket.Responses();
    INFO(socket.received());
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].first == 413);
    CHECK(ReadEnvelope(responses[0].second).code == "PAYLOAD_TOO_LARGE");
    CHECK(closed);
    CHECK(SecondsSince(start) < 3);  // answered at once, without reading the announced 100 MiB
  }
  CHECK(DataSnapshot(server.db_path()) == before);
}

// Fails when chunked bodies are read without counting (the library checks only Content-Length):
// the server would swallow the whole flood into memory.
TEST_CASE("robust: a chunked body over the limit gets 413 without the server reading it all", "[robust]") {
  const size_t limit = 64 * 1024;
  TestServer server(MakeFixture(2, 2), Options(limit));
  const std::string before = DataSnapshot(server.db_path());
  const size_t flood = 96 * 1024 * 1024;

  size_t rss_before = ResidentBytes();
  Socket socket(server.port());
  size_t sent = FloodChunked(socket, ChunkedHead("/peidan/huitui", kForm), "orderId=" + OrderId(0) + "&remark=",
                             flood, 30);
  size_t rss_after = ResidentBytes();
  auto responses = socket.Responses();
  INFO("sent " << sent << " bytes; received: " << socket.received().substr(0, 400));
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].first == 413);
  CHECK(ReadEnvelope(responses[0].second).code == "PAYLOAD_TOO_LARGE");
  CHECK(sent < flood);  // the server stopped reading long before the end
  INFO("resident memory grew by " << (rss_after > rss_before ? rss_after - rss_before : 0) << " bytes");
  CHECK(rss_after < rss_before + 32 * 1024 * 1024);
  CHECK(socket.WaitClosed(5) >= 0);
  CHECK(DataSnapshot(server.db_path()) == before);
}

// Fails when a chunked body on a method without a counting content reader (GET, OPTIONS, …) is
// let through: the library would read it whole into memory, with no limit at all.
TEST_CASE("robust: a chunked body on GET is refused before it is read", "[robust]") {
  TestServer server(MakeFixture(1, 1), Options(64 * 1024));
  for (const char* method : {"GET", "OPTIONS"}) {
    INFO(method);
    Socket socket(server.port());
    std::string head = std::string(method) + " /demandOrder/" + OrderId(0) +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    size_t rss_before = ResidentBytes();
    size_t sent = FloodChunked(socket, head, "x", 64 * 1024 * 1024, 30);
    size_t rss_after = ResidentBytes();
    auto responses = socket.Responses();
    INFO("sent " << sent << "; received: " << socket.received().substr(0, 400));
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].first == 400);
    CHECK(ReadEnvelope(responses[0].second).code == "INVALID_PARAM");
    CHECK(sent < 64u * 1024 * 1024);
    CHECK(rss_after < rss_before + 32 * 1024 * 1024);
  }
}

// Fails when chunked bodies are refused or mangled instead of read.
TEST_CASE("robust: a chunked body under the limit is read normally", "[robust]") {
  TestServer server(MakeFixture(2, 2), Options(64 * 1024));
  Socket socket(server.port());
  std::string form = FormForAction(OrderId(0), {ResourceId(0), ResourceId(1)}, "分块");
  REQUIRE(socket.Send(ChunkedHead("/peidan/daipipei", kForm) + Chunk(form.substr(0, 10)) + Chunk(form.substr(10)) +
                      "0\r\n\r\n"));
  socket.Read(10, true);
  auto responses = socket.Responses();
  INFO(socket.received());
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].first == 200);
  CHECK(ReadEnvelope(responses[0].second).success);
  CHECK(OrderState(server.db_path(), OrderId(0)) == 1);
}

// Fails when multipart parts are not counted against the limit (a chunked multipart body has no
// Content-Length for the library to check), or when multipart bodies are not read at all.
TEST_CASE("robust: multipart bodies are read under the limit and refused over it", "[robust]") {
  const size_t limit = 64 * 1024;
  TestServer server(MakeFixture(2, 2), Options(limit));
  auto client = server.Client();

  SECTION("under the limit: answered normally") {
    httplib::MultipartFormDataItems items = {{"orderId", OrderId(0), "", ""},
                                             {"resourceIds", ResourceId(0), "", ""},
                                             {"resourceIds", ResourceId(1), "", ""},
                                             {"remark", "多部分", "", ""}};
    auto result = client.Post("/peidan/daipipei", items);
    REQUIRE(result);
    INFO(result->body);
    CHECK(result->status == 200);
    CHECK(ReadEnvelope(result->body).success);
    CHECK(OrderState(server.db_path(), OrderId(0)) == 1);
  }
  SECTION("over the limit with Content-Length") {
    const std::string before = DataSnapshot(server.db_path());
    httplib::MultipartFormDataItems items = {{"orderId", OrderId(0), "", ""},
                                             {"remark", std::string(limit + 10, 'x'), "", ""}};
    auto result = client.Post("/peidan/huitui", items);
    REQUIRE(result);
    CHECK(result->status == 413);
    CHECK(ReadEnvelope(result->body).code == "PAYLOAD_TOO_LARGE");
    CHECK(DataSnapshot(server.db_path()) == before);
  }
  SECTION("over the limit, chunked") {
    const std::string before = DataSnapshot(server.db_path());
    Socket socket(server.port());
    std::string first = "--XyZ\r\nContent-Disposition: form-data; name=\"orderId\"\r\n\r\n" + OrderId(0) +
                        "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"remark\"\r\n\r\n";
    size_t sent = FloodChunked(socket, ChunkedHead("/peidan/huitui", "multipart/form-data; boundary=XyZ"), first,
                               32 * 1024 * 1024, 30);
    auto responses = socket.Responses();
    INFO("sent " << sent << "; received: " << socket.received().substr(0, 400));
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].first == 413);
    CHECK(ReadEnvelope(responses[0].second).code == "PAYLOAD_TOO_LARGE");
    CHECK(sent < 32u * 1024 * 1024);
    CHECK(DataSnapshot(server.db_path()) == before);
  }
}

// =============================================================================================
// 2. Bad input gets a clear 400

struct BadRequest {
  std::string what;          // for the failure message
  std::string method;        // GET or POST
  std::string target;        // path and query, already encoded
  std::string content_type;  // POST only
  std::string body;
  std::string operator_id;   // X-Operator-Id, when not empty
  std::string names;         // what the msg must mention
};

std::vector<BadRequest> BadRequests() {
  const std::string order = OrderId(0);
  const std::string action = "/peidan/daipipei";
  const std::string query = "/order/resource/query";
  std::vector<BadRequest> cases = {
      // Malformed JSON and wrong JSON types
      {"truncated JSON", "POST", action, kJson, R"({"orderId":")" + order, "", "JSON"},
      {"JSON with trailing garbage", "POST", action, kJson, R"({"orderId":")" + order + R"("} x)", "", "JSON"},
      {"JSON array body", "POST", action, kJson, R"([")" + order + R"("])", "", "JSON"},
      {"JSON string body", "POST", action, kJson, R"("orderId")", "", "JSON"},
      {"orderId true", "POST", action, kJson, R"({"orderId":true})", "", "orderId"},
      {"orderId object", "POST", action, kJson, R"({"orderId":{"a":"b"}})", "", "orderId"},
      {"orderId array", "POST", action, kJson, R"({"orderId":[")" + order + R"("]})", "", "orderId"},
      {"remark false", "POST", action, kJson, R"({"orderId":")" + order + R"(","remark":false})", "", "remark"},
      {"resourceIds of objects", "POST", action, kJson,
       R"({"orderId":")" + order + R"(","resourceIds":[{"a":1}]})", "", "resourceIds"},
      {"resourceIds of booleans", "POST", action, kJson,
       R"({"orderId":")" + order + R"(","resourceIds":[true]})", "", "resourceIds"},
      {"resourceIds nested arrays", "POST", action, kJson,
       R"({"orderId":")" + order + R"(","resourceIds":[["T1"]]})", "", "resourceIds"},
      {"resourceIds string holding broken JSON", "POST", action, kJson,
       R"({"orderId":")" + order + R"x(","resourceIds":"[\"T1\",]"})x", "", "resourceIds"},
      {"rows fractional in JSON", "POST", query, kJson, R"({"rows":1.5})", "", "rows"},
      {"rows beyond a double in JSON", "POST", query, kJson, R"({"rows":1e400})", "", "JSON"},
      {"rows beyond 64 bits in JSON", "POST", query, kJson, R"({"rows":99999999999999999999})", "", "rows"},
      {"page negative in JSON", "POST", query, kJson, R"({"page":-3})", "", "page"},
      // Invalid UTF-8: body, path, query
      {"invalid UTF-8 in a JSON string", "POST", action, kJson, "{\"orderId\":\"D\xff\xfe\"}", "", "JSON"},
      {"invalid UTF-8 in a JSON key", "POST", action, kJson, "{\"order\xc0\xafId\":\"" + order + "\"}", "", "JSON"},
      {"invalid UTF-8 in a form value", "POST", action, kForm, "orderId=%FF%FE", "", "orderId"},
      {"overlong UTF-8 in a form value", "POST", action, kForm, "orderId=" + order + "&remark=%C0%AF", "",
       "remark"},
      {"invalid UTF-8 in a multipart-less raw form", "POST", action, kForm, "orderId=D\xff", "", "orderId"},
      {"invalid UTF-8 in the query", "GET", query + "?orderId=%FF", "", "", "", "orderId"},
      {"surrogate in the query", "GET", query + "?orderId=%ED%A0%80", "", "", "", "orderId"},
      {"invalid UTF-8 in the path", "GET", "/demandOrder/D%FF%FE", "", "", "", "路径"},
      {"malformed escape in a form", "POST", action, kForm, "orderId=%G1", "", "orderId"},
      // Ids: length and control characters
      {"orderId of 65 characters", "POST", action, kForm, "orderId=" + std::string(65, 'D'), "", "orderId"},
      {"orderId of 65 Chinese characters", "POST", action, kForm,
       "orderId=" + UrlEncode([] { std::string s; for (int i = 0; i < 65; ++i) s += "单"; return s; }()), "",
       "orderId"},
      {"path id of 65 characters", "GET", "/demandOrder/" + std::string(65, 'D'), "", "", "", "orderId"},
      {"orderId with a control character", "POST", action, kForm, "orderId=D0001%01", "", "orderId"},
      {"orderId with a newline", "POST", action, kJson, R"({"orderId":"D0001\n"})", "", "orderId"},
      {"orderId with DEL", "POST", action, kForm, "orderId=D%7F", "", "orderId"},
      {"path id with a control character", "GET", "/demandOrder/D%07X", "", "", "", "orderId"},
      {"resourceIds with a control character", "POST", action, kForm,
       "orderId=" + order + "&resourceIds=T%0A1", "", "resourceIds"},
      {"resourceIds of 65 characters", "POST", action, kForm,
       "orderId=" + order + "&resourceIds=" + std::string(65, 'T'), "", "resourceIds"},
      {"missing orderId", "POST", action, kForm, "remark=x", "", "orderId"},
      {"empty orderId", "POST", action, kJson, R"({"orderId":""})", "", "orderId"},
      // remark
      {"remark of 501 characters", "POST", action, kForm, "orderId=" + order + "&remark=" + std::string(501, 'r'),
       "", "remark"},
      {"remark of 501 Chinese characters", "POST", action, kForm,
       "orderId=" + order + "&remark=" + UrlEncode([] { std::string s; for (int i = 0; i < 501; ++i) s += "备"; return s; }()),
       "", "remark"},
      // rows, page, state
      {"rows 0", "GET", query + "?rows=0", "", "", "", "rows"},
      {"page 0", "GET", query + "?page=0", "", "", "", "page"},
      {"rows -1", "POST", query, kForm, "rows=-1", "", "rows"},
      {"rows -0", "GET", query + "?rows=-0", "", "", "", "rows"},
      {"state -1", "GET", query + "?state=-1", "", "", "", "state"},
      {"rows abc", "GET", query + "?rows=abc", "", "", "", "rows"},
      {"page 1.5", "GET", query + "?page=1.5", "", "", "", "page"},
      {"state 1.0", "POST", query, kForm, "state=1.0", "", "state"},
      {"rows 1e3", "GET", query + "?rows=1e3", "", "", "", "rows"},
      {"rows 0x10", "GET", query + "?rows=0x10", "", "", "", "rows"},
      {"rows +5", "GET", query + "?rows=%2B5", "", "", "", "rows"},
      {"rows with a space", "GET", query + "?rows=%201", "", "", "", "rows"},
      {"rows 2^63", "GET", query + "?rows=9223372036854775808", "", "", "", "rows"},
      {"page beyond 64 bits", "GET", query + "?page=99999999999999999999999", "", "", "", "page"},
      {"state beyond 64 bits", "POST", query, kJson, R"({"state":"-99999999999999999999"})", "", "state"},
      {"rows SQL", "GET", query + "?rows=1%3B%20DROP%20TABLE%20resources", "", "", "", "rows"},
      // X-Operator-Id
      {"X-Operator-Id abc", "POST", action, kForm, "orderId=" + order, "abc", "X-Operator-Id"},
      {"X-Operator-Id 0", "POST", action, kForm, "orderId=" + order, "0", "X-Operator-Id"},
      {"X-Operator-Id -60", "POST", action, kForm, "orderId=" + order, "-60", "X-Operator-Id"},
      {"X-Operator-Id 1.5", "POST", action, kForm, "orderId=" + order, "1.5", "X-Operator-Id"},
      {"X-Operator-Id beyond 64 bits", "POST", action, kForm, "orderId=" + order, "99999999999999999999",
       "X-Operator-Id"},
  };
  return cases;
}

// Fails when any reader accepts what it should refuse (the action would then be applied, or the
// reply would be a 200 refusal), when a message stops naming the parameter, or when a request
// crashes or hangs the server.
TEST_CASE("robust: bad input gets a 400 naming the parameter and changes nothing", "[robust]") {
  TestServer server(MakeFixture(3, 3));
  const std::string before = DataSnapshot(server.db_path());
  auto client = server.Client();
  for (const BadRequest& bad : BadRequests()) {
    INFO("case: " << bad.what);
    httplib::Headers headers;
    if (!bad.operator_id.empty()) headers.emplace("X-Operator-Id", bad.operator_id);
    httplib::Result result = bad.method == "GET"
                                 ? client.Get(bad.target.c_str(), headers)
                                 : client.Post(bad.target.c_str(), headers, bad.body, bad.content_type.c_str());
    REQUIRE(result);
    INFO("reply: " << result->body);
    CHECK(result->status == 400);
    Envelope reply = ReadEnvelope(result->body);
    CHECK(reply.parsed);
    CHECK_FALSE(reply.success);
    CHECK(reply.code == "INVALID_PARAM");
    CHECK(reply.msg.find(bad.names) != std::string::npos);
    RequireNoInternals(result);
  }
  CHECK(DataSnapshot(server.db_path()) == before);
  // The boundaries themselves are accepted: a 64-character id and a 500-character remark.
  auto found = client.Get(("/demandOrder/" + std::string(64, 'D')).c_str());
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(ReadEnvelope(found->body).code == "ORDER_NOT_FOUND");
  std::string remark;
  for (int i = 0; i < 500; ++i) remark += "备";
  auto accepted = client.Post("/peidan/huitui", FormForAction(OrderId(0), {}, remark), kForm);
  REQUIRE(accepted);
  CHECK(ReadEnvelope(accepted->body).success);
}

// Raw bytes (not %-escapes) in the request line: the client library would escape them.
TEST_CASE("robust: raw invalid UTF-8 in the request line gets a 400", "[robust]") {
  TestServer server(MakeFixture(1, 1));
  const std::string before = DataSnapshot(server.db_path());
  for (std::string target : {std::string("/demandOrder/D\xff\xfe"), std::string("/order/resource/query?orderId=\xc3\x28")}) {
    Socket socket(server.port());
    REQUIRE(socket.Send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    socket.Read(10, true);
    auto responses = socket.Responses();
    INFO(socket.received());
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].first == 400);
    CHECK(ReadEnvelope(responses[0].second).code == "INVALID_PARAM");
  }
  CHECK(DataSnapshot(server.db_path()) == before);
}

// Fails (by crashing the test process with a stack overflow) when the JSON reader recurses, and
// with a 200 when deep input is accepted.
TEST_CASE("robust: deeply nested JSON of 200000 brackets is refused and does not crash", "[robust]") {
  TestServer server(MakeFixture(1, 1));
  const std::string before = DataSnapshot(server.db_path());
  auto client = server.Client();
  const std::string deep(200000, '[');
  for (const auto& [body, names] :
       std::vector<std::pair<std::string, std::string>>{{deep, "JSON"},
                                                        {R"({"orderId":)" + deep, "orderId"},
                                                        {R"({"resourceIds":)" + deep, "resourceIds"},
                                                        {R"({"orderId":"D1","resourceIds":")" + deep + "\"}", "resourceIds"},
                                                        {std::string(200000, '{'), "JSON"}}) {
    auto result = client.Post("/peidan/daipipei", body, kJson);
    REQUIRE(result);
    INFO(result->body);
    CHECK(result->status == 400);
    Envelope reply = ReadEnvelope(result->body);
    CHECK(reply.code == "INVALID_PARAM");
    CHECK(reply.msg.find(names) != std::string::npos);
  }
  CHECK(DataSnapshot(server.db_path()) == before);
}

// Fails when a body in an unknown format is silently ignored or read as a form.
TEST_CASE("robust: an unsupported Content-Type gets 415 and changes nothing", "[robust]") {
  TestServer server(MakeFixture(1, 1));
  const std::string before = DataSnapshot(server.db_path());
  auto client = server.Client();
  for (const char* type : {"text/plain", "application/xml", "application/octet-stream"}) {
    auto result = client.Post("/peidan/huitui", "orderId=" + OrderId(0), type);
    REQUIRE(result);
    CHECK(result->status == 415);
    CHECK(ReadEnvelope(result->body).code == "UNSUPPORTED_MEDIA_TYPE");
  }
  CHECK(DataSnapshot(server.db_path()) == before);
}

// Fails if any SQL is ever built from input: the quotes would break out, match rows or drop tables.
TEST_CASE("robust: SQL-looking input is only data", "[robust]") {
  TestServer server(MakeFixture(2, 2));
  const std::string before = DataSnapshot(server.db_path());
  auto client = server.Client();
  const std::vector<std::string> injections = {"x' OR '1'='1", OrderId(0) + "' OR '1'='1",
                                               OrderId(0) + "'; DROP TABLE orders; --", "\" OR \"\"=\"",
                                               "1 OR 1=1", "%' OR orderId LIKE '%"};
  for (const std::string& id : injections) {
    INFO("orderId: " << id);
    auto detail = client.Get(("/demandOrder/" + UrlEncode(id)).c_str());
    REQUIRE(detail);
    CHECK(detail->status == 200);
    CHECK(ReadEnvelope(detail->body).code == "ORDER_NOT_FOUND");
    for (const char* action : {"/peidan/daipipei", "/peidan/huitui", "/peidan/faqixuqiu"}) {
      auto result = client.Post(action, FormForAction(id), kForm);
      REQUIRE(result);
      CHECK(ReadEnvelope(result->body).code == "ORDER_NOT_FOUND");
    }
    auto page = client.Get(("/order/resource/query?orderId=" + UrlEncode(id)).c_str());
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("\"totalRecord\":0") != std::string::npos);
  }
  auto resources = client.Post("/peidan/daipipei", FormForAction(OrderId(0), {ResourceId(0) + "' OR '1'='1"}), kForm);
  REQUIRE(resources);
  CHECK(ReadEnvelope(resources->body).code == "RESOURCE_NOT_FOUND");
  CHECK(DataSnapshot(server.db_path()) == before);
  // Quotes in free text are stored as they are.
  const std::string remark = "it's '); DROP TABLE progress; --";
  auto accepted = client.Post("/peidan/huitui", FormForAction(OrderId(1), {}, remark), kForm);
  REQUIRE(accepted);
  CHECK(ReadEnvelope(accepted->body).success);
  auto detail = client.Get(("/demandOrder/" + OrderId(1)).c_str());
  REQUIRE(detail);
  CHECK(detail->body.find("\"remark\":\"it's '); DROP TABLE progress; --\"") != std::string::npos);
  CHECK(ProgressCount(server.db_path(), OrderId(1)) == 1);
}

// =============================================================================================
// 3. No internals leak

// Fails without the exception handler: cpp-httplib then answers with an EXCEPTION_WHAT header
// holding e.what(). Fails too when the 500 reply is not the envelope.
TEST_CASE("robust: an escaping exception answers 500 INTERNAL with no internals in body or headers", "[robust]") {
  std::atomic<int> calls{0};
  TestServer server(
      [&calls](const ApiRequest& request) -> ApiReply {
        ++calls;
        if (request.path == "/std") throw std::runtime_error("SQLITE_ERROR near SELECT secret FROM /var/lib/secret.db");
        if (request.path == "/other") throw 42;
        ApiReply reply;
        reply.body = R"({"success":true})";
        return reply;
      },
      Options());
  auto client = server.Client();
  for (const char* path : {"/std", "/other"}) {
    INFO(path);
    auto get = client.Get(path);
    REQUIRE(get);
    CHECK(get->status == 500);
    Envelope reply = ReadEnvelope(get->body);
    CHECK(reply.parsed);
    CHECK(reply.code == "INTERNAL");
    RequireNoInternals(get);
    auto post = client.Post(path, "orderId=x", kForm);
    REQUIRE(post);
    CHECK(post->status == 500);
    RequireNoInternals(post);
  }
  auto alive = client.Get("/fine");
  REQUIRE(alive);
  CHECK(alive->status == 200);
  CHECK(calls == 5);
}

// Fails without the guard around the streamed body: an exception there escapes the library
// (which only guards routing) and terminates the whole process — this test's process.
TEST_CASE("robust: a streamed reply that fails midway cuts the connection and the server lives on", "[robust]") {
  TestServer server(
      [](const ApiRequest& request) -> ApiReply {
        ApiReply reply;
        if (request.path == "/stream") {
          reply.stream = [](const ChunkWriter& write) {
            std::string part(10000, 'a');
            write(part.data(), part.size());
            throw std::runtime_error("secret stream failure");
          };
        } else {
          reply.body = R"({"success":true})";
        }
        return reply;
      },
      Options());
  Socket socket(server.port());
  REQUIRE(socket.Send("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  CHECK(socket.WaitClosed(10) >= 0);
  CHECK(socket.received().find("secret") == std::string::npos);
  CHECK(Socket::CompleteResponses(socket.received()) == 0);  // cut, not passed off as complete
  auto alive = server.Client().Get("/fine");
  REQUIRE(alive);
  CHECK(alive->status == 200);
}

// Fails when the store lets SQLite's message (table names, SQL) reach the reply.
TEST_CASE("robust: a database failure answers 500 INTERNAL without SQL or paths or exception text", "[robust]") {
  TestServer server(MakeFixture(2, 2));
  {
    SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec("DROP TABLE progress");
  }
  auto client = server.Client();
  auto result = client.Post("/peidan/huitui", FormForAction(OrderId(0)), kForm);
  REQUIRE(result);
  INFO(result->body);
  CHECK(result->status == 500);
  CHECK(ReadEnvelope(result->body).code == "INTERNAL");
  RequireNoInternals(result);
  CHECK(result->body.find("progress") == std::string::npos);
  CHECK(OrderState(server.db_path(), OrderId(0)) == 0);
}

// Fails without the error handler (the library's own 400/414 have no envelope) or if the handler
// lets a connection the library gave up on carry another request.
TEST_CASE("robust: requests the library refuses by itself get the envelope and no internals", "[robust]") {
  TestServer server(MakeFixture(1, 1));
  struct Case {
    std::string request;
    int status;
  };
  std::vector<Case> cases = {
      {"HELLO THERE\r\n\r\n", 400},
      {"GET /order/resource/query?orderId=" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
      {"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    INFO(c.request.substr(0, 60));
    Socket socket(server.port());
    // Behind the refused request: one that would be answered 200 if the connection were reused.
    CHECK(AnswerThenClose(socket, c.request, "GET /demandOrder/" + OrderId(0) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto responses = socket.Responses();
    INFO(socket.received().substr(0, 600));
    REQUIRE(responses.size() >= 1);
    CHECK(responses[0].first == c.status);
    Envelope reply = ReadEnvelope(responses[0].second);
    CHECK(reply.parsed);
    CHECK(reply.code == "INVALID_PARAM");
    CHECK(responses.size() == 1);
    RequireNoInternals(socket.received());
  }
}

// =============================================================================================
// 4. Concurrency

// One request per raw connection, all sent but their last byte; then every last byte at once.
std::vector<std::pair<int, std::string>> Race(int port, const std::vector<std::string>& requests) {
  std::vector<std::unique_ptr<Socket>> sockets;
  for (const auto& request : requests) {
    sockets.push_back(std::make_unique<Socket>(port));
    REQUIRE(sockets.back()->Send(request.substr(0, request.size() - 1)));
  }
  SleepMs(100);  // every connection is read up to its last byte by its own worker
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      auto deadline = Clock::now() + std::chrono::seconds(10);
      while (!go && Clock::now() < deadline) std::this_thread::yield();
      sockets[i]->Send(requests[i].substr(requests[i].size() - 1));
      sockets[i]->Read(20, true);
    });
  }
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (ready < static_cast<int>(requests.size()) && Clock::now() < deadline) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();
  std::vector<std::pair<int, std::string>> out;
  for (auto& socket : sockets) {
    auto responses = socket->Responses();
    out.push_back(responses.empty() ? std::make_pair(0, socket->received()) : responses[0]);
  }
  return out;
}

std::string RawAction(const std::string& action, const std::string& body) {
  return PostHead("/peidan/" + action, kForm, body.size(), "Connection: close\r\n") + body;
}

// Fails when the state check and the change are not one transaction (several winners), or when
// contention surfaces as BUSY instead of waiting for the lock (no busy timeout, or a DEFERRED
// transaction upgrading).
TEST_CASE("robust: 16 clients racing on one order: exactly one wins and the others get STATE_CONFLICT", "[robust]") {
  // Orders 0-2 in 待匹配: every action but daipipei may move it, and from any target state no
  // other action may follow. Orders 3-5 in 待配单: all 16 race daipipei (not allowed twice).
  TestServer server(MakeFixture(6, 2, [](int i) { return i < 3 ? 1 : 0; }));
  const char* actions[] = {"pipeichenggong", "huitui", "faqixuqiu", "daipipei"};
  for (int order = 0; order < 6; ++order) {
    INFO("order " << OrderId(order));
    std::vector<std::string> requests;
    for (int i = 0; i < 16; ++i) {
      std::string action = order < 3 ? actions[i % 4] : "daipipei";
      requests.push_back(
          RawAction(action, FormForAction(OrderId(order), {ResourceId(i % 2)}, "client " + std::to_string(i))));
    }
    auto replies = Race(server.port(), requests);
    int winners = 0, conflicts = 0;
    for (const auto& [status, body] : replies) {
      INFO(status << " " << body);
      Envelope reply = ReadEnvelope(body);
      CHECK(status == 200);
      if (reply.success) {
        ++winners;
      } else {
        CHECK(reply.code == "STATE_CONFLICT");
        if (reply.code == "STATE_CONFLICT") ++conflicts;
      }
    }
    CHECK(winners == 1);
    CHECK(conflicts == 15);
    CHECK(ProgressCount(server.db_path(), OrderId(order)) == 1);
  }
}

// Fails when concurrent writers on different orders collide into BUSY (no busy timeout) or into
// errors (a connection shared between threads).
TEST_CASE("robust: 8 clients driving 200 actions on distinct orders: all accepted and none BUSY", "[robust]") {
  TestServer server(MakeFixture(200, 4));
  std::atomic<int> accepted{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int client_index = 0; client_index < 8; ++client_index) {
    threads.emplace_back([&, client_index] {
      auto client = server.Client();
      client.set_keep_alive(true);
      for (int k = 0; k < 25; ++k) {
        int order = client_index * 25 + k;
        httplib::Headers headers = {{"X-Operator-Id", "60"}};
        auto result = client.Post("/peidan/daipipei", headers,
                                  FormForAction(OrderId(order), {ResourceId(order % 4), ResourceId((order + 1) % 4)}),
                                  kForm);
        if (result && result->status == 200 && ReadEnvelope(result->body).success) {
          ++accepted;
        } else {
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(result ? std::to_string(result->status) + " " + result->body
                                    : "transport error " + httplib::to_string(result.error()));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());
  CHECK(accepted == 200);
  CHECK(QueryInt(server.db_path(), "SELECT count(*) FROM progress WHERE action = ?", "daipipei") == 200);
  CHECK(QueryInt(server.db_path(), "SELECT count(*) FROM orders WHERE state = ?", "1") == 200);
}

bool WriteLockHeld(const std::string& db_path) {
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(0);
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
    return false;
  } catch (const SQLite::Exception&) {
    return true;
  }
}

// Fails when a locked database answers anything but 503 BUSY (a 500, a hang past the client's
// timeout, or a change applied anyway), or when the server does not wait for the busy timeout.
TEST_CASE("robust: a write lock held by another process past the busy timeout answers 503 BUSY and changes nothing",
          "[robust]") {
  TestServer server(MakeFixture(2, 2), Options(), 300);
  const std::string before = DataSnapshot(server.db_path());
  auto holder = Spawn({"sqlite3", server.db_path()}, {}, true);
  const std::string lock = "BEGIN IMMEDIATE;\nUPDATE staff SET name = name WHERE id = 60;\n";
  REQUIRE(::write(holder->in, lock.data(), lock.size()) == static_cast<ssize_t>(lock.size()));
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!WriteLockHeld(server.db_path()) && Clock::now() < deadline) SleepMs(20);
  REQUIRE(WriteLockHeld(server.db_path()));

  auto client = server.Client();
  for (const char* action : {"/peidan/daipipei", "/peidan/huitui", "/peidan/faqixuqiu"}) {
    INFO(action);
    auto start = Clock::now();
    auto result = client.Post(action, FormForAction(OrderId(0), {ResourceId(0)}), kForm);
    double took = SecondsSince(start);
    REQUIRE(result);
    INFO(result->body);
    CHECK(result->status == 503);
    Envelope reply = ReadEnvelope(result->body);
    CHECK(reply.code == "BUSY");
    CHECK_FALSE(reply.success);
    CHECK(took >= 0.25);  // it waited for the lock before giving up
    CHECK(took < 5);
    RequireNoInternals(result);
  }
  // Readers are not blocked by a writer (WAL).
  auto detail = client.Get(("/demandOrder/" + OrderId(0)).c_str());
  REQUIRE(detail);
  CHECK(ReadEnvelope(detail->body).success);
  CHECK(DataSnapshot(server.db_path()) == before);

  const std::string release = "ROLLBACK;\n.quit\n";
  REQUIRE(::write(holder->in, release.data(), release.size()) == static_cast<ssize_t>(release.size()));
  ::close(holder->in);
  holder->in = -1;
  int status = holder->Wait(10);
  CHECK(status != -1);
  auto after = client.Post("/peidan/daipipei", FormForAction(OrderId(0), {ResourceId(0)}), kForm);
  REQUIRE(after);
  CHECK(ReadEnvelope(after->body).success);
}

// =============================================================================================
// 5. Crash safety

// Fails when an action is acknowledged before it is durably committed, or when a kill mid-write
// can leave a torn database (journal off, writes outside transactions).
TEST_CASE("robust: SIGKILL mid-stream loses no acknowledged action and leaves an intact database", "[robust]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  const int orders = 3000;
  SeedWithBinary(dir, db, MakeFixture(orders, 4));
  int port = 0;
  auto server = ServeWithBinary(db, {}, {}, &port);

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged_count{0};
  std::vector<std::vector<int>> acknowledged(4);
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      auto client = ClientFor(port);
      client.set_keep_alive(c % 2 == 0);
      for (int order = c; order < orders && !stop; order += 4) {
        auto result = client.Post("/peidan/daipipei", FormForAction(OrderId(order), {ResourceId(order % 4)}), kForm);
        if (!result) break;  // the server is gone
        if (result->status == 200 && ReadEnvelope(result->body).success) {
          acknowledged[c].push_back(order);
          ++acknowledged_count;
        }
      }
    });
  }
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (acknowledged_count < 200 && Clock::now() < deadline) SleepMs(1);
  REQUIRE(::kill(server->pid, SIGKILL) == 0);
  stop = true;
  for (auto& t : clients) t.join();
  int status = server->Wait(10);
  REQUIRE(status != -1);
  CHECK(WIFSIGNALED(status));

  size_t total = 0;
  for (const auto& list : acknowledged) total += list.size();
  INFO(total << " actions acknowledged before the kill");
  REQUIRE(total >= 200);
  CHECK(total < static_cast<size_t>(orders));  // killed mid-stream, not after the end

  SQLite::Database check(db, SQLite::OPEN_READWRITE);
  CHECK(check.execAndGet("PRAGMA integrity_check").getString() == "ok");
  SQLite::Statement foreign_keys(check, "PRAGMA foreign_key_check");
  CHECK_FALSE(foreign_keys.executeStep());
  for (const auto& list : acknowledged) {
    for (int order : list) {
      INFO(OrderId(order));
      CHECK(OrderState(db, OrderId(order)) == 1);
      CHECK(ProgressCount(db, OrderId(order)) == 1);
    }
  }
  // Nothing half-done either: an order moved exactly when it has its progress entry.
  CHECK(check.execAndGet("SELECT count(*) FROM orders WHERE (state = 1) != "
                         "((SELECT count(*) FROM progress WHERE progress.orderId = orders.orderId) = 1)")
            .getInt64() == 0);
}

// =============================================================================================
// 6. Slow and idle clients

// Fails with a worker pool smaller than the stalled connections (cpp-httplib's default is 8
// threads: the fresh request would wait for a read timeout, 5 s).
TEST_CASE("robust: 24 connections stalled mid-request do not starve a fresh request", "[robust]") {
  TestServer server(MakeFixture(2, 2));  // the default options
  std::vector<std::unique_ptr<Socket>> stalled;
  for (int i = 0; i < 24; ++i) {
    stalled.push_back(std::make_unique<Socket>(server.port()));
    if (i % 2 == 0) {
      REQUIRE(stalled.back()->Send(PostHead("/peidan/huitui", kForm, 200) + "orderId=" + OrderId(0).substr(0, 5)));
    } else {
      REQUIRE(stalled.back()->Send("GET /demandOrder/" + OrderId(0) + " HTTP/1.1\r\nHost: 12"));
    }
  }
  SleepMs(300);
  auto start = Clock::now();
  auto client = server.Client();
  auto result = client.Get(("/demandOrder/" + OrderId(1)).c_str());
  double took = SecondsSince(start);
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(ReadEnvelope(result->body).success);
  CHECK(took < 2.0);
  CHECK(OrderState(server.db_path(), OrderId(0)) == 0);
}

// Fails without a read timeout of our own (the library's default is 5 s; none would be forever).
TEST_CASE("robust: a client that never finishes its request is cut off by the read timeout", "[robust]") {
  ServerOptions options;
  options.read_timeout_seconds = 1;
  TestServer server(MakeFixture(1, 1), options);
  SECTION("stalled in the body") {
    Socket socket(server.port());
    REQUIRE(socket.Send(PostHead("/peidan/huitui", kForm, 100) + "orderId=D"));
    double closed = socket.WaitClosed(8);
    INFO(socket.received());
    CHECK(closed >= 0.5);
    CHECK(closed < 3.5);
  }
  SECTION("stalled in the headers") {
    Socket socket(server.port());
    REQUIRE(socket.Send("GET /demandOrder/" + OrderId(0) + " HTTP/1.1\r\nHost: 127"));
    double closed = socket.WaitClosed(8);
    CHECK(closed >= 0.5);
    CHECK(closed < 3.5);
  }
  SECTION("stalled in the chunked body") {
    Socket socket(server.port());
    REQUIRE(socket.Send(ChunkedHead("/peidan/huitui", kForm) + "20\r\norderId="));
    double closed = socket.WaitClosed(8);
    CHECK(closed >= 0.5);
    CHECK(closed < 3.5);
  }
  CHECK(OrderState(server.db_path(), OrderId(0)) == 0);
}

// Fails without a keep-alive timeout of our own (the library's default is 5 s).
TEST_CASE("robust: an idle keep-alive connection is closed after the keep-alive timeout", "[robust]") {
  ServerOptions options;
  options.keep_alive_timeout_seconds = 1;
  TestServer server(MakeFixture(1, 1), options);
  Socket socket(server.port());
  REQUIRE(socket.Send("GET /demandOrder/" + OrderId(0) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  socket.Read(10, true);
  REQUIRE(socket.Responses().size() == 1);
  CHECK(socket.Responses()[0].first == 200);
  // The connection is still usable right away …
  REQUIRE(socket.Send("GET /demandOrder/" + OrderId(0) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto start = Clock::now();
  while (socket.Responses().size() < 2 && SecondsSince(start) < 10) socket.Read(0.05, false);
  REQUIRE(socket.Responses().size() == 2);
  // … and closed once idle past the timeout.
  double closed = socket.WaitClosed(8);
  CHECK(closed >= 0.5);
  CHECK(closed < 3.5);
}

// Fails with the library's listen backlog of 5: connections beyond the few the acceptor thread
// has not yet taken have their SYN dropped, and wait a 1 s retransmission.
TEST_CASE("robust: a burst of 64 connections is accepted without retransmission delays", "[robust]") {
  TestServer server(MakeFixture(1, 1));
  std::vector<int> fds;
  auto start = Clock::now();
  for (int i = 0; i < 64; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    fds.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    REQUIRE((rc == 0 || errno == EINPROGRESS));
  }
  size_t connected = 0;
  std::vector<bool> done(fds.size(), false);
  while (connected < fds.size() && SecondsSince(start) < 5) {
    for (size_t i = 0; i < fds.size(); ++i) {
      if (done[i]) continue;
      pollfd p{fds[i], POLLOUT, 0};
      if (::poll(&p, 1, 0) == 1) {
        done[i] = true;
        ++connected;
      }
    }
    SleepMs(1);
  }
  double took = SecondsSince(start);
  CHECK(connected == fds.size());
  CHECK(took < 0.8);
  for (int fd : fds) ::close(fd);
  // The server is still fine afterwards.
  auto result = server.Client().Get(("/demandOrder/" + OrderId(0)).c_str());
  REQUIRE(result);
  CHECK(result->status == 200);
}

// Fails with the library's default socket options (SO_REUSEPORT): a second server on the same
// port binds too and the kernel splits the connections between the two.
TEST_CASE("robust: a second server cannot bind a port already being served", "[robust]") {
  TestServer first(MakeFixture(1, 1));
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = first.port();
  HttpServer second([](const ApiRequest&) { return ApiReply{}; }, options);
  CHECK(second.Bind() < 0);
}

// The default keep-alive bounds how long a clean stop waits for idle connections.
TEST_CASE("robust: the default idle timeouts leave a clean stop well inside 5 seconds", "[robust]") {
  ServerOptions defaults;
  CHECK(defaults.keep_alive_timeout_seconds <= 3);
  CHECK(defaults.read_timeout_seconds <= 5);
  CHECK(defaults.threads >= 25);
  CHECK(defaults.max_body == 1024 * 1024);
}

// =============================================================================================
// 7. Clean stop

// Fails when a signal kills the process (exit status not 0), when the database is not closed
// (the -wal file stays behind), when in-flight requests are cut, or when idle keep-alive
// connections hold the stop past 5 s.
TEST_CASE("robust: SIGTERM or SIGINT with a request in flight and idle keep-alive connections: exit 0 within 5 s "
          "and the WAL checkpointed",
          "[robust]") {
  for (int sig : {SIGTERM, SIGINT}) {
    INFO("signal " << sig);
    TempDir dir;
    const std::string db = dir.File("ops.db");
    SeedWithBinary(dir, db, MakeFixture(4, 2));
    int port = 0;
    auto server = ServeWithBinary(db, {}, {}, &port);

    std::vector<std::unique_ptr<Socket>> idle;
    for (int i = 0; i < 3; ++i) {
      idle.push_back(std::make_unique<Socket>(port));
      REQUIRE(idle.back()->Send("GET /demandOrder/" + OrderId(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
      idle.back()->Read(10, true);
      REQUIRE(idle.back()->Responses().size() == 1);
    }
    std::string body = FormForAction(OrderId(3), {ResourceId(0)}, "在途");
    Socket in_flight(port);
    REQUIRE(in_flight.Send(PostHead("/peidan/daipipei", kForm, body.size()) + body.substr(0, 12)));
    SleepMs(200);
    // Each idle connection has just been used: its keep-alive wait starts now.
    for (int i = 0; i < 3; ++i) {
      REQUIRE(idle[i]->Send("GET /demandOrder/" + OrderId(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
      auto deadline = Clock::now() + std::chrono::seconds(10);
      while (idle[i]->Responses().size() < 2 && Clock::now() < deadline) idle[i]->Read(0.02, false);
      REQUIRE(idle[i]->Responses().size() == 2);
    }

    auto signalled = Clock::now();
    REQUIRE(::kill(server->pid, sig) == 0);
    SleepMs(300);
    REQUIRE(in_flight.Send(body.substr(12)));
    in_flight.Read(10, true);
    auto responses = in_flight.Responses();
    INFO(in_flight.received());
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].first == 200);
    CHECK(ReadEnvelope(responses[0].second).success);

    int status = server->Wait(10);
    double took = SecondsSince(signalled);
    INFO("stderr: " << server->err_text);
    REQUIRE(status != -1);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(took < 5.0);
    std::error_code ec;
    bool wal_exists = std::filesystem::exists(db + "-wal", ec);
    CHECK((!wal_exists || std::filesystem::file_size(db + "-wal", ec) == 0));
    CHECK(OrderState(db, OrderId(3)) == 1);
  }
}

// =============================================================================================
// 8. Strangers

// Fails without the token check (the stranger's action would be applied), or when the refusal
// leaves the connection open so that the stranger's body is read as another request.
TEST_CASE("robust: with a token set requests without it get 401 UNAUTHORIZED and change nothing", "[robust]") {
  AuthOptions auth;
  auth.service_token = "s3cret-T0ken";
  TestServer server(MakeFixture(2, 2), {}, 5000, auth);
  const std::string before = DataSnapshot(server.db_path());
  auto client = server.Client();
  const std::vector<std::string> wrong = {"", "Bearer", "Bearer ", "Bearer wrong", "Bearer s3cret-T0ke",
                                          "Bearer s3cret-T0kenX", "Bearer S3CRET-T0KEN", "Basic czNjcmV0LVQwa2Vu",
                                          "s3cret-T0ken", "Bearer  s3cret-T0ken", "Token s3cret-T0ken"};
  for (const std::string& authorization : wrong) {
    INFO("Authorization: " << authorization);
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    for (const char* action : {"/peidan/daipipei", "/peidan/pipeichenggong", "/peidan/huitui", "/peidan/faqixuqiu"}) {
      auto result = client.Post(action, headers, FormForAction(OrderId(0), {ResourceId(0)}), kForm);
      REQUIRE(result);
      CHECK(result->status == 401);
      CHECK(ReadEnvelope(result->body).code == "UNAUTHORIZED");
    }
    for (std::string path : {"/demandOrder/" + OrderId(0), std::string("/order/resource/query"), std::string("/nowhere")}) {
      auto result = client.Get(path.c_str(), headers);
      REQUIRE(result);
      CHECK(result->status == 401);
      Envelope reply = ReadEnvelope(result->body);
      CHECK(reply.code == "UNAUTHORIZED");
      CHECK(result->body.find("totalRecord") == std::string::npos);
      CHECK(result->body.find("companyName") == std::string::npos);
    }
  }
  CHECK(DataSnapshot(server.db_path()) == before);

  // A stranger's body is never read as a request of its own.
  Socket socket(server.port());
  std::string smuggled = "POST /peidan/huitui HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret-T0ken\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                         std::to_string(FormForAction(OrderId(0)).size()) + "\r\n\r\n" + FormForAction(OrderId(0));
  CHECK(AnswerThenClose(socket, PostHead("/peidan/daipipei", kForm, smuggled.size()), smuggled));
  auto responses = socket.Responses();
  INFO(socket.received());
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].first == 401);
  CHECK(DataSnapshot(server.db_path()) == before);

  httplib::Headers right = {{"Authorization", "Bearer s3cret-T0ken"}};
  auto detail = client.Get(("/demandOrder/" + OrderId(0)).c_str(), right);
  REQUIRE(detail);
  CHECK(detail->status == 200);
  CHECK(ReadEnvelope(detail->body).success);
  auto action = client.Post("/peidan/daipipei", right, FormForAction(OrderId(0), {ResourceId(0)}), kForm);
  REQUIRE(action);
  CHECK(ReadEnvelope(action->body).success);
  CHECK(OrderState(server.db_path(), OrderId(0)) == 1);
}

// Fails when the binary does not read JSMS_OPS_TOKEN.
TEST_CASE("robust: the binary takes its token from JSMS_OPS_TOKEN", "[robust]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  SeedWithBinary(dir, db, MakeFixture(1, 1));
  int port = 0;
  auto server = ServeWithBinary(db, {}, {"JSMS_OPS_TOKEN=env-t0ken"}, &port);
  auto client = ClientFor(port);
  auto refused = client.Get(("/demandOrder/" + OrderId(0)).c_str());
  REQUIRE(refused);
  CHECK(refused->status == 401);
  CHECK(ReadEnvelope(refused->body).code == "UNAUTHORIZED");
  auto allowed = client.Get(("/demandOrder/" + OrderId(0)).c_str(), {{"Authorization", "Bearer env-t0ken"}});
  REQUIRE(allowed);
  CHECK(allowed->status == 200);
  REQUIRE(::kill(server->pid, SIGTERM) == 0);
  int status = server->Wait(10);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

// Fails when the warning is dropped, or printed when it should not be.
TEST_CASE("robust: binding a non-loopback address without a token warns on stderr", "[robust]") {
  TempDir dir;
  const std::string db = dir.File("ops.db");
  SeedWithBinary(dir, db, MakeFixture(1, 1));
  struct Case {
    std::vector<std::string> args;
    bool warns;
  };
  for (const Case& c : {Case{{"--host", "0.0.0.0", "--open"}, true}, Case{{"--host", "0.0.0.0", "--token", "t"}, false},
                        Case{{}, false}, Case{{"--host", "127.0.0.1"}, false}}) {
    auto server = ServeWithBinary(db, c.args);
    REQUIRE(::kill(server->pid, SIGTERM) == 0);
    int status = server->Wait(10);
    CHECK(WIFEXITED(status));
    INFO("args: " << (c.args.empty() ? "" : c.args[0] + " " + c.args[1]) << "; stderr: " << server->err_text);
    CHECK((server->err_text.find("warning") != std::string::npos) == c.warns);
  }
  // The default bind is loopback only.
  auto server = ServeWithBinary(db);
  CHECK(server->out_text.find("listening on http://127.0.0.1:") != std::string::npos);
}

}  // namespace
}  // namespace jsms::test
