#include "util/log.h"

#include <unistd.h>

#include <string>

namespace jsms {

namespace {

void WriteLine(std::string_view where, std::string_view detail) {
  std::string line = "jsms-ops: ";
  line.append(where).append(": ").append(detail).append("\n");
  LogLine(line);
}

}  // namespace

void LogLine(std::string_view line) {
  // One write(2) so lines from concurrent workers do not interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

void LogError(std::string_view where, std::string_view detail) { WriteLine(where, detail); }

void LogInfo(std::string_view what, std::string_view detail) { WriteLine(what, detail); }

}  // namespace jsms
