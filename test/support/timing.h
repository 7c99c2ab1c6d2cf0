// Time for bounded waits: every wait in the tests has a deadline.
#pragma once

#include <chrono>

namespace jsms::test::support {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace jsms::test::support
