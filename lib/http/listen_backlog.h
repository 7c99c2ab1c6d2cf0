// Raising the listen backlog of cpp-httplib's socket.
#pragma once

namespace jsms {

// Debian's cpp-httplib 0.11 is compiled with a listen backlog of 5: a burst of more than five
// new connections overflows the accept queue, and the kernel drops or resets the extra ones
// (clients see a 1 s SYN retry or a reset). The library keeps its socket private, so we find the
// listening TCP socket bound to `port` among our file descriptors and call listen() on it again,
// which on Linux only enlarges its queue. Returns false when no such socket was found.
bool RaiseListenBacklog(int port, int backlog);

}  // namespace jsms
