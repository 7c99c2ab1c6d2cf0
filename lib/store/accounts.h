// Staff accounts in the store (accounts.md): logins, roles, password hashes, sessions, API tokens
// and login events. Thread-safe; every call returns a Status and never throws. Secrets never
// arrive here: callers pass password hashes (util/secrets.h) and digests of session ids and
// tokens. Times are Unix seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts.h"
#include "domain/status.h"
#include "store/desk.h"

namespace jsms {

namespace store {
class Database;
}

struct NewAccount {
  // Gives the staff member with this id (say one that exists only as a name) the account; a new
  // staff member with this id when there is none. Without it, a new staff member.
  std::optional<int64_t> id;
  std::string login;
  std::optional<std::string> name;  // required for a new staff member
  Role role = Role::kOps;
  std::string password_hash;
};

struct SessionTimes {
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
};

struct AccountChanges {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<bool> disabled;
};

// A login attempt to record. On success a session starts with `session_digest`.
struct LoginAttempt {
  std::string login;  // LoginForRecord of what was presented
  std::optional<int64_t> staff_id;
  std::string client_address;
  bool success = false;
  int64_t at = 0;
  std::string session_digest;   // success only
  std::string replaced_digest;  // success only: the session this browser had before, ended; may be ""
};

class AccountStore {
 public:
  explicit AccountStore(store::Database* db) : db_(db) {}

  // True when any staff member has a password (disabled or not): the server is in accounts mode.
  Status AnyPassword(bool* out);

  // Every staff member, by id.
  Status List(std::vector<Account>* out);

  // The staff member `id`: kStaffNotFound when there is none.
  Status Get(int64_t id, Account* out);

  // The account with `login` and its password hash ("" when it has none); `found` false when no
  // staff member has this login.
  Status FindByLogin(const std::string& login, Account* out, std::string* password_hash, bool* found);

  // Adds an account (see NewAccount). kStateConflict when the login is taken or the staff member
  // already has a login; kInvalidParam when a new staff member has no name.
  Status Add(const NewAccount& account, Account* out);

  // Changes name, role or disabled. kStaffNotFound; kStateConflict when the member has no login
  // (for role and disabled) or when the change would leave no active admin (an enabled admin with
  // a password). A role change or disabling ends every session of the member.
  Status Edit(int64_t id, const AccountChanges& changes, Account* out);

  // Sets the password hash and ends the member's sessions, all but `keep_session_digest` when it
  // is not empty. kStaffNotFound; kStateConflict when the member has no login.
  Status SetPassword(int64_t id, const std::string& password_hash, const std::string& keep_session_digest = "");

  // ---- Logins
  // The failures counted by the lockout for an attempt at `now` (domain/accounts.h).
  Status RecentFailuresFor(const std::string& login, const std::string& client_address, int64_t now,
                           RecentFailures* out);

  // Records the attempt; on success, in the same transaction, starts its session, ends the
  // replaced one, sets the member's last login and drops every expired session.
  Status RecordLogin(const LoginAttempt& attempt);

  // Login events, newest first; only those of `login` when given.
  Status VisitLoginEvents(const std::optional<std::string>& login, const PageRequest& page, const OnTotal& on_total,
                          const OnRow<LoginEvent>& on_row);

  // ---- Sessions and tokens. `found` is false unless the secret belongs to an enabled account.
  // A session must also be alive (an expired one is deleted); its last-seen time is written
  // when older than a minute.
  // `times` gets the session's login and last-seen times as they are after the call.
  Status FindSession(const std::string& digest, int64_t now, Account* out, bool* found, SessionTimes* times);
  Status EndSession(const std::string& digest);

  Status CreateToken(int64_t staff_id, const std::string& label, const std::string& digest, int64_t now,
                     int64_t* id);
  Status ListTokens(std::vector<ApiTokenInfo>* out);
  // `found` false when there is no token `id`.
  Status RevokeToken(int64_t id, bool* found);
  Status FindToken(const std::string& digest, Account* out, bool* found);

 private:
  store::Database* db_;
};

}  // namespace jsms
