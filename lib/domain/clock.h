// Wall-clock times in the formats of the wire contract, in server local time (spec §3).
#pragma once

#include <string>
#include <string_view>

namespace jsms {

// Now as "YYYY-MM-DD HH:MM:SS".
std::string NowTimestamp();

// The day part of a timestamp as "YYYYMMDD" (for new ids): "2017-06-21 …" -> "20170621".
std::string CompactDay(std::string_view timestamp);

// Shape checks used on input: "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DD" with in-range fields.
bool IsTimestamp(std::string_view text);
bool IsDate(std::string_view text);

}  // namespace jsms
