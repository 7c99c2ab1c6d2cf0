// `jsms-ops [--db FILE] [serve options]`: serve the HTTP API until SIGINT/SIGTERM.
#pragma once

#include <CLI/CLI.hpp>

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
};

// Binds the serve options (--host, --port, --threads, --token, --secure-cookies, --open,
// --max-body, timeouts, busy timeout, --log-format, --quiet) to `app`.
void SetupServe(CLI::App& app, ServeOptions& options);

// Opens the database, binds, prints "listening on http://HOST:PORT" and serves until a signal
// arrives; then lets in-flight requests finish, closes the database and says "stopped" on stderr.
// Refuses (exit 1) to serve open mode (no account with a password, no --token) on an address
// other than loopback unless --open is given, and then warns. Returns the exit status.
int RunServe(const std::string& db_path, const ServeOptions& options);

}  // namespace jsms
