// libFuzzer target: what a stranger controls before signing in (lib/http/auth.h, http/origin.h,
// lib/domain/accounts.h) on arbitrary bytes. The first byte picks how the rest arrives — a
// Cookie header, an Authorization header, a login body as a form or as JSON, an Origin and a
// Host header split on NUL, a login/password judged by the account rules, or a whole request head
// and body read by the server's own parser (http/plain_request.h). Besides crashes and
// sanitizer reports, the invariants are checked: a cookie value is a piece of its header without
// ';', bearer credentials are the header's tail after "Bearer ", accepted credentials are
// non-empty and bounded, and what a login attempt records is harmless (valid UTF-8, no control
// characters, short), and a request head the parser takes is one it may take: GET or POST, a
// path without '?', '%' or '#', header names and values without CR, LF or NUL, its body within
// the limit and the input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts.h"
#include "domain/text.h"
#include "fuzz_target.h"
#include "http/auth.h"
#include "http/origin.h"
#include "http/params.h"
#include "http/plain_request.h"

namespace {

using fuzz::Require;

bool Within(std::string_view part, std::string_view whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

// What LoginForRecord promises: a valid login, or '?' and at most 32 harmless characters.
void CheckRecorded(const std::string& presented) {
  const std::string recorded = jsms::LoginForRecord(presented);
  Require(jsms::IsValidUtf8(recorded));
  for (unsigned char c : recorded) Require(c >= 0x20 && c != 0x7f);
  if (jsms::CheckLogin(presented).ok()) {
    Require(recorded == presented);
  } else {
    Require(!recorded.empty() && recorded[0] == '?' && jsms::Utf8Length(recorded) <= 1 + jsms::kMaxLoginChars);
  }
}

void ReadLogin(const jsms::Params& params) {
  jsms::Credentials credentials;
  if (!jsms::ReadCredentials(params, &credentials).ok()) return;
  Require(!credentials.login.empty() && jsms::Utf8Length(credentials.login) <= 64);
  Require(!credentials.password.empty() && jsms::Utf8Length(credentials.password) <= 1024);
  CheckRecorded(credentials.login);
  jsms::CheckNewPassword(credentials.password, credentials.login);
}

}  // namespace

const uint8_t fuzz::kModes = 7;

void fuzz::Run(uint8_t mode, std::string_view text) {
  using namespace jsms;
  switch (mode) {
    case 0: {
      std::optional<std::string_view> value = SessionCookieValue(text);
      if (value) {
        Require(Within(*value, text));
        Require(value->find(';') == std::string_view::npos);
        if (IsSessionIdShaped(*value)) Require(value->size() == kSecretChars);
      }
      break;
    }
    case 1: {
      std::string_view credentials = BearerCredentials(text);
      if (!credentials.empty()) {
        Require(Within(credentials, text) && credentials.data() == text.data() + 7);
        Require((text[0] | 0x20) == 'b' && text[6] == ' ');
      }
      IsApiTokenShaped(credentials);
      break;
    }
    case 2: {
      Params params;
      if (ParseFormUrlEncoded(text, &params).ok()) ReadLogin(params);
      break;
    }
    case 3: {
      Params params;
      if (ParseJsonBody(text, &params).ok()) ReadLogin(params);
      break;
    }
    case 4: {
      // Origin \0 Host \0 method
      std::vector<std::string> pieces;
      size_t start = 0;
      while (start <= text.size() && pieces.size() < 3) {
        size_t end = text.find('\0', start);
        if (end == std::string_view::npos) end = text.size();
        pieces.emplace_back(text.substr(start, end - start));
        start = end + 1;
      }
      pieces.resize(3);
      ApiRequest request;
      request.method = pieces[2].empty() ? "POST" : pieces[2];
      request.headers = {{"Origin", pieces[0]}, {"Host", pieces[1]}};
      const OriginPolicy policy;
      Status status = CheckOrigin(request, policy);
      if (request.method == "POST" && pieces[1].empty()) Require(!status.ok());
      // A read is never refused for its Origin, only for its Host.
      request.method = "GET";
      Status read = CheckOrigin(request, policy);
      Require(read.code() != Code::kForbidden);
      // The server's own origin, written as the Host header names it, may write.
      if (read.ok() && pieces[0] == "http://" + pieces[1]) {
        request.method = "POST";
        Require(CheckOrigin(request, policy).ok());
      }
      break;
    }
    case 5: {
      const std::string presented(text);
      CheckRecorded(presented);
      CheckLogin(presented);
      CheckNewPassword(presented, "wangfang");
      CheckStaffName(presented);
      CheckTokenLabel(presented);
      break;
    }
    case 6: {
      const size_t end = text.find("\r\n\r\n");
      if (end == std::string_view::npos) break;
      PlainHead head;
      if (!ParsePlainHead(text, end + 4, 1024, &head)) break;
      Require(head.method == "GET" || head.method == "POST");
      Require(!head.path.empty() && head.path[0] == '/' && head.path.find_first_of("?%#") == std::string::npos);
      Require(head.head_length == end + 4 && head.content_length <= 1024 &&
              head.head_length + head.content_length <= text.size());
      for (const auto& [name, value] : head.headers) {
        Require(!name.empty() && !value.empty());
        Require(name.find_first_of(std::string_view(":\r\n\0 ", 5)) == std::string::npos);
        Require(value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos);
      }
      NameValues sorted = head.headers;
      SortLikeLibrary(&sorted);
      Require(sorted.size() == head.headers.size());
      break;
    }
  }
}
