#include "http/server.h"

#include <httplib.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <utility>

#include "http/api.h"
#include "http/errors.h"
#include "http/metrics.h"
#include "http/plain_request.h"
#include "util/log.h"

namespace jsms {

// What the transport knows of the request this thread is serving: cpp-httplib runs a request's
// pre-routing handler, its route handler, the post-routing handler and the logger on the same
// thread, one request at a time. The pre-routing step (or, for a request the library refused
// before it, the post-routing step) begins it; the logger ends it.
struct Pending {
  bool active = false;
  ApiRequest request;  // the head; the body is added once read
  Admission admission;
  std::chrono::steady_clock::time_point start;
  std::chrono::system_clock::time_point start_time;
  std::string request_id;
  uint64_t streamed_bytes = 0;  // of a streamed reply, counted as written

  // Begins a request: its clock, and its id (the client's X-Request-Id when well-formed).
  void Begin(const std::string* client_request_id) {
    active = true;
    start = std::chrono::steady_clock::now();
    start_time = std::chrono::system_clock::now();
    request_id = client_request_id && IsValidRequestId(*client_request_id) ? *client_request_id : NewRequestId();
    streamed_bytes = 0;
  }
};
thread_local Pending pending;
// The connection whose request this thread is serving (set around each request by the pool's
// ServeRequest): the pre-routing step starts its body count, the handler clears its deadline.
thread_local Connection* current_connection = nullptr;
// Whether the reply being written says Connection: close because the server is stopping.
thread_local bool closing_announced = false;

namespace {

// Runs a streamed reply's producer, which runs while the reply is written, outside any exception
// guard: an escaping exception would terminate the process. Logs it instead and returns false
// (the caller cuts the connection).
bool RunStream(const std::function<void(const ChunkWriter& write)>& stream, const ChunkWriter& write) {
  try {
    stream(write);
    return true;
  } catch (const std::exception& e) {
    LogError("streaming a reply", e.what());
  } catch (...) {
    LogError("streaming a reply", "unknown exception");
  }
  return false;
}

void Send(httplib::Response& res, ApiReply reply) {
  res.status = reply.status;
  for (auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
  if (reply.stream) {
    auto stream = reply.stream;
    res.set_chunked_content_provider(reply.content_type, [stream](size_t, httplib::DataSink& sink) {
      bool produced = RunStream(stream, [&sink](const char* data, size_t size) {
        pending.streamed_bytes += size;
        return sink.write(data, size);
      });
      if (!produced) return false;
      sink.done();
      return true;
    });
  } else {
    // Moved, not copied: a page of resources is tens of kilobytes. (A shared one is copied: the
    // library owns its body. Its everyday requests take the plain path, which copies nothing.)
    if (reply.shared_body) {
      res.body = *reply.shared_body;
    } else {
      res.body = std::move(reply.body);
    }
    res.set_header("Content-Type", reply.content_type);
  }
}

// A refusal after which the connection must not carry another request, because the rest of the
// request body (or a stranger's body) is still unread on the wire. cpp-httplib 0.11 ignores a
// "Connection: close" response header and would read those bytes as the next request (a body
// can smuggle a whole request past the token check or the limit). So the body goes out through a
// provider that writes it whole and then reports failure: the library stops the keep-alive loop
// and closes the socket.
void SendErrorAndClose(httplib::Response& res, ApiReply reply) {
  res.status = reply.status;
  for (auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
  res.set_header("Connection", "close");
  auto body = std::make_shared<std::string>(std::move(reply.body));
  res.set_content_provider(body->size(), kJsonContentType,
                           [body](size_t offset, size_t length, httplib::DataSink& sink) {
                             if (offset < body->size()) sink.write(body->data() + offset, length);
                             return false;  // written; now close the connection
                           });
}

// A reply the library made itself (a request line or header that does not parse, a URI over
// 8 KB, …), in our envelope with the library's status.
ApiReply LibraryError(int status) {
  switch (status) {
    case 401: return ErrorReply(status, Status(Code::kUnauthorized, ""));
    case 404: return ErrorReply(status, Status(Code::kNotFound, ""));
    case 405: return ErrorReply(status, Status(Code::kMethodNotAllowed, ""));
    case 413: return ErrorReply(status, Status(Code::kPayloadTooLarge, ""));
    case 414: return ErrorReply(status, Status::InvalidParam("请求地址过长"));
    case 415: return ErrorReply(status, Status(Code::kUnsupportedMediaType, ""));
    case 503: return ErrorReply(status, Status(Code::kBusy, ""));
    default: return ErrorReply(status, status >= 500 ? Status::Internal() : Status::InvalidParam(""));
  }
}

ApiReply TooLarge(size_t max_body) {
  return ErrorReply(Status(Code::kPayloadTooLarge, "请求体过大（上限" + std::to_string(max_body) + "字节）"));
}

// Written into the library's Keep-Alive header (the pool runs the keep-alive loop).
constexpr size_t kKeepAliveMaxCount = 100000;

// How much of an oversized body is read (and dropped) before the connection is cut.
size_t DrainLimit(size_t max_body) {
  return max_body > std::numeric_limits<size_t>::max() / 4 ? std::numeric_limits<size_t>::max() : max_body * 4;
}

// How much of a body's raw bytes may be framing (chunk sizes, multipart boundaries and part
// headers) on top of max_body: so that a payload of exactly max_body is accepted however it is
// framed, while the framing itself cannot smuggle megabytes past the limit.
uint64_t RawBodyLimit(size_t max_body) {
  uint64_t slack = std::max<uint64_t>(64 * 1024, max_body / 16);
  return static_cast<uint64_t>(max_body) + slack;
}

bool IsBodyMethod(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A request whose head cannot be served as it is: the HTTP status and what is wrong.
struct HeadRefusal {
  int status = 0;  // 0: none
  std::string message;
};

// What the head says about where the request ends, checked before the library reads a byte of
// the body, because the library would misread it or wait for it:
// - HTTP/1.1 without Host, or two Hosts: refused (RFC 9112 §3.2);
// - two Content-Lengths (equal or not), one that is not a plain number (the library would read
//   it as 0 and parse the body as the next request), or Content-Length beside Transfer-Encoding;
// - a transfer coding other than chunked (the library would read such a body until the
//   connection closes): 501; two Transfer-Encoding headers, or one on HTTP/1.0: 400;
// - a chunked body on a method without our counting content reader (GET, OPTIONS…: the library
//   would read it into memory without any limit).
HeadRefusal CheckFraming(const httplib::Request& req) {
  const bool http11 = req.version == "HTTP/1.1";
  if (http11 && !req.has_header("Host")) return {400, "HTTP/1.1请求缺少请求头Host"};
  if (req.get_header_value_count("Host") > 1) return {400, "请求头Host重复"};
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) return {400, "请求头Content-Length重复"};
  if (lengths == 1) {
    const std::string& text = req.get_header_value("Content-Length");
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) {
      return {400, "请求头Content-Length无效"};
    }
  }
  const size_t codings = req.get_header_value_count("Transfer-Encoding");
  if (codings == 0) return {};
  if (codings > 1) return {400, "请求头Transfer-Encoding重复"};
  if (!http11) return {400, "HTTP/1.0请求不能带Transfer-Encoding"};
  if (Lower(req.get_header_value("Transfer-Encoding")) != "chunked") {
    return {501, "不支持此Transfer-Encoding（只支持chunked）"};
  }
  if (lengths) return {400, "请求头Content-Length与Transfer-Encoding不能同时出现"};
  if (!IsBodyMethod(req.method)) return {400, "请求头Content-Length或Transfer-Encoding无效"};
  return {};
}

// A Content-Length beyond what we would drain is refused at once: the library would first read
// and discard the whole announced length, however large, before letting us answer.
bool AnnouncesTooMuch(const httplib::Request& req, size_t max_body) {
  if (!req.has_header("Content-Length")) return false;
  return std::stoull(req.get_header_value("Content-Length")) > DrainLimit(max_body);
}

// cpp-httplib's Server with its connection loop replaced by the ConnectionPool: the library's
// accepting thread hands each socket to the pool, and the pool's workers hand back one complete
// request at a time, which the library parses, routes and answers as usual (ServeOne).
class PooledServer : public httplib::Server {
 public:
  void set_pool(ConnectionPool* pool) { pool_ = pool; }

  // Serves the request whose head is at the start of `connection`'s buffer. Returns whether the
  // connection may carry another request.
  bool ServeOne(Connection& connection, bool last);

 private:
  // The library calls this for each accepted socket, on its accepting thread (the task queue
  // below runs it there, at once). Private and virtual in 0.11's Server: overriding it is the one
  // way to own a connection's life without patching the library.
  bool process_and_close_socket(socket_t sock) override {
    pool_->Add(sock);
    return true;
  }

  ConnectionPool* pool_ = nullptr;
};

// Runs each task at once on the thread that enqueues it: the accepting thread, whose only task
// is to hand a socket to the pool.
class InPlaceTaskQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

// The library's view of a Connection.
class ConnectionStream : public httplib::Stream {
 public:
  explicit ConnectionStream(Connection& connection) : connection_(connection) {}
  // Not asked on the server's paths (only the library's own streams ask themselves); Read waits.
  bool is_readable() const override { return true; }
  bool is_writable() const override { return connection_.WaitWritable(); }
  // What is held goes out before any read: "100 Continue" must reach the client before the body
  // it waits to send.
  ssize_t read(char* ptr, size_t size) override { return Flush() ? connection_.Read(ptr, size) : -1; }
  // A small write (the library writes a reply's status line and headers in one) is held and
  // sent with the next write or at the end of the request: head and body in one system call.
  ssize_t write(const char* ptr, size_t size) override {
    if (held_.empty() && size <= kHoldBytes) {
      held_.assign(ptr, size);
      return static_cast<ssize_t>(size);
    }
    ssize_t n = connection_.Write(held_.data(), held_.size(), ptr, size);
    const size_t held = held_.size();
    held_.clear();
    return n < 0 ? n : n - static_cast<ssize_t>(held);
  }
  // Sends what is held; false when the client is gone.
  bool Flush() {
    if (held_.empty()) return true;
    ssize_t n = connection_.Write(held_.data(), held_.size());
    held_.clear();
    return n >= 0;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = connection_.peer_address();
    port = connection_.peer_port();
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = connection_.local_address();
    port = connection_.local_port();
  }
  socket_t socket() const override { return connection_.fd(); }

 private:
  static constexpr size_t kHoldBytes = 4096;
  Connection& connection_;
  std::string held_;
};

bool PooledServer::ServeOne(Connection& connection, bool last) {
  ConnectionStream stream(connection);
  bool closed = false;
  current_connection = &connection;
  closing_announced = false;
  bool ok = process_request(stream, last, closed, nullptr);
  ok = stream.Flush() && ok;
  current_connection = nullptr;
  return ok && !closed && !closing_announced;
}

}  // namespace

// The client's address: the peer's; behind a proxy on this machine (ServerOptions::behind_proxy)
// the X-Real-IP header it sets, when the peer is loopback and the header holds an IP address.
std::string ClientAddress(const std::string& peer, const std::string* real_ip, bool behind_proxy) {
  if (behind_proxy && real_ip && current_connection && current_connection->loopback()) {
    unsigned char parsed[sizeof(in6_addr)];
    if (inet_pton(AF_INET, real_ip->c_str(), parsed) == 1 || inet_pton(AF_INET6, real_ip->c_str(), parsed) == 1) {
      return *real_ip;
    }
  }
  return peer;
}

ApiRequest Translate(const httplib::Request& req, bool behind_proxy) {
  ApiRequest request;
  request.method = req.method;
  request.path = req.path;
  request.query.assign(req.params.begin(), req.params.end());
  request.headers.assign(req.headers.begin(), req.headers.end());
  request.client_address = ClientAddress(req.remote_addr, request.Header("X-Real-IP"), behind_proxy);
  return request;
}

bool HasCrlf(const std::string& text) { return text.find_first_of("\r\n") != std::string::npos; }

// A reply as cpp-httplib writes it: the status line, the headers in its header map's order
// (names with CR or LF dropped, as its set_header does), an empty line.
class PlainReplyHead {
 public:
  PlainReplyHead() { headers_.reserve(8); }  // a reply's usual few, without growing
  void Set(std::string name, std::string value) {
    if (!HasCrlf(name) && !HasCrlf(value)) headers_.emplace_back(std::move(name), std::move(value));
  }
  bool Has(std::string_view name, std::string_view value) const {
    for (const auto& [key, text] : headers_) {
      if (key == name && text == value) return true;
    }
    return false;
  }
  void Erase(std::string_view name) {
    headers_.erase(std::remove_if(headers_.begin(), headers_.end(), [&](const auto& h) { return h.first == name; }),
                   headers_.end());
  }
  std::string Bytes(int status) {
    SortLikeLibrary(&headers_);
    const char* text = StatusText(status);
    size_t size = std::strlen("HTTP/1.1 000 \r\n\r\n") + std::strlen(text);
    for (const auto& [name, value] : headers_) size += name.size() + value.size() + 4;
    std::string head;
    head.reserve(size);  // one allocation
    head.append("HTTP/1.1 ").append(std::to_string(status)).append(" ").append(text).append("\r\n");
    for (const auto& [name, value] : headers_) head.append(name).append(": ").append(value).append("\r\n");
    return head += "\r\n";
  }

