#include "serve.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "db_file.h"
#include "http/api.h"
#include "http/origin.h"
#include "listen_error.h"
#include "store/store.h"
#include "util/log.h"

namespace jsms {

void SetupServe(CLI::App& app, ServeOptions& options) {
  ServerOptions& s = options.server;
  app.add_option("--host", s.host, "Address to listen on")->envname("JSMS_OPS_HOST")->capture_default_str();
  app.add_option("--port", s.port, "Port to listen on (0 picks a free one)")
      ->envname("JSMS_OPS_PORT")->check(PortNumber())->capture_default_str();
  app.add_option("--threads", s.threads, "Worker threads (each serves one request at a time; idle and slow clients hold none)")
      ->envname("JSMS_OPS_THREADS")->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_option("--token", options.auth.service_token,
                 "Service token for integrations: 'Authorization: Bearer TOKEN' acts as admin (accounts mode)")
      ->envname("JSMS_OPS_TOKEN")
      ->check([](const std::string& token) {
        return token.empty() ? std::string("the token must not be empty (leave the option out to serve without one)")
                             : std::string();
      });
  app.add_flag("--secure-cookies", options.auth.secure_cookies,
               "Mark the session cookie Secure (when people reach jsms-ops over HTTPS)")
      ->envname("JSMS_OPS_SECURE_COOKIES");
  app.add_flag("--behind-proxy", s.behind_proxy,
               "A proxy on this machine passes the client's address in X-Real-IP: take it from there for "
               "requests from loopback (the login lockout and the logs then see each client)")
      ->envname("JSMS_OPS_BEHIND_PROXY");
  app.add_flag("--open", options.open,
               "Serve without accounts on an address other than loopback anyway: anyone who reaches it can act as anyone")
      ->envname("JSMS_OPS_OPEN");
  app.add_option("--max-body", s.max_body, "Largest request body accepted, in bytes")
      ->envname("JSMS_OPS_MAX_BODY")->check(CLI::Range(size_t{1024}, size_t{1} << 32))->capture_default_str();
  app.add_option("--read-timeout", s.read_timeout_seconds, "Seconds a client may stall mid-request")
      ->envname("JSMS_OPS_READ_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--keep-alive-timeout", s.keep_alive_timeout_seconds, "Seconds an idle keep-alive connection is kept")
      ->envname("JSMS_OPS_KEEP_ALIVE_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--request-timeout", s.request_timeout_seconds,
                 "Seconds a request's head may take from its first byte, and its body from its head")
      ->envname("JSMS_OPS_REQUEST_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--max-header-bytes", s.max_header_bytes, "Largest request line and headers together, in bytes")
      ->envname("JSMS_OPS_MAX_HEADER_BYTES")->check(CLI::Range(size_t{4096}, size_t{1} << 20))->capture_default_str();
  app.add_option("--max-connections", s.max_connections, "Connections open at once (more are refused with 503)")
      ->envname("JSMS_OPS_MAX_CONNECTIONS")->check(CLI::Range(size_t{16}, size_t{1} << 20))->capture_default_str();
  app.add_option("--max-connections-per-address", s.max_connections_per_address,
                 "Connections open at once from one client address, loopback exempt (0: no limit)")
      ->envname("JSMS_OPS_MAX_CONNECTIONS_PER_ADDRESS")->check(CLI::Range(0, 1 << 20))->capture_default_str();
  app.add_option("--shutdown-timeout", s.shutdown_timeout_seconds,
                 "Seconds requests in progress may take to finish once SIGTERM or SIGINT arrives")
      ->envname("JSMS_OPS_SHUTDOWN_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--allowed-host", options.allowed_hosts,
                 "A host name this server is reached by (a proxy's public name); repeatable, or comma-separated "
                 "in the variable. IP addresses and localhost are always allowed")
      ->envname("JSMS_OPS_ALLOWED_HOSTS")->delimiter(',')->allow_extra_args(false)
      ->check([](const std::string& name) {
        return IsValidAllowedHost(name) ? std::string() : "not a host name: " + name;
      });
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

// Each connection is a file descriptor: makes room for `wanted` of them, as far as the hard limit
// allows. Returns how many there is room for.
size_t RaiseOpenFileLimit(size_t wanted) {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? wanted : std::min<size_t>(wanted, limit.rlim_cur);
}

}  // namespace

int RunServe(const std::string& db_path, const ServeOptions& options) {
  // CLI11 skips an empty variable as if it were unset: authentication would be silently off.
  const char* env_token = std::getenv("JSMS_OPS_TOKEN");
  if (env_token && !*env_token && options.auth.service_token.empty()) {
    std::cerr << "jsms-ops: JSMS_OPS_TOKEN is set but empty: give it a value, or unset it to serve without a token\n";
    return 1;
  }

  // glibc gives threads up to 8 malloc arenas per core, each keeping what its threads freed: with
  // 32 workers building and dropping replies of tens of kilobytes that was ~10 MiB of resident
  // memory after the read benchmark (62 against 52 MiB). Two arenas cost no measurable CPU.
  mallopt(M_ARENA_MAX, 2);

  // Block the stop signals in every thread (the workers inherit this mask); one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // Refusals about the file itself come before its lock file is made beside it.
  Status openable = Store::CheckOpenable(db_path);
  if (!openable.ok()) {
    std::cerr << "jsms-ops: " << openable.message() << "\n";
    return 1;
  }
  std::string lock_error;
  std::unique_ptr<ServeLock> lock = ServeLock::Acquire(db_path, &lock_error);
  if (!lock) {
    std::cerr << "jsms-ops: " << lock_error << "\n";
    return 1;
  }
  SayWhenNew(db_path);
  std::unique_ptr<Store> store;
  Status opened = Store::Open(db_path, CommandStoreOptions(options.busy_timeout_ms), &store);
  if (!opened.ok()) {
    std::cerr << "jsms-ops: " << opened.message() << "\n";
    return 1;
  }
  // Rows kept without their packed form (a file from before schema version 7) are packed once,
  // here, so every page reads bytes.
  int64_t encoded = 0;
  Status rows = store->resources().EncodeMissingRows(&encoded);
  if (!rows.ok()) {
    std::cerr << "jsms-ops: " << rows.message() << "\n";
    return 1;
  }
  if (encoded > 0) std::cerr << "jsms-ops: encoded " << encoded << " resource rows for the resource page\n";
  ServerOptions s = options.server;
  s.request_log = options.quiet                 ? RequestLogFormat::kOff
                  : options.log_format == "json" ? RequestLogFormat::kJson
                                                 : RequestLogFormat::kText;
  // Room for the connections, the database's files and the listener.
  constexpr size_t kOtherFiles = 256;
  size_t room = RaiseOpenFileLimit(s.max_connections + kOtherFiles);
  if (room < s.max_connections + kOtherFiles) {
    size_t fit = room > 2 * kOtherFiles ? room - kOtherFiles : room / 2;
    std::cerr << "jsms-ops: note: the open-file limit is " << room << ": at most " << fit
              << " connections at once (--max-connections " << s.max_connections << ")\n";
    s.max_connections = fit;
  }
  bool any_password = false;
  Status checked = store->accounts().AnyPassword(&any_password);
  if (!checked.ok()) {
    std::cerr << "jsms-ops: " << checked.message() << "\n";
    return 1;
  }
  const bool open_mode = !any_password && options.auth.service_token.empty();
  if (open_mode && !IsLoopback(s.host)) {
    if (!options.open) {
      std::cerr << "jsms-ops: refusing to serve " << s.host
                << " in open mode (no staff account has a password and no --token is set): anyone who can reach it "
                   "could read and change every order as anyone.\n"
                   "  Add an admin first:  jsms-ops --db "
                << db_path << " staff add --login admin --name 管理员 --role admin\n"
                << "  or pass --open to serve without accounts anyway.\n";
      return 1;
    }
    std::cerr << "jsms-ops: warning: --open: serving " << s.host
              << " without accounts: anyone who can reach this address can read and change orders as anyone\n";
  }
  if (!IsLoopback(s.host)) {
    std::cerr << "jsms-ops: note: serving " << s.host << " directly. On a network you do not trust, put the "
              << "shipped nginx site in front (TLS, slow and idle clients): see docs/deploy.md and "
              << "packaging/nginx/jsms-ops.conf (installed under /usr/share/doc/jsms-ops/examples/nginx)\n";
  }
  Api api(store.get(), options.auth);
  OriginPolicy origin;
  origin.bound_host = s.host;
  origin.allowed_hosts = options.allowed_hosts;
  api.SetOriginPolicy(origin);
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
  lock.reset();
  if (!served) {
    std::cerr << "jsms-ops: the listener failed\n";
    return 1;
  }
  const char* why = stop_signal == SIGTERM ? "SIGTERM" : stop_signal == SIGINT ? "SIGINT" : "the listener stopped";
  LogError("stopped", std::string(why) + "; requests in progress finished or cut, database closed");
  return 0;
}

}  // namespace jsms
