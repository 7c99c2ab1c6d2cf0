// Checks of replies, from either side of the socket: an httplib result, an ApiReply from calling
// the API directly, or a response read off a raw socket all become a Reply.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"

namespace jsms::test {

// Parses a reply body, failing the test (and showing the body) when it is not JSON.
rapidjson::Document ParseJson(const std::string& body);

namespace support {  // see support/fixtures.h

inline constexpr const char* kForm = "application/x-www-form-urlencoded";
inline constexpr const char* kJson = "application/json";

// The reply to an accepted change, exactly.
extern const std::string kOkReply;

// What the checks read of a reply.
struct Reply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Reply() = default;
  Reply(const httplib::Result& result);  // NOLINT: implicit, so every check takes either kind
  Reply(const ApiReply& reply);          // NOLINT

  // The first header called `name` (case-insensitive), or "".
  std::string Header(const std::string& name) const;
};

// Our content type, and nothing internal (SQL, SQLite, exception text, paths) in body or headers.
void CheckClean(const Reply& reply);

// Text that would betray internals.
void CheckNoInternals(const std::string& text);

// 200 and exactly kOkReply.
void CheckOk(const Reply& reply);

// The refusal envelope exactly as the seed writes it (keys, their order and the fixed values),
// with HTTP `status` and `code`, and a message containing each of `parts`. Returns the message.
std::string CheckRefusal(const Reply& reply, int status, const std::string& code,
                         std::initializer_list<std::string> parts = {});
std::string CheckRefusal(const Reply& reply, int status, const std::string& code,
                         const std::vector<std::string>& parts);

// A 200 success envelope with message `msg`, exactly; returns its data as compact JSON.
std::string SuccessData(const Reply& reply, const std::string& msg);

// The envelope's code ("" for null) and msg of a reply body (failing the test when it has none).
std::string CodeOf(const std::string& body);
std::string MsgOf(const std::string& body);

// JSON helpers: a value as compact JSON, an object's keys in order, a string member (failing the
// test when it is missing or not a string), and the members except some, as (name, JSON) pairs.
std::string Dump(const rapidjson::Value& value);
std::vector<std::string> Keys(const rapidjson::Value& object);
std::string Str(const rapidjson::Value& object, const char* key);
std::vector<std::pair<std::string, std::string>> MembersExcept(const rapidjson::Value& object,
                                                               std::initializer_list<const char*> except);

// Each member of the JSON object `expected` is in `object` with the same value, types included.
void CheckMembers(const rapidjson::Value& object, const std::string& expected);

// ASCII letters in lower case.
std::string Lower(std::string text);

// Percent-encodes everything but unreserved characters.
std::string UrlEncode(const std::string& text);

// The form of an action: orderId, each resource id, and the remark when not empty.
std::string ActionForm(const std::string& order_id, const std::vector<std::string>& resource_ids = {},
                       const std::string& remark = "");

}  // namespace support
}  // namespace jsms::test
