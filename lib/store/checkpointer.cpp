#include "store/checkpointer.h"

#include <SQLiteCpp/Exception.h>

#include <chrono>
#include <string>

#include "util/log.h"
#include "store/database.h"

namespace jsms::store {

Checkpointer::Checkpointer(Database* db) : db_(db), thread_([this] { Loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  Checkpoint("TRUNCATE");
}

void Checkpointer::Loop() {
  uint64_t checkpointed = db_->commits();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) {
    uint64_t commits = db_->commits();
    if (commits == checkpointed) continue;
    lock.unlock();
    Checkpoint("PASSIVE");
    checkpointed = commits;
    lock.lock();
  }
}

void Checkpointer::Checkpoint(const char* mode) {
  try {
    ConnectionPool::SnapshotPause pause(&db_->pool());  // none may pin the frames to copy
    auto c = db_->pool().Acquire();
    db_->writes().Checkpoint(*c, mode);
  } catch (const SQLite::Exception& e) {
    LogError("checkpoint", e.what());  // the next one retries; the WAL only grows meanwhile
  }
}

}  // namespace jsms::store
