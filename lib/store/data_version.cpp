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

std::unique_ptr<DataVersionWatch::Watcher> DataVersionWatch::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Watcher> watcher = std::move(idle_.back());
      idle_.pop_back();
      return watcher;
    }
  }
  return std::make_unique<Watcher>(path_, busy_timeout_ms_);
}

void DataVersionWatch::Return(std::unique_ptr<Watcher> watcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(watcher));
}

uint64_t DataVersionWatch::Read() {
  const int64_t now_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
  int64_t last = last_look_micros_.load(std::memory_order_relaxed);
  if (now_micros - last < kLookIntervalMicros || !last_look_micros_.compare_exchange_strong(last, now_micros)) {
    return changes_.load();
  }
  std::unique_ptr<Watcher> watcher;
  try {
    watcher = Acquire();
    // Reset at once: a stepped statement would keep the read transaction (and its snapshot) open,
    // and the next read would see nothing new.
    watcher->pragma.executeStep();
    int64_t now = watcher->pragma.getColumn(0).getInt64();
    watcher->pragma.reset();
    if (now != watcher->seen) {
      watcher->seen = now;
      changes_.fetch_add(1);  // before the load below, and before the watcher is handed on
    }
  } catch (const SQLite::Exception& e) {
    LogError("data version", e.what());
    if (watcher) watcher->pragma.tryReset();
    changes_.fetch_add(1);
  }
  uint64_t version = changes_.load();
  if (watcher) Return(std::move(watcher));
  return version;
}

}  // namespace jsms::store
