// A raw loopback socket, for what an HTTP client library will not do: stall, trickle, flood,
// smuggle, pipeline, send broken framing, or come from another loopback address. Every wait is
// bounded.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/http_checks.h"

namespace jsms::test::support {

class Socket {
 public:
  // Connects to 127.0.0.1:port (failing the test when it cannot), from the loopback address
  // `from` when given ("127.0.0.2": another client address).
  explicit Socket(int port, const char* from = nullptr);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }

  // Sends all of `data` (within 10 s); false when the peer stopped taking it.
  bool Send(std::string_view data);

  // Reads what arrives within `timeout_s`; stops early when the peer closes (sets *closed).
  // With `until_complete`, also stops as soon as received() holds one complete response.
  void Read(double timeout_s, bool until_complete, bool* closed = nullptr);

  // Reads until received() holds `count` complete responses, the peer closes, or `timeout_s`
  // passes.
  void ReadResponses(size_t count, double timeout_s = 10);

  // Whether a byte (or the close) is waiting to be read, without waiting.
  bool HasInput() const;
  // Whether a read has seen the peer close.
  bool closed() const { return closed_; }

  // Waits until the peer closes the connection; returns the seconds it took, or -1.
  double WaitClosed(double timeout_s);

  std::string& received() { return received_; }

  // The complete responses received so far.
  std::vector<Reply> Responses() const;

 private:
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

// Sends `payload` one byte per `interval_ms` on each socket, from a thread of its own, until
// destroyed (or the payload ends). Bytes the server refuses are counted, not retried.
class Trickle {
 public:
  Trickle(std::vector<Socket*> sockets, std::string payload, int interval_ms);
  ~Trickle();

  // Bytes sent on each socket so far (the same for all that are still open).
  size_t sent() const { return sent_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<size_t> sent_{0};
  std::thread thread_;
};

// Parses the complete HTTP responses at the start of `data` (Content-Length or chunked bodies).
std::vector<Reply> CompleteResponses(const std::string& data);

// True when a connection to 127.0.0.1:port is refused (nothing listens there).
bool ConnectionRefused(int port);

// Request heads.
std::string PostHead(const std::string& path, const std::string& content_type, size_t length,
                     const std::string& extra_headers = "");
std::string ChunkedHead(const std::string& path, const std::string& content_type);
// A whole GET on a keep-alive connection, with `extra` header lines (each ending in \r\n).
std::string GetRequest(const std::string& target, const std::string& extra_headers = "");
// A whole POST of a form body.
std::string FormRequest(const std::string& path, const std::string& body, const std::string& extra_headers = "");
std::string Chunk(const std::string& data);

// Sends `first`, waits for its answer, then sends `later` on the same connection. Returns whether
// the server then closed the connection (within 5 s) — and did not read `later` as a request.
bool AnswerThenClose(Socket& socket, const std::string& first, const std::string& later);

// Sends `head`, then a chunked body: `first` as the first chunk, then 64 KiB chunks of filler, up
// to `total` bytes, until the server answers (or `timeout_s` passes). Returns the bytes of body
// handed to the kernel.
size_t FloodChunked(Socket& socket, const std::string& head, const std::string& first, size_t total, double timeout_s);

// This process's resident memory.
size_t ResidentBytes();

// Raises this process's open-file limit to at least `count`; false when the hard limit is lower.
bool RaiseFileLimit(size_t count);

}  // namespace jsms::test::support
