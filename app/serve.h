// `jsms-ops [--db FILE] [serve options]`: serve the HTTP API until SIGINT/SIGTERM.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "http/auth.h"
#include "http/server.h"

namespace jsms {

struct ServeOptions {
  ServerOptions server;
  AuthOptions auth;
  // How long a write waits for another writer's lock before answering 503 BUSY.
  int busy_timeout_ms = 5000;
  // The request log on stderr: "text" or "json" lines, none with `quiet`.
  std::string log_format = "text";
  bool quiet = false;
  // Serve in open mode (no accounts) on an address other than loopback anyway (--open).
  bool open = false;
  // Host names the server is reached by besides its address and loopback names (--allowed-host):
  // the public name a proxy passes on in Host.
  std::vector<std::string> allowed_hosts;
};

// Binds the serve options (--host, --port, --threads, --token, --secure-cookies, --open,
// --max-body, timeouts, connection and header limits, --allowed-host, busy timeout, --log-format,
// --quiet) to `app`.
void SetupServe(CLI::App& app, ServeOptions& options);

// Refuses an empty token, takes the database's serve lock (one server per file), opens the
// database, binds, prints "listening on http://HOST:PORT" and serves until a signal arrives; then
// lets requests in progress finish for up to the shutdown timeout, cuts the rest, closes the
// database and says "stopped" on stderr. Refuses (exit 1) to serve open mode (no account with a
// password, no --token) on an address other than loopback unless --open is given, and then warns.
// Returns the exit status.
int RunServe(const std::string& db_path, const ServeOptions& options);

}  // namespace jsms
