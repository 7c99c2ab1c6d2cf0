#include "store/demands.h"

#include "domain/order_workflow.h"
#include "domain/resource_workflow.h"
#include "store/database.h"
#include "store/history.h"
#include "store/order_moves.h"
#include "store/sql.h"
#include "util/clock.h"

namespace jsms {

using namespace store;

namespace {

constexpr const char* kDemandFilterSql =
    " WHERE (:state IS NULL OR d.state = :state) AND (:order IS NULL OR d.orderId = :order)";

const Query kCountDemands(std::string("SELECT count(*) FROM demands d") + kDemandFilterSql);

const Query& SelectDemands() {
  static const Query query("SELECT " + ColumnList(kDemandFields, "d") + " FROM demands d" + kDemandFilterSql +
                           " ORDER BY d.createTime DESC, d.demandId DESC LIMIT :limit OFFSET :offset");
  return query;
}

const Query& SelectDemandOfOrder() {
  static const Query query("SELECT " + ColumnList(kDemandFields, "d") + " FROM demands d WHERE d.orderId = ?");
  return query;
}

const Query kDemand("SELECT orderId, state FROM demands WHERE demandId = ?");
const Query kAnswerDemand(
    "UPDATE demands SET state = :state, updateTime = :now,"
    " remark = CASE WHEN :remark = '' THEN remark ELSE :remark END,"
    " operatorId = coalesce(:operator, operatorId) WHERE demandId = :demand");

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

}  // namespace

Status DemandStore::VisitPage(const DemandFilter& filter, const PageRequest& page, const OnTotal& on_total,
                              const OnRow<Demand>& on_row) {
  Demand demand;
  std::string state = filter.state ? std::to_string(*filter.state) : std::string();
  return store::VisitPage(
      *db_, "VisitDemandPage", kCountDemands, SelectDemands(), page,
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

Status DemandStore::GetOfOrder(const std::string& order_id, Demand* out) {
  return db_->Read("GetDemandOfOrder", [&](Connection& c) {
    if (!Exists(c, kOrderExists, order_id)) return Status(Code::kOrderNotFound, "订单不存在");
    auto query = c.Prepared(SelectDemandOfOrder());
    query->bind(1, order_id);
    if (!query->executeStep()) return Status(Code::kDemandNotFound, "订单" + order_id + "没有需求");
    ReadCells(*query, &out->cells);
    return Status::Ok();
  });
}

Status DemandStore::Answer(const std::string& demand_id, DemandAnswer answer,
                           const std::vector<std::string>& resource_ids, const DeskNote& note) {
  Status valid = CheckDemandAnswerRequest(answer, resource_ids);
  if (!valid.ok()) return valid;
  const bool supplied = answer == DemandAnswer::kSupplied;
  return db_->Write(supplied ? "AnswerDemand(hasres)" : "AnswerDemand(nores)", [&](Connection& c) {
    std::string order_id;
    Cell state;
    {
      auto query = c.Prepared(kDemand);
      query->bind(1, demand_id);
      if (!query->executeStep()) return Status(Code::kDemandNotFound, "需求不存在：" + demand_id);
      order_id = query->getColumn(0).getString();
      state = CellAt(*query, 1);
    }
    Status answerable = CheckDemandAnswer(demand_id, state);
    if (!answerable.ok()) return answerable;
    std::optional<int> from_state = StateOfOrder(c, order_id);
    Status allowed = CheckDemandAnswered(order_id, from_state.value_or(-1));
    if (!allowed.ok()) return allowed;
    Status resources = CheckResourcesExist(resource_ids, [&c](const std::string& id) { return ResourceStateOf(c, id); });
    if (!resources.ok()) return resources;

    std::string now = NowTimestamp();
    {
      auto update = c.Prepared(kAnswerDemand);
      update->bind(":state", DemandAnswerTarget(answer));
      update->bind(":now", now);
      update->bind(":remark", note.remark);
      if (note.operator_id) update->bind(":operator", std::to_string(*note.operator_id));
      update->bind(":demand", demand_id);
      update->exec();
    }
    static const std::vector<std::string> kNoLinks;
    MoveOrder(c, OrderMove{order_id, DemandAnswerWord(answer), from_state, kPending,
                           supplied ? &resource_ids : &kNoLinks, note.remark, note.operator_id, now});
    std::vector<FieldChange> supplied_with;
    if (supplied) supplied_with.push_back(FieldChange{"resourceIds", std::nullopt, JoinIds(resource_ids)});
    RecordHistory(c, HistoryEntry{"demand", demand_id, DemandAnswerWord(answer), state,
                                  std::string(DemandAnswerTarget(answer)), supplied_with, note.remark,
                                  note.operator_id, std::nullopt, now});
    return Status::Ok();
  });
}

}  // namespace jsms
