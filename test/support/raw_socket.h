// A raw loopback socket, for what an HTTP client library will not do: stall, flood, smuggle,
// pipeline. Every wait is bounded.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "support/http_checks.h"

namespace jsms::test::support {

class Socket {
 public:
  explicit Socket(int port);  // connects to 127.0.0.1:port (failing the test when it cannot)
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }

  // Sends all of `data` (within 10 s); false when the peer stopped taking it.
  bool Send(const std::string& data);

  // Reads what arrives within `timeout_s`; stops early when the peer closes (sets *closed).
  // With `until_complete`, also stops as soon as received() holds one complete response.
  void Read(double timeout_s, bool until_complete, bool* closed = nullptr);

  // Reads until received() holds `count` complete responses (within 10 s).
  void ReadResponses(size_t count);

  // Waits until the peer closes the connection; returns the seconds it took, or -1.
  double WaitClosed(double timeout_s);

  std::string& received() { return received_; }

  // The complete responses received so far.
  std::vector<Reply> Responses() const;

 private:
  int fd_ = -1;
  std::string received_;
};

// Parses the complete HTTP responses at the start of `data` (Content-Length or chunked bodies).
std::vector<Reply> CompleteResponses(const std::string& data);

// True when a connection to 127.0.0.1:port is refused (nothing listens there).
bool ConnectionRefused(int port);

// Request heads.
std::string PostHead(const std::string& path, const std::string& content_type, size_t length,
                     const std::string& extra_headers = "");
std::string ChunkedHead(const std::string& path, const std::string& content_type);
std::string GetRequest(const std::string& target);  // a whole GET on a keep-alive connection
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

}  // namespace jsms::test::support