 private:
  NameValues headers_;
};

struct HttpServer::Impl {
  const Api* api = nullptr;  // or, in tests of the transport alone, `handler`
  RequestHandler handler;
  ServerOptions options;
  std::string keep_alive;  // the Keep-Alive header's value, as the library writes it
  PooledServer server;
  std::unique_ptr<ConnectionPool> pool;

  // Reads the body through the content reader, counting every byte against max_body whatever
  // the framing: the payload as the reader hands it over (decoded: chunks joined, multipart
  // parts' contents), and the raw bytes read from the socket (chunk-size lines, boundaries and
  // part headers too; the library parses multipart before we see any of it). Returns 0, or the
  // HTTP status to answer with.
  int ReadBody(const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader& reader, ApiRequest* request) const {
    bool has_length = req.has_header("Content-Length");
    bool chunked = req.has_header("Transfer-Encoding");
    // A body-less POST (no length, not chunked) must not be read "until the connection closes".
    if (!has_length && !chunked) return 0;
    // Past max_body nothing more is kept; the rest is read and dropped up to the drain limit (the
    // connection refuses to read raw bytes past it), so that an ordinary client still writing its
    // body sees the 413 instead of a reset. Past the drain limit reading stops and the
    // connection is closed.
    const size_t drain_limit = DrainLimit(options.max_body);
    const uint64_t raw_limit = RawBodyLimit(options.max_body);
    auto raw = [] { return current_connection ? current_connection->body_bytes() : 0; };
    size_t total = 0;
    bool too_large = false;
    auto count = [&](size_t size) {
      total += size;
      too_large = too_large || total > options.max_body || raw() > raw_limit;
      return total <= drain_limit;
    };
    bool ok;
    if (req.is_multipart_form_data()) {
      std::vector<std::pair<std::string, std::string>> parts;
      ok = reader(
          [&](const httplib::MultipartFormData& header) {
            if (!count(header.name.size())) return false;
            if (!too_large) parts.emplace_back(header.name, std::string());
            return true;
          },
          [&](const char* data, size_t size) {
            if (!count(size)) return false;
            if (!too_large && !parts.empty()) parts.back().second.append(data, size);
            return true;
          });
      request->multipart = std::move(parts);
    } else {
      ok = reader([&](const char* data, size_t size) {
        if (!count(size)) return false;
        if (!too_large) request->body.append(data, size);
        return true;
      });
    }
    const bool raw_over = raw() > raw_limit || (current_connection && current_connection->body_limit_reached());
    if (too_large || raw_over || res.status == 413) {
      request->body.clear();
      request->multipart.reset();
      return 413;
    }
    return ok ? 0 : 400;
  }

