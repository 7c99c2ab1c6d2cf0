#include "http/params.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_set>

#include "domain/dates.h"
#include "domain/records.h"
#include "domain/text.h"
#include "json/body_parser.h"

namespace jsms {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool DecodeFormComponent(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out->push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::string Missing(const char* name) { return std::string("缺少参数") + name; }
std::string Invalid(const char* name) { return std::string("参数") + name + "无效"; }

// Collects resource ids in order, without blanks or repeats, in linear time (a client may send
// hundreds of thousands of them); past kMaxResourceIds distinct ids it only notes the overflow.
class ResourceIdList {
 public:
  explicit ResourceIdList(std::vector<std::string>* out) : out_(out) {}

  void Add(std::string_view item) {
    std::string_view id = Trim(item);
    if (id.empty() || too_many_) return;
    if (!seen_.insert(id).second) return;
    if (out_->size() == kMaxResourceIds) {
      too_many_ = true;
      return;
    }
    out_->emplace_back(id);
  }
  bool too_many() const { return too_many_; }

 private:
  std::vector<std::string>* out_;
  std::unordered_set<std::string_view> seen_;  // views into the parameters, which outlive this
  bool too_many_ = false;
};

}  // namespace

const std::string* Params::Find(std::string_view name) const {
  for (const auto& item : items_) {
    if (item.first == name) return &item.second;
  }
  return nullptr;
}

BodyFormat BodyFormatOf(std::string_view content_type, bool has_body) {
  const std::string_view media = Trim(content_type.substr(0, content_type.find(';')));
  if (media.empty()) return has_body ? BodyFormat::kForm : BodyFormat::kNone;
  if (EqualsIgnoringCase(media, "application/x-www-form-urlencoded")) return BodyFormat::kForm;
  if (EqualsIgnoringCase(media, "multipart/form-data")) return BodyFormat::kMultipart;
  if (EqualsIgnoringCase(media, "application/json")) return BodyFormat::kJson;
  // A bodiless request's Content-Type says nothing we need to read.
  return has_body ? BodyFormat::kUnsupported : BodyFormat::kNone;
}

Status ParseFormUrlEncoded(std::string_view text, Params* out) {
  // Room for the usual few at once (capped: a body of a million '&' adds nothing).
  const size_t pairs = static_cast<size_t>(std::count(text.begin(), text.end(), '&')) + 1;
  out->Reserve(out->items().size() + std::min<size_t>(pairs, 16));
  std::string name, value;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!DecodeFormComponent(raw_name, &name) || !IsValidUtf8(name)) {
      return Status::InvalidParam("表单参数名编码无效");
    }
    if (!DecodeFormComponent(raw_value, &value) || !IsValidUtf8(value)) {
      return Status::InvalidParam("参数" + (IsValidUtf8(name) ? name : std::string("?")) + "编码无效");
    }
    out->Add(name, value);
  }
  return Status::Ok();
}

Status ParseJsonBody(std::string_view body, Params* out) {
  std::vector<std::pair<std::string, std::string>> pairs;
  Status parsed = ParseJsonObjectParams(body, &pairs);
  for (auto& [name, value] : pairs) out->Add(std::move(name), std::move(value));
  return parsed;
}

Status CheckUtf8(const Params& params) {
  for (const auto& [name, value] : params.items()) {
    if (!IsValidUtf8(name)) return Status::InvalidParam("参数名编码无效（须为UTF-8）");
    if (!IsValidUtf8(value)) return Status::InvalidParam("参数" + name + "编码无效（须为UTF-8）");
  }
  return Status::Ok();
}

Status ReadId(const Params& params, const char* name, bool required, std::optional<std::string>* out) {
  const std::string* value = params.Find(name);
  if (!value || value->empty()) {
    out->reset();
    return required ? Status::InvalidParam(Missing(name)) : Status::Ok();
  }
  if (!IsValidId(*value)) {
    return Status::InvalidParam(Invalid(name) + "（须为1到64个可打印字符，不含/）");
  }
  *out = *value;
  return Status::Ok();
}

Status ReadDate(const Params& params, const char* name, std::optional<std::string>* out) {
  const std::string* value = params.Find(name);
  out->reset();
  if (!value || value->empty()) return Status::Ok();
  if (!IsDate(*value)) return Status::InvalidParam(std::string("参数") + name + "无效（须为YYYY-MM-DD格式的日期）");
  *out = *value;
  return Status::Ok();
}

Status ReadInteger(const Params& params, const char* name, int64_t min, std::optional<int64_t>* out) {
  const std::string* value = params.Find(name);
  out->reset();
  if (!value || value->empty()) return Status::Ok();
  int64_t number = 0;
  if (!ParseInt64(*value, &number)) {
    return Status::InvalidParam(Invalid(name) + "（须为整数）");
  }
  if (number < min) {
    return Status::InvalidParam(Invalid(name) + "（须不小于" + std::to_string(min) + "）");
  }
  *out = number;
  return Status::Ok();
}

Status ReadText(const Params& params, const char* name, size_t max_chars, std::string* out) {
  const std::string* value = params.Find(name);
  out->clear();
  if (!value) return Status::Ok();
  if (!IsValidUtf8(*value)) return Status::InvalidParam(Invalid(name) + "（须为UTF-8）");
  if (Utf8Length(*value) > max_chars) {
    return Status::InvalidParam(std::string("参数") + name + "过长（最多" + std::to_string(max_chars) + "个字符）");
  }
  *out = *value;
  return Status::Ok();
}

Status ReadRequiredText(const Params& params, const char* name, size_t max_chars, std::string* out) {
  Status status = ReadText(params, name, max_chars, out);
  if (status.ok() && out->empty()) return Status::InvalidParam(std::string("缺少参数") + name);
  return status;
}

Status ReadResourceIds(const Params& params, std::vector<std::string>* out) {
  out->clear();
  ResourceIdList ids(out);
  // Items of the JSON-array spelling, kept alive for the list's views.
  std::deque<std::vector<std::string>> arrays;  // a deque never moves what it holds
  for (const auto& [name, value] : params.items()) {
    if (name != "resourceIds" && name != "resourceIds[]") continue;
    std::string_view text = Trim(value);
    if (!text.empty() && text.front() == '[') {
      // The original front end posts a string holding a JSON array: "[\"T1\",\"T2\"]".
      std::vector<std::string>& items = arrays.emplace_back();
      Status parsed = ParseJsonStringArray(text, &items);
      if (!parsed.ok()) return Status::InvalidParam(Invalid("resourceIds") + "（JSON数组格式错误）");
      for (const auto& item : items) ids.Add(item);
      continue;
    }
    while (true) {
      size_t comma = text.find(',');
      ids.Add(text.substr(0, comma));
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
  }
  if (ids.too_many()) {
    return Status::InvalidParam(Invalid("resourceIds") + "：最多" + std::to_string(kMaxResourceIds) + "个资源");
  }
  for (const auto& id : *out) {
    if (!IsValidId(id)) return Status::InvalidParam(Invalid("resourceIds") + "：含无效的资源编号");
  }
  return Status::Ok();
}

}  // namespace jsms
