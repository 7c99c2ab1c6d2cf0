#include "support/raw_socket.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "support/timing.h"

namespace jsms::test::support {

namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// Parses the head of a response starting at `data[pos]`, ending at `head_end`, into `reply`.
void ParseHead(const std::string& data, size_t pos, size_t head_end, Reply* reply) {
  reply->status = std::atoi(data.c_str() + pos + 9);
  size_t line = data.find("\r\n", pos);
  while (line != std::string::npos && line < head_end) {
    size_t next = data.find("\r\n", line + 2);
    std::string header = data.substr(line + 2, (next == std::string::npos ? head_end : next) - line - 2);
    size_t colon = header.find(':');
    if (colon != std::string::npos) {
      size_t value = header.find_first_not_of(' ', colon + 1);
      reply->headers.emplace_back(header.substr(0, colon), value == std::string::npos ? "" : header.substr(value));
    }
    line = next;
  }
}

}  // namespace

Socket::Socket(int port, const char* from) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  if (from) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, from, &local.sin_addr) == 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  }
  sockaddr_in addr = Loopback(port);
  REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

bool Socket::Send(std::string_view data) {
  size_t done = 0;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (done < data.size() && Clock::now() < deadline) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return done == data.size();
}

void Socket::Read(double timeout_s, bool until_complete, bool* closed) {
  auto start = Clock::now();
  if (closed) *closed = false;
  while (SecondsSince(start) < timeout_s) {
    if (until_complete && !CompleteResponses(received_).empty()) return;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      closed_ = true;
      if (closed) *closed = true;
      return;
    }
    received_.append(buf, static_cast<size_t>(n));
  }
}

void Socket::ReadResponses(size_t count, double timeout_s) {
  auto start = Clock::now();
  bool closed = false;
  while (CompleteResponses(received_).size() < count && !closed && SecondsSince(start) < timeout_s) {
    Read(0.05, false, &closed);
  }
}

bool Socket::HasInput() const {
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

double Socket::WaitClosed(double timeout_s) {
  auto start = Clock::now();
  bool closed = false;
  Read(timeout_s, false, &closed);
  return closed ? SecondsSince(start) : -1;
}

std::vector<Reply> Socket::Responses() const { return CompleteResponses(received_); }

std::vector<Reply> CompleteResponses(const std::string& data) {
  std::vector<Reply> out;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t head_end = data.find("\r\n\r\n", pos);
    if (head_end == std::string::npos || data.compare(pos, 5, "HTTP/") != 0) break;
    Reply reply;
    ParseHead(data, pos, head_end, &reply);
    std::string head = Lower(data.substr(pos, head_end - pos));
    size_t body_start = head_end + 4;
    size_t next = body_start;  // no body
    size_t length_at = head.find("\r\ncontent-length:");
    if (length_at != std::string::npos) {
      size_t length = std::strtoul(head.c_str() + length_at + 17, nullptr, 10);
      if (data.size() < body_start + length) break;
      reply.body = data.substr(body_start, length);
      next = body_start + length;
    } else if (head.find("transfer-encoding: chunked") != std::string::npos) {
      size_t at = body_start;
      bool done = false;
      while (true) {
        size_t line_end = data.find("\r\n", at);
        if (line_end == std::string::npos) break;
        size_t size = std::strtoul(data.c_str() + at, nullptr, 16);
        if (size == 0) {
          if (data.size() < line_end + 4) break;
          next = line_end + 4;
          done = true;
          break;
        }
        if (data.size() < line_end + 2 + size + 2) break;
        reply.body.append(data, line_end + 2, size);
        at = line_end + 2 + size + 2;
      }
      if (!done) break;
    }
    out.push_back(std::move(reply));
    pos = next;
  }
  return out;
}

bool ConnectionRefused(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr = Loopback(port);
  bool refused = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno == ECONNREFUSED;
  ::close(fd);
  return refused;
}

std::string PostHead(const std::string& path, const std::string& content_type, size_t length,
                     const std::string& extra_headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n" + extra_headers + "\r\n";
}

std::string ChunkedHead(const std::string& path, const std::string& content_type) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nTransfer-Encoding: chunked\r\n\r\n";
}

std::string GetRequest(const std::string& target, const std::string& extra_headers) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

std::string FormRequest(const std::string& path, const std::string& body, const std::string& extra_headers) {
  return PostHead(path, kForm, body.size(), extra_headers) + body;
}

std::string Chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

bool AnswerThenClose(Socket& socket, const std::string& first, const std::string& later) {
  if (!socket.Send(first)) return false;
  // The answer is read whole before `later` is sent, so `later` cannot share a read with `first`
  // on the server's side: were the connection kept, `later` would be read as a request of its own.
  socket.Read(10, true);
  socket.Send(later);  // may fail: the server may have closed already
  return socket.WaitClosed(5) >= 0;
}

size_t FloodChunked(Socket& socket, const std::string& head, const std::string& first, size_t total, double timeout_s) {
  REQUIRE(socket.Send(head + Chunk(first)));
  int flags = fcntl(socket.fd(), F_GETFL, 0);
  fcntl(socket.fd(), F_SETFL, flags | O_NONBLOCK);
  const std::string chunk = Chunk(std::string(64 * 1024, 'a'));
  size_t sent = first.size(), offset = 0;
  bool can_send = true;
  auto start = Clock::now();
  while (SecondsSince(start) < timeout_s && CompleteResponses(socket.received()).empty()) {
    pollfd p{socket.fd(), static_cast<short>(POLLIN | (can_send && sent < total ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    if (p.revents & POLLIN) {
      char buf[65536];
      ssize_t n = ::recv(socket.fd(), buf, sizeof buf, 0);
      if (n > 0) socket.received().append(buf, static_cast<size_t>(n));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;  // closed or reset
    }
    if ((p.revents & POLLOUT) && can_send && sent < total) {
      ssize_t n = ::send(socket.fd(), chunk.data() + offset, chunk.size() - offset, MSG_NOSIGNAL);
      if (n > 0) {
        offset += static_cast<size_t>(n);
        if (offset == chunk.size()) {
          offset = 0;
          sent += 64 * 1024;
        }
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        can_send = false;  // the server closed its side
      }
    }
    if (p.revents & (POLLERR | POLLHUP)) can_send = false;
  }
  fcntl(socket.fd(), F_SETFL, flags);
  return sent;
}

Trickle::Trickle(std::vector<Socket*> sockets, std::string payload, int interval_ms) {
  thread_ = std::thread([this, sockets, payload, interval_ms] {
    std::vector<bool> open(sockets.size(), true);
    for (size_t i = 0; i < payload.size() && !stop_; ++i) {
      for (size_t s = 0; s < sockets.size(); ++s) {
        if (open[s]) open[s] = ::send(sockets[s]->fd(), payload.data() + i, 1, MSG_NOSIGNAL) == 1;
      }
      sent_ = i + 1;
      for (int slept = 0; slept < interval_ms && !stop_; slept += 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  });
}

Trickle::~Trickle() {
  stop_ = true;
  thread_.join();
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

bool RaiseFileLimit(size_t count) {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < count) {
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < count) return false;
    limit.rlim_cur = count;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  }
  return true;
}

}  // namespace jsms::test::support
