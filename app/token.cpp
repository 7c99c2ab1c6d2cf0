#include "token.h"

#include <iostream>
#include <memory>

#include "db_file.h"
#include "domain/accounts.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/secrets.h"

namespace jsms {

namespace {

int Fail(const std::string& message) {
  std::cerr << "jsms-ops: " << message << "\n";
  return 1;
}

int Create(Store& store, const TokenOptions& options) {
  Status status = CheckTokenLabel(options.label);
  if (!status.ok()) return Fail(status.message());
  Account account;
  std::string hash;
  bool found = false;
  status = store.accounts().FindByLogin(options.login, &account, &hash, &found);
  if (!status.ok()) return Fail(status.message());
  if (!found) return Fail("no staff member has login '" + options.login + "' (see staff list)");
  if (account.disabled) return Fail(options.login + " is disabled: a token would not work (staff enable first)");
  const std::string token = kApiTokenPrefix + RandomToken();
  int64_t id = 0;
  status = store.accounts().CreateToken(account.id, options.label, SecretDigest(token), NowUnixSeconds(), &id);
  if (!status.ok()) return Fail(status.message());
  std::cout << token << "\n";
  std::cerr << "jsms-ops: token " << id << " for " << options.login
            << " (acts as them, with their role). It is shown only now: keep it somewhere safe.\n";
  return 0;
}

int List(Store& store) {
  std::vector<ApiTokenInfo> tokens;
  Status status = store.accounts().ListTokens(&tokens);
  if (!status.ok()) return Fail(status.message());
  std::cout << "id\tlogin\tlabel\tcreated\n";
  for (const ApiTokenInfo& token : tokens) {
    std::cout << token.id << "\t" << token.login << "\t" << (token.label.empty() ? "-" : token.label) << "\t"
              << token.create_time << "\n";
  }
  return 0;
}

int Revoke(Store& store, const TokenOptions& options) {
  bool found = false;
  Status status = store.accounts().RevokeToken(options.id, &found);
  if (!status.ok()) return Fail(status.message());
  if (!found) return Fail("no token " + std::to_string(options.id) + " (see token list)");
  std::cout << "token " << options.id << " revoked\n";
  return 0;
}

}  // namespace

CLI::App* SetupToken(CLI::App& app, TokenOptions& options) {
  CLI::App* token = app.add_subcommand("token", "Staff API tokens for scripts: create, list, revoke");
  token->require_subcommand(1);
  CLI::App* create = token->add_subcommand("create", "Make a token for a staff member and print it (once)");
  create->add_option("--login", options.login, "Whose token: it acts as them, with their role")->required();
  create->add_option("--label", options.label, "What it is for (shown by token list)");
  token->add_subcommand("list", "Every token: id, login, label, created (never the token itself)");
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token: it stops working at once");
  revoke->add_option("ID", options.id, "The token's id (see token list)")->required()->check(CLI::PositiveNumber);
  return token;
}

int RunToken(const std::string& db_path, const CLI::App& token, const TokenOptions& options) {
  std::unique_ptr<Store> store;
  Status opened = Store::Open(db_path, CommandStoreOptions(), &store);
  if (!opened.ok()) return Fail(opened.message());
  if (token.got_subcommand("create")) return Create(*store, options);
  if (token.got_subcommand("list")) return List(*store);
  return Revoke(*store, options);
}

}  // namespace jsms
