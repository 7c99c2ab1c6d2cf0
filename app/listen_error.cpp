#include "listen_error.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jsms {

std::string DescribeListenFailure(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* addresses = nullptr;
  int resolved = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &addresses);
  if (resolved != 0) return "unknown host " + host + " (" + ::gai_strerror(resolved) + "); check --host";
  int error = 0;
  for (addrinfo* address = addresses; address; address = address->ai_next) {
    int fd = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    error = ::bind(fd, address->ai_addr, address->ai_addrlen) == 0 ? 0 : errno;
    ::close(fd);
    if (error == 0) break;
  }
  ::freeaddrinfo(addresses);
  switch (error) {
    case EADDRINUSE:
      return "address already in use: another program (perhaps another jsms-ops) listens on port " +
             std::to_string(port) + "; stop it, or choose another port with --port";
    case EACCES:
      return "permission denied: ports below 1024 need privileges; choose another port with --port";
    case EADDRNOTAVAIL:
      return "this machine has no address " + host + "; check --host";
    case 0:
      return "the listening socket could not be set up";
    default:
      return std::strerror(error);
  }
}

CLI::Validator PortNumber() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        bool digits = !value.empty() && value.size() <= 9 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) return value + " is not a number (a port: 0 to 65535, 0 picks a free one)";
        if (std::stol(value) > 65535) return value + " is not a port (0 to 65535)";
        return "";
      },
      "PORT");
}

}  // namespace jsms
