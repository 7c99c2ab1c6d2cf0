#include "store/orders.h"

#include "domain/demand_workflow.h"
#include "store/database.h"
#include "store/order_moves.h"
#include "store/sql.h"
#include "util/clock.h"

namespace jsms {

using namespace store;

namespace {

const Query& SelectOrder() {
  static const Query query("SELECT " + ColumnList(kOrderFields, "o") +
                           ", s.name, d.state FROM orders o"
                           " LEFT JOIN staff s ON s.id = o.belongSale"
                           " LEFT JOIN demands d ON d.orderId = o.orderId"
                           " WHERE o.orderId = ?");
  return query;
}

// One statement for every combination of filters: the list is an occasional screen, not a hot
// path, so "(:x IS NULL OR …)" is simpler than a statement per combination.
constexpr const char* kOrderFilterSql =
    " WHERE (:owner IS NULL OR o.belongSale = :owner)"
    " AND (:state IS NULL OR o.state = :state)"
    " AND (:order IS NULL OR o.orderId = :order)"
    " AND (:company IS NULL OR instr(o.companyName, :company) > 0)"
    " AND (:sale IS NULL OR o.belongSale = :sale)"
    " AND (:from IS NULL OR o.createTime >= :from || ' 00:00:00')"
    " AND (:to IS NULL OR o.createTime <= :to || ' 23:59:59')";

const Query kCountOrders(std::string("SELECT count(*) FROM orders o") + kOrderFilterSql);

const Query& SelectOrders() {
  static const Query query("SELECT " + ColumnList(kOrderFields, "o") +
                           ", s.name, d.state FROM orders o"
                           " LEFT JOIN staff s ON s.id = o.belongSale"
                           " LEFT JOIN demands d ON d.orderId = o.orderId" +
                           kOrderFilterSql + " ORDER BY o.createTime DESC, o.orderId DESC LIMIT :limit OFFSET :offset");
  return query;
}

const Query& InsertOrder() {
  static const Query query(InsertSql("orders", kOrderFields));
  return query;
}

const Query& PatchOrder() {
  static const Query query(PatchSql("orders", kOrderFields));
  return query;
}

const Query kOrderUpdateTime("SELECT updateTime FROM orders WHERE orderId = ?");
const Query kDemandStateOfOrder("SELECT state FROM demands WHERE orderId = ?");
const Query kSetDemandStateOfOrder("UPDATE demands SET state = :state, updateTime = :now WHERE orderId = :order");
const Query kDeleteDemandOfOrder("DELETE FROM demands WHERE orderId = ?");
// A new demand copies the order's requirements as they are after the update (operator included).
const Query kRaiseDemand(
    "INSERT INTO demands (demandId, orderId, industryType, smsType, expectNumber, minimumGuarantee,"
    " channelType, directConnect, extendSize, rate, signType, contentTemplate, salePrice,"
    " onlineDate, state, remark, operatorId, createTime, updateTime)"
    " SELECT :demand, orderId, industryType, smsType, expectNumber, minimumGuarantee, channelType,"
    " CAST(directConnect AS TEXT), CAST(extendSize AS TEXT), rate, signType, contentTemplate,"
    " salePrice, onlineDate, :state, nullif(:remark, ''), CAST(operatorId AS TEXT), :now, :now"
    " FROM orders WHERE orderId = :order");
const Query kListProgress(
    "SELECT p.orderId, p.action, p.fromState, p.toState, p.resourceIds, p.remark, p.operatorId,"
    " p.createTime, s.name FROM progress p LEFT JOIN staff s ON s.id = p.operatorId"
    " WHERE p.orderId = ? ORDER BY p.id");

Status OrderNotFound() { return Status(Code::kOrderNotFound, "订单不存在"); }

const Query kBelongSaleOfOrder("SELECT belongSale FROM orders WHERE orderId = ?");

// Data authority, the one check every order desk call makes: Ok without an owner or when the
// order is the owner's; kForbidden when it is someone else's. A missing order is left to the
// caller (kOrderNotFound comes first).
Status CheckOwner(const Cell& belong_sale, OrderOwner owner) {
  if (!owner || (belong_sale && *belong_sale == std::to_string(*owner))) return Status::Ok();
  return Status::Forbidden();
}

Status CheckOwner(Connection& c, const std::string& order_id, OrderOwner owner) {
  if (!owner) return Status::Ok();
  auto query = c.Prepared(kBelongSaleOfOrder);
  query->bind(1, order_id);
  if (!query->executeStep()) return OrderNotFound();
  return CheckOwner(CellAt(*query, 0), owner);
}

const Query kStaffExists("SELECT 1 FROM staff WHERE id = ?");

// A belongSale the request sets must name a staff member. Checked inside the write transaction:
// only there is the answer still true when the order is written.
Status CheckBelongSale(Connection& c, const OrderPatch& fields) {
  const std::optional<Cell>& sale = fields[order::kBelongSale];
  if (!sale || !*sale || Exists(c, kStaffExists, **sale)) return Status::Ok();
  return Status::InvalidParam("参数belongSale无效（没有编号为" + **sale + "的员工）");
}

}  // namespace

Status OrderStore::Get(const std::string& order_id, Order* out, OrderOwner owner) {
  return db_->Read("GetOrder", [&](Connection& c) {
    auto query = c.Prepared(SelectOrder());
    query->bind(1, order_id);
    if (!query->executeStep()) return OrderNotFound();
    Order order;
    ReadCells(*query, &order.cells);
    Status mine = CheckOwner(order.cells[order::kBelongSale], owner);
    if (!mine.ok()) return mine;
    order.belong_sale_name = CellAt(*query, order::kFieldCount);
    order.demand_state = CellAt(*query, order::kFieldCount + 1);
    *out = std::move(order);
    return Status::Ok();
  });
}

Status OrderStore::VisitPage(const OrderFilter& filter, const PageRequest& page, const OnTotal& on_total,
                             const OnRow<Order>& on_row) {
  Order order;
  return store::VisitPage(
      *db_, "VisitOrderPage", kCountOrders, SelectOrders(), page,
      [&](SQLite::Statement& s) {
        if (filter.owner) s.bind(":owner", *filter.owner);
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

Status OrderStore::Add(const OrderPatch& fields, const DeskNote& note, std::string* new_id, OrderOwner owner) {
  return db_->Write("AddOrder", [&](Connection& c) {
    Status sale = CheckBelongSale(c, fields);
    if (!sale.ok()) return sale;
    std::string now = NowTimestamp();
    std::array<Cell, order::kFieldCount> cells;
    for (size_t i = 0; i < cells.size(); ++i) cells[i] = fields[i].value_or(Cell());
    if (owner) cells[order::kBelongSale] = std::to_string(*owner);
    *new_id = NextId(c, "D", 1, now, kOrderExists);
    cells[order::kOrderId] = *new_id;
    cells[order::kState] = std::to_string(kPending);
    cells[order::kCreateTime] = now;
    cells[order::kUpdateTime] = now;
    if (note.operator_id) cells[order::kOperatorId] = std::to_string(*note.operator_id);
    if (!note.remark.empty()) cells[order::kRemark] = note.remark;
    {
      auto insert = c.Prepared(InsertOrder());
      BindCells(*insert, kOrderFields, cells);
      insert->exec();
    }
    OrderMove move{*new_id, "add", std::nullopt, kPending, nullptr, note.remark, note.operator_id, now};
    AppendProgress(c, move, {});
    return Status::Ok();
  });
}

Status OrderStore::Edit(const std::string& order_id, const OrderPatch& changes,
                        const std::optional<std::string>& seen_update_time, const DeskNote& note,
                        OrderOwner owner) {
  return db_->Write("EditOrder", [&](Connection& c) {
    Status sale = CheckBelongSale(c, changes);  // a parameter: checked before the order
    if (!sale.ok()) return sale;
    std::optional<int> from_state = StateOfOrder(c, order_id);
    if (!from_state) return OrderNotFound();
    Status mine = CheckOwner(c, order_id, owner);
    if (!mine.ok()) return mine;
    Status allowed = CheckEdit(order_id, *from_state);
    if (!allowed.ok()) return allowed;
    if (seen_update_time) {
      auto query = c.Prepared(kOrderUpdateTime);
      query->bind(1, order_id);
      query->executeStep();
      if (query->getColumn(0).getString() != *seen_update_time) {
        return Status(Code::kStaleUpdate, "该订单已经更新,请重新操作");
      }
    }
    std::string now = NowTimestamp();
    {
      auto patch = c.Prepared(PatchOrder());
      OrderPatch kept = changes;
      if (owner) kept[order::kBelongSale] = Cell(std::to_string(*owner));
      BindPatch(*patch, kOrderFields, order_id, kept, now);
      patch->exec();
    }
    MoveOrder(c, OrderMove{order_id, "edit", from_state, kPending, nullptr, note.remark, note.operator_id, now});
    return Status::Ok();
  });
}

Status OrderStore::Cancel(const std::string& order_id, const DeskNote& note, OrderOwner owner) {
  return db_->Write("CancelOrder", [&](Connection& c) {
    std::optional<int> from_state = StateOfOrder(c, order_id);
    if (!from_state) return OrderNotFound();
    Status mine = CheckOwner(c, order_id, owner);
    if (!mine.ok()) return mine;
    Status allowed = CheckCancel(order_id, *from_state);
    if (!allowed.ok()) return allowed;
    static const std::vector<std::string> kNoLinks;
    OrderMove move{order_id, "chedan", from_state, kCancelled, &kNoLinks, note.remark, note.operator_id,
                   NowTimestamp()};
    MoveOrder(c, move);
    const char* demand_state = nullptr;
    {
      auto query = c.Prepared(kDemandStateOfOrder);
      query->bind(1, order_id);
      if (query->executeStep()) demand_state = DemandStateOnOrderCancelled(CellAt(*query, 0));
    }
    if (demand_state) {
      auto update = c.Prepared(kSetDemandStateOfOrder);
      update->bind(":state", demand_state);
      update->bind(":now", move.now);
      update->bind(":order", order_id);
      update->exec();
    }
    return Status::Ok();
  });
}

Status OrderStore::ApplyAction(const ActionRequest& request) {
  Status valid = CheckActionRequest(request.action, request.resource_ids);
  if (!valid.ok()) return valid;
  const ActionRule& rule = RuleFor(request.action);
  return db_->Write("ApplyAction", [&](Connection& c) {
    std::optional<int> from_state = StateOfOrder(c, request.order_id);
    if (!from_state) return OrderNotFound();
    Status allowed = CheckAction(request.order_id, *from_state, request.action);
    if (!allowed.ok()) return allowed;
    Status resources = CheckActionResources(request.action, request.resource_ids,
                                            [&c](const std::string& id) { return ResourceStateOf(c, id); });
    if (!resources.ok()) return resources;

    std::vector<std::string> links = LinksAfter(request.action, request.resource_ids);
    OrderMove move{request.order_id, rule.word, from_state, rule.to_state, &links,
                   request.remark, request.operator_id, NowTimestamp()};
    MoveOrder(c, move);
    if (rule.raises_demand) {
      {
        auto drop = c.Prepared(kDeleteDemandOfOrder);
        drop->bind(1, request.order_id);
        drop->exec();
      }
      auto raise = c.Prepared(kRaiseDemand);
      raise->bind(":demand", NextId(c, "X", 0, move.now, kDemandExists));
      raise->bind(":state", kDemandSeeking);
      raise->bind(":remark", request.remark);
      raise->bind(":now", move.now);
      raise->bind(":order", request.order_id);
      raise->exec();
    }
    return Status::Ok();
  });
}

Status OrderStore::ListProgress(const std::string& order_id, std::vector<ProgressEntry>* out, OrderOwner owner) {
  return db_->Read("ListProgress", [&](Connection& c) {
    if (!Exists(c, kOrderExists, order_id)) return OrderNotFound();
    Status mine = CheckOwner(c, order_id, owner);
    if (!mine.ok()) return mine;
    auto query = c.Prepared(kListProgress);
    query->bind(1, order_id);
    out->clear();
    while (query->executeStep()) {
      ProgressEntry entry;
      entry.order_id = query->getColumn(0).getString();
      entry.action = query->getColumn(1).getString();
      if (!query->isColumnNull(2)) entry.from_state = query->getColumn(2).getInt();
      entry.to_state = query->getColumn(3).getInt();
      entry.resource_ids = SplitLines(query->getColumn(4).getString());
      entry.remark = query->getColumn(5).getString();
      if (!query->isColumnNull(6)) entry.operator_id = query->getColumn(6).getInt64();
      entry.create_time = query->getColumn(7).getString();
      entry.operator_name = CellAt(*query, 8);
      out->push_back(std::move(entry));
    }
    return Status::Ok();
  });
}

}  // namespace jsms
