// What the fuzz targets whose first byte picks a mode share (auth, params): fuzz_target.cpp is
// their libFuzzer entry point, which splits each input and calls the target's Run.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace fuzz {

// Stops the run (libFuzzer saves the input) when an invariant does not hold.
inline void Require(bool condition) {
  if (!condition) std::abort();
}

// Defined by each target: how many modes it has, and what it does with the text (the input after
// its first byte) in mode `mode` (the first byte modulo kModes).
extern const uint8_t kModes;
void Run(uint8_t mode, std::string_view text);

}  // namespace fuzz
