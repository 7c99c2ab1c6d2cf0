#include "raw_client.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace jsms::test {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The whole replies at the start of `data`.
std::vector<RawClient::Response> ParseResponses(const std::string& data) {
  std::vector<RawClient::Response> out;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t head_end = data.find("\r\n\r\n", pos);
    if (head_end == std::string::npos || data.compare(pos, 5, "HTTP/") != 0) break;
    RawClient::Response response;
    response.head = Lower(data.substr(pos, head_end - pos));
    response.status = std::atoi(data.c_str() + pos + 9);
    size_t body_start = head_end + 4;
    size_t next = body_start;
    size_t length_at = response.head.find("\r\ncontent-length:");
    if (length_at != std::string::npos) {
      size_t length = std::strtoul(response.head.c_str() + length_at + 17, nullptr, 10);
      if (data.size() < body_start + length) break;
      response.body = data.substr(body_start, length);
      next = body_start + length;
    } else if (response.head.find("transfer-encoding: chunked") != std::string::npos) {
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
        response.body.append(data, line_end + 2, size);
        at = line_end + 2 + size + 2;
      }
      if (!done) break;
    }
    out.push_back(std::move(response));
    pos = next;
  }
  return out;
}

}  // namespace

RawClient::RawClient(int port, const char* from) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  if (from) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, from, &local.sin_addr) == 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawClient::Send(std::string_view data) {
  size_t done = 0;
  auto start = Clock::now();
  while (done < data.size() && SecondsSince(start) < 10) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return done == data.size();
}

bool RawClient::HasInput() const {
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

void RawClient::Read(size_t count, double seconds) {
  auto start = Clock::now();
  while (!closed_ && SecondsSince(start) < seconds) {
    if (count && ParseResponses(received_).size() >= count) return;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buffer[65536];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      closed_ = true;
      return;
    }
    received_.append(buffer, static_cast<size_t>(n));
  }
}

double RawClient::WaitClosed(double seconds) {
  auto start = Clock::now();
  Read(0, seconds);
  return closed_ ? SecondsSince(start) : -1;
}

std::vector<RawClient::Response> RawClient::Responses() const { return ParseResponses(received_); }

Trickle::Trickle(std::vector<RawClient*> clients, std::string payload, int interval_ms) {
  thread_ = std::thread([this, clients, payload, interval_ms] {
    std::vector<bool> open(clients.size(), true);
    for (size_t i = 0; i < payload.size() && !stop_; ++i) {
      for (size_t c = 0; c < clients.size(); ++c) {
        if (open[c]) open[c] = ::send(clients[c]->fd(), payload.data() + i, 1, MSG_NOSIGNAL) == 1;
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

std::string GetRequest(const std::string& path, const std::string& extra) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

std::string PostForm(const std::string& path, const std::string& body, const std::string& extra) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
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

}  // namespace jsms::test
