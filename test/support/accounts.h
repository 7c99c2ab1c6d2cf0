// Staff accounts for tests: members with real password hashes, their API tokens, and the header
// that presents one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/access.h"
#include "http/request.h"
#include "store/store.h"

namespace jsms::test::support {

// Adds an account with a real Argon2id hash of `password`; returns its staff id. The name is
// `name`, or the login when neither a name nor an id is given.
int64_t AddAccount(Store& store, const std::string& login, Role role, const std::string& password,
                   std::optional<int64_t> id = std::nullopt, const std::string& name = "");

// A new API token ("jso_…") for staff member `staff_id`.
std::string MakeToken(Store& store, int64_t staff_id);

// "Authorization: Bearer <token>".
NameValues Bearer(const std::string& token);

}  // namespace jsms::test::support
