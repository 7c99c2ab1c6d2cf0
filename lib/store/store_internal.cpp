#include "store/store_internal.h"

#include <sqlite3.h>

#include <cstdio>

#include "domain/clock.h"
#include "domain/log.h"
#include "domain/text.h"

namespace jsms::store {

namespace {

constexpr const char* kNextSequenceSql =
    "INSERT INTO id_sequences (prefix, day, last) VALUES (:prefix, :day, :first)"
    " ON CONFLICT(prefix, day) DO UPDATE SET last = last + 1 RETURNING last";
constexpr const char* kOrderStateSql = "SELECT state FROM orders WHERE orderId = ?";
constexpr const char* kMoveOrderSql =
    "UPDATE orders SET state = :state, updateTime = :now,"
    " operatorId = coalesce(:operator, operatorId),"
    " remark = CASE WHEN :remark = '' THEN remark ELSE :remark END"
    " WHERE orderId = :order";
constexpr const char* kDeleteLinksSql = "DELETE FROM links WHERE orderId = ?";
constexpr const char* kInsertLinkSql =
    "INSERT INTO links (orderId, resourceId) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr const char* kInsertProgressSql =
    "INSERT INTO progress (orderId, action, fromState, toState, resourceIds, remark, operatorId,"
    " createTime) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

}  // namespace

Cell CellAt(SQLite::Statement& statement, int column) {
  if (statement.isColumnNull(column)) return std::nullopt;
  return std::string(statement.getColumn(column).getText());
}

void ReadCellInto(SQLite::Statement& statement, int column, Cell* cell) {
  SQLite::Column value = statement.getColumn(column);
  if (value.isNull()) {
    cell->reset();
    return;
  }
  const char* text = value.getText();
  size_t size = static_cast<size_t>(value.getBytes());
  if (*cell) {
    (*cell)->assign(text, size);
  } else {
    cell->emplace(text, size);
  }
}

void BindCell(SQLite::Statement& statement, int index, FieldKind kind, const Cell& cell) {
  int64_t number = 0;
  if (!cell) {
    statement.bind(index);
  } else if (kind == FieldKind::kInteger && ParseInt64(*cell, &number)) {
    statement.bind(index, number);
  } else {
    statement.bind(index, *cell);
  }
}

bool Exists(Connection& c, const char* sql, const std::string& id) {
  auto query = c.Prepared(sql);
  query->bind(1, id);
  return query->executeStep();
}

std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += '\n';
    out += item;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string JoinForMessage(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ",";
    out += id;
  }
  return out;
}

std::string NextId(Connection& c, const char* prefix, int first, const std::string& now, const char* exists_sql) {
  std::string day = CompactDay(now);
  while (true) {
    int64_t sequence;
    {
      auto next = c.Prepared(kNextSequenceSql);
      next->bind(":prefix", prefix);
      next->bind(":day", day);
      next->bind(":first", first);
      next->executeStep();
      sequence = next->getColumn(0).getInt64();
    }
    char digits[24];
    std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(sequence));
    std::string id = prefix + std::string(digits) + day;
    if (!Exists(c, exists_sql, id)) return id;
  }
}

Status FromException(const char* where, const SQLite::Exception& e) {
  int code = e.getErrorCode();
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    LogError(where, std::string("database busy: ") + e.what());
    return Status::Busy();
  }
  LogError(where, e.what());
  return Status::Internal();
}

std::optional<int> StateOfOrder(Connection& c, const std::string& order_id) {
  auto query = c.Prepared(kOrderStateSql);
  query->bind(1, order_id);
  if (!query->executeStep()) return std::nullopt;
  return query->getColumn(0).getInt();
}

void AppendProgress(Connection& c, const OrderMove& move, const std::vector<std::string>& resource_ids) {
  auto progress = c.Prepared(kInsertProgressSql);
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
    auto update = c.Prepared(kMoveOrderSql);
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
      auto drop = c.Prepared(kDeleteLinksSql);
      drop->bind(1, move.order_id);
      drop->exec();
    }
    for (const auto& id : *move.links) {
      auto insert = c.Prepared(kInsertLinkSql);
      insert->bind(1, move.order_id);
      insert->bind(2, id);
      insert->exec();
    }
  }
  AppendProgress(c, move, move.links ? *move.links : kNone);
}

}  // namespace jsms::store
