#include "support/accounts.h"

#include <catch2/catch.hpp>

#include "domain/accounts.h"
#include "util/clock.h"
#include "util/secrets.h"

namespace jsms::test::support {

int64_t AddAccount(Store& store, const std::string& login, Role role, const std::string& password,
                   std::optional<int64_t> id, const std::string& name) {
  NewAccount account;
  account.id = id;
  account.login = login;
  account.role = role;
  if (!name.empty() || !id) account.name = name.empty() ? login : name;
  REQUIRE(HashPassword(password, &account.password_hash).ok());
  Account added;
  Status status = store.accounts().Add(account, &added);
  INFO(status.message());
  REQUIRE(status.ok());
  return added.id;
}

std::string MakeToken(Store& store, int64_t staff_id) {
  std::string token = kApiTokenPrefix + RandomToken();
  int64_t id = 0;
  REQUIRE(store.accounts().CreateToken(staff_id, "test", SecretDigest(token), NowUnixSeconds(), &id).ok());
  return token;
}

NameValues Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace jsms::test::support
