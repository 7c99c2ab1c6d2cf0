#include "http/connections.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "http/errors.h"
#include "http/request_log.h"
#include "util/log.h"

namespace jsms {

namespace {

// A connection may carry this many requests; the last reply says Connection: close.
constexpr uint64_t kMaxRequestsPerConnection = 100000;
// The buffer a connection starts with; a head may grow it to max_header_bytes and this more.
constexpr size_t kChunk = 16 * 1024;
// Reads of at least this size go straight from the socket to the reader (a body).
constexpr size_t kDirectRead = 4096;
// After a refusal the connection is read and dropped for this long (or this many bytes), so that
// the client, still sending, reads the answer instead of a reset.
constexpr int64_t kLingerMs = 2000;
constexpr size_t kLingerBytes = 1024 * 1024;
// Connections refused at accept that may linger at once; past it they are closed outright.
constexpr size_t kMaxLingering = 256;
// How often the gate looks at the clock with nothing to read, and a worker holding an idle
// connection looks for others waiting (its socket's receive timeout: Connection::FillWaiting).
constexpr int kGateTickMs = 100;
constexpr int kHoldTickMs = 10;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Waits up to `timeout_ms` for `events` on `fd`.
bool WaitFor(int fd, short events, int timeout_ms) {
  int64_t deadline = NowMs() + timeout_ms;
  while (true) {
    pollfd p{fd, events, 0};
    int remaining = static_cast<int>(std::max<int64_t>(0, deadline - NowMs()));
    int ready = ::poll(&p, 1, remaining);
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

void Describe(const sockaddr_storage& address, std::string* text, int* port, bool* loopback) {
  char buffer[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, buffer, sizeof buffer);
    *port = ntohs(v4->sin_port);
    *loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, buffer, sizeof buffer);
    *port = ntohs(v6->sin6_port);
    const uint8_t* b = v6->sin6_addr.s6_addr;
    bool mapped_v4 = IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr);
    *loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr) || (mapped_v4 && b[12] == 127);
  }
  *text = buffer;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 431: return "Request Header Fields Too Large";
    default: return "Service Unavailable";
  }
}

// A whole reply, as bytes, for a refusal made before the library saw the request.
std::string RawRefusal(int status, const Status& why) {
  ApiReply reply = ErrorReply(status, why);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) + "\r\n";
  out += std::string("Content-Type: ") + reply.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
  out += "Connection: close\r\n";
  if (status == 503) out += "Retry-After: 1\r\n";
  out += "X-Request-Id: " + NewRequestId() + "\r\n\r\n";
  out += reply.body;
  return out;
}

// The request line's first word as far as it arrived (for /metrics), or "".
std::string MethodOf(const char* data, size_t size) {
  if (size == 0) return "";
  size_t n = 0;
  while (n < size && n < 8 && data[n] >= 'A' && data[n] <= 'Z') ++n;
  return std::string(data, n);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Connection

Connection::Connection(int fd, const ConnectionLimits& limits)
    : fd_(fd), read_timeout_ms_(limits.read_timeout_ms), write_timeout_ms_(limits.write_timeout_ms) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    Describe(address, &peer_address_, &peer_port_, &loopback_);
  }
  bool ignored;
  length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    Describe(address, &local_address_, &local_port_, &ignored);
  }
  // Only FillWaiting's reads block on the socket itself; every other read is MSG_DONTWAIT or
  // follows a poll that found bytes.
  timeval hold{0, kHoldTickMs * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &hold, sizeof hold);
}

Connection::~Connection() {
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
}

void Connection::MakeRoom() {
  if (end_ < buffer_.size()) return;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ < buffer_.size()) return;
  }
  buffer_.resize(std::max(kChunk, buffer_.size() * 2));
}

void Connection::ReleaseIdleBuffer() {
  if (begin_ == end_ && buffer_.capacity() > kChunk) {
    std::vector<char>().swap(buffer_);
    begin_ = end_ = 0;
  }
}

ssize_t Connection::FillNow() { return Fill(MSG_DONTWAIT); }
ssize_t Connection::FillWaiting() { return Fill(0); }

