// The demand desk (procurement answers 发起需求) and the staff list.
#include "domain/clock.h"
#include "domain/workflow.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace jsms {

using namespace store;

namespace {

constexpr const char* kDemandFilterSql =
    " WHERE (:state IS NULL OR d.state = :state) AND (:order IS NULL OR d.orderId = :order)";

const char* CountDemandsSql() {
  static const std::string sql = std::string("SELECT count(*) FROM demands d") + kDemandFilterSql;
  return sql.c_str();
}

const char* SelectDemandsSql() {
  static const std::string sql = "SELECT " + ColumnList(kDemandFields, "d") + " FROM demands d" +
                                 kDemandFilterSql +
                                 " ORDER BY d.createTime DESC, d.demandId DESC LIMIT :limit OFFSET :offset";
  return sql.c_str();
}

const char* SelectDemandOfOrderSql() {
  static const std::string sql = "SELECT " + ColumnList(kDemandFields, "d") + " FROM demands d WHERE d.orderId = ?";
  return sql.c_str();
}

constexpr const char* kDemandSql = "SELECT orderId, state FROM demands WHERE demandId = ?";
constexpr const char* kAnswerDemandSql =
    "UPDATE demands SET state = :state, updateTime = :now,"
    " remark = CASE WHEN :remark = '' THEN remark ELSE :remark END,"
    " operatorId = coalesce(:operator, operatorId) WHERE demandId = :demand";
constexpr const char* kListStaffSql = "SELECT id, name FROM staff ORDER BY id";

}  // namespace

Status Store::VisitDemandPage(const DemandFilter& filter, const PageRequest& page,
                              const std::function<void(int64_t)>& on_total,
                              const std::function<bool(const Demand&)>& on_row) {
  Demand demand;
  std::string state = filter.state ? std::to_string(*filter.state) : std::string();
  return VisitPage(
      *pool_, "VisitDemandPage", CountDemandsSql(), SelectDemandsSql(), page,
      [&](SQLite::Statement& s) {
        if (filter.state) s.bind(":state", state);
        if (filter.order_id) s.bind(":order", *filter.order_id);
      },
      on_total,
      [&](SQLite::Statement& row) {
        ReadCells(row, &demand.cells);
        return on_row(demand);
      });
}

Status Store::GetDemandOfOrder(const std::string& order_id, Demand* out) {
  return WithConnection(*pool_, "GetDemandOfOrder", [&](Connection& c) {
    if (!Exists(c, kOrderExistsSql, order_id)) return Status(Code::kOrderNotFound, "订单不存在");
    auto query = c.Prepared(SelectDemandOfOrderSql());
    query->bind(1, order_id);
    if (!query->executeStep()) return Status(Code::kDemandNotFound, "订单" + order_id + "没有需求");
    ReadCells(*query, &out->cells);
    return Status::Ok();
  });
}

Status Store::AnswerDemand(const std::string& demand_id, bool supplied, const std::vector<std::string>& resource_ids,
                           const DeskNote& note) {
  return InWriteTransaction(*pool_, supplied ? "AnswerDemand(hasres)" : "AnswerDemand(nores)", [&](Connection& c) {
    std::string order_id;
    Cell state;
    {
      auto query = c.Prepared(kDemandSql);
      query->bind(1, demand_id);
      if (!query->executeStep()) return Status(Code::kDemandNotFound, "需求不存在：" + demand_id);
      order_id = query->getColumn(0).getString();
      state = CellAt(*query, 1);
    }
    if (state != kDemandSeeking) {
      return Status(Code::kStateConflict, "需求" + demand_id + "不在寻资源状态，不能再次答复");
    }
    std::optional<int> from_state = StateOfOrder(c, order_id);
    Status allowed = CheckDemandAnswered(order_id, from_state.value_or(-1));
    if (!allowed.ok()) return allowed;
    std::vector<std::string> missing;
    for (const auto& id : resource_ids) {
      if (!Exists(c, kResourceExistsSql, id)) missing.push_back(id);
    }
    if (!missing.empty()) return Status(Code::kResourceNotFound, "资源不存在：" + JoinForMessage(missing));

    std::string now = NowTimestamp();
    {
      auto answer = c.Prepared(kAnswerDemandSql);
      answer->bind(":state", supplied ? kDemandSupplied : kDemandNoSource);
      answer->bind(":now", now);
      answer->bind(":remark", note.remark);
      if (note.operator_id) answer->bind(":operator", std::to_string(*note.operator_id));
      answer->bind(":demand", demand_id);
      answer->exec();
    }
    static const std::vector<std::string> kNoLinks;
    MoveOrder(c, OrderMove{order_id, supplied ? "hasres" : "nores", from_state, kPending,
                           supplied ? &resource_ids : &kNoLinks, note.remark, note.operator_id, now});
    return Status::Ok();
  });
}

Status Store::ListStaff(std::vector<Staff>* out) {
  return WithConnection(*pool_, "ListStaff", [&](Connection& c) {
    auto query = c.Prepared(kListStaffSql);
    out->clear();
    while (query->executeStep()) {
      out->push_back(Staff{query->getColumn(0).getInt64(), query->getColumn(1).getString()});
    }
    return Status::Ok();
  });
}

}  // namespace jsms
