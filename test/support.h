// Shared test fixtures: a temporary directory, a seeded store, and the real HTTP server on an
// ephemeral port over a real SQLite file.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <thread>

#include "fixtures/fixture_set.h"
#include "http/api.h"
#include "http/auth.h"
#include "http/server.h"
#include "store/store.h"

namespace jsms::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The seed document's own order and two resources (and staff 149 "abc"), as a fixture text.
extern const char* const kSeedFixture;

// Parses `fixture_json` (or nothing when empty) and loads it into a new store in `dir`.
std::unique_ptr<Store> OpenSeededStore(const TempDir& dir, const std::string& fixture_json,
                                       int busy_timeout_ms = 5000);

// The real server on 127.0.0.1:<free port> over its own database file, loaded with a fixture.
class TestServer {
 public:
  explicit TestServer(const std::string& fixture_json = kSeedFixture, ServerOptions options = {},
                      int busy_timeout_ms = 5000, AuthOptions auth = {});
  // The real transport in front of a stand-in handler (no store): for what the API cannot do
  // on purpose, such as throwing.
  TestServer(RequestHandler handler, ServerOptions options);
  ~TestServer();

  // Stops serving and waits for the listener; the destructor does it too.
  void Stop();

  int port() const { return port_; }
  Store& store() { return *store_; }
  const std::string& db_path() const { return db_path_; }
  // A client for this server (keep-alive off, 10 s timeouts).
  httplib::Client Client() const;

 private:
  void Start(std::unique_ptr<HttpServer> server);

  TempDir dir_;
  std::string db_path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = -1;
};

// A resource record for a fixture: every field set, with the given id and state.
std::string ResourceJson(const std::string& id, const std::string& state);

// Parses a reply body, failing the test (and showing the body) when it is not JSON.
rapidjson::Document ParseJson(const std::string& body);

// Reads a whole file; "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace jsms::test
