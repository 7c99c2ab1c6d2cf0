// The resource desk (procurement's side): read, add, edit, 上线 and 撤销 resources.
#include "domain/clock.h"
#include "domain/names.h"
#include "domain/workflow.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace jsms {

using namespace store;

namespace {

const char* SelectResourceSql() {
  static const std::string sql = "SELECT " + ColumnList(kResourceFields, "r") +
                                 ", s.name FROM resources r LEFT JOIN staff s ON s.id = r.belongBusiness"
                                 " WHERE r.resourceId = ?";
  return sql.c_str();
}

const char* InsertResourceSql() {
  static const std::string sql = InsertSql("resources", kResourceFields);
  return sql.c_str();
}

const char* PatchResourceSql() {
  static const std::string sql = PatchSql("resources", kResourceFields);
  return sql.c_str();
}

constexpr const char* kSetResourceStateSql =
    "UPDATE resources SET state = :state, updateTime = :now, operatorId = coalesce(:operator, operatorId)"
    " WHERE resourceId = :id";

constexpr const char* kResourceWaiting = "0";    // 待接入
constexpr const char* kResourceApproving = "2";  // 待审批
constexpr const char* kResourceRepealed = "3";   // 撤销

std::string StateLabel(const Cell& state) {
  Cell name = names::ResourceState(state);
  return name ? *name : (state ? "状态" + *state : std::string("无状态"));
}

}  // namespace

Status Store::GetResource(const std::string& resource_id, Resource* out) {
  return WithConnection(*pool_, "GetResource", [&](Connection& c) {
    auto query = c.Prepared(SelectResourceSql());
    query->bind(1, resource_id);
    if (!query->executeStep()) return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
    ReadCells(*query, &out->cells);
    out->belong_business_name = CellAt(*query, resource::kFieldCount);
    return Status::Ok();
  });
}

Status Store::AddResource(const ResourcePatch& fields, std::string* new_id) {
  return InWriteTransaction(*pool_, "AddResource", [&](Connection& c) {
    std::string now = NowTimestamp();
    std::array<Cell, resource::kFieldCount> cells;
    for (size_t i = 0; i < cells.size(); ++i) cells[i] = fields[i].value_or(Cell());
    *new_id = NextId(c, "T", 0, now, kResourceExistsSql);
    cells[resource::kResourceId] = *new_id;
    // As the original: a resource without an online date is taken as already connected.
    cells[resource::kState] = cells[resource::kOnlineDate] ? kResourceWaiting : kResourceOnline;
    cells[resource::kCreateTime] = now;
    cells[resource::kUpdateTime] = now;
    auto insert = c.Prepared(InsertResourceSql());
    BindCells(*insert, kResourceFields, cells);
    insert->exec();
    return Status::Ok();
  });
}

Status Store::EditResource(const std::string& resource_id, const ResourcePatch& changes) {
  return InWriteTransaction(*pool_, "EditResource", [&](Connection& c) {
    if (!Exists(c, kResourceExistsSql, resource_id)) {
      return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
    }
    auto patch = c.Prepared(PatchResourceSql());
    BindPatch(*patch, kResourceFields, resource_id, changes, NowTimestamp());
    patch->exec();
    return Status::Ok();
  });
}

namespace {

// Moves a resource to `to` when `allowed(from)`; otherwise kStateConflict naming both states.
template <typename Allowed>
Status MoveResource(Connection& c, const std::string& resource_id, const char* to, std::optional<int64_t> operator_id,
                    Allowed allowed) {
  Cell from;
  {
    auto query = c.Prepared(kResourceStateSql);
    query->bind(1, resource_id);
    if (!query->executeStep()) return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
    from = CellAt(*query, 0);
  }
  if (!allowed(from)) {
    return Status(Code::kStateConflict, "资源" + resource_id + "当前状态为" + StateLabel(from) + "，不能变更为" +
                                            StateLabel(std::string(to)));
  }
  auto update = c.Prepared(kSetResourceStateSql);
  update->bind(":state", to);
  update->bind(":now", NowTimestamp());
  if (operator_id) update->bind(":operator", std::to_string(*operator_id));
  update->bind(":id", resource_id);
  update->exec();
  return Status::Ok();
}

}  // namespace

Status Store::SetResourceOnline(const std::string& resource_id, std::optional<int64_t> operator_id) {
  return InWriteTransaction(*pool_, "SetResourceOnline", [&](Connection& c) {
    return MoveResource(c, resource_id, kResourceOnline, operator_id,
                        [](const Cell& from) { return from == kResourceWaiting || from == kResourceApproving; });
  });
}

Status Store::RepealResource(const std::string& resource_id, std::optional<int64_t> operator_id) {
  // From any state, as the original's plain update did; orders matched to it keep their links.
  return InWriteTransaction(*pool_, "RepealResource", [&](Connection& c) {
    return MoveResource(c, resource_id, kResourceRepealed, operator_id, [](const Cell&) { return true; });
  });
}

}  // namespace jsms
