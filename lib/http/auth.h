// The one authentication step: every request's Principal is made here, once, from its headers,
// before routing (so a stranger is refused before their body is read).
#pragma once

#include <string>

#include "domain/access.h"
#include "http/request.h"

namespace jsms {

struct AuthOptions {
  // The service token for integrations (--token): "Authorization: Bearer <token>" acts as admin.
  // When set, every request needs an identity.
  std::string service_token;
};

class Authenticator {
 public:
  explicit Authenticator(AuthOptions options) : options_(std::move(options)) {}

  // Open mode (no token, no accounts): Caller::kOpen. Accounts mode: kService for the service
  // token, kNobody for anything else. The X-Operator-Id header is read into the Principal either way.
  Principal Identify(const ApiRequest& request) const;

 private:
  AuthOptions options_;
};

}  // namespace jsms