  // Counts and logs the request `pending` holds, once its reply is written (or the client gone).
  void LogServed(const std::string& method, int status, uint64_t bytes) const {
    if (!pending.active) return;  // cannot happen: the request was begun first
    pending.active = false;
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - pending.start);
    const Route* route = pending.admission.match.route;
    CountRequest(route, method, status, took);
    if (options.request_log == RequestLogFormat::kOff) return;
    RequestLogEntry entry;
    entry.time = pending.start_time;
    entry.client = pending.request.client_address;
    entry.method = method;
    if (route) entry.route = route->pattern;
    entry.path = pending.request.path;
    entry.status = status;
    entry.bytes = bytes;
    entry.duration = took;
    // A stranger's X-Operator-Id names nobody: only an admitted caller has an acting operator.
    const Principal& principal = pending.admission.principal;
    std::optional<int64_t> acting;
    if (principal.caller != Caller::kNobody && ActingOperator(principal, &acting).ok()) entry.operator_id = acting;
    entry.request_id = pending.request_id;
    LogLine(FormatRequestLog(entry, options.request_log));
  }

  // Serves the request at the start of `connection` without the library when its head is plain
  // (http/plain_request.h), in the steps the library's hooks below take and with the bytes it
  // would write; returns false, having read and written nothing, when the request is the
  // library's. *keep: whether the connection may carry another request.
  bool ServePlain(Connection& connection, bool last, bool* keep) const {
    PlainHead head;
    if (!ParsePlainHead(connection.Buffered(), connection.head_length(), options.max_body, &head)) return false;
    struct Serving {  // current_connection for the hooks' helpers while this request is served
      explicit Serving(Connection* c) { current_connection = c; }
      ~Serving() { current_connection = nullptr; }
    } serving(&connection);
    closing_announced = false;
    ApiRequest& request = pending.request;
    request = ApiRequest();
    request.method = std::move(head.method);
    request.path = std::move(head.path);
    request.headers = std::move(head.headers);
    // The library adds these to every request's headers (no client header may take their names).
    request.headers.emplace_back("REMOTE_ADDR", connection.peer_address());
    request.headers.emplace_back("REMOTE_PORT", std::to_string(connection.peer_port()));
    request.headers.emplace_back("LOCAL_ADDR", connection.local_address());
    request.headers.emplace_back("LOCAL_PORT", std::to_string(connection.local_port()));
    SortLikeLibrary(&request.headers);
    request.client_address = ClientAddress(connection.peer_address(), request.Header("X-Real-IP"), options.behind_proxy);
    connection.Skip(head.head_length);
    connection.BeginBody(DrainLimit(options.max_body));
    pending.Begin(request.Header("X-Request-Id"));
    const std::string method = request.method;  // for the log, whatever becomes of the request

    // After these replies the connection closes (see SendErrorAndClose).
    auto send_and_close = [&](ApiReply reply) {
      PlainReplyHead out;
      for (auto& [name, value] : reply.headers) out.Set(name, value);
      out.Set("Connection", "close");
      out.Set("Content-Type", kJsonContentType);
      if (!reply.body.empty()) out.Set("Content-Length", std::to_string(reply.body.size()));
      FinishHead(&out, last);
      std::string bytes = out.Bytes(reply.status);
      connection.Write(bytes.data(), bytes.size(), reply.body.data(), reply.body.size());
      LogServed(method, reply.status, reply.body.size());
      *keep = false;
    };
    ApiReply reply;
    try {
      pending.admission = api ? api->Admit(request) : Admission();
      if (pending.admission.refusal && pending.admission.before_body) {
        send_and_close(std::move(*pending.admission.refusal));
        return true;
      }
      request.body.assign(connection.Buffered().data(), head.content_length);
      connection.Skip(head.content_length);
      // The whole request is in: the handler may take as long as it needs.
      connection.ClearDeadline();
      reply = api ? api->Dispatch(pending.admission, request) : handler(request);
    } catch (const std::exception& e) {
      LogError(method + " " + request.path, e.what());
      send_and_close(ErrorReply(Status::Internal()));
      return true;
    } catch (...) {
      LogError(method + " " + request.path, "unknown exception");
      send_and_close(ErrorReply(Status::Internal()));
      return true;
    }
    if (reply.status >= 400 && reply.Body().empty() && !reply.stream) {
      send_and_close(LibraryError(reply.status));  // as the library's error handler does
      return true;
    }
    PlainReplyHead out;
    for (auto& [name, value] : reply.headers) out.Set(name, value);
    out.Set("Content-Type", reply.content_type);
    bool ok;
    const std::string_view body = reply.Body();
    uint64_t bytes_sent = body.size();
    if (reply.stream) {
      out.Set("Transfer-Encoding", "chunked");
      FinishHead(&out, last);
      ok = WriteChunked(connection, out.Bytes(reply.status), reply.stream, &bytes_sent);
    } else {
      out.Set("Content-Length", std::to_string(body.size()));
      FinishHead(&out, last);
      std::string bytes = out.Bytes(reply.status);
      ok = connection.Write(bytes.data(), bytes.size(), body.data(), body.size()) >= 0;
    }
    LogServed(method, reply.status, bytes_sent);
    *keep = ok && !last && !closing_announced;
    return true;
  }

