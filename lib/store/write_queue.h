// Group commit for the store's writes (internal to lib/store).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "domain/status.h"

namespace jsms {

class Connection;
class ConnectionPool;

// Every write of this process goes through one queue. Whoever finds no write running becomes
// the leader: it takes every write queued so far and runs them in ONE BEGIN IMMEDIATE
// transaction, each inside its own savepoint (a refused or failed write rolls back alone, and
// each sees the writes before it, exactly as if they ran one by one), commits once, then wakes
// the writers with their results. No write is answered before the commit that holds it, so
// durability is as for one transaction per write; the WAL frames and the commit are shared.
// (Measured: one transaction per action wrote ~8 WAL pages each; a batch writes the shared
// pages once. Contending writers no longer sleep in SQLite's busy handler either.)
class WriteQueue {
 public:
  using Write = std::function<Status(Connection&)>;

  // Runs `write` as described; returns its Status (kBusy when the database stayed locked by
  // another process past the busy timeout, kInternal on a database error; both logged).
  Status Run(ConnectionPool& pool, const char* where, const Write& write);

 private:
  struct Job {
    const Write* write;
    const char* where;
    Status result;
    bool done = false;
  };

  void RunBatch(ConnectionPool& pool, const std::vector<Job*>& batch);

  std::mutex mutex_;
  std::condition_variable finished_;
  std::deque<Job*> queued_;
  bool leading_ = false;
};

}  // namespace jsms
