// The pure rules of staff accounts (lib/domain/accounts.h): the shape of logins, passwords and
// names, the lockout window and session lifetimes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/accounts.h"

namespace {

using jsms::Code;
using jsms::RecentFailures;

constexpr int64_t kNow = 1'800'000'000;

std::vector<int64_t> Ago(std::initializer_list<int64_t> seconds) {
  std::vector<int64_t> times;
  for (int64_t s : seconds) times.push_back(kNow - s);
  return times;
}

}  // namespace

TEST_CASE("CheckLogin: 1 to 32 of a-z 0-9 . _ -", "[accounts]") {
  for (const char* login : {"a", "wangfang", "wang.fang_1-2", "0", "........", "abcdefghijklmnopqrstuvwxyz012345"}) {
    INFO(login);
    CHECK(jsms::CheckLogin(login).ok());
  }
  for (const char* login : {"", "abcdefghijklmnopqrstuvwxyz0123456", "Admin", "wang fang", "王芳", "a/b", "a@b",
                            "a\nb", " a", "a+b"}) {
    INFO(login);
    jsms::Status status = jsms::CheckLogin(login, "--login");
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("--login"));
  }
}

TEST_CASE("CheckNewPassword: 8 to 128 characters, no control characters, not the login", "[accounts]") {
  CHECK(jsms::CheckNewPassword("12345678", "wang").ok());
  CHECK(jsms::CheckNewPassword(std::string(128, 'x'), "wang").ok());
  CHECK(jsms::CheckNewPassword("八个汉字的密码呀", "wang").ok());  // 8 characters, 24 bytes
  CHECK(jsms::CheckNewPassword("with spaces ok", "wang").ok());
  struct Case {
    std::string password;
    const char* why;
  };
  for (const Case& c : {Case{"1234567", "8到128"}, Case{std::string(129, 'x'), "8到128"},
                        Case{"七个汉字的密码", "8到128"}, Case{"", "8到128"},
                        Case{"wangfang", "登录名"}, Case{"tab\tinside!", "控制字符"},
                        Case{"newline\nin it", "控制字符"}, Case{"bad\xff utf-8 text", "UTF-8"}}) {
    INFO(c.password);
    jsms::Status status = jsms::CheckNewPassword(c.password, "wangfang", "newPassword");
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("newPassword") && Catch::Contains(c.why));
  }
}

TEST_CASE("CheckStaffName, ReadRole and CheckTokenLabel", "[accounts]") {
  CHECK(jsms::CheckStaffName("王芳").ok());
  CHECK(jsms::CheckStaffName(std::string(32, 'n')).ok());
  for (std::string name : {std::string(), std::string("   "), std::string(33, 'n'), std::string("a\nb")}) {
    CHECK(jsms::CheckStaffName(name).code() == Code::kInvalidParam);
  }
  jsms::Role role = jsms::Role::kAdmin;
  REQUIRE(jsms::ReadRole("procurement", &role).ok());
  CHECK(role == jsms::Role::kProcurement);
  for (const char* name : {"", "Admin", "root", "sale"}) {
    jsms::Status status = jsms::ReadRole(name, &role);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("admin、sales、ops或procurement"));
  }
  CHECK(jsms::CheckTokenLabel("").ok());
  CHECK(jsms::CheckTokenLabel("nightly export").ok());
  CHECK(jsms::CheckTokenLabel(std::string(65, 'l')).code() == Code::kInvalidParam);
  CHECK(jsms::CheckTokenLabel("a\rb").code() == Code::kInvalidParam);
}

TEST_CASE("LoginForRecord: a valid login as it is, anything else made harmless and short", "[accounts]") {
  CHECK(jsms::LoginForRecord("wangfang") == "wangfang");
  CHECK(jsms::LoginForRecord("Admin") == "?Admin");
  // A login that tries to forge a second log line loses its line end.
  CHECK(jsms::LoginForRecord("x\njsms-ops: login: login admin") == "?xjsms-ops: login: login admin");
  CHECK(jsms::LoginForRecord("王芳") == "?王芳");
  CHECK(jsms::LoginForRecord(std::string(1000, 'A')) == "?" + std::string(32, 'A'));
  CHECK(jsms::LoginForRecord("bad\xff\xfe") == "?bad");
}

