// Roles and data authority (accounts.md): every route for every role, from the permission table
// (domain/access.cpp with each route's Permission) AND from an expectation written here by hand
// from accounts.md, so a wrong table or a wrong route row fails; and a sales member's orders.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support.h"

namespace jsms::test {

using namespace support;
namespace {

const char* const kOwnOrder = "D000120170621";  // belongSale 149

using Roles = std::set<Role>;
const Roles kEveryone = {Role::kAdmin, Role::kSales, Role::kOps, Role::kProcurement};
const Roles kAdminOnly = {Role::kAdmin};

// accounts.md's table, by who may call: every route must be here, saying who may call it.
const std::map<std::string, Roles>& Expected() {
  static const std::vector<std::pair<Roles, std::vector<std::string>>> by_roles = {
      // Signing in and out, the staff names, the order's detail and progress, the overview, health.
      {kEveryone,
       {"/auth/login", "/auth/logout", "/auth/me", "/auth/password", "/staff", "/demandOrder/{orderId}",
        "/demandOrder/{orderId}/progress", "/stats/overview", "/healthz"}},
      // Staff accounts, the login log and the metrics.
      {kAdminOnly, {"/auth/events", "/staff/accounts", "/staff/add", "/staff/edit", "/staff/passwd", "/metrics"}},
      // The order desk: sales (their own) write, ops reads the list too.
      {{Role::kAdmin, Role::kSales, Role::kOps}, {"/demandOrder/list"}},
      {{Role::kAdmin, Role::kSales}, {"/demandOrder/add", "/demandOrder/edit", "/demandOrder/chedan"}},
      // The four peidan actions and the matching assistant: ops.
      {{Role::kAdmin, Role::kOps},
       {"/peidan/daipipei", "/peidan/pipeichenggong", "/peidan/huitui", "/peidan/faqixuqiu",
        "/demandOrder/{orderId}/candidates"}},
      // Resource and demand reads, a resource's history and the activity feed: not sales.
      {{Role::kAdmin, Role::kOps, Role::kProcurement},
       {"/order/resource/query", "/order/resource/{resourceId}", "/order/resource/{resourceId}/history",
        "/order/resource/demand/list", "/order/resource/demand/byorder/{orderId}", "/activity"}},
      // The resource desk's changes and the answers to demands: procurement.
      {{Role::kAdmin, Role::kProcurement},
       {"/order/resource/add/save", "/order/resource/edit/save", "/order/resource/online", "/order/resource/repeal",
        "/order/resource/demand/hasres/save", "/order/resource/demand/nores"}},
  };
  static const std::map<std::string, Roles> table = [] {
    std::map<std::string, Roles> out;
    for (const auto& [roles, patterns] : by_roles) {
      for (const std::string& pattern : patterns) out.emplace(pattern, roles);
    }
    return out;
  }();
  return table;
}

// The console's page and files are public: the page shows its own login form.
bool IsConsoleFile(const std::string& pattern) { return pattern == "/" || pattern.rfind("/console/", 0) == 0; }

// A path for a route's pattern: ids of records the sales member may see.
std::string PathFor(std::string pattern) {
  for (auto [name, value] : {std::pair<const char*, const char*>{"{orderId}", kOwnOrder}, {"{resourceId}", "T000020170621"}}) {
    size_t at = pattern.find(name);
    if (at != std::string::npos) pattern.replace(at, std::string(name).size(), value);
  }
  return pattern;
}

// The Api in accounts mode (the service token "service-T0ken"), with a member of each role and
// a token for each.
struct Team : ApiHarness {
  Team() : ApiHarness(kSeedFixture, AuthOptions{"service-T0ken", false}) {
    ids[Role::kSales] = AddAccount(store(), "wang", Role::kSales, "wang-password", 149);
    ids[Role::kOps] = AddAccount(store(), "zhang", Role::kOps, "zhang-password", 60);
    ids[Role::kProcurement] = AddAccount(store(), "li", Role::kProcurement, "li-password1");
    ids[Role::kAdmin] = AddAccount(store(), "boss", Role::kAdmin, "boss-password");
    for (const auto& [role, id] : ids) tokens[role] = MakeToken(store(), id);
  }
  std::string db() const { return db_path(); }