ssize_t Connection::Fill(int recv_flags) {
  MakeRoom();
  while (true) {
    ssize_t n = ::recv(fd_, buffer_.data() + end_, buffer_.size() - end_, recv_flags);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      return n;
    }
    if (n == 0) return 0;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? -2 : -1;
  }
}

size_t Connection::HeadLength() {
  if (head_length_) return head_length_;
  const char* data = buffer_.data() + begin_;
  const size_t size = end_ - begin_;
  // The head ends with an empty line: "\n" then "\r\n" (or a bare "\n", refused below).
  size_t at = head_scanned_;
  while (at < size) {
    const void* found = std::memchr(data + at, '\n', size - at);
    if (!found) break;
    size_t newline = static_cast<size_t>(static_cast<const char*>(found) - data);
    if (newline + 1 < size && data[newline + 1] == '\n') {
      head_length_ = newline + 2;
    } else if (newline + 2 < size && data[newline + 1] == '\r' && data[newline + 2] == '\n') {
      head_length_ = newline + 3;
    } else if (newline + 2 >= size) {
      head_scanned_ = newline;  // the empty line may be arriving: look here again
      return 0;
    }
    if (head_length_) break;
    at = newline + 1;
  }
  if (!head_length_) {
    head_scanned_ = size;
    return 0;
  }
  // Bytes that make a head mean different things to different parsers (a proxy in front may read
  // it otherwise than cpp-httplib, which skips lines ending in a bare LF): refused outright.
  for (size_t i = 0; i < head_length_ && !head_defect_; ++i) {
    char c = data[i];
    if (c == '\0') {
      head_defect_ = "NUL";
    } else if (c == '\r' && (i + 1 >= head_length_ || data[i + 1] != '\n')) {
      head_defect_ = "CR";
    } else if (c == '\n' && (i == 0 || data[i - 1] != '\r')) {
      head_defect_ = "LF";
    }
  }
  return head_length_;
}

void Connection::EndRequest(int64_t now_ms) {
  head_scanned_ = 0;
  head_length_ = 0;
  head_defect_ = nullptr;
  consumed_ = 0;
  body_begun_ = false;
  body_start_ = 0;
  read_limit_ = UINT64_MAX;
  limit_reached_ = false;
  head_started_ms_ = buffered() ? now_ms : 0;
  last_byte_ms_ = now_ms;
  idle_since_ms_ = now_ms;
}

void Connection::BeginBody(uint64_t limit) {
  body_begun_ = true;
  body_start_ = consumed_;
  read_limit_ = limit > UINT64_MAX - consumed_ ? UINT64_MAX : consumed_ + limit;
}

ssize_t Connection::Read(char* out, size_t size) {
  if (size == 0) return 0;
  uint64_t allowance = read_limit_ - consumed_;
  if (allowance == 0) {
    limit_reached_ = true;
    return -1;
  }
  size = static_cast<size_t>(std::min<uint64_t>(size, allowance));
  if (begin_ == end_) {
    begin_ = end_ = 0;
    if (!WaitFor(fd_, POLLIN, read_timeout_ms_)) return -1;
    if (size >= kDirectRead) {
      ssize_t n;
      do {
        n = ::recv(fd_, out, size, 0);
      } while (n < 0 && errno == EINTR);
      if (n > 0) consumed_ += static_cast<uint64_t>(n);
      return n;
    }
    ssize_t n;
    do {
      n = FillNow();
    } while (n == -2 && WaitFor(fd_, POLLIN, read_timeout_ms_));
    if (n <= 0) return n == 0 ? 0 : -1;
  }
  size_t n = std::min(size, end_ - begin_);
  std::memcpy(out, buffer_.data() + begin_, n);
  begin_ += n;
  consumed_ += n;
  return static_cast<ssize_t>(n);
}

bool Connection::WaitWritable() const { return WaitFor(fd_, POLLOUT, write_timeout_ms_); }

ssize_t Connection::Write(const char* data, size_t size, const char* more, size_t more_size) {
  const size_t total = size + more_size;
  size_t sent = 0;
  while (sent < total) {
    iovec parts[2];
    int count = 0;
    if (sent < size) parts[count++] = {const_cast<char*>(data) + sent, size - sent};
    const size_t more_sent = sent > size ? sent - size : 0;
    if (more_size > more_sent) parts[count++] = {const_cast<char*>(more) + more_sent, more_size - more_sent};
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = static_cast<size_t>(count);
    // Tried first, waited for only when the socket is full: a poll before every send was one
    // more system call per reply.
    ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitWritable()) return -1;
    } else if (n < 0 && errno != EINTR) {
      return -1;
    }
  }
  return static_cast<ssize_t>(total);
}

