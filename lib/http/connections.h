// The server's connections, from accept to close. cpp-httplib 0.11 gives each connection a worker
// thread from accept to close, however slowly its client sends or however long it idles; this
// replaces that loop (server.cpp then reads each complete request itself, or hands it to the
// library):
//
// - The gate, one thread, holds every connection that has no complete request head yet: new
//   ones, idle keep-alive ones, slow senders. It reads what arrives without blocking, and hands a
//   connection to the workers only once a whole head is in its buffer. So idle and slow clients
//   cost a file descriptor and a buffer, never a worker. It enforces the head limits: at most
//   `max_header_bytes` (431 past it), the whole head within `request_timeout` of its first byte
//   and no silence over `read_timeout` (the connection is closed), no idle connection past
//   `keep_alive_timeout`.
// - A fixed number of workers serve complete heads, in order per connection (pipelined requests
//   included: bytes read past one request stay in the buffer for the next). A worker keeps its
//   connection between requests only while no other connection waits for a worker.
// - The watchdog (the gate thread again) cuts, with shutdown(2), a worker's connection whose
//   request body has not been read within `request_timeout` of the worker taking it.
// - Limits per client address: at most `max_connections_per_address` open connections (refused
//   with 503 past it), and at most half the workers at once. Loopback peers are exempt (a proxy
//   on the same machine is one address for all its clients, and limits them itself).
// - Drain(): stop taking requests, let those in progress finish for up to `shutdown_timeout`,
//   then cut whatever is left.
//
// No httplib here: server.cpp's ServeRequest reads through Connection::Read and writes through
// Connection::Write.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace jsms {

struct ConnectionLimits {
  int threads = 32;                       // workers
  size_t max_connections = 2048;          // open at once; past it new ones get 503 and are closed
  int max_connections_per_address = 64;   // open at once from one client address; 0: no limit
  bool limit_loopback = false;            // apply the per-address limits to loopback peers too
  size_t max_header_bytes = 32 * 1024;    // request line and headers together
  int request_timeout_ms = 10000;         // the head from its first byte; the body from its head
  int read_timeout_ms = 5000;             // longest silence while a request is being sent
  int write_timeout_ms = 5000;            // longest wait for the client to take reply bytes
  int keep_alive_timeout_ms = 2000;       // an idle connection (no request begun) is closed
  int shutdown_timeout_ms = 5000;         // Drain(): how long requests in progress may take
};

// Figures for /metrics and tests.
struct ConnectionCounts {
  size_t open = 0;     // connections open (gate, waiting for a worker, or in a worker)
  size_t waiting = 0;  // with a complete head, waiting for a worker
  size_t busy = 0;     // in a worker
};

// One accepted connection: its socket, its client's address and what has been read from it and
// not yet consumed. Read and Write are for the worker that holds it (server.cpp's stream).
class Connection {
 public:
  Connection(int fd, const ConnectionLimits& limits);
  ~Connection();  // closes the socket
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd() const { return fd_; }
  const std::string& peer_address() const { return peer_address_; }
  int peer_port() const { return peer_port_; }
  const std::string& local_address() const { return local_address_; }
  int local_port() const { return local_port_; }
  bool loopback() const { return loopback_; }

  // Up to `size` bytes of the request: buffered ones first, then from the socket, waiting up to
  // the read timeout. Returns the count, 0 at the end of the stream, -1 on a timeout, an error, or
  // once the body limit (BeginBody) is reached.
  ssize_t Read(char* out, size_t size);
  // Writes all of `data`, then all of `more` (one system call when the socket takes them: a
  // reply's head and body leave in one TCP segment); a client that takes no byte for the write
  // timeout is given up. Returns the count, or -1 when the client is gone or does not read.
  ssize_t Write(const char* data, size_t size, const char* more = nullptr, size_t more_size = 0);
  // Whether the socket takes bytes within the write timeout.
  bool WaitWritable() const;

  // The request's head has been read: from here on at most `limit` bytes more are read for it
  // (raw bytes, whatever the framing: chunk-size lines and multipart part headers count too).
  void BeginBody(uint64_t limit);
  // Raw body bytes read so far, and whether a read was refused for the limit.
  uint64_t body_bytes() const { return body_begun_ ? consumed_ - body_start_ : 0; }
  bool body_limit_reached() const { return limit_reached_; }

  // The request has reached its handler: the watchdog's deadline no longer applies.
  void ClearDeadline() { deadline_ms_.store(0, std::memory_order_relaxed); }

  // For a server that reads a request from the buffer itself (server.cpp's plain requests): the
  // bytes buffered and not yet consumed, which begin with the complete head of head_length()
  // bytes while the connection is being served; and Skip, which consumes `size` of them (at most
  // buffered) as Read would.
  std::string_view Buffered() const { return std::string_view(buffer_.data() + begin_, end_ - begin_); }
  size_t head_length() const { return head_length_; }
  void Skip(size_t size) {
    size = std::min(size, end_ - begin_);
    begin_ += size;
    consumed_ += size;
  }

