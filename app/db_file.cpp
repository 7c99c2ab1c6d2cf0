#include "db_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "json/encode.h"
#include "util/clock.h"

namespace jsms {

StoreOptions CommandStoreOptions(int busy_timeout_ms) {
  StoreOptions options;
  options.busy_timeout_ms = busy_timeout_ms;
  options.encode_resource_row = PackResourceRow;
  return options;
}

void SayWhenNew(const std::string& db_path) {
  struct stat info;
  if (::stat(db_path.c_str(), &info) != 0 && errno == ENOENT) {
    std::cerr << "jsms-ops: " << db_path << " does not exist: creating a new, empty database\n";
  }
}

std::unique_ptr<ServeLock> ServeLock::Acquire(const std::string& db_path, std::string* error) {
  const std::string path = db_path + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    *error = "cannot open the lock file " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int why = errno;
    std::string holder;
    char buffer[256];
    ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    if (n > 0) holder.assign(buffer, static_cast<size_t>(n));
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\r')) holder.pop_back();
    ::close(fd);
    if (why != EWOULDBLOCK) {
      *error = "cannot lock " + path + ": " + std::strerror(why);
    } else {
      *error = db_path + " is already being served by another jsms-ops (" +
               (holder.empty() ? std::string("it is starting") : holder) + "; lock file " + path +
               "): stop it first, or serve another file";
    }
    return nullptr;
  }
  std::string holder = "pid " + std::to_string(::getpid()) + ", since " + NowTimestamp() + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size())) {
    // The lock holds all the same; only the holder's description is missing.
    std::cerr << "jsms-ops: cannot write " << path << ": " << std::strerror(errno) << "\n";
  }
  return std::unique_ptr<ServeLock>(new ServeLock(fd));
}

ServeLock::~ServeLock() { ::close(fd_); }

}  // namespace jsms