// ---------------------------------------------------------------------------------------------
// ConnectionPool

ConnectionPool::ConnectionPool(ConnectionLimits limits, ServeRequest serve, CountRefusal count_refusal)
    : limits_(limits),
      serve_(std::move(serve)),
      count_refusal_(std::move(count_refusal)),
      worker_share_(std::max(1, limits.threads / 2)) {}

ConnectionPool::~ConnectionPool() {
  Drain();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ConnectionPool::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_) return;
  started_ = true;
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  gate_thread_ = std::thread([this] { GateLoop(); });
  for (int i = 0; i < std::max(1, limits_.threads); ++i) {
    workers_.push_back(std::make_unique<Worker>());
    Worker* worker = workers_.back().get();
    worker->thread = std::thread([this, worker] { WorkerLoop(worker); });
  }
}

bool ConnectionPool::AtLimit(const std::string& address, bool loopback) const {
  if (limits_.max_connections_per_address <= 0 || (loopback && !limits_.limit_loopback)) return false;
  auto it = open_by_address_.find(address);
  return it != open_by_address_.end() && it->second >= limits_.max_connections_per_address;
}

void ConnectionPool::Add(int fd) {
  auto* connection = new Connection(fd, limits_);
  const int64_t now = NowMs();
  connection->idle_since_ms_ = now;
  connection->last_byte_ms_ = now;
  enum { kTake, kRefuse, kDrop, kNotServing } verdict;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_ || draining_ || stopping_) {
      verdict = kNotServing;
    } else if (open_ >= limits_.max_connections || AtLimit(connection->peer_address(), connection->loopback())) {
      verdict = lingering_ < kMaxLingering ? kRefuse : kDrop;
      if (verdict == kRefuse) ++lingering_;
    } else {
      verdict = kTake;
      connection->counted_ = true;
      ++open_;
      ++open_by_address_[connection->peer_address()];
    }
  }
  switch (verdict) {
    case kNotServing:
      delete connection;
      return;
    case kDrop:
      if (count_refusal_) count_refusal_("", 503);
      delete connection;
      return;
    case kRefuse:
      Refuse(connection, 503, now);  // then it lingers in the gate
      break;
    case kTake:
      break;
  }
  ToGate(connection);
}

void ConnectionPool::Refuse(Connection* connection, int status, int64_t now_ms) {
  Status why;
  if (status == 431) {
    why = Status::InvalidParam("请求头过大（上限" + std::to_string(limits_.max_header_bytes) + "字节）");
  } else if (status == 400) {
    why = Status::InvalidParam(std::string("请求头含有不允许的字符（") + connection->head_defect_ + "）");
  } else {
    why = Status(Code::kBusy, "连接过多，请稍后重试");
  }
  if (count_refusal_) {
    count_refusal_(MethodOf(connection->buffer_.data() + connection->begin_, connection->buffered()), status);
  }
  std::string reply = RawRefusal(status, why);
  // A fresh or idle socket has room for these few hundred bytes: never waits.
  (void)!::send(connection->fd_, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(connection->fd_, SHUT_WR);
  connection->linger_until_ms_ = now_ms + kLingerMs;
  connection->linger_budget_ = kLingerBytes;
  connection->begin_ = connection->end_ = 0;
}

void ConnectionPool::ToGate(Connection* connection) {
  connection->ReleaseIdleBuffer();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    incoming_.push_back(connection);
  }
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void ConnectionPool::ToReady(Connection* connection) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ready_.push_back(connection);
    ++ready_count_;
  }
  ready_cv_.notify_one();
}

void ConnectionPool::Close(Connection* connection) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (connection->counted_) {
      --open_;
      auto it = open_by_address_.find(connection->peer_address());
      if (it != open_by_address_.end() && --it->second == 0) open_by_address_.erase(it);
    } else if (connection->linger_until_ms_) {
      --lingering_;
    }
  }
  closed_cv_.notify_all();
  delete connection;
}

