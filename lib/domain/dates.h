// Dates and times in the wire contract's formats (spec §3). Pure: reading the clock is util/clock.h.
#pragma once

#include <string>
#include <string_view>

namespace jsms {

// The day part of a timestamp as "YYYYMMDD" (for new ids): "2017-06-21 …" -> "20170621".
std::string CompactDay(std::string_view timestamp);

// Shape checks used on input: "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DD" with in-range fields.
bool IsTimestamp(std::string_view text);
bool IsDate(std::string_view text);

}  // namespace jsms
