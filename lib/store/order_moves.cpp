#include "store/order_moves.h"

#include "store/sql.h"

namespace jsms::store {

namespace {

const Query kOrderState("SELECT state FROM orders WHERE orderId = ?");
const Query kMoveOrder(
    "UPDATE orders SET state = :state, updateTime = :now,"
    " operatorId = coalesce(:operator, operatorId),"
    " remark = CASE WHEN :remark = '' THEN remark ELSE :remark END"
    " WHERE orderId = :order");
const Query kDeleteLinks("DELETE FROM links WHERE orderId = ?");
const Query kInsertLink("INSERT INTO links (orderId, resourceId) VALUES (?, ?) ON CONFLICT DO NOTHING");
const Query kInsertProgress(
    "INSERT INTO progress (orderId, action, fromState, toState, resourceIds, remark, operatorId,"
    " createTime) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

}  // namespace

std::optional<int> StateOfOrder(Connection& c, const std::string& order_id) {
  auto query = c.Prepared(kOrderState);
  query->bind(1, order_id);
  if (!query->executeStep()) return std::nullopt;
  return query->getColumn(0).getInt();
}

void AppendProgress(Connection& c, const OrderMove& move, const std::vector<std::string>& resource_ids) {
  auto progress = c.Prepared(kInsertProgress);
  progress->bind(1, move.order_id);
  progress->bind(2, move.action);
  if (move.from_state) progress->bind(3, *move.from_state);
  progress->bind(4, move.to_state);
  progress->bind(5, JoinLines(resource_ids));
  progress->bind(6, move.remark);
  if (move.operator_id) progress->bind(7, *move.operator_id);
  progress->bind(8, move.now);
  progress->exec();
}

void MoveOrder(Connection& c, const OrderMove& move) {
  {
    auto update = c.Prepared(kMoveOrder);
    update->bind(":state", move.to_state);
    update->bind(":now", move.now);
    if (move.operator_id) update->bind(":operator", *move.operator_id);
    update->bind(":remark", move.remark);
    update->bind(":order", move.order_id);
    update->exec();
  }
  static const std::vector<std::string> kNone;
  if (move.links) {
    {
      auto drop = c.Prepared(kDeleteLinks);
      drop->bind(1, move.order_id);
      drop->exec();
    }
    for (const auto& id : *move.links) {
      auto insert = c.Prepared(kInsertLink);
      insert->bind(1, move.order_id);
      insert->bind(2, id);
      insert->exec();
    }
  }
  AppendProgress(c, move, move.links ? *move.links : kNone);
}

}  // namespace jsms::store
