#include "http/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <exception>
#include <limits>
#include <memory>
#include <utility>

#include "http/api.h"
#include "http/errors.h"
#include "http/metrics.h"
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

namespace {

void Send(httplib::Response& res, ApiReply reply) {
  res.status = reply.status;
  for (auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
  if (reply.stream) {
    auto stream = reply.stream;
    res.set_chunked_content_provider(reply.content_type, [stream](size_t, httplib::DataSink& sink) {
      // Runs while the response is written, outside the library's exception guard: an escaping
      // exception here would terminate the process. Log it and cut the connection instead.
      try {
        stream([&sink](const char* data, size_t size) {
          pending.streamed_bytes += size;
          return sink.write(data, size);
        });
      } catch (const std::exception& e) {
        LogError("streaming a reply", e.what());
        return false;
      } catch (...) {
        LogError("streaming a reply", "unknown exception");
        return false;
      }
      sink.done();
      return true;
    });
  } else {
    // Moved, not copied: a page of resources is tens of kilobytes.
    res.body = std::move(reply.body);
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

// How much of an oversized body is read (and dropped) before the connection is cut.
size_t DrainLimit(size_t max_body) {
  return max_body > std::numeric_limits<size_t>::max() / 4 ? std::numeric_limits<size_t>::max() : max_body * 4;
}

enum class BodyFraming { kOk, kTooLarge, kInvalid };

bool IsBodyMethod(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// What the headers announce about the body, checked before the library reads any of it:
// - a Content-Length beyond what we would drain is refused at once (the library would first read
//   and discard the whole announced length, however large, before letting us answer);
// - a Content-Length that is not a plain number is refused (the library would read it as 0 and
//   then parse the body as the next request);
// - a chunked body is only read through our counting content reader, which only the body methods
//   have: on any other method the library would read it into memory without any limit.
BodyFraming CheckBodyFraming(const httplib::Request& req, size_t max_body) {
  if (req.has_header("Content-Length")) {
    const std::string& text = req.get_header_value("Content-Length");
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) {
      return BodyFraming::kInvalid;
    }
    if (std::stoull(text) > DrainLimit(max_body)) return BodyFraming::kTooLarge;
  }
  if (req.has_header("Transfer-Encoding") && !IsBodyMethod(req.method)) return BodyFraming::kInvalid;
  return BodyFraming::kOk;
}

}  // namespace

ApiRequest Translate(const httplib::Request& req) {
  ApiRequest request;
  request.method = req.method;
  request.path = req.path;
  request.query.assign(req.params.begin(), req.params.end());
  request.headers.assign(req.headers.begin(), req.headers.end());
  request.client_address = req.remote_addr;
  return request;
}

struct HttpServer::Impl {
  const Api* api = nullptr;  // or, in tests of the transport alone, `handler`
  RequestHandler handler;
  ServerOptions options;
  httplib::Server server;

  // Reads the body through the content reader, counting every byte against max_body whatever
  // the framing (the library checks only Content-Length, and caps forms at 8 KB by itself).
  // Returns 0, or the HTTP status to answer with.
  int ReadBody(const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader& reader, ApiRequest* request) const {
    bool has_length = req.has_header("Content-Length");
    bool chunked = req.has_header("Transfer-Encoding");
    // A body-less POST (no length, not chunked) must not be read "until the connection closes".
    if (!has_length && !chunked) return 0;
    // Past max_body nothing more is kept; the rest is read and dropped up to the drain limit, so
    // that an ordinary client still writing its body sees the 413 instead of a reset. Past the
    // drain limit reading stops and the connection is closed.
    const size_t drain_limit = DrainLimit(options.max_body);
    size_t total = 0;
    bool too_large = false;
    auto count = [&](size_t size) {
      total += size;
      too_large = too_large || total > options.max_body;
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
    if (too_large || res.status == 413) {
      request->body.clear();
      request->multipart.reset();
      return 413;
    }
    return ok ? 0 : 400;
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
    Send(res, api ? api->Dispatch(pending.admission, request) : handler(request));
  }
};

HttpServer::HttpServer(const Api* api, ServerOptions options) : HttpServer(RequestHandler(), std::move(options)) {
  impl_->api = api;
}

HttpServer::HttpServer(RequestHandler handler, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->options = std::move(options);
  Impl* impl = impl_.get();
  httplib::Server& server = impl->server;
  const ServerOptions& opts = impl->options;

  size_t threads = opts.threads > 0 ? static_cast<size_t>(opts.threads) : 1;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without TCP_NODELAY, Nagle plus delayed ACK caps keep-alive clients at a few hundred req/s.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(opts.keep_alive_timeout_seconds);
  server.set_read_timeout(opts.read_timeout_seconds, 0);
  server.set_write_timeout(opts.read_timeout_seconds, 0);
  // Our content reader enforces max_body itself, whatever the framing; the library's own check
  // (Content-Length only) is left to the drain limit so that it never answers first.
  server.set_payload_max_length(DrainLimit(opts.max_body));

  // Runs once the headers are read, before any body is: the Api admits the request (who is
  // calling, which route, may they); strangers, callers without permission and oversized bodies
  // are turned away here, with the body left unread (so the connection is closed after the answer).
  server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    using Handled = httplib::Server::HandlerResponse;
    pending.request = Translate(req);
    // cpp-httplib gzips text/* replies itself when the client accepts it, even when the reply is
    // already compressed (the console's files are gzipped at build time): the browser would get
    // the body compressed twice. We choose the encoding (ApiRequest keeps the header), so the
    // library must not see it. `req` is the library's own non-const Request of this connection.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    pending.Begin(pending.request.Header("X-Request-Id"));
    pending.admission = impl->api ? impl->api->Admit(pending.request) : Admission();
    if (pending.admission.refusal && pending.admission.before_body) {
      SendErrorAndClose(res, std::move(*pending.admission.refusal));
      return Handled::Handled;
    }
    switch (CheckBodyFraming(req, impl->options.max_body)) {
      case BodyFraming::kOk:
        return Handled::Unhandled;
      case BodyFraming::kTooLarge:
        SendErrorAndClose(res, TooLarge(impl->options.max_body));
        return Handled::Handled;
      case BodyFraming::kInvalid:
        SendErrorAndClose(res, ErrorReply(Status::InvalidParam("请求头Content-Length或Transfer-Encoding无效")));
        return Handled::Handled;
    }
    return Handled::Unhandled;
  });

  // Without this, the library answers an escaping exception with its text in a header.
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      LogError(req.method + " " + req.path, e.what());
    } catch (...) {
      LogError(req.method + " " + req.path, "unknown exception");
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
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!pending.active) {
      pending.request = ApiRequest();
      pending.admission = Admission();
      pending.Begin(nullptr);
    }
    res.set_header("X-Request-Id", pending.request_id);
  });

  // Runs once the reply's last byte is written (or the client has gone): count it, log it.
  server.set_logger([impl](const httplib::Request& req, const httplib::Response& res) {
    if (!pending.active) return;  // cannot happen: the post-routing step ran first
    pending.active = false;
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - pending.start);
    const Route* route = pending.admission.match.route;
    CountRequest(route, req.method, res.status, took);
    if (impl->options.request_log == RequestLogFormat::kOff) return;
    RequestLogEntry entry;
    entry.time = pending.start_time;
    entry.client = req.remote_addr;
    entry.method = req.method;
    if (route) entry.route = route->pattern;
    entry.path = req.path;
    entry.status = res.status;
    entry.bytes = req.method == "HEAD" ? 0
                  : !res.body.empty()  ? res.body.size()
                  : res.content_length_ ? res.content_length_
                                        : pending.streamed_bytes;
    entry.duration = took;
    // A stranger's X-Operator-Id names nobody: only an admitted caller has an acting operator.
    const Principal& principal = pending.admission.principal;
    std::optional<int64_t> acting;
    if (principal.caller != Caller::kNobody && ActingOperator(principal, &acting).ok()) entry.operator_id = acting;
    entry.request_id = pending.request_id;
    LogLine(FormatRequestLog(entry, impl->options.request_log));
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

bool HttpServer::Run() { return impl_->server.listen_after_bind(); }

void HttpServer::Stop() { impl_->server.stop(); }

bool HttpServer::IsRunning() const { return impl_->server.is_running(); }

}  // namespace jsms
