// The HTTP server: cpp-httplib behind a small adapter that turns its requests into ApiRequest and
// ApiReply back into responses, and applies the transport's protections (body limit, framing,
// timeouts; connections and workers are http/connections.h's). Requests the Api refuses from their
// head (strangers, no permission, another site's) are answered before their body is read. Every
// reply carries an X-Request-Id, is counted for /metrics and, when asked, logged. The only file
// that includes httplib.h is server.cpp.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/connections.h"
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
  int threads = 32;                     // workers: each serves one request at a time
  size_t max_body = 1024 * 1024;        // bytes, any body kind
  int read_timeout_seconds = 5;         // a client that stalls mid-request is cut off
  // Idle keep-alive connections are closed after this long. They hold no worker meanwhile.
  int keep_alive_timeout_seconds = 2;
  // A request's head must arrive within this long of its first byte, and its body within this
  // long of the head: a client trickling bytes (each resets the read timeout) is cut off.
  int request_timeout_seconds = 10;
  size_t max_header_bytes = 32 * 1024;  // request line and headers together; 431 past it
  size_t max_connections = 2048;        // open at once; 503 past it
  // Open connections from one client address (0: no limit); 503 past it. Loopback peers (a
  // proxy on the same machine) are exempt, unless `limit_loopback` (for tests).
  int max_connections_per_address = 64;
  bool limit_loopback = false;
  // A proxy on this machine (nginx, Caddy) stands in front: for a request from loopback the client
  // address (login lockout, login events, the request log) is the X-Real-IP header the proxy sets.
  bool behind_proxy = false;
  // Stop(): requests in progress may finish for this long; then every connection is cut.
  int shutdown_timeout_seconds = 5;
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

  // Serves until Stop() is called, then drains (below) and returns. Returns false when the
  // listener failed.
  bool Run();

  // Stops accepting; Run() then closes idle connections at once, lets requests in progress finish
  // for up to shutdown_timeout_seconds (each reply says Connection: close), cuts whatever is left
  // and returns. Safe to call from another thread; does nothing before Run.
  void Stop();

  bool IsRunning() const;

  // Connections open, waiting for a worker, and in a worker (for tests).
  ConnectionCounts Counts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jsms