// The gate thread: every connection without a complete head, and the watchdog.
void ConnectionPool::GateLoop() {
  std::vector<pollfd> polled;
  std::vector<Connection*> ready_to_close;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      gate_.insert(gate_.end(), incoming_.begin(), incoming_.end());
      incoming_.clear();
    }
    const int64_t now = NowMs();
    const bool draining = draining_;
    const bool cut_all = draining && now >= drain_deadline_ms_;

    // What each connection's time, size or content decides, before reading more.
    for (size_t i = 0; i < gate_.size();) {
      Connection* c = gate_[i];
      bool close = false;
      bool moved = false;
      if (c->linger_until_ms_) {
        close = draining || now >= c->linger_until_ms_;
      } else if (cut_all) {
        close = true;
      } else if (c->buffered() == 0) {
        close = draining || now - c->idle_since_ms_ >= limits_.keep_alive_timeout_ms;
      } else if (c->HeadLength()) {
        if (c->head_defect_) {
          Refuse(c, 400, now);
        } else {
          ToReady(c);
          moved = true;
        }
      } else if (c->buffered() >= limits_.max_header_bytes) {
        Refuse(c, 431, now);
      } else {
        close = now - c->head_started_ms_ >= limits_.request_timeout_ms ||
                now - c->last_byte_ms_ >= limits_.read_timeout_ms;
      }
      if (close || moved) {
        gate_[i] = gate_.back();
        gate_.pop_back();
        if (close) Close(c);
        continue;
      }
      ++i;
    }
    if (cut_all) {
      std::lock_guard<std::mutex> lock(mutex_);
      ready_to_close.assign(ready_.begin(), ready_.end());
      ready_.clear();
      ready_count_ = 0;
    }
    for (Connection* c : ready_to_close) Close(c);
    ready_to_close.clear();
    Watch(now);

    polled.assign(1, pollfd{wake_fd_, POLLIN, 0});
    for (Connection* c : gate_) polled.push_back(pollfd{c->fd_, POLLIN, 0});
    int ready = ::poll(polled.data(), polled.size(), kGateTickMs);
    if (ready <= 0) continue;
    if (polled[0].revents) {
      uint64_t count;
      (void)!::read(wake_fd_, &count, sizeof count);
    }
    const int64_t read_at = NowMs();
    for (size_t i = 1; i < polled.size(); ++i) {
      if (!polled[i].revents) continue;
      Connection* c = gate_[i - 1];
      bool close = false;
      if (c->linger_until_ms_) {
        char sink[16 * 1024];
        ssize_t n = ::recv(c->fd_, sink, sizeof sink, MSG_DONTWAIT);
        if (n > 0) {
          c->linger_budget_ = static_cast<size_t>(n) >= c->linger_budget_ ? 0 : c->linger_budget_ - n;
          close = c->linger_budget_ == 0;
        } else {
          close = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
        }
      } else {
        ssize_t n = c->FillNow();
        if (n > 0) {
          if (!c->head_started_ms_) c->head_started_ms_ = read_at;
          c->last_byte_ms_ = read_at;
          if (c->HeadLength()) {
            if (c->head_defect_) {
              Refuse(c, 400, read_at);
            } else {
              ToReady(c);
              gate_[i - 1] = nullptr;
            }
          } else if (c->buffered() >= limits_.max_header_bytes) {
            Refuse(c, 431, read_at);
          }
        } else {
          close = n != -2;
        }
      }
      if (close) {
        Close(c);
        gate_[i - 1] = nullptr;
      }
    }
    gate_.erase(std::remove(gate_.begin(), gate_.end(), nullptr), gate_.end());
  }
  for (Connection* c : gate_) Close(c);
  gate_.clear();
}

// The watchdog: cuts a worker's connection past its deadline (or every one, past the drain's).
void ConnectionPool::Watch(int64_t now_ms) {
  const bool cut_all = draining_ && now_ms >= drain_deadline_ms_;
  for (auto& worker : workers_) {
    std::lock_guard<std::mutex> lock(worker->mutex);
    Connection* c = worker->connection;
    if (!c) continue;
    int64_t deadline = c->deadline_ms_.load(std::memory_order_relaxed);
    // shutdown(2), not close: the worker still owns the descriptor. Its blocked read or write
    // returns at once, the request fails, and the worker closes the connection.
    if (cut_all || (deadline && now_ms >= deadline)) ::shutdown(c->fd_, SHUT_RDWR);
  }
}

