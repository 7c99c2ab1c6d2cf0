// The one authentication step: every request's Principal is made here, once, from its headers,
// before routing (so a stranger is refused before their body is read). Also what signing in and
// out means (sessions in the store, the cookie). Browsers attach the cookie to requests other
// sites make them send: such a write is refused before it gets here, for every caller alike, by
// the one Origin rule (http/origin.h, run first by Api::Admit).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/access.h"
#include "domain/accounts.h"
#include "http/params.h"
#include "http/request.h"

namespace jsms {

class Store;

struct AuthOptions {
  // The service token for integrations (--token): "Authorization: Bearer <token>" acts as admin
  // and may name the operator by X-Operator-Id. When set, the server is in accounts mode.
  std::string service_token;
  // Marks the session cookie Secure (--secure-cookies): set it when people reach jsms-ops over
  // HTTPS (a TLS proxy in front), so the browser never sends the cookie in clear.
  bool secure_cookies = false;
};

inline constexpr const char* kSessionCookieName = "jsms_session";

// ---- Reading credentials (pure; fuzzed by fuzz/auth_fuzzer.cpp).

// The value of the first jsms_session cookie in a Cookie header ("a=1; jsms_session=…; b=2"),
// or nullopt when there is none.
std::optional<std::string_view> SessionCookieValue(std::string_view cookie_header);

// The credentials of "Bearer <credentials>" (the scheme in any case, one space), or "" when the
// header is not of that form.
std::string_view BearerCredentials(std::string_view authorization);

struct Credentials {
  std::string login;
  std::string password;
};

// `login` and `password` from a login request: kInvalidParam naming one that is missing, empty
// or too long to be real (64 characters for a login, 1024 for a password). Their shape is not
// judged here: a wrong login is a failed login like any other.
Status ReadCredentials(const Params& params, Credentials* out);

class Authenticator {
 public:
  // `store` holds the accounts; it outlives the Authenticator. The dummy hash verified for an
  // unknown login is made by the first such login (Argon2 takes tens of milliseconds that the
  // server's start need not wait for): that one login is slower than the rest, never faster.
  Authenticator(Store* store, AuthOptions options);

  // Who is calling, into `out` (X-Operator-Id is read in every mode). Open mode: Caller::kOpen.
  // Accounts mode: kService for the service token, kStaff for a live session cookie or an API
  // token of an enabled member, kNobody for anything else. "Authorization" wins over the cookie:
  // a request that carries one is judged by it alone. A database failure is returned (kBusy,
  // kInternal), never taken for a stranger. First lets the store notice other processes'
  // commits; a session or token found in the store is then recalled without asking it again
  // while the data is unchanged (for a session, at most until its last-seen time is due).
  Status Identify(const ApiRequest& request, Principal* out) const;

  // True in accounts mode: a service token is set, or any staff member has a password. Follows
  // the data: the answer is kept while Store::DataVersion() is unchanged, which notices commits of
  // other processes too, so a `staff add` while serving switches the server at its next request
  // (within a millisecond under load).
  Status AccountsMode(bool* out) const;

  struct LoginResult {
    Principal principal;      // Ok: the member, as kStaff
    std::string session_id;   // Ok: the new session's id, for the cookie (shown only here)
    int64_t retry_after = 0;  // kTooManyAttempts: seconds
  };

  // Signs in from `request`'s client address. kTooManyAttempts (with retry_after) while the
  // lockout holds, even for the right password; kLoginFailed for a wrong password, an unknown or
  // a disabled login alike, taking about as long (a dummy hash is verified when there is no
  // real one). Every checked attempt is recorded and logged (never the password). On success a
  // new session starts (a cookie the browser already had is ended, never reused).
  Status Login(const Credentials& credentials, const ApiRequest& request, LoginResult* out) const;

  // Ends the session whose cookie `request` carries, if any (other sessions stay).
  Status Logout(const ApiRequest& request) const;

  // A staff member changes their own password: kForbidden for any other caller; the lockout and
  // the events apply to `old_password` as to a login (kTooManyAttempts with *retry_after; a wrong
  // one is kInvalidParam naming oldPassword); the new one must pass CheckNewPassword. Every other
  // session of the member ends (the one making the request stays).
  Status ChangeOwnPassword(const Principal& principal, const ApiRequest& request, const std::string& old_password,
                           const std::string& new_password, int64_t* retry_after) const;

  // Set-Cookie values: the session cookie, and the one that clears it.
  std::string SessionCookie(const std::string& session_id) const;
  std::string ClearedSessionCookie() const;

 private:
  // An identity found in the store, and how long it may be recalled.
  struct Known {
    Account account;
    uint64_t version = 0;     // Store::DataVersion() read before the lookup
    int64_t valid_until = 0;  // Unix seconds
  };
  static constexpr size_t kMaxKnown = 10000;  // then forgotten all at once

  // Finds the member behind a session id's or a token's digest: recalled, or from the store.
  Status FindMember(const std::string& digest, bool session, int64_t now, Account* out, bool* found) const;

  Store* store_;
  AuthOptions options_;
  // Logins being verified right now, by login and by client address: they count as failures
  // until recorded, so that 32 wrong passwords sent at once meet the limit of 5 (or 20) instead
  // of all passing the check before the first failure is written.
  mutable std::mutex attempts_mutex_;
  mutable std::unordered_map<std::string, int> verifying_logins_;
  mutable std::unordered_map<std::string, int> verifying_addresses_;
  mutable std::mutex known_mutex_;
  mutable std::unordered_map<std::string, Known> known_;  // by digest
  mutable std::mutex mode_mutex_;
  mutable bool mode_known_ = false;
  mutable uint64_t mode_version_ = 0;
  mutable bool accounts_mode_ = false;
};

}  // namespace jsms
