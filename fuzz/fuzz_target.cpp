#include "fuzz_target.h"

#include <cstddef>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  fuzz::Run(data[0] % fuzz::kModes, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
