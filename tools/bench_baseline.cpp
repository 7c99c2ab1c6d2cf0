// The baseline of tools/bench: a bare cpp-httplib server with the transport settings of jsms-ops
// (lib/http/server.cpp: TCP_NODELAY, a pool of --threads workers, keep-alive up to 100,000
// requests, 5 s keep-alive/read/write timeouts) answering jsms-ops's paths with fixed bodies of
// given sizes: no database, no JSON work. What jsms-ops costs beyond it is what jsms-ops adds.
//
//   bench_baseline --port P --threads N --detail-bytes B --page-bytes B [--page-all-bytes B]
//                  --full-bytes B --action-bytes B
//
// GET /demandOrder/{id}       --detail-bytes
// POST /order/resource/query  --page-bytes with a state filter, --page-all-bytes without one (the
//                             same as --page-bytes when not given); --full-bytes streamed chunked
//                             in 64 KiB pieces (as jsms-ops streams pages over 1,000 rows) when the
//                             request asks rows=999999
// POST /peidan/{action}       --action-bytes
// Prints "listening on http://127.0.0.1:PORT" (flushed) like jsms-ops; SIGTERM ends it.
#include <httplib.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr const char* kJsonContentType = "application/json;charset=UTF-8";

// A body of exactly `size` bytes that looks like JSON.
std::string Filler(size_t size) {
  std::string body = "{\"x\":\"";
  if (size < body.size() + 2) return std::string(size, ' ');
  body.append(size - body.size() - 2, 'a');
  body += "\"}";
  return body;
}

size_t ArgSize(int argc, char** argv, const char* name, size_t fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return static_cast<size_t>(std::strtoull(argv[i + 1], nullptr, 10));
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  const int port = static_cast<int>(ArgSize(argc, argv, "--port", 0));
  const size_t threads = std::max<size_t>(1, ArgSize(argc, argv, "--threads", 32));
  static const std::string detail = Filler(ArgSize(argc, argv, "--detail-bytes", 1300));
  static const size_t page_bytes = ArgSize(argc, argv, "--page-bytes", 30000);
  static const std::string page = Filler(page_bytes);
  static const std::string page_all = Filler(ArgSize(argc, argv, "--page-all-bytes", page_bytes));
  static const std::string action = Filler(ArgSize(argc, argv, "--action-bytes", 94));
  static const size_t full_bytes = ArgSize(argc, argv, "--full-bytes", 100000000);
  static const std::string chunk(64 * 1024, 'a');

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_payload_max_length(1024 * 1024);

  server.Get(R"(/demandOrder/[^/]+)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(detail, kJsonContentType);
  });
  server.Post("/order/resource/query", [](const httplib::Request& req, httplib::Response& res) {
    bool full = req.body.find("rows=999999") != std::string::npos ||
                req.target.find("rows=999999") != std::string::npos;
    if (!full) {
      const bool by_state = req.body.find("state=") != std::string::npos;
      res.set_content(by_state ? page : page_all, kJsonContentType);
      return;
    }
    res.set_chunked_content_provider(kJsonContentType, [](size_t, httplib::DataSink& sink) {
      for (size_t sent = 0; sent < full_bytes;) {
        size_t n = std::min(chunk.size(), full_bytes - sent);
        if (!sink.write(chunk.data(), n)) return false;
        sent += n;
      }
      sink.done();
      return true;
    });
  });
  server.Post(R"(/peidan/\w+)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(action, kJsonContentType);
  });

  int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "bench_baseline: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  std::printf("listening on http://127.0.0.1:%d\n", bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
