// Small text helpers shared by the parameter parser, the fixture loader and the domain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jsms {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Number of code points in valid UTF-8 text (continuation bytes are not counted).
size_t Utf8Length(std::string_view text);

// Parses a whole decimal integer: optional leading '-', digits only, no spaces, fits in int64.
bool ParseInt64(std::string_view text, int64_t* out);

// `text` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view text);

// Whether `a` and `b` are equal but for the case of ASCII letters (header names, media types,
// schemes).
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace jsms
