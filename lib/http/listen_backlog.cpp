#include "http/listen_backlog.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>

namespace jsms {

namespace {

int PortOf(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return -1;
}

bool IsListening(int fd) {
  int accepting = 0;
  socklen_t length = sizeof accepting;
  return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting;
}

}  // namespace

bool RaiseListenBacklog(int port, int backlog) {
  DIR* fds = opendir("/proc/self/fd");
  if (!fds) return false;
  bool raised = false;
  while (dirent* entry = readdir(fds)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || fd == dirfd(fds)) continue;
    if (IsListening(static_cast<int>(fd)) && PortOf(static_cast<int>(fd)) == port) {
      raised = listen(static_cast<int>(fd), backlog) == 0 || raised;
    }
  }
  closedir(fds);
  return raised;
}

}  // namespace jsms