  std::map<Role, int64_t> ids;
  std::map<Role, std::string> tokens;
};

Principal StaffOf(Role role) {
  Principal principal;
  principal.caller = Caller::kStaff;
  principal.role = role;
  return principal;
}

ApiRequest RequestFor(const Route& route, NameValues headers) {
  const std::string path = PathFor(std::string(route.pattern));
  return (route.methods & kGet) ? MakeRequest("GET", path, std::move(headers)) : MakeFormPost(path, "", std::move(headers));
}

TEST_CASE("roles: every route for every role, by the permission table and by accounts.md", "[roles]") {
  Team team;
  const std::vector<Route> routes = team.api().routes();
  REQUIRE(routes.size() >= Expected().size());
  for (const Route& route : routes) {
    const std::string pattern(route.pattern);
    INFO("route " << pattern);
    auto expected = Expected().find(pattern);
    const bool console_file = IsConsoleFile(pattern);
    if (console_file) CHECK(route.permission == Permission::kPublic);
    if (!console_file && expected == Expected().end()) {
      FAIL("no expectation for " << pattern << ": add who may call it to this table");
    }
    for (Role role : kEveryone) {
      INFO("role " << RoleName(role));
      const bool by_table = Allows(StaffOf(role), route.permission);
      const bool by_hand = console_file || expected->second.count(role) == 1;
      CHECK(by_table == by_hand);
      ApiReply reply = team.Handle(RequestFor(route, Bearer(team.tokens[role])));
      INFO(reply.body.substr(0, 200));
      if (by_hand) {
        CHECK(reply.status != 401);
        CHECK(reply.status != 403);
      } else {
        CHECK(reply.status == 403);
        CHECK(reply.body == R"({"success":false,"fail":true,"code":"FORBIDDEN","data":null,"msg":"没有权限","failure":true})");
      }
    }
    // The service token may do everything.
    ApiReply service = team.Handle(RequestFor(route, Bearer("service-T0ken")));
    CHECK(service.status != 401);
    CHECK(service.status != 403);
  }
}

TEST_CASE("roles: open mode has no roles: every route is open", "[roles]") {
  ApiHarness open_mode;
  for (const Route& route : open_mode.api().routes()) {
    INFO(route.pattern);
    ApiReply reply = open_mode.Handle(RequestFor(route, {}));
    CHECK(reply.status != 401);
    CHECK(reply.status != 403);
  }
}

TEST_CASE("roles: a sales member sees and changes only their own orders", "[roles]") {
  Team team;
  const NameValues wang = Bearer(team.tokens[Role::kSales]);
  const NameValues admin = Bearer(team.tokens[Role::kAdmin]);
  // Someone else's order (belongSale 60), added by the admin.
  ApiReply added = team.Handle(MakeFormPost(
      "/demandOrder/add", "companyName=别人的客户&belongSale=60&smsType=验证码&channelType=1&salePrice=统一价:0.03", admin));
  const std::string other = ParseJson(added.body)["data"].GetString();
  REQUIRE(SqlInt(team.db(), "SELECT belongSale FROM orders WHERE orderId = '" + other + "'") == 60);
  const std::string before = DbImage(team.db(), {"orders", "progress", "links", "demands"});

  const std::string forbidden = R"({"success":false,"fail":true,"code":"FORBIDDEN","data":null,"msg":"没有权限","failure":true})";
  for (const ApiRequest& request :
       {MakeRequest("GET", "/demandOrder/" + other, wang), MakeRequest("GET", "/demandOrder/" + other + "/progress", wang),
        MakeFormPost("/demandOrder/chedan", "orderId=" + other, wang),
        MakeFormPost("/demandOrder/edit", "orderId=" + other + "&companyName=抢过来", wang)}) {
    INFO(request.path);
    ApiReply reply = team.Handle(request);
    CHECK(reply.status == 403);
    CHECK(reply.body == forbidden);
  }
  CHECK(DbImage(team.db(), {"orders", "progress", "links", "demands"}) == before);
  // An order that does not exist is still just not found.
  CHECK(CodeOf(team.Handle(MakeRequest("GET", "/demandOrder/D999", wang)).body) == "ORDER_NOT_FOUND");
  // The detail the admin has seen (and the cache holds) is not served to them either.
  CHECK(team.Handle(MakeRequest("GET", "/demandOrder/" + other, admin)).status == 200);
  CHECK(team.Handle(MakeRequest("GET", "/demandOrder/" + other, wang)).body == forbidden);

  // Lists hold only their own orders, whatever the filter asks for.
  for (const char* filter : {"rows=100", "rows=100&belongSale=60"}) {
    rapidjson::Document page = ParseJson(team.Handle(MakeFormPost("/demandOrder/list", filter, wang)).body);
    INFO(filter);
    int64_t own = SqlInt(team.db(), "SELECT count(*) FROM orders WHERE belongSale = 149");
    CHECK(page["totalRecord"].GetInt64() == (std::string(filter).find("60") != std::string::npos ? 0 : own));
    for (const auto& row : page["data"].GetArray()) CHECK(row["belongSale"].GetInt64() == 149);
  }
  rapidjson::Document everything = ParseJson(team.Handle(MakeFormPost("/demandOrder/list", "rows=100", Bearer(team.tokens[Role::kOps]))).body);
  CHECK(everything["totalRecord"].GetInt64() == SqlInt(team.db(), "SELECT count(*) FROM orders"));

  // Their own: readable, and what they add is theirs whatever they send.
  CHECK(team.Handle(MakeRequest("GET", std::string("/demandOrder/") + kOwnOrder, wang)).status == 200);
  CHECK(team.Handle(MakeRequest("GET", std::string("/demandOrder/") + kOwnOrder + "/progress", wang)).status == 200);
  for (const char* form : {"companyName=新客户&belongSale=60&smsType=验证码&channelType=1&salePrice=统一价:0.03",
                           "companyName=新客户&smsType=验证码&channelType=1&salePrice=统一价:0.03"}) {
    ApiReply mine = team.Handle(MakeFormPost("/demandOrder/add", form, wang));
    INFO(mine.body);
    REQUIRE(CodeOf(mine.body).empty());
    const std::string id = ParseJson(mine.body)["data"].GetString();
    CHECK(SqlInt(team.db(), "SELECT belongSale FROM orders WHERE orderId = '" + id + "'") == 149);
    CHECK(SqlInt(team.db(), "SELECT operatorId FROM orders WHERE orderId = '" + id + "'") == 149);
  }
  // Editing their own order cannot give it away.
  REQUIRE(CodeOf(team.Handle(MakeFormPost("/peidan/huitui", std::string("orderId=") + kOwnOrder, Bearer(team.tokens[Role::kOps]))).body).empty());
  ApiReply edited = team.Handle(MakeFormPost("/demandOrder/edit", std::string("orderId=") + kOwnOrder + "&belongSale=60&companyName=改名", wang));
  CHECK(CodeOf(edited.body).empty());
  CHECK(SqlInt(team.db(), std::string("SELECT belongSale FROM orders WHERE orderId = '") + kOwnOrder + "'") == 149);
  CHECK(CodeOf(team.Handle(MakeFormPost("/demandOrder/chedan", std::string("orderId=") + kOwnOrder, wang)).body).empty());
  CHECK(SqlInt(team.db(), std::string("SELECT state FROM orders WHERE orderId = '") + kOwnOrder + "'") == 4);
}

}  // namespace
}  // namespace jsms::test