  // The headers the library adds to every reply, and the post-routing hook's.
  void FinishHead(PlainReplyHead* out, bool last) const {
    if (last) {
      out->Set("Connection", "close");
    } else {
      out->Set("Keep-Alive", keep_alive);
    }
    out->Set("X-Request-Id", pending.request_id);
    if (pool->draining() && !out->Has("Connection", "close")) {
      out->Erase("Keep-Alive");
      out->Set("Connection", "close");
      closing_announced = true;
    }
  }

  // A streamed body in chunks, as the library writes them: each piece as hex length, CRLF, the
  // bytes, CRLF; "0" and an empty line at the end. The head leaves with the first piece.
  static bool WriteChunked(Connection& connection, std::string head,
                           const std::function<void(const ChunkWriter&)>& stream, uint64_t* streamed) {
    *streamed = 0;
    bool ok = true;
    std::string chunk;
    auto send = [&](const std::string& bytes) {
      ssize_t n = head.empty() ? connection.Write(bytes.data(), bytes.size())
                               : connection.Write(head.data(), head.size(), bytes.data(), bytes.size());
      head.clear();
      return n >= 0;
    };
    bool produced = RunStream(stream, [&](const char* data, size_t size) {
      if (!ok) return false;
      if (size == 0) return true;
      *streamed += size;
      char length[24];
      std::snprintf(length, sizeof length, "%zx\r\n", size);
      chunk.assign(length).append(data, size).append("\r\n");
      ok = send(chunk);
      return ok;
    });
    return produced && ok && send("0\r\n\r\n");
  }

