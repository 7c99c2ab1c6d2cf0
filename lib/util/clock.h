// The wall clock, in the wire contract's format (spec §3): server local time.
#pragma once

#include <string>

namespace jsms {

// Now as "YYYY-MM-DD HH:MM:SS".
std::string NowTimestamp();

}  // namespace jsms