TEST_CASE("LockoutSeconds: 5 failures per login or 20 per address within 15 minutes", "[accounts]") {
  RecentFailures failures;
  CHECK(jsms::LockoutSeconds(failures, kNow) == 0);

  failures.for_login = Ago({10, 20, 30, 40});
  CHECK(jsms::LockoutSeconds(failures, kNow) == 0);
  // The fifth: locked until the oldest leaves the window (900 - 100 seconds from now).
  failures.for_login = Ago({10, 20, 30, 40, 100});
  CHECK(jsms::LockoutSeconds(failures, kNow) == 800);
  // In any order; more than five: until enough have left that four remain.
  failures.for_login = Ago({100, 10, 500, 30, 20, 40});
  CHECK(jsms::LockoutSeconds(failures, kNow) == 800);
  // A failure exactly 15 minutes old has left the window (the store counts at > now - 900).
  failures.for_login = Ago({10, 20, 30, 40, 900});
  CHECK(jsms::LockoutSeconds(failures, kNow) == 0);
  failures.for_login = Ago({10, 20, 30, 40, 899});
  CHECK(jsms::LockoutSeconds(failures, kNow) == 1);

  failures.for_login.clear();
  failures.for_address.assign(19, kNow - 5);
  CHECK(jsms::LockoutSeconds(failures, kNow) == 0);
  failures.for_address.push_back(kNow - 300);
  CHECK(jsms::LockoutSeconds(failures, kNow) == 600);
  // Both: the longer wait.
  failures.for_login = Ago({1, 2, 3, 4, 60});
  CHECK(jsms::LockoutSeconds(failures, kNow) == 840);
}

TEST_CASE("Sessions: 8 hours idle, 7 days at most, last seen written at most once a minute", "[accounts]") {
  const int64_t hour = 3600, day = 24 * hour;
  CHECK(jsms::SessionAlive(kNow - hour, kNow - hour, kNow));
  CHECK(jsms::SessionAlive(kNow - 8 * hour + 1, kNow - 8 * hour + 1, kNow));
  CHECK_FALSE(jsms::SessionAlive(kNow - 8 * hour, kNow - 8 * hour, kNow));
  // Busy all week: still ends after 7 days.
  CHECK(jsms::SessionAlive(kNow - 7 * day + 1, kNow - 10, kNow));
  CHECK_FALSE(jsms::SessionAlive(kNow - 7 * day, kNow - 10, kNow));
  CHECK_FALSE(jsms::SessionNeedsTouch(kNow - 59, kNow));
  CHECK(jsms::SessionNeedsTouch(kNow - 60, kNow));
  // Taken as alive without asking the store until the next last-seen write, or its very end.
  CHECK(jsms::SessionRecallableUntil(kNow - hour, kNow - 10) == kNow + 50);
  CHECK(jsms::SessionRecallableUntil(kNow - 7 * day + 20, kNow - 10) == kNow + 20);
}

TEST_CASE("Session ids and API tokens: their shape is checked before any lookup", "[accounts]") {
  const std::string id = "SqW43NZ1j-4_BoEwDo8YgtTQkduVPRC22kKOe-m-KZw";
  CHECK(jsms::IsSessionIdShaped(id));
  CHECK_FALSE(jsms::IsSessionIdShaped(id + "A"));
  CHECK_FALSE(jsms::IsSessionIdShaped(id.substr(1)));
  CHECK_FALSE(jsms::IsSessionIdShaped("SqW43NZ1j-4_BoEwDo8YgtTQkduVPRC22kKOe-m-KZ="));
  CHECK_FALSE(jsms::IsSessionIdShaped("SqW43NZ1j+4/BoEwDo8YgtTQkduVPRC22kKOe-m-KZw"));
  CHECK(jsms::IsApiTokenShaped("jso_" + id));
  CHECK_FALSE(jsms::IsApiTokenShaped(id));
  CHECK_FALSE(jsms::IsApiTokenShaped("JSO_" + id));
  CHECK_FALSE(jsms::IsApiTokenShaped("jso_" + id + "x"));
}
