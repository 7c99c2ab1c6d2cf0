// Request parameters (spec §1): collected from the query string and the body, whatever its
// spelling, then read as typed values with the contract's rules. Pure: no sockets, no httplib, so
// the parser can be unit-tested and fuzzed on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"

namespace jsms {

// Name/value pairs in arrival order (query string first, then the body). A name may repeat.
class Params {
 public:
  void Add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  void Reserve(size_t count) { items_.reserve(count); }

  // The first value of `name`, or nullptr when it was not given.
  const std::string* Find(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// The body formats we read, from a Content-Type header value (parameters such as charset are
// ignored; an absent header reads as a form, as curl -d and browsers send).
enum class BodyFormat { kNone, kForm, kMultipart, kJson, kUnsupported };
BodyFormat BodyFormatOf(std::string_view content_type, bool has_body);

// Adds the pairs of an application/x-www-form-urlencoded text ("a=1&b=%E4%B8%AD+x").
// Fails (kInvalidParam) on a malformed %-escape or on names/values that are not valid UTF-8.
Status ParseFormUrlEncoded(std::string_view text, Params* out);

// Adds the members of a JSON object body: strings as they are, numbers as their literal text,
// null as absent, for resourceIds an array of strings or numbers as repeated values, and for
// disabled a boolean as "true" or "false". Any other shape (not an object, nested objects,
// other booleans, deep nesting, invalid UTF-8) fails with kInvalidParam naming the parameter.
Status ParseJsonBody(std::string_view body, Params* out);

// Checks every name and value is valid UTF-8 (query strings and multipart parts arrive raw).
Status CheckUtf8(const Params& params);

// ---- Typed readers. Each names the parameter in its error message. ----

// An id (orderId, resourceId, …): required ones fail when missing or empty; any given id must
// satisfy IsValidId. An empty optional id reads as absent.
Status ReadId(const Params& params, const char* name, bool required, std::optional<std::string>* out);

// An integer >= `min`. Empty or absent reads as absent (as Spring binds an empty Integer); any
// other non-integer text (fractions, spaces, beyond 64 bits) fails.
Status ReadInteger(const Params& params, const char* name, int64_t min, std::optional<int64_t>* out);

// A day, YYYY-MM-DD (a filter's bound). Empty or absent reads as absent.
Status ReadDate(const Params& params, const char* name, std::optional<std::string>* out);

// Free text of at most `max_chars` characters (code points); absent reads as "".
Status ReadText(const Params& params, const char* name, size_t max_chars, std::string* out);

// Like ReadText, but the parameter must be given and not be empty (kInvalidParam "缺少参数…"); for
// secrets and names whose shape is judged elsewhere. `max_chars` bounds what is read at all.
Status ReadRequiredText(const Params& params, const char* name, size_t max_chars, std::string* out);

// resourceIds in all five spellings of spec §1: repeated resourceIds, jQuery's resourceIds[],
// one comma-separated value, a JSON array (already split by ParseJsonBody), or a string holding
// a JSON array. Blank items dropped, duplicates collapsed, order kept (linear time); each must be
// a valid id, and at most kMaxResourceIds distinct ones.
Status ReadResourceIds(const Params& params, std::vector<std::string>* out);

constexpr size_t kMaxRemarkChars = 500;

// No action or answer names more resources than this (a page of the original front end shows 30).
constexpr size_t kMaxResourceIds = 1000;

}  // namespace jsms
