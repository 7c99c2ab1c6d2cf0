#include "domain/access.h"

#include "domain/text.h"

namespace jsms {

namespace {

struct RoleRow {
  Role role;
  const char* name;
};

constexpr RoleRow kRoles[] = {
    {Role::kAdmin, "admin"},
    {Role::kSales, "sales"},
    {Role::kOps, "ops"},
    {Role::kProcurement, "procurement"},
};

// The permission table of accounts.md. kPublic and kSignedIn are granted to every identity.
bool RoleMay(Role role, Permission permission) {
  switch (role) {
    case Role::kAdmin:
      return true;
    // The activity feed shows everyone's work on every desk: not for sales, who see only their own
    // orders (their orders' progress is on each order).
    case Role::kSales:  // their own orders only (OwnOrdersOnly): the store filters by belongSale
      return permission == Permission::kOrderList || permission == Permission::kOrderRead ||
             permission == Permission::kOrderWrite;
    case Role::kOps:
      return permission == Permission::kOrderList || permission == Permission::kOrderRead ||
             permission == Permission::kMatch || permission == Permission::kResourceRead ||
             permission == Permission::kDemandRead || permission == Permission::kActivity;
    case Role::kProcurement:
      return permission == Permission::kOrderRead || permission == Permission::kResourceRead ||
             permission == Permission::kResourceWrite || permission == Permission::kDemandRead ||
             permission == Permission::kDemandAnswer || permission == Permission::kActivity;
  }
  return false;
}

}  // namespace

const char* RoleName(Role role) {
  for (const auto& row : kRoles) {
    if (row.role == role) return row.name;
  }
  return "admin";  // unreachable: every Role has a row
}

std::optional<Role> RoleFromName(const std::string& name) {
  for (const auto& row : kRoles) {
    if (name == row.name) return row.role;
  }
  return std::nullopt;
}

OperatorHeader ReadOperatorHeader(const std::optional<std::string>& value) {
  OperatorHeader header;
  if (!value) return header;
  header.present = true;
  header.valid = ParseInt64(*value, &header.id) && header.id >= 1;
  return header;
}

bool Allows(const Principal& principal, Permission permission) {
  if (permission == Permission::kPublic) return true;
  switch (principal.caller) {
    case Caller::kNobody:
      return false;
    case Caller::kOpen:
    case Caller::kService:
      return true;
    case Caller::kStaff:
      return permission == Permission::kSignedIn || RoleMay(principal.role, permission);
  }
  return false;
}

Status ActingOperator(const Principal& principal, std::optional<int64_t>* out) {
  const OperatorHeader& header = principal.operator_header;
  out->reset();
  if (header.present && !header.valid) return Status::InvalidParam("请求头X-Operator-Id无效（须为正整数）");
  if (principal.caller == Caller::kStaff) {
    if (header.present && header.id != principal.staff_id) {
      return Status(Code::kForbidden, "没有权限：X-Operator-Id须为登录者本人");
    }
    *out = principal.staff_id;
    return Status::Ok();
  }
  if (header.present) *out = header.id;
  return Status::Ok();
}

std::optional<int64_t> OwnOrdersOnly(const Principal& principal) {
  if (principal.caller == Caller::kStaff && principal.role == Role::kSales) return principal.staff_id;
  return std::nullopt;
}

}  // namespace jsms