  void Serve(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) const {
    ApiRequest& request = pending.request;
    if (reader) {
      int failed = ReadBody(req, res, *reader, &request);
      if (failed) {
        // The rest of the body is still on the wire: this connection cannot carry another request.
        SendErrorAndClose(res, failed == 413 ? TooLarge(options.max_body)
                                             : ErrorReply(Status::InvalidParam("请求体无法读取")));
        return;
      }
    }
    // The whole request is in: the handler may take as long as it needs.
    if (current_connection) current_connection->ClearDeadline();
    Send(res, api ? api->Dispatch(pending.admission, request) : handler(request));
  }
};

HttpServer::HttpServer(const Api* api, ServerOptions options) : HttpServer(RequestHandler(), std::move(options)) {
  impl_->api = api;
}

HttpServer::HttpServer(RequestHandler handler, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->options = std::move(options);
  impl_->keep_alive = "timeout=" + std::to_string(impl_->options.keep_alive_timeout_seconds) +
                      ", max=" + std::to_string(kKeepAliveMaxCount);
  Impl* impl = impl_.get();
  PooledServer& server = impl->server;
  const ServerOptions& opts = impl->options;

  ConnectionLimits limits;
  limits.threads = opts.threads > 0 ? opts.threads : 1;
  limits.max_connections = opts.max_connections;
  limits.max_connections_per_address = opts.max_connections_per_address;
  limits.limit_loopback = opts.limit_loopback;
  limits.max_header_bytes = opts.max_header_bytes;
  limits.request_timeout_ms = opts.request_timeout_seconds * 1000;
  limits.read_timeout_ms = opts.read_timeout_seconds * 1000;
  limits.write_timeout_ms = opts.read_timeout_seconds * 1000;
  limits.keep_alive_timeout_ms = opts.keep_alive_timeout_seconds * 1000;
  limits.shutdown_timeout_ms = opts.shutdown_timeout_seconds * 1000;
  impl->pool = std::make_unique<ConnectionPool>(
      limits,
      [impl](Connection& connection, bool last) {
        bool keep = false;
        if (impl->ServePlain(connection, last, &keep)) return keep;
        return impl->server.ServeOne(connection, last);
      },
      [](const std::string& method, int status) { CountRequest(nullptr, method, status, std::chrono::microseconds(0)); });
  server.set_pool(impl->pool.get());
  server.new_task_queue = [] { return new InPlaceTaskQueue; };
  // Without TCP_NODELAY, Nagle plus delayed ACK caps keep-alive clients at a few hundred req/s.
  server.set_tcp_nodelay(true);
  // The pool runs the keep-alive loop; the library only writes these into its Keep-Alive header.
  server.set_keep_alive_max_count(kKeepAliveMaxCount);
  server.set_keep_alive_timeout(opts.keep_alive_timeout_seconds);
  server.set_read_timeout(opts.read_timeout_seconds, 0);
  server.set_write_timeout(opts.read_timeout_seconds, 0);
  // Our content reader enforces max_body itself, whatever the framing; the library's own check
  // (Content-Length only) is left to the drain limit so that it never answers first.
  server.set_payload_max_length(DrainLimit(opts.max_body));

  // Runs once the headers are read, before any body is: the Api admits the request (who is
  // calling, which route, may they); strangers, callers without permission and oversized bodies
  // are turned away here, with the body left unread (so the connection is closed after the answer).
  // Runs once the headers are read, before any body is: the framing is checked, then the Api
  // admits the request (another site's or a rebound name, who is calling, which route, may they);
  // strangers, callers without permission and oversized bodies are turned away here, with the
  // body left unread (so the connection is closed after the answer).
  server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    using Handled = httplib::Server::HandlerResponse;
    // From here on the connection counts the body's raw bytes, and reads no more than we drain.
    if (current_connection) current_connection->BeginBody(DrainLimit(impl->options.max_body));
    pending.request = Translate(req, impl->options.behind_proxy);
    // cpp-httplib gzips text/* replies itself when the client accepts it, even when the reply is
    // already compressed (the console's files are gzipped at build time): the browser would get
    // the body compressed twice. We choose the encoding (ApiRequest keeps the header), so the
    // library must not see it. `req` is the library's own non-const Request of this connection.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    pending.Begin(pending.request.Header("X-Request-Id"));
    HeadRefusal framing = CheckFraming(req);
    if (framing.status) {
      SendErrorAndClose(res, ErrorReply(framing.status, Status::InvalidParam(framing.message)));
      return Handled::Handled;
    }
    pending.admission = impl->api ? impl->api->Admit(pending.request) : Admission();
    if (pending.admission.refusal && pending.admission.before_body) {
      SendErrorAndClose(res, std::move(*pending.admission.refusal));
      return Handled::Handled;
    }
    if (AnnouncesTooMuch(req, impl->options.max_body)) {
      SendErrorAndClose(res, TooLarge(impl->options.max_body));
      return Handled::Handled;
    }
    // Past this hook the library matches the path against each handler's pattern with std::regex
    // (".*": measured ~40,000 instructions a request under callgrind, a third of an order
    // detail). A request without a body needs nothing more from the library: serve it here.
    if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      impl->Serve(req, res, nullptr);
      return Handled::Handled;
    }
    // One with a body goes on for the library's content reader: an empty path matches at once.
    // (The path is in pending.request; the log and the exception handler read it there.)
    const_cast<httplib::Request&>(req).path.clear();
    return Handled::Unhandled;
  });

  // Without this, the library answers an escaping exception with its text in a header.
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      LogError(req.method + " " + pending.request.path, e.what());
    } catch (...) {
      LogError(req.method + " " + pending.request.path, "unknown exception");
    }
    res.headers.clear();
    // Whatever the handler left unread stays on the wire: answer, then close.
    SendErrorAndClose(res, ErrorReply(Status::Internal()));
  });

  // Runs for every status >= 400, ours included: only fill replies the library made itself. Those
  // (a request line or header that does not parse, a URI over 8 KB, …) leave the connection in an
  // unknown state, so it is closed after the answer.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.content_provider_) return;
    SendErrorAndClose(res, LibraryError(res.status));
  });

  // Runs for every reply just before its head is written, ours and the library's own refusals
  // alike (those never reached the pre-routing step: begin them here).
  server.set_post_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    if (!pending.active) {
      pending.request = ApiRequest();
      pending.request.path = req.path;
      pending.admission = Admission();
      pending.Begin(nullptr);
    }
    res.set_header("X-Request-Id", pending.request_id);
    // Stopping began while this request was read or handled: its reply is the connection's last.
    if (impl->pool->draining() && res.get_header_value("Connection") != "close") {
      res.headers.erase("Keep-Alive");
      res.set_header("Connection", "close");
      closing_announced = true;
    }
  });

  // Runs once the reply's last byte is written (or the client has gone; a reply without a body
  // leaves just after, its head held for a body by ConnectionStream::write): count it, log it.
  server.set_logger([impl](const httplib::Request& req, const httplib::Response& res) {
    impl->LogServed(req.method, res.status,
                    req.method == "HEAD"    ? 0
                    : !res.body.empty()     ? res.body.size()
                    : res.content_length_   ? res.content_length_
                                            : pending.streamed_bytes);
  });

  auto plain = [impl](const httplib::Request& req, httplib::Response& res) { impl->Serve(req, res, nullptr); };
  auto with_body = [impl](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) { impl->Serve(req, res, &reader); };
  server.Get(".*", plain);
  server.Options(".*", plain);
  server.Post(".*", with_body);
  server.Put(".*", with_body);
  server.Patch(".*", with_body);
  server.Delete(".*", with_body);
}

