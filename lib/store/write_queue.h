// Group commit for the store's writes (internal to lib/store).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "domain/status.h"
#include "store/connection.h"
#include "util/metrics.h"

namespace jsms::store {

// Every write of this process goes through one queue. Whoever finds no write running becomes
// the leader: it takes every write queued so far and runs them in ONE BEGIN IMMEDIATE
// transaction, each inside its own savepoint (a refused or failed write rolls back alone, and
// each sees the writes before it, exactly as if they ran one by one), commits once, then wakes
// the writers with their results. No write is answered before the commit that holds it, so
// durability is as for one transaction per write; the WAL frames and the commit are shared.
// (Measured: one transaction per action wrote ~8 WAL pages each; a batch writes the shared
// pages once. Contending writers no longer sleep in SQLite's busy handler either.)
//
// The queue also bounds the WAL. Passive checkpoints (store/checkpointer.h) never let it start
// over while writes keep coming (measured: 705 MB of WAL beside a 6 MB database after 10 s of
// back-to-back writes, and it stayed that size), so after a commit that leaves the WAL file over
// `wal_limit_bytes` the leader, with no other write of this process running, runs a TRUNCATE
// checkpoint: every frame copied, the WAL reset and its file truncated.
class WriteQueue {
 public:
  using Write = std::function<Status(Connection&)>;

  WriteQueue(ConnectionPool* pool, int64_t wal_limit_bytes) : pool_(pool), wal_limit_bytes_(wal_limit_bytes) {}

  // Runs `write` as described; returns its Status (kBusy when the database stayed locked by
  // another process past the busy timeout, kInternal on a database error; both logged).
  Status Run(const char* where, const Write& write);

  // Runs `PRAGMA wal_checkpoint(mode)` on `c`, one checkpoint of this process at a time (SQLite
  // answers a checkpoint that finds another running SQLITE_BUSY at once, without waiting, so a
  // long passive one would keep the bounding TRUNCATE from ever running).
  void Checkpoint(Connection& c, const char* mode);

  // How many batches have committed: a cache tagged with the value read before its query is
  // valid while the value is unchanged. (Writes by other processes are not counted.)
  uint64_t commits() const { return commits_.load(std::memory_order_acquire); }

  // Sizes of the batches committed so far, for tests and metrics: the largest one.
  size_t largest_batch() const { return largest_batch_.load(std::memory_order_relaxed); }

  // How many writes each committed batch held (GET /metrics: jsms_write_batch_size).
  const Histogram& batch_sizes() const { return batch_sizes_; }
  // Writes waiting for a leader right now (not the batch being run). A test hook: it lets a test
  // hold one write open until the others are queued behind it, so that it can show they then
  // commit as one batch, without guessing with sleeps.
  size_t queued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queued_.size();
  }

 private:
  struct Job {
    const Write* write;
    const char* where;
    Status result;
    bool done = false;
  };

  void RunBatch(const std::vector<Job*>& batch);
  void BoundWal(Connection& c);

  ConnectionPool* pool_;
  // The writers' own connection (Connection::kWriterCacheKib), opened by the first batch. Used by
  // the leader only: leaders follow one another under mutex_.
  std::unique_ptr<Connection> writer_;
  const int64_t wal_limit_bytes_;
  mutable std::mutex mutex_;
  std::mutex checkpoint_mutex_;
  std::condition_variable finished_;
  std::deque<Job*> queued_;
  bool leading_ = false;
  std::atomic<uint64_t> commits_{0};
  std::atomic<size_t> largest_batch_{0};
  std::atomic<bool> file_lost_logged_{false};
  Histogram batch_sizes_{{1, 2, 4, 8, 16, 32, 64, 128, 256}};
};

}  // namespace jsms::store
