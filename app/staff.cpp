#include "staff.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "db_file.h"
#include "domain/accounts.h"
#include "store/store.h"
#include "util/secrets.h"

namespace jsms {

namespace {

int Fail(const std::string& message) {
  std::cerr << "jsms-ops: " << message << "\n";
  return 1;
}

// One line typed on the terminal without echo (the terminal is restored afterwards).
std::string PromptHidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool restore = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  return line;
}

// A new password for `login`: stdin's first line (without its line end) when stdin is not a
// terminal; else typed twice at a prompt without echo. False with `error` when there is none or
// the two differ. Its shape is judged by the caller (CheckNewPassword).
bool ReadNewPassword(const std::string& login, std::string* out, std::string* error) {
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line) && line.empty()) {
      *error = "no password on stdin (give it as the first line, or run on a terminal to be asked)";
      return false;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    *out = std::move(line);
    return true;
  }
  std::string first = PromptHidden("New password for " + login + ": ");
  std::string second = PromptHidden("The same password again: ");
  if (first != second) {
    *error = "the two passwords differ; nothing was changed";
    return false;
  }
  *out = std::move(first);
  return true;
}

// The account with `login`, or a message saying there is none.
Status FindAccount(Store& store, const std::string& login, Account* out) {
  std::string hash;
  bool found = false;
  Status status = store.accounts().FindByLogin(login, out, &hash, &found);
  if (status.ok() && !found) return Status::InvalidParam("no staff member has login '" + login + "' (see staff list)");
  return status;
}

// A password read and judged for `login`, hashed.
Status NewPasswordHash(const std::string& login, std::string* hash) {
  std::string password, error;
  if (!ReadNewPassword(login, &password, &error)) return Status::InvalidParam(error);
  Status valid = CheckNewPassword(password, login, "password");
  if (!valid.ok()) return valid;
  return HashPassword(password, hash);
}

int Add(Store& store, const StaffOptions& options) {
  NewAccount account;
  account.id = options.id;
  account.login = options.login;
  Status status = CheckLogin(options.login, "--login");
  if (status.ok()) status = ReadRole(options.role, &account.role, "--role");
  if (status.ok() && !options.name.empty()) {
    status = CheckStaffName(options.name, "--name");
    account.name = options.name;
  }
  if (status.ok() && options.name.empty() && !options.id) {
    status = Status::InvalidParam("--name is required for a new staff member (or give --id of an existing one)");
  }
  if (!status.ok()) return Fail(status.message());
  // Said before the password is asked for; the store checks again when it adds.
  Account taken;
  std::string ignored;
  bool found = false;
  status = store.accounts().FindByLogin(options.login, &taken, &ignored, &found);
  if (status.ok() && found) status = Status(Code::kStateConflict, "login '" + options.login + "' is taken (staff " + std::to_string(taken.id) + ")");
  bool accounts_before = false;
  if (status.ok()) status = store.accounts().AnyPassword(&accounts_before);
  if (status.ok()) status = NewPasswordHash(options.login, &account.password_hash);
  Account added;
  if (status.ok()) status = store.accounts().Add(account, &added);
  if (!status.ok()) return Fail(status.message());
  std::cout << "added staff " << added.id << " " << options.login << " (" << added.name << ", "
            << RoleName(account.role) << ")\n";
  if (!accounts_before) {
    std::cerr << "jsms-ops: this is the first account with a password: a server on this database now requires "
                 "signing in (accounts mode)\n";
  }
  return 0;
}

int Passwd(Store& store, const StaffOptions& options) {
  Account account;
  Status status = FindAccount(store, options.login, &account);
  std::string hash;
  if (status.ok()) status = NewPasswordHash(options.login, &hash);
  if (status.ok()) status = store.accounts().SetPassword(account.id, hash);
  if (!status.ok()) return Fail(status.message());
  std::cout << "password of " << options.login << " changed; their sessions were ended\n";
  return 0;
}

int List(Store& store) {
  std::vector<Account> accounts;
  Status status = store.accounts().List(&accounts);
  if (!status.ok()) return Fail(status.message());
  std::cout << "id\tlogin\tname\trole\tdisabled\tpassword\n";
  for (const Account& account : accounts) {
    std::cout << account.id << "\t" << account.login.value_or("-") << "\t" << account.name << "\t"
              << (account.role ? RoleName(*account.role) : "-") << "\t" << (account.disabled ? "yes" : "no") << "\t"
              << (account.has_password ? "yes" : "no") << "\n";
  }
  return 0;
}

int SetDisabled(Store& store, const StaffOptions& options, bool disabled) {
  Account account;
  Status status = FindAccount(store, options.login, &account);
  AccountChanges changes;
  changes.disabled = disabled;
  Account edited;
  if (status.ok()) status = store.accounts().Edit(account.id, changes, &edited);
  if (!status.ok()) return Fail(status.message());
  std::cout << options.login << (disabled ? " disabled; their sessions were ended\n" : " enabled\n");
  return 0;
}

}  // namespace

CLI::App* SetupStaff(CLI::App& app, StaffOptions& options) {
  CLI::App* staff = app.add_subcommand("staff", "Staff accounts: add, passwd, list, disable, enable");
  staff->require_subcommand(1);
  const char* kLoginHelp = "Login: 1 to 32 of a-z 0-9 . _ -";
  CLI::App* add = staff->add_subcommand("add", "Add an account; the password is read from stdin or asked for");
  add->add_option("--login", options.login, kLoginHelp)->required();
  add->add_option("--name", options.name, "Name shown in the desks (required unless --id names an existing one)");
  add->add_option("--role", options.role, "admin, sales, ops or procurement")->required();
  add->add_option("--id", options.id, "Staff id: give this staff member (e.g. a belongSale) the account")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 53));
  CLI::App* passwd = staff->add_subcommand("passwd", "Set a password (from stdin or asked for); ends their sessions");
  passwd->add_option("--login", options.login, kLoginHelp)->required();
  staff->add_subcommand("list", "Every staff member: id, login, name, role, disabled, has a password");
  CLI::App* disable = staff->add_subcommand("disable", "Disable an account and end its sessions");
  disable->add_option("--login", options.login, kLoginHelp)->required();
  CLI::App* enable = staff->add_subcommand("enable", "Enable a disabled account");
  enable->add_option("--login", options.login, kLoginHelp)->required();
  return staff;
}

int RunStaff(const std::string& db_path, const CLI::App& staff, const StaffOptions& options) {
  std::unique_ptr<Store> store;
  Status opened = Store::Open(db_path, CommandStoreOptions(), &store);
  if (!opened.ok()) return Fail(opened.message());
  if (staff.got_subcommand("add")) return Add(*store, options);
  if (staff.got_subcommand("passwd")) return Passwd(*store, options);
  if (staff.got_subcommand("list")) return List(*store);
  if (staff.got_subcommand("disable")) return SetDisabled(*store, options, true);
  return SetDisabled(*store, options, false);
}

}  // namespace jsms