HttpServer::~HttpServer() = default;

int HttpServer::Bind() {
  const ServerOptions& opts = impl_->options;
  // The library's default socket options set SO_REUSEPORT: a second server started on the same
  // port would bind too, and the kernel would split the traffic between two servers (perhaps
  // over two different databases) instead of the second one failing. A fixed port gets
  // SO_REUSEADDR only (a restart must not wait for old connections in TIME_WAIT); a port picked
  // by the kernel needs neither.
  bool fixed_port = opts.port != 0;
  int listening = -1;
  impl_->server.set_socket_options([fixed_port, &listening](socket_t sock) {
    int yes = 1;
    if (fixed_port) setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;  // the last socket offered is the one that gets bound
  });
  int port = opts.port == 0 ? impl_->server.bind_to_any_port(opts.host)
                            : (impl_->server.bind_to_port(opts.host, opts.port) ? opts.port : -1);
  // The library listens with a backlog of 5: a burst of a few connections arriving faster than
  // the acceptor thread runs overflows it, and each dropped SYN costs its client a 1 s
  // retransmission. Listening again on a listening socket only raises the backlog.
  if (port > 0 && listening >= 0) ::listen(listening, SOMAXCONN);
  return port;
}

bool HttpServer::Run() {
  impl_->pool->Start();
  bool listened = impl_->server.listen_after_bind();
  impl_->pool->Drain();
  return listened;
}

void HttpServer::Stop() { impl_->server.stop(); }

bool HttpServer::IsRunning() const { return impl_->server.is_running(); }

ConnectionCounts HttpServer::Counts() const { return impl_->pool->Counts(); }

}  // namespace jsms
