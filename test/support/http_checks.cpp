#include "support/http_checks.h"

#include <catch2/catch.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string_view>

namespace jsms::test {

rapidjson::Document ParseJson(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  INFO(body.substr(0, 400));
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

namespace support {

const std::string kOkReply =
    R"({"success":true,"fail":false,"code":null,"data":null,"msg":"操作成功！","failure":false})";

Reply::Reply(const httplib::Result& result) {
  INFO("transport error: " << httplib::to_string(result.error()));
  REQUIRE(result);
  status = result->status;
  body = result->body;
  headers.assign(result->headers.begin(), result->headers.end());
}

Reply::Reply(const ApiReply& reply) : status(reply.status), body(reply.body), headers(reply.headers) {
  REQUIRE_FALSE(reply.stream);  // a streamed reply has no body here
  headers.emplace_back("Content-Type", reply.content_type);
}

std::string Reply::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Lower(key) == Lower(name)) return value;
  }
  return "";
}

void CheckNoInternals(const std::string& text) {
  std::string lower = Lower(text);
  for (const char* word : {"sql", "select ", "insert ", "update ", "no such", "exception", "what()", "std::", "/tmp",
                           "/work", ".db", ".cpp", "secret"}) {
    INFO("reply text: " << text.substr(0, 600));
    INFO("betrays: " << word);
    CHECK(lower.find(word) == std::string::npos);
  }
}

void CheckClean(const Reply& reply) {
  CHECK(reply.Header("Content-Type") == "application/json;charset=UTF-8");
  CheckNoInternals(reply.body);
  for (const auto& [name, value] : reply.headers) {
    CHECK(Lower(name) != "exception_what");
    CheckNoInternals(name + ": " + value);
  }
}

void CheckOk(const Reply& reply) {
  CheckClean(reply);
  INFO(reply.body);
  CHECK(reply.status == 200);
  CHECK(reply.body == kOkReply);
}

std::string CheckRefusal(const Reply& reply, int status, const std::string& code,
                         std::initializer_list<std::string> parts) {
  return CheckRefusal(reply, status, code, std::vector<std::string>(parts));
}

std::string CheckRefusal(const Reply& reply, int status, const std::string& code,
                         const std::vector<std::string>& parts) {
  CheckClean(reply);
  INFO(reply.body);
  CHECK(reply.status == status);
  const std::string head = R"({"success":false,"fail":true,"code":")" + code + R"(","data":null,"msg":")";
  const std::string tail = R"(","failure":true})";
  REQUIRE(reply.body.size() > head.size() + tail.size());
  CHECK(reply.body.compare(0, head.size(), head) == 0);
  CHECK(reply.body.compare(reply.body.size() - tail.size(), tail.size(), tail) == 0);
  rapidjson::Document doc = ParseJson(reply.body);
  REQUIRE(doc["msg"].IsString());
  std::string msg = doc["msg"].GetString();
  CHECK_FALSE(msg.empty());
  for (const auto& part : parts) {
    INFO("msg should contain " << part);
    CHECK(msg.find(part) != std::string::npos);
  }
  return msg;
}

std::string SuccessData(const Reply& reply, const std::string& msg) {
  CheckClean(reply);
  INFO(reply.body.substr(0, 600));
  REQUIRE(reply.status == 200);
  const std::string head = R"({"success":true,"fail":false,"code":null,"data":)";
  const std::string tail = R"(,"msg":")" + msg + R"(","failure":false})";
  REQUIRE(reply.body.size() >= head.size() + tail.size());
  CHECK(reply.body.compare(0, head.size(), head) == 0);
  CHECK(reply.body.compare(reply.body.size() - tail.size(), tail.size(), tail) == 0);
  rapidjson::Document doc = ParseJson(reply.body);
  return Dump(doc["data"]);
}

std::string CodeOf(const std::string& body) {
  rapidjson::Document doc = ParseJson(body);
  REQUIRE(doc.IsObject());
  REQUIRE(doc.HasMember("code"));
  return doc["code"].IsNull() ? "" : doc["code"].GetString();
}

std::string MsgOf(const std::string& body) {
  rapidjson::Document doc = ParseJson(body);
  REQUIRE(doc.IsObject());
  REQUIRE(doc.HasMember("msg"));
  return doc["msg"].GetString();
}

std::string Dump(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<std::string> Keys(const rapidjson::Value& object) {
  std::vector<std::string> keys;
  REQUIRE(object.IsObject());
  for (const auto& member : object.GetObject()) keys.emplace_back(member.name.GetString());
  return keys;
}

std::string Str(const rapidjson::Value& object, const char* key) {
  INFO(key);
  REQUIRE(object.HasMember(key));
  REQUIRE(object[key].IsString());
  return object[key].GetString();
}

std::vector<std::pair<std::string, std::string>> MembersExcept(const rapidjson::Value& object,
                                                               std::initializer_list<const char*> except) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& member : object.GetObject()) {
    std::string name = member.name.GetString();
    if (std::find(except.begin(), except.end(), name) != except.end()) continue;
    out.emplace_back(name, Dump(member.value));
  }
  return out;
}

void CheckMembers(const rapidjson::Value& object, const std::string& expected) {
  rapidjson::Document wanted = ParseJson(expected);
  REQUIRE(object.IsObject());
  for (const auto& member : wanted.GetObject()) {
    const char* name = member.name.GetString();
    INFO(name);
    REQUIRE(object.HasMember(name));
    CHECK(Dump(object[name]) == Dump(member.value));
  }
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || std::string_view("-_.~").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    char escaped[4];
    std::snprintf(escaped, sizeof escaped, "%%%02X", c);
    out += escaped;
  }
  return out;
}

std::string ActionForm(const std::string& order_id, const std::vector<std::string>& resource_ids,
                       const std::string& remark) {
  std::string body = "orderId=" + UrlEncode(order_id);
  for (const auto& id : resource_ids) body += "&resourceIds=" + UrlEncode(id);
  if (!remark.empty()) body += "&remark=" + UrlEncode(remark);
  return body;
}

}  // namespace support
}  // namespace jsms::test
