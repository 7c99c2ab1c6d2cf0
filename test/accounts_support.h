// Helpers shared by the accounts tests (accounts_store_test, auth_test, roles_test,
// staff_cli_test): the database seen through a connection of its own, requests for Api::Handle,
// and staff accounts with real password hashes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/access.h"
#include "http/api.h"
#include "http/request.h"
#include "store/store.h"

namespace jsms::test {

// Runs SQL on the file through a connection of its own, as another process would.
void ExecSql(const std::string& db_path, const std::string& sql);
int64_t SqlInt(const std::string& db_path, const std::string& sql);

// Every row of `tables`, one line per row ("table|v1|v2|…", NULL as ∅), rows ordered by every
// column: equal dumps mean equal contents.
std::string DumpTables(const std::string& db_path, const std::vector<std::string>& tables);

// Requests for Api::Handle (no socket): from `client_address`, with `headers`.
ApiRequest GetRequest(const std::string& path, NameValues headers = {}, const std::string& client_address = "127.0.0.1");
ApiRequest PostRequest(const std::string& path, const std::string& form, NameValues headers = {},
                       const std::string& client_address = "127.0.0.1");

// The envelope's code ("" for null) of a reply body, and its msg.
std::string CodeOf(const std::string& body);
std::string MsgOf(const std::string& body);

// Adds an account with a real Argon2id hash of `password`; returns its staff id.
int64_t AddAccount(Store& store, const std::string& login, Role role, const std::string& password,
                   std::optional<int64_t> id = std::nullopt, const std::string& name = "");

// A new API token ("jso_…") for staff member `staff_id`.
std::string MakeToken(Store& store, int64_t staff_id);

// "Authorization: Bearer <token>".
NameValues Bearer(const std::string& token);

// The value of a reply's header, or "" when it has none.
std::string HeaderOf(const ApiReply& reply, const std::string& name);

}  // namespace jsms::test
