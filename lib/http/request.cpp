#include "http/request.h"

#include "domain/text.h"

namespace jsms {

const std::string* ApiRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringCase(key, name)) return &value;
  }
  return nullptr;
}

std::string_view ApiRequest::ContentType() const {
  const std::string* value = Header("Content-Type");
  return value ? std::string_view(*value) : std::string_view();
}

}  // namespace jsms
