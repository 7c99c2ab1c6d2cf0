// Staff accounts (accounts.md): the records, the shape of logins, passwords and names, the login
// lockout window and session lifetimes. Pure: times are Unix seconds passed in by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.h"
#include "domain/status.h"

namespace jsms {

// A staff member as an account. Staff that exist only as names (fixtures, belongSale) have no
// login, no role and no password.
struct Account {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> login;
  std::optional<Role> role;
  bool disabled = false;
  bool has_password = false;
  std::optional<std::string> last_login;  // "YYYY-MM-DD HH:MM:SS", server local time
};

// One login attempt, as kept for admins (GET /auth/events).
struct LoginEvent {
  int64_t id = 0;
  std::string login;  // as presented (LoginForRecord), the account's when known
  std::optional<int64_t> staff_id;
  std::string client_address;
  bool success = false;
  std::string time;   // "YYYY-MM-DD HH:MM:SS", server local time
};

// A staff API token as listed (never its secret).
struct ApiTokenInfo {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::string login;
  std::string label;
  std::string create_time;
};

inline constexpr size_t kMaxLoginChars = 32;
inline constexpr size_t kMinPasswordChars = 8;
inline constexpr size_t kMaxPasswordChars = 128;
inline constexpr size_t kMaxStaffNameChars = 32;
inline constexpr size_t kMaxTokenLabelChars = 64;

// A login: 1 to 32 of a-z 0-9 . _ - (kInvalidParam naming `param` otherwise).
Status CheckLogin(const std::string& login, const char* param = "login");

// A new password: 8 to 128 characters (code points of valid UTF-8), no control characters, not
// the login itself.
Status CheckNewPassword(const std::string& password, const std::string& login, const char* param = "password");

// A staff member's name: 1 to 32 characters, no control characters, not blank.
Status CheckStaffName(const std::string& name, const char* param = "name");

// A role by its wire name, or kInvalidParam listing the four.
Status ReadRole(const std::string& name, Role* out, const char* param = "role");

// A token's label: up to 64 characters, no control characters (may be empty).
Status CheckTokenLabel(const std::string& label);

// What a login attempt records as its login: the text itself when it is a valid login, else a
// harmless rendering (control characters dropped, at most 32 characters, marked with a leading
// '?') so that an attacker's text cannot forge log lines or fill the table.
std::string LoginForRecord(const std::string& presented);

// ---- The lockout (accounts.md): 5 failed logins for one login, or 20 from one client address,
// within 15 minutes lock further attempts until enough of them have left the window.
inline constexpr int kMaxFailuresPerLogin = 5;
inline constexpr int kMaxFailuresPerAddress = 20;
inline constexpr int64_t kLockoutWindowSeconds = 15 * 60;

// The failed attempts counted against a new attempt: their times (Unix seconds, any order), for
// its login and for its client address, within the window.
struct RecentFailures {
  std::vector<int64_t> for_login;
  std::vector<int64_t> for_address;
};

// 0 when an attempt at `now` may proceed; else the seconds (>= 1) until it may: until so many
// failures have left the window that both counts are under their limits.
int64_t LockoutSeconds(const RecentFailures& failures, int64_t now);

// ---- Sessions: they end after 8 hours without a request, and 7 days after login whatever.
inline constexpr int64_t kSessionIdleSeconds = 8 * 3600;
inline constexpr int64_t kSessionMaxSeconds = 7 * 24 * 3600;
// A session's last-seen time is written at most this often (not on every request).
inline constexpr int64_t kSessionTouchSeconds = 60;

bool SessionAlive(int64_t created_at, int64_t last_seen_at, int64_t now);
bool SessionNeedsTouch(int64_t last_seen_at, int64_t now);

// Until when a session found alive (and touched when due) at `last_seen_at` may be taken as alive
// without asking the store again, the data unchanged: until its last-seen time is due to be
// written, or its absolute end if that comes first. (Its idle end is always later.)
int64_t SessionRecallableUntil(int64_t created_at, int64_t last_seen_at);

// ---- API tokens: "jso_" and 43 base64url characters (32 random bytes), so secret scanners can
// find them; session ids are the 43 characters alone.
inline constexpr const char* kApiTokenPrefix = "jso_";
inline constexpr size_t kSecretChars = 43;

// True when `text` has the shape of a session id / an API token (checked before any lookup).
bool IsSessionIdShaped(std::string_view text);
bool IsApiTokenShaped(std::string_view text);

}  // namespace jsms
