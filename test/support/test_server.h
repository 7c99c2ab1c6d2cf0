// The real server on 127.0.0.1:<free port> over its own SQLite file, and a gate to line requests
// up inside it.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http/api.h"
#include "http/auth.h"
#include "http/server.h"
#include "store/store.h"
#include "support/fixtures.h"

namespace jsms::test {

// Puts something in front of the Api: gets every request (body read) and the Api to pass it to.
using ApiWrapper = std::function<ApiReply(const Api& api, const ApiRequest& request)>;

class TestServer {
 public:
  explicit TestServer(const std::string& fixture_json = kSeedFixture, ServerOptions options = {},
                      int busy_timeout_ms = 5000, AuthOptions auth = {});
  // The Api behind `wrapper` (which sees each request after its body is read: the transport's
  // admission step is then the wrapper's business, through Api::Handle).
  TestServer(const std::string& fixture_json, ApiWrapper wrapper, ServerOptions options = {});
  // The real transport in front of a stand-in handler (no store): for what the API cannot do
  // on purpose, such as throwing.
  TestServer(RequestHandler handler, ServerOptions options);
  ~TestServer();

  // Stops serving and waits for the listener; the destructor does it too.
  void Stop();

  int port() const { return port_; }
  // What the transport's connections are doing now.
  ConnectionCounts counts() const { return server_->Counts(); }
  Store& store() { return *store_; }
  const std::string& db_path() const { return db_path_; }
  // A client for this server (keep-alive off, 10 s timeouts).
  httplib::Client Client() const;

 private:
  void Open(const std::string& fixture_json, int busy_timeout_ms, AuthOptions auth);
  void Start(std::unique_ptr<HttpServer> server);

  TempDir dir_;
  std::string db_path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = -1;
};

namespace support {  // see support/fixtures.h

// Holds the callers of Arrive() until `opens_at` of them have arrived, then lets them all go at
// once, and every later caller straight through. Races are lined up with it inside the server,
// where the requests really meet, instead of by sleeping. Every wait is bounded (10 s): a gate
// that never opens lets its callers go late, and the test's count of arrivals shows it.
class Gate {
 public:
  explicit Gate(int opens_at) : opens_at_(opens_at) {}

  void Arrive();
  int arrived() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int opens_at_;
  int arrived_ = 0;
  bool open_ = false;
};

// A client for 127.0.0.1:port (keep-alive off, 10 s timeouts).
httplib::Client ClientFor(int port);

// Polls `condition` every few milliseconds until it holds (true) or `timeout_s` passes (false):
// for what gives no signal of its own, such as a server being up or a lock being taken.
bool Eventually(const std::function<bool()>& condition, double timeout_s = 10);

}  // namespace support
}  // namespace jsms::test
