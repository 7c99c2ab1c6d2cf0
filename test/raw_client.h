// A raw TCP client for what an HTTP client library will not do: trickle bytes, pipeline requests,
// send broken framing, stay idle, or come from another loopback address. It reads replies back
// whole (Content-Length or chunked bodies).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace jsms::test {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class RawClient {
 public:
  struct Response {
    int status = 0;
    std::string head;  // the status line and headers, lower case
    std::string body;
  };

  // Connects to 127.0.0.1:`port`, from the loopback address `from` when given ("127.0.0.2").
  explicit RawClient(int port, const char* from = nullptr);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  int fd() const { return fd_; }

  // Sends all of `data`; false when the server hung up (or 10 s passed).
  bool Send(std::string_view data);
  // Reads until `count` whole replies are in, the server closes, or `seconds` pass.
  void Read(size_t count, double seconds);
  // Whether a byte (or the close) is waiting to be read, without waiting.
  bool HasInput() const;
  // Waits until the server closes the connection; returns the seconds it took, or -1.
  double WaitClosed(double seconds);
  bool closed() const { return closed_; }

  std::vector<Response> Responses() const;
  const std::string& received() const { return received_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

// Sends `payload` one byte per `interval_ms` on each client, from a thread of its own, until
// destroyed (or the payload ends). Bytes the server refuses are counted, not retried.
class Trickle {
 public:
  Trickle(std::vector<RawClient*> clients, std::string payload, int interval_ms);
  ~Trickle();

  // Bytes sent on each client so far (the same for all that are still open).
  size_t sent() const { return sent_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<size_t> sent_{0};
  std::thread thread_;
};

// A request line and Host for GET `path`, with `extra` header lines (each ending in \r\n).
std::string GetRequest(const std::string& path, const std::string& extra = "");

// A POST of a form body with its Content-Length.
std::string PostForm(const std::string& path, const std::string& body, const std::string& extra = "");

// Raises this process's open-file limit to at least `count`; false when the hard limit is lower.
bool RaiseFileLimit(size_t count);

}  // namespace jsms::test