 private:
  friend class ConnectionPool;

  size_t buffered() const { return end_ - begin_; }
  // Reads what the socket has without waiting. Returns the count, 0 at the end of the stream,
  // -1 on an error, -2 when nothing was there.
  ssize_t FillNow();
  // The same, waiting up to the socket's receive timeout (kHoldTickMs) for bytes to arrive.
  ssize_t FillWaiting();
  ssize_t Fill(int recv_flags);
  // The length of the complete request head at the start of the buffer, or 0.
  size_t HeadLength();
  // Forgets the request just served (its bytes are consumed); what follows stays buffered.
  void EndRequest(int64_t now_ms);
  void MakeRoom();
  void ReleaseIdleBuffer();

  int fd_;
  int read_timeout_ms_, write_timeout_ms_;
  std::string peer_address_, local_address_;
  int peer_port_ = 0, local_port_ = 0;
  bool loopback_ = false;

  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  size_t head_scanned_ = 0;  // bytes of the buffer searched for the head's end so far
  size_t head_length_ = 0;
  const char* head_defect_ = nullptr;

  uint64_t consumed_ = 0;  // bytes of the current request handed out by Read
  bool body_begun_ = false;
  uint64_t body_start_ = 0;
  uint64_t read_limit_ = UINT64_MAX;
  bool limit_reached_ = false;

  int64_t head_started_ms_ = 0;  // first byte of the pending request; 0: none yet
  int64_t last_byte_ms_ = 0;
  int64_t idle_since_ms_ = 0;
  std::atomic<int64_t> deadline_ms_{0};  // the watchdog cuts the connection past it; 0: none
  uint64_t requests_ = 0;

  bool counted_ = false;      // counts against the open-connection limits
  int64_t linger_until_ms_ = 0;  // closing after a refusal: reading and dropping until then
  size_t linger_budget_ = 0;
};

class ConnectionPool {
 public:
  // Serves the one request whose head is complete at the start of the connection's buffer.
  // `last`: the reply must say Connection: close. Returns whether the connection may carry
  // another request.
  using ServeRequest = std::function<bool(Connection& connection, bool last)>;
  // Counts a refusal made before a request reached the library (status 431 or 503) for /metrics:
  // `method` is the request line's first word as far as it was read ("" when nothing was).
  using CountRefusal = std::function<void(const std::string& method, int status)>;

  ConnectionPool(ConnectionLimits limits, ServeRequest serve, CountRefusal count_refusal);
  ~ConnectionPool();  // drains when still running
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Starts the gate and the workers.
  void Start();
  // Takes an accepted socket (called on the accepting thread; never blocks).
  void Add(int fd);
  // Stops taking requests: idle connections are closed at once; requests already begun finish,
  // each with Connection: close, for up to the shutdown timeout; then every connection left is
  // cut. Returns once every connection is closed and every thread has ended.
  void Drain();

  ConnectionCounts Counts() const;

  // Whether Drain() has begun: replies written from now on should be their connection's last.
  bool draining() const { return draining_; }

 private:
  struct Worker {
    std::mutex mutex;               // guards `connection` against the watchdog
    Connection* connection = nullptr;
    std::thread thread;
  };
  enum class Next { kServe, kToGate, kClose };

  void GateLoop();
  void WorkerLoop(Worker* worker);
  Connection* TakeReady(Worker* worker);
  void ServeConnection(Worker* worker, Connection* connection);
  Next WaitForNextHead(Connection* connection);
  // Takes the connection off the gate's set (the gate thread only).
  void Refuse(Connection* connection, int status, int64_t now_ms);
  void ToGate(Connection* connection);
  void ToReady(Connection* connection);
  void Close(Connection* connection);
  void Watch(int64_t now_ms);
  bool AtLimit(const std::string& address, bool loopback) const;  // mutex_ held

  const ConnectionLimits limits_;
  const ServeRequest serve_;
  const CountRefusal count_refusal_;
  const int worker_share_;  // workers one client address may hold at once

  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;  // a connection is ready, or the workers must stop
  std::condition_variable closed_cv_;  // a connection was closed (Drain waits for none left)
  std::vector<Connection*> incoming_;  // for the gate
  std::deque<Connection*> ready_;      // complete heads waiting for a worker
  std::atomic<size_t> ready_count_{0};
  std::map<std::string, int> open_by_address_;
  std::map<std::string, int> busy_by_address_;
  size_t open_ = 0;
  size_t busy_ = 0;
  size_t lingering_ = 0;
  bool started_ = false;
  std::atomic<bool> draining_{false};
  std::atomic<int64_t> drain_deadline_ms_{0};
  bool stopping_ = false;

  int wake_fd_ = -1;  // eventfd: wakes the gate
  std::vector<Connection*> gate_;  // the gate thread's own
  std::thread gate_thread_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace jsms
