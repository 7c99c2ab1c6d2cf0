// The wall clock, in the wire contract's format (spec §3): server local time.
#pragma once

#include <cstdint>
#include <string>

namespace jsms {

// Now as "YYYY-MM-DD HH:MM:SS".
std::string NowTimestamp();

// Now as seconds since 1970-01-01 UTC: what lockout windows and session lifetimes count in.
int64_t NowUnixSeconds();

}  // namespace jsms
