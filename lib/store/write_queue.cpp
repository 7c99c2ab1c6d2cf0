#include "store/write_queue.h"

#include <SQLiteCpp/Exception.h>
#include <sys/stat.h>

#include <thread>

#include "store/connection.h"
#include "store/errors.h"
#include "util/log.h"

namespace jsms::store {

namespace {

const Query kSavepoint("SAVEPOINT write");
const Query kRollbackToSavepoint("ROLLBACK TO write");
const Query kReleaseSavepoint("RELEASE write");

}  // namespace

Status WriteQueue::Run(const char* where, const Write& write) {
  Job job{&write, where, Status(), false};
  std::unique_lock<std::mutex> lock(mutex_);
  queued_.push_back(&job);
  while (!job.done) {
    if (leading_) {
      finished_.wait(lock);
      continue;
    }
    leading_ = true;
    if (queued_.size() == 1) {
      // Alone in the queue: let the threads that are ready to run reach it first. On a busy core
      // the writers behind this one are still parsing their requests; without this every write
      // committed alone (batches of 1 in 98% of commits with 16 writers on one core), each commit
      // writing its pages to the WAL again. With nobody else ready to run, it returns at once.
      lock.unlock();
      std::this_thread::yield();
      lock.lock();
    }
    std::vector<Job*> batch(queued_.begin(), queued_.end());
    queued_.clear();
    lock.unlock();
    try {
      RunBatch(batch);
    } catch (...) {
      // Whatever escaped (e.g. no memory for a connection), the queue must keep a leader.
      LogError(where, "unexpected failure running a batch of writes");
      for (Job* failed : batch) failed->result = Status::Internal();
    }
    lock.lock();
    for (Job* done : batch) done->done = true;
    leading_ = false;
    // This job was in the batch (it was queued when this thread took the lead). Notify after
    // unlocking: the woken writers would otherwise wake only to wait for this lock.
    lock.unlock();
    finished_.notify_all();
    return job.result;
  }
  return job.result;
}

void WriteQueue::RunBatch(const std::vector<Job*>& batch) {
  try {
    if (!writer_) {
      writer_ = std::make_unique<Connection>(pool_->path(), pool_->busy_timeout_ms(), Connection::kWriterCacheKib);
    }
    Connection* c = writer_.get();
    ScopedTransaction transaction(*c, ScopedTransaction::Kind::kWrite);
    for (Job* job : batch) {
      c->Prepared(kSavepoint)->exec();
      try {
        job->result = (*job->write)(*c);
      } catch (const SQLite::Exception& e) {
        job->result = FromException(job->where, e);
      } catch (const std::exception& e) {
        LogError(job->where, e.what());
        job->result = Status::Internal();
      }
      if (!job->result.ok()) c->Prepared(kRollbackToSavepoint)->exec();
      c->Prepared(kReleaseSavepoint)->exec();
    }
    // A file deleted or replaced under us: committing would acknowledge writes that are lost for
    // good at the next start. Roll the batch back instead (the transaction's destructor does).
    if (c->FileMoved()) {
      if (!file_lost_logged_.exchange(true)) {
        LogError("write", "the database file " + pool_->path() +
                              " was deleted or replaced while serving: refusing every write; restart jsms-ops");
      }
      for (Job* job : batch) job->result = Status::Internal();
      return;
    }
    transaction.Commit();
    commits_.fetch_add(1, std::memory_order_acq_rel);
    batch_sizes_.Observe(batch.size());
    size_t largest = largest_batch_.load(std::memory_order_relaxed);
    while (batch.size() > largest && !largest_batch_.compare_exchange_weak(largest, batch.size())) {
    }
    BoundWal(*c);
  } catch (const SQLite::Exception& e) {
    // Nothing of the batch was committed: every write in it failed, whatever it had answered.
    Status failed = FromException(batch.size() == 1 ? batch.front()->where : "a batch of writes", e);
    for (Job* job : batch) job->result = failed;
  }
}

void WriteQueue::BoundWal(Connection& c) {
  struct stat wal {};
  if (::stat((pool_->path() + "-wal").c_str(), &wal) != 0 || wal.st_size <= wal_limit_bytes_) return;
  // Waits (busy timeout) for readers of old frames; when one outlasts it the checkpoint stops
  // short and the next commit tries again.
  ConnectionPool::SnapshotPause pause(pool_);
  Checkpoint(c, "TRUNCATE");
}

void WriteQueue::Checkpoint(Connection& c, const char* mode) {
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  c.db().exec(std::string("PRAGMA wal_checkpoint(") + mode + ")");
}

}  // namespace jsms::store
