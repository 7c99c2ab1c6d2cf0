#include "store/data_version.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>

#include "util/log.h"

namespace jsms::store {

struct DataVersionWatch::Watcher {
  Watcher(const std::string& path, int busy_timeout_ms)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX), pragma(db, "PRAGMA data_version") {
    db.setBusyTimeout(busy_timeout_ms);
  }
  SQLite::Database db;
  SQLite::Statement pragma;  // declared after db: destroyed before it
  int64_t seen = -1;         // the value this watcher read last; none yet
};

DataVersionWatch::DataVersionWatch(std::string path, int busy_timeout_ms)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}

DataVersionWatch::~DataVersionWatch() = default;

uint64_t DataVersionWatch::Read() {
  const int64_t now_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
  int64_t last = last_look_micros_.load(std::memory_order_relaxed);
  if (now_micros - last < kLookIntervalMicros || !last_look_micros_.compare_exchange_strong(last, now_micros)) {
    return changes_.load();
  }
  // A look that started before this one may still run (its thread preempted): wait for it, then
  // look again, so this look starts after every commit that happened before this Read.
  std::lock_guard<std::mutex> lock(look_mutex_);
  try {
    if (!watcher_) watcher_ = std::make_unique<Watcher>(path_, busy_timeout_ms_);
    // Reset at once: a stepped statement would keep the read transaction (and its snapshot) open,
    // and the next read would see nothing new.
    watcher_->pragma.executeStep();
    int64_t now = watcher_->pragma.getColumn(0).getInt64();
    watcher_->pragma.reset();
    if (now != watcher_->seen) {
      watcher_->seen = now;
      changes_.fetch_add(1);
    }
  } catch (const SQLite::Exception& e) {
    LogError("data version", e.what());
    if (watcher_) watcher_->pragma.tryReset();
    changes_.fetch_add(1);
  }
  return changes_.load();
}

}  // namespace jsms::store
