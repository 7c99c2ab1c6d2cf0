// Who may call what (lib/domain/access.h): the permission table of accounts.md, the operator a
// write records, and data authority.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "domain/access.h"

namespace {

using jsms::Caller;
using jsms::Code;
using jsms::Permission;
using jsms::Principal;
using jsms::Role;

Principal Staff(Role role, int64_t id = 62) {
  Principal principal;
  principal.caller = Caller::kStaff;
  principal.role = role;
  principal.staff_id = id;
  return principal;
}

Principal WithHeader(Principal principal, const char* header) {
  principal.operator_header = jsms::ReadOperatorHeader(std::string(header));
  return principal;
}

const Permission kAll[] = {Permission::kPublic,       Permission::kSignedIn,      Permission::kOrderList,
                           Permission::kOrderRead,    Permission::kOrderWrite,    Permission::kMatch,
                           Permission::kResourceRead, Permission::kResourceWrite, Permission::kDemandRead,
                           Permission::kDemandAnswer, Permission::kActivity,      Permission::kStaffAdmin};

}  // namespace

TEST_CASE("Allows: each role's row of accounts.md, written out by hand", "[access]") {
  using P = Permission;
  // Written from accounts.md's table, not from access.cpp: a wrong table fails here. The activity
  // feed (everyone's work on every desk) is for the desks that see more than their own orders.
  const std::map<Role, std::set<Permission>> expected = {
      {Role::kSales, {P::kPublic, P::kSignedIn, P::kOrderList, P::kOrderRead, P::kOrderWrite}},
      {Role::kOps,
       {P::kPublic, P::kSignedIn, P::kOrderList, P::kOrderRead, P::kMatch, P::kResourceRead, P::kDemandRead,
        P::kActivity}},
      {Role::kProcurement,
       {P::kPublic, P::kSignedIn, P::kOrderRead, P::kResourceRead, P::kResourceWrite, P::kDemandRead, P::kDemandAnswer,
        P::kActivity}},
      {Role::kAdmin, std::set<Permission>(std::begin(kAll), std::end(kAll))},
  };
  for (const auto& [role, allowed] : expected) {
    for (Permission permission : kAll) {
      INFO(jsms::RoleName(role) << " permission " << static_cast<int>(permission));
      CHECK(jsms::Allows(Staff(role), permission) == (allowed.count(permission) == 1));
    }
  }
}

TEST_CASE("Allows: a stranger only public routes, open mode and the service token everything", "[access]") {
  Principal nobody, open, service;
  nobody.caller = Caller::kNobody;
  open.caller = Caller::kOpen;
  service.caller = Caller::kService;
  for (Permission permission : kAll) {
    INFO(static_cast<int>(permission));
    CHECK(jsms::Allows(nobody, permission) == (permission == Permission::kPublic));
    CHECK(jsms::Allows(open, permission));
    CHECK(jsms::Allows(service, permission));
  }
}

TEST_CASE("RoleName and RoleFromName are each other's inverse, and unknown names are refused", "[access]") {
  for (Role role : {Role::kAdmin, Role::kSales, Role::kOps, Role::kProcurement}) {
    CHECK(jsms::RoleFromName(jsms::RoleName(role)) == role);
  }
  CHECK(std::string(jsms::RoleName(Role::kProcurement)) == "procurement");
  for (const char* name : {"", "Admin", "root", "sale", "ops "}) CHECK_FALSE(jsms::RoleFromName(name).has_value());
}

TEST_CASE("ActingOperator: open mode and the service token take X-Operator-Id, a positive integer",
          "[access]") {
  for (Caller caller : {Caller::kOpen, Caller::kService}) {
    Principal principal;
    principal.caller = caller;
    std::optional<int64_t> out = 7;
    REQUIRE(jsms::ActingOperator(principal, &out).ok());
    CHECK_FALSE(out.has_value());

    REQUIRE(jsms::ActingOperator(WithHeader(principal, "60"), &out).ok());
    CHECK(out == std::optional<int64_t>(60));

    for (const char* header : {"0", "-1", "abc", "1.0", "", "60abc", "99999999999999999999"}) {
      INFO("header '" << header << "'");
      jsms::Status status = jsms::ActingOperator(WithHeader(principal, header), &out);
      CHECK(status.code() == Code::kInvalidParam);
      CHECK_THAT(status.message(), Catch::Contains("X-Operator-Id"));
    }
  }
}

TEST_CASE("ActingOperator: a staff member is always themself, naming anyone else is forbidden", "[access]") {
  std::optional<int64_t> out;
  REQUIRE(jsms::ActingOperator(Staff(Role::kOps, 62), &out).ok());
  CHECK(out == std::optional<int64_t>(62));
  REQUIRE(jsms::ActingOperator(WithHeader(Staff(Role::kOps, 62), "62"), &out).ok());
  CHECK(out == std::optional<int64_t>(62));
  CHECK(jsms::ActingOperator(WithHeader(Staff(Role::kOps, 62), "60"), &out).code() == Code::kForbidden);
  CHECK(jsms::ActingOperator(WithHeader(Staff(Role::kOps, 62), "x"), &out).code() == Code::kInvalidParam);
}

TEST_CASE("OwnOrdersOnly: a sales member sees their own orders, everyone else every order", "[access]") {
  CHECK(jsms::OwnOrdersOnly(Staff(Role::kSales, 149)) == std::optional<int64_t>(149));
  for (Role role : {Role::kAdmin, Role::kOps, Role::kProcurement}) CHECK_FALSE(jsms::OwnOrdersOnly(Staff(role)));
  Principal open;
  CHECK_FALSE(jsms::OwnOrdersOnly(open));
}
