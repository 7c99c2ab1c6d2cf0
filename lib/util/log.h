// Logging to stderr: where internals (SQL errors, exception text, paths) go instead of replies.
#pragma once

#include <string_view>

namespace jsms {

// Writes "jsms-ops: <where>: <detail>" as one line to stderr (thread-safe: one write call).
void LogError(std::string_view where, std::string_view detail);

// Writes `line` (which ends in its own "\n") to stderr as it is, in one write call.
void LogLine(std::string_view line);
// Writes "jsms-ops: <what>: <detail>" the same way, for events an operator wants in the log
// (logins). Never pass a secret.
void LogInfo(std::string_view what, std::string_view detail);

}  // namespace jsms
