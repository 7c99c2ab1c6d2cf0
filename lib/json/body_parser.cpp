#include "json/body_parser.h"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "domain/text.h"

namespace jsms {

namespace {

constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                                 rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag;

bool IsArrayParam(const std::string& name) { return name == "resourceIds" || name == "resourceIds[]"; }

// Parameters that are true or false (a staff account's `disabled`): a JSON boolean reads as that text.
bool IsBooleanParam(const std::string& name) { return name == "disabled"; }

// Accepts {"name": scalar | [scalars] (resourceIds only) | boolean (disabled only) | null, …}.
// Anything else stops the parse at once with `error` naming the parameter.
struct ObjectHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ObjectHandler> {
  std::vector<std::pair<std::string, std::string>>* out;
  std::string key;
  int depth = 0;  // 1 inside the object, 2 inside a member's array
  std::string error;

  explicit ObjectHandler(std::vector<std::pair<std::string, std::string>>* pairs) : out(pairs) {}

  bool Fail(const std::string& message) {
    error = message;
    return false;
  }
  bool WrongType() { return Fail("参数" + key + "类型错误"); }

  bool Value(const char* text, rapidjson::SizeType length) {
    if (depth == 0) return Fail("请求体须为JSON对象");
    // RapidJSON lets an escaped lone low surrogate ("\udc00") through as invalid UTF-8 bytes.
    if (!IsValidUtf8(key) || !IsValidUtf8(std::string_view(text, length))) {
      return Fail("参数" + (IsValidUtf8(key) ? key : std::string("?")) + "编码无效（须为UTF-8）");
    }
    out->emplace_back(key, std::string(text, length));
    return true;
  }
  bool Null() {
    if (depth == 2) return WrongType();
    return depth == 1 ? true : Fail("请求体须为JSON对象");
  }
  bool Bool(bool value) {
    if (depth == 0) return Fail("请求体须为JSON对象");
    if (depth != 1 || !IsBooleanParam(key)) return WrongType();
    out->emplace_back(key, value ? "true" : "false");
    return true;
  }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) { return Value(text, length); }
  bool String(const char* text, rapidjson::SizeType length, bool) { return Value(text, length); }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    key.assign(text, length);
    return true;
  }
  bool StartObject() {
    if (depth != 0) return WrongType();
    depth = 1;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    depth = 0;
    return true;
  }
  bool StartArray() {
    if (depth == 0) return Fail("请求体须为JSON对象");
    if (depth != 1 || !IsArrayParam(key)) return WrongType();
    depth = 2;
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    depth = 1;
    return true;
  }
};

// Accepts [scalar, …] with strings and numbers only.
struct ArrayHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ArrayHandler> {
  std::vector<std::string>* out;
  int depth = 0;

  explicit ArrayHandler(std::vector<std::string>* items) : out(items) {}

  bool Default() { return false; }
  bool Value(const char* text, rapidjson::SizeType length) {
    if (depth != 1) return false;
    out->emplace_back(text, length);
    return true;
  }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) { return Value(text, length); }
  bool String(const char* text, rapidjson::SizeType length, bool) { return Value(text, length); }
  bool StartArray() { return ++depth == 1; }
  bool EndArray(rapidjson::SizeType) {
    --depth;
    return true;
  }
};

// Where the first byte other than JSON whitespace is at or after `offset`; text.size() if none.
size_t FirstNonWhitespace(std::string_view text, size_t offset) {
  for (size_t i = offset; i < text.size(); ++i) {
    char c = text[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return i;
  }
  return text.size();
}

}  // namespace

Status ParseJsonObjectParams(std::string_view body, std::vector<std::pair<std::string, std::string>>* out) {
  ObjectHandler handler(out);
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(body.data(), body.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
  rapidjson::ParseResult result = reader.Parse<kParseFlags>(input, handler);
  if (!handler.error.empty()) return Status::InvalidParam(handler.error);
  size_t garbage = result.IsError() ? body.size() : FirstNonWhitespace(body, input.Tell());
  if (result.IsError() || garbage != body.size()) {
    // One fixed message with the byte offset: the parser's own (English) text is not for users.
    size_t offset = result.IsError() ? result.Offset() : garbage;
    return Status::InvalidParam("请求体不是有效的JSON（第" + std::to_string(offset) + "字节处有误）");
  }
  return Status::Ok();
}

Status ParseJsonStringArray(std::string_view text, std::vector<std::string>* out) {
  ArrayHandler handler(out);
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
  rapidjson::ParseResult result = reader.Parse<kParseFlags>(input, handler);
  if (result.IsError() || FirstNonWhitespace(text, input.Tell()) != text.size()) {
    return Status::InvalidParam("JSON数组格式错误");
  }
  return Status::Ok();
}

}  // namespace jsms
