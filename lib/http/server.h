// The HTTP server: cpp-httplib behind a small adapter that turns its requests into ApiRequest and
// ApiReply back into responses, and applies the transport's protections (body limit, timeouts,
// thread pool). Requests the Api refuses from their head (strangers, no permission) are answered
// before their body is read. Every reply carries an X-Request-Id, is counted for /metrics and,
// when asked, logged. The only file that includes httplib.h is server.cpp.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/request_log.h"

namespace jsms {

class Api;
struct ApiRequest;
struct ApiReply;

// A stand-in for the Api in tests of the transport: called for every request, body read.
using RequestHandler = std::function<ApiReply(const ApiRequest&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0 picks a free port
  int threads = 32;                     // worker threads (one connection each at a time)
  size_t max_body = 1024 * 1024;        // bytes, any body kind
  int read_timeout_seconds = 5;         // a client that stalls mid-request is cut off
  // Idle keep-alive connections are closed after this long. Stop() waits for them (cpp-httplib
  // 0.11 does not wake an idle connection), so this also bounds how long a clean stop takes.
  int keep_alive_timeout_seconds = 2;
  // One line per request on stderr after its reply (http/request_log.h). Off unless asked for:
  // `jsms-ops serve` turns it on (--log-format, --quiet).
  RequestLogFormat request_log = RequestLogFormat::kOff;
};

class HttpServer {
 public:
  HttpServer(const Api* api, ServerOptions options);
  HttpServer(RequestHandler handler, ServerOptions options);
  ~HttpServer();

  // Binds the listening socket; returns the port (useful with port 0), or -1 when binding fails.
  int Bind();

  // Serves until Stop() is called. Returns false when the listener failed.
  bool Run();

  // Stops accepting; in-flight requests finish. Safe to call from another thread, and before Run.
  void Stop();

  bool IsRunning() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jsms
