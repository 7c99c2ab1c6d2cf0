#include "serve.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "http/api.h"
#include "listen_error.h"
#include "store/store.h"
#include "util/log.h"

namespace jsms {

void SetupServe(CLI::App& app, ServeOptions& options) {
  ServerOptions& s = options.server;
  app.add_option("--host", s.host, "Address to listen on")->envname("JSMS_OPS_HOST")->capture_default_str();
  app.add_option("--port", s.port, "Port to listen on (0 picks a free one)")
      ->envname("JSMS_OPS_PORT")->check(PortNumber())->capture_default_str();
  app.add_option("--threads", s.threads, "Worker threads (each serves one connection at a time)")
      ->envname("JSMS_OPS_THREADS")->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_option("--token", options.auth.service_token, "Require 'Authorization: Bearer TOKEN' on every request")
      ->envname("JSMS_OPS_TOKEN");
  app.add_option("--max-body", s.max_body, "Largest request body accepted, in bytes")
      ->envname("JSMS_OPS_MAX_BODY")->check(CLI::Range(size_t{1024}, size_t{1} << 32))->capture_default_str();
  app.add_option("--read-timeout", s.read_timeout_seconds, "Seconds a client may stall mid-request")
      ->envname("JSMS_OPS_READ_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--keep-alive-timeout", s.keep_alive_timeout_seconds, "Seconds an idle keep-alive connection is kept")
      ->envname("JSMS_OPS_KEEP_ALIVE_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--busy-timeout-ms", options.busy_timeout_ms,
                 "Milliseconds a write waits for the database lock before answering 503 BUSY")
      ->envname("JSMS_OPS_BUSY_TIMEOUT_MS")->check(CLI::Range(0, 600000))->capture_default_str();
  app.add_option("--log-format", options.log_format,
                 "Request log on stderr: one text line or one JSON object per request")
      ->envname("JSMS_OPS_LOG_FORMAT")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  app.add_flag("--quiet", options.quiet, "No request log lines (errors and start/stop lines stay)")
      ->envname("JSMS_OPS_QUIET");
}

namespace {

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

int RunServe(const std::string& db_path, const ServeOptions& options) {
  // Block the stop signals in every thread (the workers inherit this mask); one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<Store> store;
  Status opened = Store::Open(db_path, &store, options.busy_timeout_ms);
  if (!opened.ok()) {
    std::cerr << "jsms-ops: " << opened.message() << "\n";
    return 1;
  }
  ServerOptions s = options.server;
  s.request_log = options.quiet                 ? RequestLogFormat::kOff
                  : options.log_format == "json" ? RequestLogFormat::kJson
                                                 : RequestLogFormat::kText;
  if (!IsLoopback(s.host) && options.auth.service_token.empty()) {
    std::cerr << "jsms-ops: warning: listening on " << s.host
              << " without --token: anyone who can reach this address can read and change orders\n";
  }
  Api api(store.get(), options.auth);
  HttpServer server(&api, s);
  int port = server.Bind();
  if (port < 0) {
    std::cerr << "jsms-ops: cannot listen on " << s.host << ":" << s.port << ": "
              << DescribeListenFailure(s.host, s.port) << "\n";
    return 1;
  }
  std::string shown_host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
  std::printf("listening on http://%s:%d\n", shown_host.c_str(), port);
  std::fflush(stdout);

  std::atomic<bool> finished{false};
  std::atomic<int> stop_signal{0};
  std::thread waiter([&] {
    timespec tick{0, 100 * 1000 * 1000};
    while (!finished) {
      int received = sigtimedwait(&stop_signals, nullptr, &tick);
      if (received > 0) {
        stop_signal = received;
        // stop() does nothing before the listener runs, so wait for it to be running.
        while (!finished && !server.IsRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        server.Stop();
        return;
      }
    }
  });
  bool served = server.Run();
  finished = true;
  waiter.join();
  store.reset();  // closes every connection; the last close checkpoints the WAL
  if (!served) {
    std::cerr << "jsms-ops: the listener failed\n";
    return 1;
  }
  const char* why = stop_signal == SIGTERM ? "SIGTERM" : stop_signal == SIGINT ? "SIGINT" : "the listener stopped";
  LogError("stopped", std::string(why) + "; in-flight requests finished, database closed");
  return 0;
}

}  // namespace jsms
