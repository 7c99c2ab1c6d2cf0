// The order desk (sales' side): list, add, edit a returned order, 撤单.
#include "domain/clock.h"
#include "domain/workflow.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace jsms {

using namespace store;

namespace {

// One statement for every combination of filters: the list is an occasional screen, not a hot
// path, so "(:x IS NULL OR …)" is simpler than a statement per combination.
constexpr const char* kOrderFilterSql =
    " WHERE (:state IS NULL OR o.state = :state)"
    " AND (:order IS NULL OR o.orderId = :order)"
    " AND (:company IS NULL OR instr(o.companyName, :company) > 0)"
    " AND (:sale IS NULL OR o.belongSale = :sale)"
    " AND (:from IS NULL OR o.createTime >= :from || ' 00:00:00')"
    " AND (:to IS NULL OR o.createTime <= :to || ' 23:59:59')";

const char* CountOrdersSql() {
  static const std::string sql = std::string("SELECT count(*) FROM orders o") + kOrderFilterSql;
  return sql.c_str();
}

const char* SelectOrdersSql() {
  static const std::string sql =
      "SELECT " + ColumnList(kOrderFields, "o") +
      ", s.name, d.state FROM orders o"
      " LEFT JOIN staff s ON s.id = o.belongSale"
      " LEFT JOIN demands d ON d.orderId = o.orderId" +
      kOrderFilterSql + " ORDER BY o.createTime DESC, o.orderId DESC LIMIT :limit OFFSET :offset";
  return sql.c_str();
}

const char* InsertOrderSql() {
  static const std::string sql = InsertSql("orders", kOrderFields);
  return sql.c_str();
}

const char* PatchOrderSql() {
  static const std::string sql = PatchSql("orders", kOrderFields);
  return sql.c_str();
}

constexpr const char* kOrderUpdateTimeSql = "SELECT updateTime FROM orders WHERE orderId = ?";
constexpr const char* kCancelDemandSql =
    "UPDATE demands SET state = '3', updateTime = :now WHERE orderId = :order AND state = '0'";

}  // namespace

Status Store::VisitOrderPage(const OrderFilter& filter, const PageRequest& page,
                             const std::function<void(int64_t)>& on_total,
                             const std::function<bool(const Order&)>& on_row) {
  Order order;
  return VisitPage(
      *pool_, "VisitOrderPage", CountOrdersSql(), SelectOrdersSql(), page,
      [&](SQLite::Statement& s) {
        if (filter.state) s.bind(":state", *filter.state);
        if (filter.order_id) s.bind(":order", *filter.order_id);
        if (filter.company_name) s.bind(":company", *filter.company_name);
        if (filter.belong_sale) s.bind(":sale", *filter.belong_sale);
        if (filter.created_from) s.bind(":from", *filter.created_from);
        if (filter.created_to) s.bind(":to", *filter.created_to);
      },
      on_total,
      [&](SQLite::Statement& row) {
        ReadCells(row, &order.cells);
        ReadCellInto(row, order::kFieldCount, &order.belong_sale_name);
        ReadCellInto(row, order::kFieldCount + 1, &order.demand_state);
        return on_row(order);
      });
}

Status Store::AddOrder(const OrderPatch& fields, const DeskNote& note, std::string* new_id) {
  return InWriteTransaction(*pool_, "AddOrder", [&](Connection& c) {
    std::string now = NowTimestamp();
    std::array<Cell, order::kFieldCount> cells;
    for (size_t i = 0; i < cells.size(); ++i) cells[i] = fields[i].value_or(Cell());
    *new_id = NextId(c, "D", 1, now, kOrderExistsSql);
    cells[order::kOrderId] = *new_id;
    cells[order::kState] = std::to_string(kPending);
    cells[order::kCreateTime] = now;
    cells[order::kUpdateTime] = now;
    if (note.operator_id) cells[order::kOperatorId] = std::to_string(*note.operator_id);
    if (!note.remark.empty()) cells[order::kRemark] = note.remark;
    {
      auto insert = c.Prepared(InsertOrderSql());
      BindCells(*insert, kOrderFields, cells);
      insert->exec();
    }
    OrderMove move{*new_id, "add", std::nullopt, kPending, nullptr, note.remark, note.operator_id, now};
    AppendProgress(c, move, {});
    return Status::Ok();
  });
}

Status Store::EditOrder(const std::string& order_id, const OrderPatch& changes,
                        const std::optional<std::string>& seen_update_time, const DeskNote& note) {
  return InWriteTransaction(*pool_, "EditOrder", [&](Connection& c) {
    std::optional<int> from_state = StateOfOrder(c, order_id);
    if (!from_state) return Status(Code::kOrderNotFound, "订单不存在");
    Status allowed = CheckEdit(order_id, *from_state);
    if (!allowed.ok()) return allowed;
    if (seen_update_time) {
      auto query = c.Prepared(kOrderUpdateTimeSql);
      query->bind(1, order_id);
      query->executeStep();
      if (query->getColumn(0).getString() != *seen_update_time) {
        return Status(Code::kStaleUpdate, "该订单已经更新,请重新操作");
      }
    }
    std::string now = NowTimestamp();
    {
      auto patch = c.Prepared(PatchOrderSql());
      BindPatch(*patch, kOrderFields, order_id, changes, now);
      patch->exec();
    }
    MoveOrder(c, OrderMove{order_id, "edit", from_state, kPending, nullptr, note.remark, note.operator_id, now});
    return Status::Ok();
  });
}

Status Store::CancelOrder(const std::string& order_id, const DeskNote& note) {
  return InWriteTransaction(*pool_, "CancelOrder", [&](Connection& c) {
    std::optional<int> from_state = StateOfOrder(c, order_id);
    if (!from_state) return Status(Code::kOrderNotFound, "订单不存在");
    Status allowed = CheckCancel(order_id, *from_state);
    if (!allowed.ok()) return allowed;
    static const std::vector<std::string> kNoLinks;
    OrderMove move{order_id, "chedan", from_state, kCancelled, &kNoLinks, note.remark, note.operator_id,
                   NowTimestamp()};
    MoveOrder(c, move);
    auto demand = c.Prepared(kCancelDemandSql);
    demand->bind(":now", move.now);
    demand->bind(":order", order_id);
    demand->exec();
    return Status::Ok();
  });
}

}  // namespace jsms
