#include "store/write_queue.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

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
    finished_.notify_all();
  }
  return job.result;
}

void WriteQueue::RunBatch(const std::vector<Job*>& batch) {
  try {
    auto c = pool_->Acquire();
    SQLite::Transaction transaction(c->db(), SQLite::TransactionBehavior::IMMEDIATE);
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
    transaction.commit();
    commits_.fetch_add(1, std::memory_order_acq_rel);
    batch_sizes_.Observe(batch.size());
    size_t largest = largest_batch_.load(std::memory_order_relaxed);
    while (batch.size() > largest && !largest_batch_.compare_exchange_weak(largest, batch.size())) {
    }
  } catch (const SQLite::Exception& e) {
    // Nothing of the batch was committed: every write in it failed, whatever it had answered.
    Status failed = FromException(batch.size() == 1 ? batch.front()->where : "a batch of writes", e);
    for (Job* job : batch) job->result = failed;
  }
}

}  // namespace jsms::store
