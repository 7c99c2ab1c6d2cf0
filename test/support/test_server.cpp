#include "support/test_server.h"

#include <catch2/catch.hpp>

#include <chrono>

namespace jsms::test {

namespace {

constexpr auto kGateLimit = std::chrono::seconds(10);

ServerOptions OnLoopback(ServerOptions options) {
  options.host = "127.0.0.1";
  options.port = 0;
  return options;
}

}  // namespace

TestServer::TestServer(const std::string& fixture_json, ServerOptions options, int busy_timeout_ms, AuthOptions auth) {
  Open(fixture_json, busy_timeout_ms, std::move(auth));
  Start(std::make_unique<HttpServer>(api_.get(), OnLoopback(options)));
}

TestServer::TestServer(const std::string& fixture_json, ApiWrapper wrapper, ServerOptions options) {
  Open(fixture_json, 5000, AuthOptions{});
  const Api* api = api_.get();
  RequestHandler handler = [api, wrapper = std::move(wrapper)](const ApiRequest& request) {
    return wrapper(*api, request);
  };
  Start(std::make_unique<HttpServer>(std::move(handler), OnLoopback(options)));
}

TestServer::TestServer(RequestHandler handler, ServerOptions options) {
  Start(std::make_unique<HttpServer>(std::move(handler), OnLoopback(options)));
}

void TestServer::Open(const std::string& fixture_json, int busy_timeout_ms, AuthOptions auth) {
  store_ = OpenSeededStore(dir_, fixture_json, busy_timeout_ms);
  db_path_ = dir_.File("ops.db");
  api_ = std::make_unique<Api>(store_.get(), std::move(auth));
}

void TestServer::Start(std::unique_ptr<HttpServer> server) {
  server_ = std::move(server);
  port_ = server_->Bind();
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->Run(); });
  // cpp-httplib 0.11 has no wait_until_ready: poll until the listener runs.
  REQUIRE(support::Eventually([this] { return server_->IsRunning(); }));
}

void TestServer::Stop() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

TestServer::~TestServer() { Stop(); }

httplib::Client TestServer::Client() const { return support::ClientFor(port_); }

namespace support {

void Gate::Arrive() {
  std::unique_lock<std::mutex> lock(mutex_);
  ++arrived_;
  if (arrived_ >= opens_at_) open_ = true;
  changed_.notify_all();
  // Not REQUIRE: this runs on a server thread. A gate that never opened shows in the test's own
  // counts (fewer arrivals than expected).
  changed_.wait_for(lock, kGateLimit, [this] { return open_; });
}

int Gate::arrived() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return arrived_;
}

httplib::Client ClientFor(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  return client;
}

bool Eventually(const std::function<bool()>& condition, double timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace support
}  // namespace jsms::test
