#include "domain/accounts.h"

#include <algorithm>

#include "domain/text.h"

namespace jsms {

namespace {

bool IsLoginChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool IsBase64UrlChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// True when valid UTF-8 `text` holds a C0 control, DEL or a C1 control (U+0080..U+009F).
bool HasControl(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < text.size()) {
      unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

// Seconds until fewer than `limit` of `times` are within the window, or 0 when they already are.
int64_t SecondsUnderLimit(std::vector<int64_t> times, int limit, int64_t now) {
  times.erase(std::remove_if(times.begin(), times.end(),
                             [now](int64_t t) { return t <= now - kLockoutWindowSeconds; }),
              times.end());
  if (static_cast<int>(times.size()) < limit) return 0;
  std::sort(times.begin(), times.end());
  // Once the failure at this index has left the window, limit - 1 remain.
  int64_t leaves_at = times[times.size() - static_cast<size_t>(limit)] + kLockoutWindowSeconds;
  return std::max<int64_t>(1, leaves_at - now);
}

}  // namespace

Status CheckLogin(const std::string& login, const char* param) {
  if (login.empty() || login.size() > kMaxLoginChars || !std::all_of(login.begin(), login.end(), IsLoginChar)) {
    return Status::InvalidParam(std::string("参数") + param + "无效（登录名须为1到32个a-z、0-9、.、_、-字符）");
  }
  return Status::Ok();
}

Status CheckNewPassword(const std::string& password, const std::string& login, const char* param) {
  const std::string prefix = std::string("参数") + param + "无效（";
  if (!IsValidUtf8(password)) return Status::InvalidParam(prefix + "须为UTF-8文本）");
  size_t length = Utf8Length(password);
  if (length < kMinPasswordChars || length > kMaxPasswordChars) {
    return Status::InvalidParam(prefix + "密码须为8到128个字符）");
  }
  if (HasControl(password)) return Status::InvalidParam(prefix + "密码不能包含控制字符）");
  if (password == login) return Status::InvalidParam(prefix + "密码不能与登录名相同）");
  return Status::Ok();
}

Status CheckStaffName(const std::string& name, const char* param) {
  if (!IsValidUtf8(name) || Trim(name).empty() || Utf8Length(name) > kMaxStaffNameChars || HasControl(name)) {
    return Status::InvalidParam(std::string("参数") + param + "无效（姓名须为1到32个字符，不含控制字符）");
  }
  return Status::Ok();
}

Status ReadRole(const std::string& name, Role* out, const char* param) {
  std::optional<Role> role = RoleFromName(name);
  if (!role) {
    return Status::InvalidParam(std::string("参数") + param + "无效（角色须为admin、sales、ops或procurement）");
  }
  *out = *role;
  return Status::Ok();
}

Status CheckTokenLabel(const std::string& label) {
  if (!IsValidUtf8(label) || Utf8Length(label) > kMaxTokenLabelChars || HasControl(label)) {
    return Status::InvalidParam("参数label无效（至多64个字符，不含控制字符）");
  }
  return Status::Ok();
}

std::string LoginForRecord(const std::string& presented) {
  if (CheckLogin(presented).ok()) return presented;
  std::string out = "?";
  size_t chars = 0;
  for (size_t i = 0; i < presented.size() && chars < kMaxLoginChars;) {
    unsigned char c = static_cast<unsigned char>(presented[i]);
    size_t width = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    std::string_view piece(presented.data() + i, std::min(width, presented.size() - i));
    i += piece.size();
    if (!IsValidUtf8(piece) || HasControl(piece)) continue;
    out.append(piece);
    ++chars;
  }
  return out;
}

int64_t LockoutSeconds(const RecentFailures& failures, int64_t now) {
  return std::max(SecondsUnderLimit(failures.for_login, kMaxFailuresPerLogin, now),
                  SecondsUnderLimit(failures.for_address, kMaxFailuresPerAddress, now));
}

bool SessionAlive(int64_t created_at, int64_t last_seen_at, int64_t now) {
  return now - last_seen_at < kSessionIdleSeconds && now - created_at < kSessionMaxSeconds;
}

bool SessionNeedsTouch(int64_t last_seen_at, int64_t now) { return now - last_seen_at >= kSessionTouchSeconds; }

int64_t SessionRecallableUntil(int64_t created_at, int64_t last_seen_at) {
  return std::min(last_seen_at + kSessionTouchSeconds, created_at + kSessionMaxSeconds);
}

bool IsSessionIdShaped(std::string_view text) {
  return text.size() == kSecretChars && std::all_of(text.begin(), text.end(), IsBase64UrlChar);
}

bool IsApiTokenShaped(std::string_view text) {
  std::string_view prefix = kApiTokenPrefix;
  return text.substr(0, prefix.size()) == prefix && IsSessionIdShaped(text.substr(prefix.size()));
}

}  // namespace jsms
