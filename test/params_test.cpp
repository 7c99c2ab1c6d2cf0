// Request parameters (spec §1, §2, §4): the form and JSON body parsers, the typed readers with the
// contract's rules, and the text helpers underneath them.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/text.h"
#include "http/params.h"

using jsms::Code;
using jsms::Params;
using jsms::Status;

namespace {

using Parser = Status (*)(std::string_view, Params*);

// The parameters `parse` reads from `text`, failing the test when it refuses.
Params Parsed(Parser parse, const std::string& text) {
  Params params;
  Status status = parse(text, &params);
  INFO(text << ": " << status.message());
  REQUIRE(status.ok());
  return params;
}

Params Form(const std::string& text) { return Parsed(jsms::ParseFormUrlEncoded, text); }
Params Json(const std::string& text) { return Parsed(jsms::ParseJsonBody, text); }

Status FormError(const std::string& text) {
  Params params;
  return jsms::ParseFormUrlEncoded(text, &params);
}

Status JsonError(const std::string& text) {
  Params params;
  return jsms::ParseJsonBody(text, &params);
}

using Ids = std::vector<std::string>;

Ids ResourceIdsOf(const Params& params) {
  Ids ids;
  Status status = jsms::ReadResourceIds(params, &ids);
  INFO(status.message());
  REQUIRE(status.ok());
  return ids;
}

std::optional<int64_t> Integer(const std::string& value, int64_t min = 1) {
  Params params;
  params.Add("rows", value);
  std::optional<int64_t> out;
  Status status = jsms::ReadInteger(params, "rows", min, &out);
  INFO(value << ": " << status.message());
  REQUIRE(status.ok());
  return out;
}

Status IntegerError(const std::string& value, int64_t min = 1) {
  Params params;
  params.Add("rows", value);
  std::optional<int64_t> out;
  return jsms::ReadInteger(params, "rows", min, &out);
}

std::string Repeat(const std::string& piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

// ---- application/x-www-form-urlencoded ----

TEST_CASE("form: pairs in order, '+' as space, %XX decoded to UTF-8", "[params][form]") {
  Params params = Form("orderId=D000120170621&remark=%E5%A4%87%E6%B3%A8+ok&x=a%2Bb%26c%3Dd");
  REQUIRE(params.items().size() == 3);
  CHECK(params.items()[0].first == "orderId");
  CHECK(*params.Find("orderId") == "D000120170621");
  CHECK(*params.Find("remark") == "备注 ok");
  CHECK(*params.Find("x") == "a+b&c=d");  // escaped separators are data, not separators
  CHECK(params.Find("missing") == nullptr);
}

TEST_CASE("form: raw UTF-8, repeated keys, empty values and empty pairs", "[params][form]") {
  Params params = Form("remark=中文备注&&k=1&k=2&empty=&bare&=v&");
  CHECK(*params.Find("remark") == "中文备注");
  CHECK(*params.Find("k") == "1");  // Find gives the first value …
  int ks = 0;
  for (const auto& item : params.items()) ks += item.first == "k";
  CHECK(ks == 2);  // … but every value is kept
  CHECK(*params.Find("empty") == "");
  CHECK(*params.Find("bare") == "");
  CHECK(*params.Find("") == "v");
  CHECK(Form("").items().empty());
}

TEST_CASE("form: malformed %-escapes are refused", "[params][form]") {
  for (const char* text : {"a=%", "a=%4", "a=%G1", "a=%zz", "a=1%2", "%=1", "remark=abc%"}) {
    INFO(text);
    Status status = FormError(text);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_FALSE(status.message().empty());
  }
  // A malformed value names its parameter.
  CHECK_THAT(FormError("remark=%E4%B8").message(), Catch::Contains("remark"));
}

TEST_CASE("form: decoded text that is not UTF-8 is refused", "[params][form]") {
  for (const char* text : {"remark=%FF", "remark=%C0%AF", "remark=%E4%B8", "remark=%ED%A0%80", "%FF=1", "a=\xff"}) {
    INFO(text);
    CHECK(FormError(text).code() == Code::kInvalidParam);
  }
}

// ---- application/json ----

TEST_CASE("json: strings as they are, numbers as their literal text, null as absent", "[params][json]") {
  Params params = Json(R"({"orderId":"D000120170621","rows":30,"page":"2","remark":null,"price":0.25,"neg":-3,"u":"\u5907\u6ce8"})");
  CHECK(*params.Find("orderId") == "D000120170621");
  CHECK(*params.Find("rows") == "30");    // JSON number -> its text, ready for ReadInteger
  CHECK(*params.Find("page") == "2");     // numbers may also come as strings
  CHECK(params.Find("remark") == nullptr);
  CHECK(*params.Find("price") == "0.25");
  CHECK(*params.Find("neg") == "-3");
  CHECK(*params.Find("u") == "备注");     // \u escapes decoded
  // A fractional JSON number stays "1.5", so ReadInteger refuses it rather than truncating.
  CHECK(*Json(R"({"rows":1.5})").Find("rows") == "1.5");
  CHECK(Json("{}").items().empty());
  CHECK(Json(" {\"a\":\"1\"}\n").Find("a") != nullptr);  // surrounding whitespace is fine
}

TEST_CASE("json: a resourceIds array becomes repeated values", "[params][json]") {
  Params params = Json(R"({"orderId":"D1","resourceIds":["T1","T2",3]})");
  std::vector<std::string> values;
  for (const auto& [name, value] : params.items()) {
    if (name == "resourceIds") values.push_back(value);
  }
  CHECK(values == std::vector<std::string>{"T1", "T2", "3"});
  CHECK(Json(R"({"resourceIds[]":["T1"]})").Find("resourceIds[]") != nullptr);
  CHECK(Json(R"({"resourceIds":[]})").Find("resourceIds") == nullptr);
}

TEST_CASE("json: booleans, objects and arrays for other keys are refused naming the key", "[params][json]") {
  struct Case { const char* body; const char* key; };
  for (const Case& c : {Case{R"({"isAudit":true})", "isAudit"}, Case{R"({"isAudit":false})", "isAudit"},
                        Case{R"({"orderId":{"id":"D1"}})", "orderId"}, Case{R"({"orderId":["D1"]})", "orderId"},
                        Case{R"({"remark":[]})", "remark"}, Case{R"({"resourceIds":[["T1"]]})", "resourceIds"},
                        Case{R"({"resourceIds":[{"id":"T1"}]})", "resourceIds"},
                        Case{R"({"resourceIds":{"a":"T1"}})", "resourceIds"},
                        Case{R"({"resourceIds":[true]})", "resourceIds"}}) {
    INFO(c.body);
    Status status = JsonError(c.body);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains(c.key));
  }
}

TEST_CASE("json: the top level must be an object", "[params][json]") {
  for (const char* body : {"[]", "[\"T1\"]", "\"D1\"", "1", "null", "true", "", "   "}) {
    INFO("body '" << body << "'");
    CHECK(JsonError(body).code() == Code::kInvalidParam);
  }
}

TEST_CASE("json: invalid UTF-8, bad syntax and trailing garbage are refused", "[params][json]") {
  for (const std::string body : {std::string("{\"remark\":\"\xff\"}"), std::string("{\"re\xc0\xafk\":\"1\"}"),
                                 std::string("{\"remark\":\"\xed\xa0\x80\"}"), std::string("{\"a\":\"1\"} x"),
                                 std::string("{\"a\":\"1\"}{}"), std::string("{\"a\":\"1\",}"),
                                 std::string("{\"a\":'1'}"), std::string("{\"a\":\"1\""), std::string("{a:1}")}) {
    INFO(body);
    CHECK(JsonError(body).code() == Code::kInvalidParam);
  }
}

TEST_CASE("json: escaped lone surrogates are refused, never passed on as bytes", "[params][json]") {
  // A lone surrogate escape is well-formed JSON text but decodes to no character; the parser
  // must refuse it (as it refuses invalid UTF-8) rather than hand on the bytes ED B0 80.
  for (const char* body : {R"({"remark":"\ud800"})", R"({"remark":"\udc00"})", R"({"\udfff":"x"})",
                           R"({"remark":"a\ud800\u0041"})"}) {
    INFO(body);
    Params params;
    Status status = jsms::ParseJsonBody(body, &params);
    CHECK(status.code() == Code::kInvalidParam);
  }
  // A proper surrogate pair is one character.
  CHECK(*Json(R"({"remark":"\ud83d\ude00"})").Find("remark") == "\xf0\x9f\x98\x80");
}

TEST_CASE("json: hostile nesting fails without crashing", "[params][json]") {
  // 200,000 '[' would overflow a recursive parser's stack.
  CHECK(JsonError(std::string(200000, '[')).code() == Code::kInvalidParam);
  CHECK(JsonError(std::string(200000, '{')).code() == Code::kInvalidParam);
  CHECK(JsonError("{\"resourceIds\":" + std::string(200000, '[')).code() == Code::kInvalidParam);
  CHECK(JsonError("{\"a\":" + Repeat("{\"a\":", 100000)).code() == Code::kInvalidParam);
}

// ---- resourceIds: the five spellings of spec §1 ----

TEST_CASE("resourceIds: all five spellings give the same list", "[params][resourceIds]") {
  const Ids expected{"T1", "T2"};
  // 1. Repeated keys.
  CHECK(ResourceIdsOf(Form("resourceIds=T1&resourceIds=T2")) == expected);
  // 2. jQuery's resourceIds[] (escaped as jQuery sends it, and raw).
  CHECK(ResourceIdsOf(Form("resourceIds%5B%5D=T1&resourceIds%5B%5D=T2")) == expected);
  CHECK(ResourceIdsOf(Form("resourceIds[]=T1&resourceIds[]=T2")) == expected);
  // 3. One comma-separated value.
  CHECK(ResourceIdsOf(Form("resourceIds=T1%2CT2")) == expected);
  CHECK(ResourceIdsOf(Form("resourceIds=T1,T2")) == expected);
  // 4. A JSON array in a JSON body.
  CHECK(ResourceIdsOf(Json(R"({"orderId":"D1","resourceIds":["T1","T2"]})")) == expected);
  // 5. A string holding a JSON array: what the original front end posts.
  CHECK(ResourceIdsOf(Json(R"({"orderId":"D1","resourceIds":"[\"T1\",\"T2\"]","remark":"x"})")) == expected);
  CHECK(ResourceIdsOf(Form("resourceIds=%5B%22T1%22%2C%22T2%22%5D")) == expected);
  CHECK(ResourceIdsOf(Form("resourceIds=%5B%20%22T1%22%20,%20%22T2%22%20%5D")) == expected);
}

TEST_CASE("resourceIds: absent or empty gives an empty list", "[params][resourceIds]") {
  CHECK(ResourceIdsOf(Params()).empty());
  CHECK(ResourceIdsOf(Form("orderId=D1")).empty());
  CHECK(ResourceIdsOf(Form("resourceIds=")).empty());
  CHECK(ResourceIdsOf(Json(R"({"resourceIds":[]})")).empty());
  CHECK(ResourceIdsOf(Json(R"({"resourceIds":"[]"})")).empty());
}

TEST_CASE("resourceIds: blanks dropped, duplicates collapsed, order kept", "[params][resourceIds]") {
  CHECK(ResourceIdsOf(Form("resourceIds=T1,,T2,+,")) == Ids{"T1", "T2"});
  CHECK(ResourceIdsOf(Form("resourceIds=+T1+,+T2")) == Ids{"T1", "T2"});
  CHECK(ResourceIdsOf(Form("resourceIds=T2,T1,T2&resourceIds=T1&resourceIds=T3")) == Ids{"T2", "T1", "T3"});
  CHECK(ResourceIdsOf(Json(R"({"resourceIds":["T3"," ","T1","T3",""]})")) == Ids{"T3", "T1"});
  CHECK(ResourceIdsOf(Json(R"({"resourceIds":"[\"T9\",\"\",\"T9\",\"T0\"]"})")) == Ids{"T9", "T0"});
  // Spellings may be mixed in one request; order of arrival is kept.
  CHECK(ResourceIdsOf(Form("resourceIds[]=T5&resourceIds=T4,T5")) == Ids{"T5", "T4"});
}

TEST_CASE("resourceIds: invalid ids and malformed arrays are refused", "[params][resourceIds]") {
  auto refused = [](const Params& params) {
    INFO("resourceIds value " << Catch::Detail::stringify(*params.Find("resourceIds")));
    Ids ids;
    Status status = jsms::ReadResourceIds(params, &ids);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("resourceIds"));
  };
  Params too_long;
  too_long.Add("resourceIds", std::string(65, 'T'));
  refused(too_long);
  Params control;
  control.Add("resourceIds", std::string("T\x01") + "1");
  refused(control);
  Params del;
  del.Add("resourceIds", "T1\x7f" "2");
  refused(del);
  refused(Form("resourceIds=T1,T%2F2"));                     // '/' is not allowed in an id
  refused(Form("resourceIds=T1,T%C2%852"));                  // U+0085 (NEL): a C1 control is not printable
  refused(Form("resourceIds=T%C2%9B1"));                     // U+009B (CSI): a terminal escape
  refused(Json(R"({"resourceIds":"[\"T1\",\"a/b\"]"})"));
  refused(Json(R"({"resourceIds":"[\"T1\""})"));           // an unfinished JSON array
  refused(Json(R"({"resourceIds":"[[\"T1\"]]"})"));        // nested arrays
  refused(Json(R"({"resourceIds":"[{\"id\":\"T1\"}]"})"));
  refused(Json(R"({"resourceIds":"[\"T1\"] x"})"));        // trailing garbage
  // 64 characters is the limit, counted in characters.
  Params longest;
  longest.Add("resourceIds", std::string(64, 'T'));
  CHECK(ResourceIdsOf(longest) == Ids{std::string(64, 'T')});
  Params chinese;
  chinese.Add("resourceIds", Repeat("资", 64));
  CHECK(ResourceIdsOf(chinese).size() == 1);
}

// ---- typed readers ----

TEST_CASE("ReadInteger: absent or empty reads as absent", "[params][integer]") {
  std::optional<int64_t> out = 5;
  REQUIRE(jsms::ReadInteger(Params(), "rows", 1, &out).ok());
  CHECK_FALSE(out.has_value());
  CHECK_FALSE(Integer("").has_value());
}

TEST_CASE("ReadInteger: whole numbers within range", "[params][integer]") {
  CHECK(Integer("30") == 30);
  CHECK(Integer("1") == 1);
  CHECK(Integer("0", 0) == 0);  // state >= 0
  CHECK(Integer("9999999") == 9999999);  // the original front end's "everything" page
  CHECK(Integer("9223372036854775807") == INT64_MAX);
}

TEST_CASE("ReadInteger: malformed or below the minimum fails naming the parameter", "[params][integer]") {
  for (const char* value : {"1.5", " 1", "1 ", "abc", "99999999999999999999", "9223372036854775808", "1e3", "0x10",
                            "-", "１"}) {
    INFO("value '" << value << "'");
    Status status = IntegerError(value);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("rows"));
  }
  for (auto [value, min] : {std::pair{"-1", int64_t{1}}, std::pair{"0", int64_t{1}}, std::pair{"-1", int64_t{0}}}) {
    INFO(value << " with min " << min);
    Status status = IntegerError(value, min);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("rows"));
  }
}

TEST_CASE("ReadId: required, optional and malformed ids", "[params][id]") {
  std::optional<std::string> out;
  Status missing = jsms::ReadId(Params(), "orderId", true, &out);
  CHECK(missing.code() == Code::kInvalidParam);
  CHECK_THAT(missing.message(), Catch::Contains("orderId"));

  Status empty = jsms::ReadId(Form("orderId="), "orderId", true, &out);
  CHECK(empty.code() == Code::kInvalidParam);
  CHECK_THAT(empty.message(), Catch::Contains("orderId"));

  // An empty optional id reads as absent.
  out = "stale";
  REQUIRE(jsms::ReadId(Form("orderId="), "orderId", false, &out).ok());
  CHECK_FALSE(out.has_value());
  REQUIRE(jsms::ReadId(Params(), "orderId", false, &out).ok());
  CHECK_FALSE(out.has_value());

  REQUIRE(jsms::ReadId(Form("orderId=D000120170621"), "orderId", true, &out).ok());
  CHECK(out == std::optional<std::string>("D000120170621"));
  REQUIRE(jsms::ReadId(Form("orderId=%E8%AE%A2%E5%8D%951"), "orderId", true, &out).ok());  // any printable text
  CHECK(out == std::optional<std::string>("订单1"));

  Params too_long;
  too_long.Add("orderId", std::string(65, 'D'));
  Params control;
  control.Add("orderId", "D1\n");
  for (const Params& bad : {Form("orderId=D%2F1"), too_long, control, Form("orderId=%00"), Form("orderId=D%7F"),
                            Form("orderId=D%C2%9B1")}) {  // DEL and U+009B are controls, not printable
    INFO("orderId " << Catch::Detail::stringify(*bad.Find("orderId")));
    Status status = jsms::ReadId(bad, "orderId", false, &out);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("orderId"));
  }
}

TEST_CASE("ReadText: at most 500 characters, counted in characters not bytes", "[params][text]") {
  std::string out = "stale";
  REQUIRE(jsms::ReadText(Params(), "remark", jsms::kMaxRemarkChars, &out).ok());
  CHECK(out.empty());

  Params ok;
  ok.Add("remark", Repeat("备", 500));  // 1500 bytes, 500 characters
  REQUIRE(jsms::ReadText(ok, "remark", jsms::kMaxRemarkChars, &out).ok());
  CHECK(out == Repeat("备", 500));

  Params ascii_ok;
  ascii_ok.Add("remark", std::string(500, 'a'));
  CHECK(jsms::ReadText(ascii_ok, "remark", jsms::kMaxRemarkChars, &out).ok());

  for (const std::string& text : {Repeat("备", 501), std::string(501, 'a')}) {
    Params params;
    params.Add("remark", text);
    Status status = jsms::ReadText(params, "remark", jsms::kMaxRemarkChars, &out);
    CHECK(status.code() == Code::kInvalidParam);
    CHECK_THAT(status.message(), Catch::Contains("remark"));
  }

  Params bad_utf8;
  bad_utf8.Add("remark", "\xe5\xa4");
  CHECK(jsms::ReadText(bad_utf8, "remark", jsms::kMaxRemarkChars, &out).code() == Code::kInvalidParam);
}

TEST_CASE("CheckUtf8 refuses raw names or values that are not UTF-8", "[params]") {
  Params good;
  good.Add("remark", "备注");
  CHECK(jsms::CheckUtf8(good).ok());
  Params bad_value;
  bad_value.Add("remark", "\xff");
  CHECK(jsms::CheckUtf8(bad_value).code() == Code::kInvalidParam);
  CHECK_THAT(jsms::CheckUtf8(bad_value).message(), Catch::Contains("remark"));
  Params bad_name;
  bad_name.Add("re\xffmark", "x");
  CHECK(jsms::CheckUtf8(bad_name).code() == Code::kInvalidParam);
}

// ---- Content-Type ----

TEST_CASE("EqualsIgnoringCase: ASCII letters only, whole strings", "[params][content-type]") {
  CHECK(jsms::EqualsIgnoringCase("Content-Type", "content-type"));
  CHECK(jsms::EqualsIgnoringCase("GZIP", "gzip"));
  CHECK(jsms::EqualsIgnoringCase("", ""));
  CHECK_FALSE(jsms::EqualsIgnoringCase("gzip", "gzi"));
  CHECK_FALSE(jsms::EqualsIgnoringCase("gzip", "gzipx"));
  // '@' and '`' sit next to the letters; bytes past ASCII are compared as they are.
  CHECK_FALSE(jsms::EqualsIgnoringCase("@", "`"));
  CHECK_FALSE(jsms::EqualsIgnoringCase("\xc3\x89", "\xc3\xa9"));
}


TEST_CASE("BodyFormatOf: media type read case-insensitively, parameters ignored", "[params][content-type]") {
  using jsms::BodyFormat;
  CHECK(jsms::BodyFormatOf("application/json", true) == BodyFormat::kJson);
  CHECK(jsms::BodyFormatOf("application/json;charset=UTF-8", true) == BodyFormat::kJson);
  CHECK(jsms::BodyFormatOf("Application/JSON; charset=utf-8", true) == BodyFormat::kJson);
  CHECK(jsms::BodyFormatOf("application/x-www-form-urlencoded; charset=UTF-8", true) == BodyFormat::kForm);
  CHECK(jsms::BodyFormatOf("APPLICATION/X-WWW-FORM-URLENCODED", true) == BodyFormat::kForm);
  CHECK(jsms::BodyFormatOf("multipart/form-data; boundary=----abc", true) == BodyFormat::kMultipart);
  // No Content-Type: a body is read as a form (curl -d), no body is nothing.
  CHECK(jsms::BodyFormatOf("", true) == BodyFormat::kForm);
  CHECK(jsms::BodyFormatOf("", false) == BodyFormat::kNone);
  // Formats we do not read.
  CHECK(jsms::BodyFormatOf("text/xml", true) == BodyFormat::kUnsupported);
  CHECK(jsms::BodyFormatOf("text/plain; charset=UTF-8", true) == BodyFormat::kUnsupported);
  CHECK(jsms::BodyFormatOf("application/jsonx", true) == BodyFormat::kUnsupported);
}

// ---- text helpers ----

TEST_CASE("IsValidUtf8: well-formed text", "[text][utf8]") {
  CHECK(jsms::IsValidUtf8(""));
  CHECK(jsms::IsValidUtf8("plain ASCII"));
  CHECK(jsms::IsValidUtf8(std::string_view("a\0b", 3)));
  CHECK(jsms::IsValidUtf8("\xc2\x80"));          // U+0080, smallest 2-byte
  CHECK(jsms::IsValidUtf8("验证码 通知 营销"));
  CHECK(jsms::IsValidUtf8("\xe0\xa0\x80"));      // U+0800, smallest 3-byte
  CHECK(jsms::IsValidUtf8("\xef\xbf\xbf"));      // U+FFFF
  CHECK(jsms::IsValidUtf8("\xf0\x9f\x98\x80"));  // an emoji
  CHECK(jsms::IsValidUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the last code point
}

TEST_CASE("IsValidUtf8: overlongs, surrogates, out of range and truncated sequences", "[text][utf8]") {
  for (const char* bad : {
           "\xc0\x80", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf", "\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf",  // overlong
           "\xed\xa0\x80", "\xed\xbf\xbf",                                                              // surrogates
           "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xff", "\xfe",             // beyond U+10FFFF
           "\xc3", "\xe4\xb8", "\xf0\x9f\x98", "a\xe4",                                                 // truncated
           "\x80", "\xbf", "\xe4\x41\x80", "\xe4\xb8\x41",                                              // bad continuation
       }) {
    INFO("bytes " << Catch::Detail::stringify(std::string(bad)));
    CHECK_FALSE(jsms::IsValidUtf8(bad));
  }
}

TEST_CASE("Utf8Length counts code points and Trim strips ASCII whitespace", "[text]") {
  CHECK(jsms::Utf8Length("") == 0);
  CHECK(jsms::Utf8Length("abc") == 3);
  CHECK(jsms::Utf8Length("备注a") == 3);
  CHECK(jsms::Utf8Length("\xf0\x9f\x98\x80") == 1);
  CHECK(jsms::Trim("  T1 \t\r\n") == "T1");
  CHECK(jsms::Trim("   ").empty());
  CHECK(jsms::Trim("a b") == "a b");
}

TEST_CASE("ParseInt64: whole decimal integers that fit in 64 bits", "[text][int]") {
  int64_t out = 0;
  REQUIRE(jsms::ParseInt64("0", &out));
  CHECK(out == 0);
  REQUIRE(jsms::ParseInt64("-0", &out));
  CHECK(out == 0);
  REQUIRE(jsms::ParseInt64("42", &out));
  CHECK(out == 42);
  REQUIRE(jsms::ParseInt64("-17", &out));
  CHECK(out == -17);
  REQUIRE(jsms::ParseInt64("9223372036854775807", &out));
  CHECK(out == INT64_MAX);
  REQUIRE(jsms::ParseInt64("-9223372036854775808", &out));
  CHECK(out == INT64_MIN);
  REQUIRE(jsms::ParseInt64("9223372036854775806", &out));
  CHECK(out == INT64_MAX - 1);
}

TEST_CASE("ParseInt64: overflow and anything not a plain integer fails", "[text][int]") {
  int64_t out = 0;
  for (const char* bad : {"9223372036854775808", "-9223372036854775809", "10000000000000000000",
                          "99999999999999999999", "", "-", "--1", "+1", " 1", "1 ", "1.0", "1e3", "0x1f", "abc",
                          "12a", "1,000"}) {
    INFO("text '" << bad << "'");
    CHECK_FALSE(jsms::ParseInt64(bad, &out));
  }
}
