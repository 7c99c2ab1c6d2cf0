// Who is calling, and what they may do (accounts.md). Pure: the HTTP edge makes a Principal once
// per request, before routing, and checks the route's Permission against it before the handler
// runs; handlers get the Principal, never raw credentials or headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/status.h"

namespace jsms {

enum class Role { kAdmin, kSales, kOps, kProcurement };

// The role's wire name ("admin", "sales", "ops", "procurement"), and back (nullopt when unknown).
const char* RoleName(Role role);
std::optional<Role> RoleFromName(const std::string& name);

// What a route needs. Each route names exactly one.
enum class Permission {
  kPublic,         // anyone, with or without an identity (login, health, the console's files)
  kSignedIn,       // any identity
  kOrderList,      // the order list
  kOrderRead,      // an order's detail and progress
  kOrderWrite,     // add, edit, 撤单
  kMatch,          // the four peidan actions and the assistant's candidates
  kResourceRead,   // resource page and detail
  kResourceWrite,  // resource add, edit, 上线, 撤销
  kDemandRead,     // demand list and an order's demand
  kDemandAnswer,   // 已供应, 无资源
  kActivity,       // the activity feed across the desks (audits)
  kStaffAdmin,     // staff accounts
};

enum class Caller {
  kNobody,   // accounts mode, no (valid) identity: public routes only
  kOpen,     // open mode: no accounts exist, anyone acts as anyone (X-Operator-Id names them)
  kService,  // the --token service token: acts as admin, and may name the operator by X-Operator-Id
  kStaff,    // a signed-in staff member (session cookie or their API token)
};

// The X-Operator-Id header as the caller sent it.
struct OperatorHeader {
  bool present = false;
  bool valid = false;  // a positive integer
  int64_t id = 0;
};

OperatorHeader ReadOperatorHeader(const std::optional<std::string>& value);

struct Principal {
  Caller caller = Caller::kOpen;
  // kStaff only: who they are.
  int64_t staff_id = 0;
  Role role = Role::kAdmin;
  std::string login;
  std::string name;
  // kStaff only: identified by the session cookie (the session a password change keeps); false
  // for an API token. Browsers attach the cookie by themselves: the Origin rule (http/origin.h)
  // refuses a write another site makes them send, whoever the caller.
  bool by_session_cookie = false;
  OperatorHeader operator_header;
};

// True when `principal` may use a route that needs `permission`. Open-mode callers and the
// service token may use everything; staff what their role's row of the permission table allows.
bool Allows(const Principal& principal, Permission permission);

// The operator recorded on a write: a staff member is always themself (an X-Operator-Id naming
// anyone else is kForbidden); an open-mode caller or the service token is whoever X-Operator-Id
// names, or nobody. A header that is not a positive integer is kInvalidParam.
Status ActingOperator(const Principal& principal, std::optional<int64_t>* out);

// Data authority: the staff id whose orders alone this caller may see and change (a sales
// member's own), or nullopt when they may see every order.
std::optional<int64_t> OwnOrdersOnly(const Principal& principal);

}  // namespace jsms
