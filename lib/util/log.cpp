#include "util/log.h"

#include <unistd.h>

#include <string>

namespace jsms {

void LogError(std::string_view where, std::string_view detail) {
  std::string line = "jsms-ops: ";
  line.append(where).append(": ").append(detail).append("\n");
  LogLine(line);
}

void LogLine(std::string_view line) {
  // One write(2) so lines from concurrent workers do not interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace jsms
