#include "util/clock.h"

#include <ctime>
#include <string>

namespace jsms {

std::string NowTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

int64_t NowUnixSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

}  // namespace jsms