Connection* ConnectionPool::TakeReady(Worker* worker) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (stopping_) return nullptr;
    for (auto it = ready_.begin(); it != ready_.end(); ++it) {
      Connection* c = *it;
      const bool exempt = c->loopback() && !limits_.limit_loopback;
      int& busy = busy_by_address_[c->peer_address()];
      if (!exempt && busy >= worker_share_) continue;  // this address already holds its share
      ++busy;
      ++busy_;
      ready_.erase(it);
      --ready_count_;
      std::lock_guard<std::mutex> hold(worker->mutex);
      worker->connection = c;
      return c;
    }
    ready_cv_.wait(lock);
  }
}

void ConnectionPool::WorkerLoop(Worker* worker) {
  while (Connection* connection = TakeReady(worker)) ServeConnection(worker, connection);
}

void ConnectionPool::ServeConnection(Worker* worker, Connection* connection) {
  Next next = Next::kServe;
  while (next == Next::kServe) {
    connection->deadline_ms_.store(NowMs() + limits_.request_timeout_ms, std::memory_order_relaxed);
    bool last = draining_ || ++connection->requests_ >= kMaxRequestsPerConnection;
    bool again = serve_(*connection, last);
    connection->ClearDeadline();
    if (!again || last) {
      next = Next::kClose;
      break;
    }
    connection->EndRequest(NowMs());
    next = WaitForNextHead(connection);
  }
  {
    std::lock_guard<std::mutex> hold(worker->mutex);
    worker->connection = nullptr;
  }
  bool others_waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
    auto it = busy_by_address_.find(connection->peer_address());
    if (it != busy_by_address_.end() && --it->second <= 0) busy_by_address_.erase(it);
    others_waiting = !ready_.empty();
  }
  if (others_waiting) ready_cv_.notify_one();  // one may have waited for this address's share
  if (next == Next::kClose) {
    Close(connection);
  } else {
    ToGate(connection);
  }
}

// Between two requests on one connection: the worker keeps it while no other connection waits
// for a worker, and hands it to the gate as soon as one does.
ConnectionPool::Next ConnectionPool::WaitForNextHead(Connection* c) {
  while (true) {
    if (c->HeadLength()) return c->head_defect_ ? Next::kToGate : Next::kServe;
    if (draining_) return c->buffered() ? Next::kToGate : Next::kClose;
    if (ready_count_ > 0) return Next::kToGate;
    const int64_t now = NowMs();
    if (c->buffered() == 0) {
      if (now - c->idle_since_ms_ >= limits_.keep_alive_timeout_ms) return Next::kClose;
    } else if (c->buffered() >= limits_.max_header_bytes) {
      return Next::kToGate;  // the gate refuses it
    } else if (now - c->head_started_ms_ >= limits_.request_timeout_ms ||
               now - c->last_byte_ms_ >= limits_.read_timeout_ms) {
      return Next::kClose;
    }
    // One system call per wait where a poll and then a read were two (system calls are dear on
    // a paravirtualized VM: docs/performance.md).
    ssize_t n = c->FillWaiting();
    if (n == 0 || n == -1) return Next::kClose;
    if (n > 0) {
      const int64_t read_at = NowMs();
      if (!c->head_started_ms_) c->head_started_ms_ = read_at;
      c->last_byte_ms_ = read_at;
    }
  }
}

void ConnectionPool::Drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_ || stopping_) return;
    drain_deadline_ms_ = NowMs() + limits_.shutdown_timeout_ms;
    draining_ = true;
  }
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    closed_cv_.wait(lock, [this] { return open_ == 0 && lingering_ == 0; });
    stopping_ = true;
  }
  ready_cv_.notify_all();
  (void)!::write(wake_fd_, &one, sizeof one);
  gate_thread_.join();
  for (auto& worker : workers_) worker->thread.join();
  workers_.clear();
}

ConnectionCounts ConnectionPool::Counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ConnectionCounts{open_, ready_.size(), busy_};
}

}  // namespace jsms
