// Moving WAL checkpoints off the write path (internal to lib/store).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace jsms::store {

class Database;

// Connections run with wal_autocheckpoint=0: otherwise the write that crosses 1,000 WAL pages
// runs the checkpoint, fsyncs included, while every other writer waits behind it. Instead this
// thread runs a PASSIVE checkpoint (which never blocks writers) a few times a second whenever
// something was committed, and a TRUNCATE checkpoint when the store closes, so a cleanly stopped
// jsms-ops leaves an empty WAL.
// (Passive checkpoints alone never let the WAL start over while writes keep coming: the write
// queue bounds it, see WriteQueue.)
class Checkpointer {
 public:
  explicit Checkpointer(Database* db);
  ~Checkpointer();  // stops the thread, then checkpoints everything and truncates the WAL

 private:
  void Loop();
  void Checkpoint(const char* mode);

  Database* db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace jsms::store
