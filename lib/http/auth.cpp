#include "http/auth.h"

#include <string_view>

namespace jsms {

namespace {

// Compares a presented secret with the configured one in time that depends only on the
// configured one's length, so timing tells a guesser nothing about how much was right.
bool SameSecret(std::string_view presented, const std::string& expected) {
  unsigned char diff = presented.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    unsigned char p = i < presented.size() ? static_cast<unsigned char>(presented[i]) : 0;
    diff |= p ^ static_cast<unsigned char>(expected[i]);
  }
  return diff == 0;
}

// The credentials of "Authorization: Bearer <credentials>", or "" when there are none.
std::string_view BearerCredentials(const ApiRequest& request) {
  const std::string* header = request.Header("Authorization");
  if (!header) return {};
  constexpr std::string_view kPrefix = "Bearer ";
  std::string_view value = *header;
  if (value.substr(0, kPrefix.size()) != kPrefix) return {};
  return value.substr(kPrefix.size());
}

}  // namespace

Principal Authenticator::Identify(const ApiRequest& request) const {
  Principal principal;
  const std::string* operator_header = request.Header("X-Operator-Id");
  principal.operator_header = ReadOperatorHeader(operator_header ? std::optional<std::string>(*operator_header)
                                                                 : std::nullopt);
  if (options_.service_token.empty()) {
    principal.caller = Caller::kOpen;
    return principal;
  }
  std::string_view presented = BearerCredentials(request);
  principal.caller = !presented.empty() && SameSecret(presented, options_.service_token) ? Caller::kService
                                                                                          : Caller::kNobody;
  return principal;
}

}  // namespace jsms
