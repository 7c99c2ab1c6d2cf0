// The database file as the commands see it before opening it: whether it is new, and which
// process serves it.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace jsms {

// The options every command opens the store with: resource rows kept encoded as the resource
// page writes them (json/encode.h), and the given busy timeout.
StoreOptions CommandStoreOptions(int busy_timeout_ms = 5000);

// When `db_path` does not exist, says on stderr that a new, empty database is created there (a
// mistyped --db would otherwise start quietly on an empty file).
void SayWhenNew(const std::string& db_path);

// One server per database file: an advisory lock (flock) on "<db>.lock", held while serving and
// released when the process ends, however it ends. Not on the database file itself: SQLite's
// POSIX locks on it are dropped when any descriptor of the file is closed. CLI commands that
// write (seed, backup, check, …) do not take it: they run beside a server, through SQLite's own
// locking.
class ServeLock {
 public:
  // Takes the lock and writes our pid and start time into the file. On failure returns null and
  // sets *error to a sentence naming the holder ("pid 1234, since 2024-06-01 09:30:00") or why
  // the file could not be opened.
  static std::unique_ptr<ServeLock> Acquire(const std::string& db_path, std::string* error);
  ~ServeLock();
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace jsms
