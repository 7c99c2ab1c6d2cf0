#include "accounts_support.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include "domain/accounts.h"
#include "support.h"
#include "util/clock.h"
#include "util/secrets.h"

namespace jsms::test {

namespace {

SQLite::Database OpenFile(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  return db;
}

}  // namespace

void ExecSql(const std::string& db_path, const std::string& sql) { OpenFile(db_path).exec(sql); }

int64_t SqlInt(const std::string& db_path, const std::string& sql) {
  return OpenFile(db_path).execAndGet(sql).getInt64();
}

std::string DumpTables(const std::string& db_path, const std::vector<std::string>& tables) {
  SQLite::Database db = OpenFile(db_path);
  std::string out;
  for (const std::string& table : tables) {
    SQLite::Statement columns(db, "SELECT count(*) FROM pragma_table_info('" + table + "')");
    columns.executeStep();
    const int count = columns.getColumn(0).getInt();
    std::string order;
    for (int i = 1; i <= count; ++i) order += (i > 1 ? ", " : "") + std::to_string(i);
    SQLite::Statement rows(db, "SELECT * FROM " + table + " ORDER BY " + order);
    while (rows.executeStep()) {
      out += table;
      for (int i = 0; i < count; ++i) out += "|" + (rows.isColumnNull(i) ? std::string("∅") : rows.getColumn(i).getString());
      out += "\n";
    }
  }
  return out;
}

ApiRequest GetRequest(const std::string& path, NameValues headers, const std::string& client_address) {
  ApiRequest request;
  request.method = "GET";
  request.path = path;
  request.headers = std::move(headers);
  request.client_address = client_address;
  return request;
}

ApiRequest PostRequest(const std::string& path, const std::string& form, NameValues headers,
                       const std::string& client_address) {
  ApiRequest request = GetRequest(path, std::move(headers), client_address);
  request.method = "POST";
  request.body = form;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return request;
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

int64_t AddAccount(Store& store, const std::string& login, Role role, const std::string& password,
                   std::optional<int64_t> id, const std::string& name) {
  NewAccount account;
  account.id = id;
  account.login = login;
  account.role = role;
  if (!name.empty() || !id) account.name = name.empty() ? login : name;
  REQUIRE(HashPassword(password, &account.password_hash).ok());
  Account added;
  Status status = store.accounts().Add(account, &added);
  INFO(status.message());
  REQUIRE(status.ok());
  return added.id;
}

std::string MakeToken(Store& store, int64_t staff_id) {
  std::string token = kApiTokenPrefix + RandomToken();
  int64_t id = 0;
  REQUIRE(store.accounts().CreateToken(staff_id, "test", SecretDigest(token), NowUnixSeconds(), &id).ok());
  return token;
}

NameValues Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string HeaderOf(const ApiReply& reply, const std::string& name) {
  for (const auto& [key, value] : reply.headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace jsms::test
