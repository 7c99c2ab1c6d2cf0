// libFuzzer target: the request parameter parser (lib/http/params.h, lib/json/body_parser.h) on
// arbitrary bytes. The first byte picks how the rest arrives — a form body, a JSON body, a
// resourceIds value, an X-Operator-Id header or name/value pairs split on NUL — and then every
// typed reader runs over whatever was collected. Besides crashes and sanitizer reports, the
// contract's invariants are checked: accepted text is valid UTF-8, accepted ids are valid ids,
// integers respect their minimum, remarks their length, resourceIds hold no duplicates.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.h"
#include "domain/records.h"
#include "domain/text.h"
#include "fuzz_target.h"
#include "http/params.h"
#include "json/body_parser.h"

namespace {

using fuzz::Require;

void ReadEverything(const jsms::Params& params) {
  using namespace jsms;
  if (CheckUtf8(params).ok()) {
    for (const auto& [name, value] : params.items()) Require(IsValidUtf8(name) && IsValidUtf8(value));
  }
  for (auto [name, min] : {std::pair<const char*, int64_t>{"rows", 1}, {"page", 1}, {"state", 0}}) {
    std::optional<int64_t> number;
    if (ReadInteger(params, name, min, &number).ok() && number) Require(*number >= min);
  }
  for (bool required : {true, false}) {
    std::optional<std::string> id;
    if (ReadId(params, "orderId", required, &id).ok()) {
      Require(!required || id.has_value());
      if (id) Require(IsValidId(*id));
    }
  }
  std::string remark;
  if (ReadText(params, "remark", kMaxRemarkChars, &remark).ok()) {
    Require(IsValidUtf8(remark) && Utf8Length(remark) <= kMaxRemarkChars);
  }
  std::vector<std::string> ids;
  if (ReadResourceIds(params, &ids).ok()) {
    for (size_t i = 0; i < ids.size(); ++i) {
      Require(IsValidId(ids[i]));
      for (size_t j = 0; j < i; ++j) Require(ids[i] != ids[j]);
    }
  }
}

}  // namespace

const uint8_t fuzz::kModes = 6;

void fuzz::Run(uint8_t mode, std::string_view text) {
  using namespace jsms;
  Params params;
  switch (mode) {
    case 0:
      if (ParseFormUrlEncoded(text, &params).ok()) {
        for (const auto& [name, value] : params.items()) Require(IsValidUtf8(name) && IsValidUtf8(value));
      }
      break;
    case 1:
      if (ParseJsonBody(text, &params).ok()) {
        for (const auto& [name, value] : params.items()) Require(IsValidUtf8(name) && IsValidUtf8(value));
      }
      break;
    case 2:
      params.Add("resourceIds", std::string(text));
      break;
    case 3: {
      std::vector<std::string> items;
      ParseJsonStringArray(text, &items);
      break;
    }
    case 4: {
      Principal principal;
      principal.operator_header = ReadOperatorHeader(std::string(text));
      std::optional<int64_t> id;
      if (ActingOperator(principal, &id).ok() && id) Require(*id >= 1);
      BodyFormatOf(text, true);
      BodyFormatOf(text, false);
      break;
    }
    case 5: {
      // name \0 value \0 name \0 value …, as query strings and multipart parts arrive (raw).
      size_t start = 0;
      std::vector<std::string> pieces;
      while (start <= text.size() && pieces.size() < 64) {
        size_t end = text.find('\0', start);
        if (end == std::string_view::npos) end = text.size();
        pieces.emplace_back(text.substr(start, end - start));
        start = end + 1;
      }
      for (size_t i = 0; i + 1 < pieces.size(); i += 2) params.Add(pieces[i], pieces[i + 1]);
      break;
    }
  }
  ReadEverything(params);
}
