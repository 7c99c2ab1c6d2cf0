#include "http/auth.h"

#include "domain/accounts.h"
#include "domain/text.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/secrets.h"

namespace jsms {

namespace {

// Longer than any valid login or password: refused before any lookup or hash.
constexpr size_t kMaxPresentedLoginChars = 64;
constexpr size_t kMaxPresentedPasswordChars = 1024;

Principal StaffPrincipal(const Account& account, bool by_session_cookie) {
  Principal principal;
  principal.caller = Caller::kStaff;
  principal.staff_id = account.id;
  principal.role = account.role.value_or(Role::kSales);  // the store only answers members with a role
  principal.login = account.login.value_or("");
  principal.name = account.name;
  principal.by_session_cookie = by_session_cookie;
  return principal;
}

// The session cookie's value in `request` when it has the shape of a session id.
std::optional<std::string_view> PresentedSession(const ApiRequest& request) {
  const std::string* cookie = request.Header("Cookie");
  if (!cookie) return std::nullopt;
  std::optional<std::string_view> value = SessionCookieValue(*cookie);
  if (!value || !IsSessionIdShaped(*value)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string_view> SessionCookieValue(std::string_view cookie_header) {
  const std::string_view name = kSessionCookieName;
  while (!cookie_header.empty()) {
    size_t end = cookie_header.find(';');
    std::string_view pair = Trim(cookie_header.substr(0, end));
    cookie_header = end == std::string_view::npos ? std::string_view() : cookie_header.substr(end + 1);
    size_t equals = pair.find('=');
    if (equals == std::string_view::npos || Trim(pair.substr(0, equals)) != name) continue;
    std::string_view value = Trim(pair.substr(equals + 1));
    // RFC 6265 allows the value in double quotes.
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

std::string_view BearerCredentials(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() || !EqualsIgnoringCase(authorization.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  return authorization.substr(kScheme.size());
}

Status ReadCredentials(const Params& params, Credentials* out) {
  Status status = ReadRequiredText(params, "login", kMaxPresentedLoginChars, &out->login);
  if (status.ok()) status = ReadRequiredText(params, "password", kMaxPresentedPasswordChars, &out->password);
  return status;
}

Authenticator::Authenticator(Store* store, AuthOptions options) : store_(store), options_(std::move(options)) {
  InitSecrets();
}

Status Authenticator::AccountsMode(bool* out) const {
  if (!options_.service_token.empty()) {
    *out = true;
    return Status::Ok();
  }
  const uint64_t version = store_->DataVersion();
  {
    std::lock_guard<std::mutex> lock(mode_mutex_);
    if (mode_known_ && mode_version_ == version) {
      *out = accounts_mode_;
      return Status::Ok();
    }
  }
  bool any = false;
  Status read = store_->accounts().AnyPassword(&any);
  if (!read.ok()) return read;
  std::lock_guard<std::mutex> lock(mode_mutex_);
  // Read after `version` was taken, so the answer is at least as new as the version it is kept under.
  mode_known_ = true;
  mode_version_ = version;
  accounts_mode_ = any;
  *out = any;
  return Status::Ok();
}

Status Authenticator::Identify(const ApiRequest& request, Principal* out) const {
  const std::string* operator_header = request.Header("X-Operator-Id");
  const OperatorHeader header =
      ReadOperatorHeader(operator_header ? std::optional<std::string>(*operator_header) : std::nullopt);
  *out = Principal();
  out->operator_header = header;
  bool accounts_mode = false;
  Status status = AccountsMode(&accounts_mode);
  if (!status.ok()) return status;
  if (!accounts_mode) {
    out->caller = Caller::kOpen;
    return Status::Ok();
  }
  out->caller = Caller::kNobody;
  Account account;
  bool found = false;
  bool by_session_cookie = false;
  if (const std::string* authorization = request.Header("Authorization")) {
    std::string_view presented = BearerCredentials(*authorization);
    if (!presented.empty() && !options_.service_token.empty() && SameSecret(presented, options_.service_token)) {
      out->caller = Caller::kService;
      return Status::Ok();
    }
    if (!IsApiTokenShaped(presented)) return Status::Ok();
    status = FindMember(SecretDigest(presented), false, NowUnixSeconds(), &account, &found);
  } else if (std::optional<std::string_view> session = PresentedSession(request)) {
    by_session_cookie = true;
    status = FindMember(SecretDigest(*session), true, NowUnixSeconds(), &account, &found);
  }
  if (!status.ok() || !found) return status;
  *out = StaffPrincipal(account, by_session_cookie);
  out->operator_header = header;
  return Status::Ok();
}

Status Authenticator::FindMember(const std::string& digest, bool session, int64_t now, Account* out,
                                 bool* found) const {
  // Read the version first: a write committing during the lookup leaves its answer unrecalled.
  const uint64_t version = store_->DataVersion();
  {
    std::lock_guard<std::mutex> lock(known_mutex_);
    auto known = known_.find(digest);
    if (known != known_.end() && known->second.version == version && now < known->second.valid_until) {
      *out = known->second.account;
      *found = true;
      return Status::Ok();
    }
  }
  SessionTimes times;
  Status status = session ? store_->accounts().FindSession(digest, now, out, found, &times)
                          : store_->accounts().FindToken(digest, out, found);
  if (!status.ok() || !*found) return status;
  const int64_t valid_until =
      session ? SessionRecallableUntil(times.created_at, times.last_seen_at) : now + kSessionTouchSeconds;
  std::lock_guard<std::mutex> lock(known_mutex_);
  if (known_.size() >= kMaxKnown) known_.clear();
  known_[digest] = Known{*out, version, valid_until};
  return Status::Ok();
}

Status Authenticator::Login(const Credentials& credentials, const ApiRequest& request, LoginResult* out) const {
  AccountStore& accounts = store_->accounts();
  const int64_t now = NowUnixSeconds();
  const std::string login = LoginForRecord(credentials.login);
  const std::string& address = request.client_address;
  Status status;
  {
    // The recorded failures are read under the lock that also covers recording an outcome and
    // leaving the in-flight counts: every attempt is counted once, recorded or in flight.
    std::lock_guard<std::mutex> lock(attempts_mutex_);
    RecentFailures failures;
    status = accounts.RecentFailuresFor(login, address, now, &failures);
    if (!status.ok()) return status;
    auto verifying = [](const std::unordered_map<std::string, int>& counts, const std::string& key) {
      auto it = counts.find(key);
      return it == counts.end() ? 0 : it->second;
    };
    failures.for_login.insert(failures.for_login.end(), verifying(verifying_logins_, login), now);
    failures.for_address.insert(failures.for_address.end(), verifying(verifying_addresses_, address), now);
    if (int64_t wait = LockoutSeconds(failures, now)) {
      out->retry_after = wait;
      LogInfo("login refused", "too many failures: login " + login + " from " + address);
      return Status(Code::kTooManyAttempts, "");
    }
    ++verifying_logins_[login];
    ++verifying_addresses_[address];
  }
  // Leaves the in-flight counts: with attempts_mutex_ held, in the same hold as the recording of
  // the outcome (a failure is then counted exactly once), or on the way out of an early return.
  struct InFlight {
    const Authenticator* self;
    const std::string& login;
    const std::string& address;
    bool counted = true;
    void LeaveLocked() {
      if (!counted) return;
      counted = false;
      if (--self->verifying_logins_[login] == 0) self->verifying_logins_.erase(login);
      if (--self->verifying_addresses_[address] == 0) self->verifying_addresses_.erase(address);
    }
    ~InFlight() {
      std::lock_guard<std::mutex> lock(self->attempts_mutex_);
      LeaveLocked();
    }
  } in_flight{this, login, address};

  Account account;
  std::string hash;
  bool found = false;
  status = accounts.FindByLogin(credentials.login, &account, &hash, &found);
  if (!status.ok()) return status;
  // One hash is verified whatever is wrong, so failures take as long whether the login exists,
  // has no password or is disabled.
  const bool usable = found && !hash.empty() && !account.disabled && account.role;
  const bool verified = VerifyPassword(usable ? hash : DummyPasswordHash(), credentials.password);
  const bool success = usable && verified;

  LoginAttempt attempt;
  attempt.login = login;
  if (found) attempt.staff_id = account.id;
  attempt.client_address = address;
  attempt.success = success;
  attempt.at = now;
  if (success) {
    out->session_id = RandomToken();
    attempt.session_digest = SecretDigest(out->session_id);
    if (auto replaced = PresentedSession(request)) attempt.replaced_digest = SecretDigest(*replaced);
  }
  {
    std::lock_guard<std::mutex> lock(attempts_mutex_);
    status = accounts.RecordLogin(attempt);
    in_flight.LeaveLocked();
  }
  LogInfo(success ? "login" : "login failed", "login " + login + " from " + address);
  if (!status.ok()) return status;
  if (!success) return Status(Code::kLoginFailed, "");
  out->principal = StaffPrincipal(account, true);
  return Status::Ok();
}

Status Authenticator::Logout(const ApiRequest& request) const {
  std::optional<std::string_view> session = PresentedSession(request);
  if (!session) return Status::Ok();
  return store_->accounts().EndSession(SecretDigest(*session));
}

Status Authenticator::ChangeOwnPassword(const Principal& principal, const ApiRequest& request,
                                        const std::string& old_password, const std::string& new_password,
                                        int64_t* retry_after) const {
  if (principal.caller != Caller::kStaff) {
    return Status(Code::kForbidden, "没有权限：只有登录的员工可以修改自己的密码");
  }
  Status status = CheckNewPassword(new_password, principal.login, "newPassword");
  if (!status.ok()) return status;
  AccountStore& accounts = store_->accounts();
  const int64_t now = NowUnixSeconds();
  RecentFailures failures;
  status = accounts.RecentFailuresFor(principal.login, request.client_address, now, &failures);
  if (!status.ok()) return status;
  if (int64_t wait = LockoutSeconds(failures, now)) {
    *retry_after = wait;
    return Status(Code::kTooManyAttempts, "");
  }
  Account account;
  std::string hash;
  bool found = false;
  status = accounts.FindByLogin(principal.login, &account, &hash, &found);
  if (!status.ok()) return status;
  if (!found || hash.empty() || !VerifyPassword(hash, old_password)) {
    LoginAttempt attempt;
    attempt.login = principal.login;
    attempt.staff_id = principal.staff_id;
    attempt.client_address = request.client_address;
    attempt.at = now;
    status = accounts.RecordLogin(attempt);
    LogInfo("password change refused", "wrong old password: login " + principal.login + " from " +
                                           request.client_address);
    return status.ok() ? Status::InvalidParam("参数oldPassword错误（原密码不对）") : status;
  }
  std::string new_hash;
  status = HashPassword(new_password, &new_hash);
  if (!status.ok()) return status;
  std::string keep;
  if (principal.by_session_cookie) {
    if (auto session = PresentedSession(request)) keep = SecretDigest(*session);
  }
  status = accounts.SetPassword(principal.staff_id, new_hash, keep);
  if (status.ok()) LogInfo("password changed", "login " + principal.login + " from " + request.client_address);
  return status;
}

std::string Authenticator::SessionCookie(const std::string& session_id) const {
  return std::string(kSessionCookieName) + "=" + session_id + "; HttpOnly; SameSite=Strict; Path=/" +
         (options_.secure_cookies ? "; Secure" : "");
}

std::string Authenticator::ClearedSessionCookie() const {
  return std::string(kSessionCookieName) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0" +
         (options_.secure_cookies ? "; Secure" : "");
}

}  // namespace jsms
