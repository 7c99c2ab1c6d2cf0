#include "store/write_queue.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include "domain/log.h"
#include "store/connection.h"
#include "store/store_internal.h"

namespace jsms {

Status WriteQueue::Run(ConnectionPool& pool, const char* where, const Write& write) {
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
      RunBatch(pool, batch);
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

void WriteQueue::RunBatch(ConnectionPool& pool, const std::vector<Job*>& batch) {
  try {
    auto c = pool.Acquire();
    SQLite::Transaction transaction(c->db(), SQLite::TransactionBehavior::IMMEDIATE);
    for (Job* job : batch) {
      c->Prepared("SAVEPOINT write")->exec();
      try {
        job->result = (*job->write)(*c);
      } catch (const SQLite::Exception& e) {
        job->result = store::FromException(job->where, e);
      } catch (const std::exception& e) {
        LogError(job->where, e.what());
        job->result = Status::Internal();
      }
      if (!job->result.ok()) c->Prepared("ROLLBACK TO write")->exec();
      c->Prepared("RELEASE write")->exec();
    }
    transaction.commit();
    pool.CountCommit();
  } catch (const SQLite::Exception& e) {
    // Nothing of the batch was committed: every write in it failed, whatever it had answered.
    Status failed = store::FromException(batch.size() == 1 ? batch.front()->where : "a batch of writes", e);
    for (Job* job : batch) job->result = failed;
  }
}

}  // namespace jsms
