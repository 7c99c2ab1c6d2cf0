// The account routes (accounts.md): signing in and out, one's own password, and the admins'
// staff accounts and login events.
#include "domain/accounts.h"
#include "http/auth.h"
#include "http/context.h"
#include "http/router.h"
#include "util/secrets.h"

namespace jsms {

namespace {

// Bounds what is read of a text parameter at all; its shape is judged by domain/accounts.h.
constexpr size_t kMaxTextChars = 1024;

// A reply that must not be cached anywhere (it carries who is signed in, or a cookie).
ApiReply Private(ApiReply reply) {
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

ApiReply Refusal(const Status& status, int64_t retry_after) {
  ApiReply reply = ErrorReply(status);
  if (status.code() == Code::kTooManyAttempts) reply.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return reply;
}

Status ReadStaffId(const Params& params, std::optional<int64_t>* id) {
  Status status = ReadInteger(params, "id", 1, id);
  if (status.ok() && !*id) return Status::InvalidParam("缺少参数id");
  return status;
}

// "true" or "false" (a JSON boolean arrives as that text).
Status ReadBoolean(const Params& params, const char* name, std::optional<bool>* out) {
  const std::string* value = params.Find(name);
  out->reset();
  if (!value || value->empty()) return Status::Ok();
  if (*value != "true" && *value != "false") {
    return Status::InvalidParam(std::string("参数") + name + "无效（须为true或false）");
  }
  *out = *value == "true";
  return Status::Ok();
}

ApiReply Login(const RequestContext& context) {
  Credentials credentials;
  Status read = ReadCredentials(context.params, &credentials);
  if (!read.ok()) return ErrorReply(read);
  Authenticator::LoginResult result;
  Status signed_in = context.auth->Login(credentials, context.request, &result);
  if (!signed_in.ok()) return Private(Refusal(signed_in, result.retry_after));
  ApiReply reply = Json(EncodeIdentity(result.principal, "登录成功！"));
  reply.headers.emplace_back("Set-Cookie", context.auth->SessionCookie(result.session_id));
  return Private(std::move(reply));
}

ApiReply Logout(const RequestContext& context) {
  Status ended = context.auth->Logout(context.request);
  if (!ended.ok()) return ErrorReply(ended);
  ApiReply reply = Json(EncodeSuccess("已退出登录"));
  reply.headers.emplace_back("Set-Cookie", context.auth->ClearedSessionCookie());
  return Private(std::move(reply));
}

ApiReply Me(const RequestContext& context) { return Private(Json(EncodeIdentity(context.principal, "查询成功！"))); }

ApiReply ChangePassword(const RequestContext& context) {
  std::string old_password, new_password;
  for (Status s : {ReadRequiredText(context.params, "oldPassword", kMaxTextChars, &old_password),
                   ReadRequiredText(context.params, "newPassword", kMaxTextChars, &new_password)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  int64_t retry_after = 0;
  Status changed =
      context.auth->ChangeOwnPassword(context.principal, context.request, old_password, new_password, &retry_after);
  return changed.ok() ? Done(changed) : Refusal(changed, retry_after);
}

ApiReply LoginEvents(const RequestContext& context) {
  PageRequest page;
  std::string login;
  for (Status s : {ReadPage(context.params, &page), ReadText(context.params, "login", kMaxLoginChars, &login)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  std::optional<std::string> filter;
  std::vector<EchoParam> echo;
  if (!login.empty()) {
    filter = login;
    echo.push_back({"login", login, false});
  }
  Store* store = context.store;
  return Private(PagedReply<LoginEvent>(page, std::move(echo), [store, filter, page](const auto& on_total, const auto& on_row) {
    return store->accounts().VisitLoginEvents(filter, page, on_total, on_row);
  }));
}

ApiReply Accounts(const RequestContext& context) {
  std::vector<Account> accounts;
  Status listed = context.store->accounts().List(&accounts);
  return listed.ok() ? Private(Json(EncodeAccounts(accounts))) : ErrorReply(listed);
}

ApiReply AddAccount(const RequestContext& context) {
  NewAccount account;
  std::string name, role, password;
  for (Status s : {ReadInteger(context.params, "id", 1, &account.id),
                   ReadRequiredText(context.params, "login", kMaxTextChars, &account.login),
                   CheckLogin(account.login), ReadText(context.params, "name", kMaxTextChars, &name),
                   ReadRequiredText(context.params, "role", kMaxTextChars, &role), ReadRole(role, &account.role),
                   ReadRequiredText(context.params, "password", kMaxTextChars, &password),
                   CheckNewPassword(password, account.login)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  if (!name.empty()) {
    Status valid = CheckStaffName(name);
    if (!valid.ok()) return ErrorReply(valid);
    account.name = name;
  }
  Status hashed = HashPassword(password, &account.password_hash);
  if (!hashed.ok()) return ErrorReply(hashed);
  Account added;
  Status status = context.store->accounts().Add(account, &added);
  return status.ok() ? Json(EncodeAccount(added, "操作成功！")) : ErrorReply(status);
}

ApiReply EditAccount(const RequestContext& context) {
  std::optional<int64_t> id;
  AccountChanges changes;
  std::string name, role;
  for (Status s : {ReadStaffId(context.params, &id), ReadText(context.params, "name", kMaxTextChars, &name),
                   ReadText(context.params, "role", kMaxTextChars, &role),
                   ReadBoolean(context.params, "disabled", &changes.disabled)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  if (!name.empty()) {
    Status valid = CheckStaffName(name);
    if (!valid.ok()) return ErrorReply(valid);
    changes.name = name;
  }
  if (!role.empty()) {
    Role parsed;
    Status valid = ReadRole(role, &parsed);
    if (!valid.ok()) return ErrorReply(valid);
    changes.role = parsed;
  }
  if (!changes.name && !changes.role && !changes.disabled) {
    return ErrorReply(Status::InvalidParam("缺少要修改的参数（name、role或disabled）"));
  }
  Account edited;
  Status status = context.store->accounts().Edit(*id, changes, &edited);
  return status.ok() ? Json(EncodeAccount(edited, "操作成功！")) : ErrorReply(status);
}

ApiReply SetAccountPassword(const RequestContext& context) {
  std::optional<int64_t> id;
  std::string password;
  for (Status s : {ReadStaffId(context.params, &id),
                   ReadRequiredText(context.params, "password", kMaxTextChars, &password)}) {
    if (!s.ok()) return ErrorReply(s);
  }
  Account account;
  Status status = context.store->accounts().Get(*id, &account);
  if (status.ok()) status = CheckNewPassword(password, account.login.value_or(""));
  std::string hash;
  if (status.ok()) status = HashPassword(password, &hash);
  if (status.ok()) status = context.store->accounts().SetPassword(*id, hash);
  return Done(status);
}

}  // namespace

std::vector<Route> AccountRoutes() {
  return {
      {kPost, "/auth/login", Permission::kPublic, Login},
      {kPost, "/auth/logout", Permission::kSignedIn, Logout},
      {kGet, "/auth/me", Permission::kSignedIn, Me},
      {kPost, "/auth/password", Permission::kSignedIn, ChangePassword},
      {kGet | kPost, "/auth/events", Permission::kStaffAdmin, LoginEvents},
      {kGet, "/staff/accounts", Permission::kStaffAdmin, Accounts},
      {kPost, "/staff/add", Permission::kStaffAdmin, AddAccount},
      {kPost, "/staff/edit", Permission::kStaffAdmin, EditAccount},
      {kPost, "/staff/passwd", Permission::kStaffAdmin, SetAccountPassword},
  };
}

}  // namespace jsms
