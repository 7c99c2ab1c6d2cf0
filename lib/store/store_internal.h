// Helpers shared by the store's files (internal to lib/store): SQL built from the field tables,
// reading and binding cells, transactions, ids, and the pieces every change to an order shares.
#pragma once

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "domain/log.h"
#include "domain/records.h"
#include "domain/status.h"
#include "store/connection.h"
#include "store/store.h"
#include "store/write_queue.h"

namespace jsms::store {

// "a.f1, a.f2, …" for every field of a table.
template <size_t N>
std::string ColumnList(const std::array<FieldSpec, N>& fields, const char* alias) {
  std::string out;
  for (const auto& field : fields) {
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(field.name);
  }
  return out;
}

Cell CellAt(SQLite::Statement& statement, int column);

// Reads a row's first N columns into `cells`, reusing each cell's buffer: a listing passes the
// same record for every row, so steady state allocates nothing.
void ReadCellInto(SQLite::Statement& statement, int column, Cell* cell);

template <size_t N>
void ReadCells(SQLite::Statement& statement, std::array<Cell, N>* cells) {
  for (size_t i = 0; i < N; ++i) ReadCellInto(statement, static_cast<int>(i), &(*cells)[i]);
}

// Binds a cell to parameter `index`: null, an int64 for integer fields, else text.
void BindCell(SQLite::Statement& statement, int index, FieldKind kind, const Cell& cell);

template <size_t N>
void BindCells(SQLite::Statement& statement, const std::array<FieldSpec, N>& fields,
               const std::array<Cell, N>& cells) {
  for (size_t i = 0; i < N; ++i) BindCell(statement, static_cast<int>(i) + 1, fields[i].kind, cells[i]);
}

// Lookups several files share. Inline variables: one address everywhere, which is what the
// statement cache keys on.
inline constexpr const char* kOrderExistsSql = "SELECT 1 FROM orders WHERE orderId = ?";
inline constexpr const char* kResourceExistsSql = "SELECT 1 FROM resources WHERE resourceId = ?";
inline constexpr const char* kDemandExistsSql = "SELECT 1 FROM demands WHERE demandId = ?";
inline constexpr const char* kResourceStateSql = "SELECT state FROM resources WHERE resourceId = ?";

// INSERT of every field.
template <size_t N>
std::string InsertSql(const char* table, const std::array<FieldSpec, N>& fields) {
  std::string columns, values;
  for (const auto& field : fields) {
    if (!columns.empty()) { columns += ", "; values += ", "; }
    columns += field.name;
    values += "?";
  }
  return std::string("INSERT INTO ") + table + " (" + columns + ") VALUES (" + values + ")";
}

// INSERT of every field with ON CONFLICT(id) DO UPDATE of every other field.
template <size_t N>
std::string UpsertSql(const char* table, const std::array<FieldSpec, N>& fields) {
  std::string updates;
  for (size_t i = 1; i < N; ++i) {
    if (i > 1) updates += ", ";
    updates.append(fields[i].name).append(" = excluded.").append(fields[i].name);
  }
  return InsertSql(table, fields) + " ON CONFLICT(" + fields[0].name + ") DO UPDATE SET " + updates;
}

// UPDATE of every field but the id (and those `frozen`), each only when its flag parameter is 1:
// "SET f = CASE WHEN ?2 THEN ?3 ELSE f END, …, updateTime = ?K WHERE id = ?1". Field i (i >= 1)
// takes flag 2i and value 2i+1; updateTime's own pair is ignored in favour of the last parameter.
template <size_t N>
std::string PatchSql(const char* table, const std::array<FieldSpec, N>& fields) {
  std::string sets;
  for (size_t i = 1; i < N; ++i) {
    std::string name = fields[i].name;
    if (name == "updateTime") continue;
    if (!sets.empty()) sets += ", ";
    sets += name + " = CASE WHEN ?" + std::to_string(2 * i) + " THEN ?" + std::to_string(2 * i + 1) +
            " ELSE " + name + " END";
  }
  return std::string("UPDATE ") + table + " SET " + sets + ", updateTime = ?" + std::to_string(2 * N) +
         " WHERE " + fields[0].name + " = ?1";
}

template <size_t N>
void BindPatch(SQLite::Statement& statement, const std::array<FieldSpec, N>& fields, const std::string& id,
               const std::array<std::optional<Cell>, N>& patch, const std::string& now) {
  statement.bind(1, id);
  for (size_t i = 1; i < N; ++i) {
    statement.bind(static_cast<int>(2 * i), patch[i].has_value() ? 1 : 0);
    BindCell(statement, static_cast<int>(2 * i + 1), fields[i].kind, patch[i].value_or(Cell()));
  }
  statement.bind(static_cast<int>(2 * N), now);
}

bool Exists(Connection& c, const char* sql, const std::string& id);
std::string JoinLines(const std::vector<std::string>& items);
std::vector<std::string> SplitLines(const std::string& text);
std::string JoinForMessage(const std::vector<std::string>& ids);

// The next id of the day for `prefix`: prefix + 4-digit sequence from `first` + YYYYMMDD, skipping
// ids a fixture already took (`exists_sql` looks one up). Unique within the caller's write
// transaction.
std::string NextId(Connection& c, const char* prefix, int first, const std::string& now, const char* exists_sql);

Status FromException(const char* where, const SQLite::Exception& e);

// Runs `fn(Connection&) -> Status` in a BEGIN IMMEDIATE transaction (shared with other writes
// queued at the same moment: see WriteQueue), committed only when it returns Ok; anything else
// (or an exception) rolls all of its changes back.
template <typename Fn>
Status InWriteTransaction(ConnectionPool& pool, const char* where, Fn&& fn) {
  return pool.write_queue().Run(pool, where, WriteQueue::Write(std::ref(fn)));
}

// Runs `fn(Connection&) -> Status` on a leased connection (reads).
template <typename Fn>
Status WithConnection(ConnectionPool& pool, const char* where, Fn&& fn) {
  try {
    auto c = pool.Acquire();
    return fn(*c);
  } catch (const SQLite::Exception& e) {
    return FromException(where, e);
  }
}

// Runs a counted, paged listing inside one read transaction: `count` (bound by `bind`) gives the
// total, then `select` (bound by `bind`, then :limit/:offset) is stepped and each row handed to
// `on_row(statement)` until it returns false.
template <typename Bind, typename OnRow>
Status VisitPage(ConnectionPool& pool, const char* where, const char* count_sql, const char* select_sql,
                 const PageRequest& page, Bind bind, const std::function<void(int64_t)>& on_total, OnRow on_row) {
  return WithConnection(pool, where, [&](Connection& c) {
    // One read transaction, so the total and the rows come from the same snapshot.
    SQLite::Transaction snapshot(c.db(), SQLite::TransactionBehavior::DEFERRED);
    int64_t total;
    {
      auto count = c.Prepared(count_sql);
      bind(*count);
      count->executeStep();
      total = count->getColumn(0).getInt64();
    }
    on_total(total);
    // A page past the end reads nothing; checked by division so huge rows*page cannot overflow.
    if (total > 0 && page.page - 1 <= (total - 1) / page.rows) {
      auto select = c.Prepared(select_sql);
      bind(*select);
      select->bind(":limit", page.rows);
      select->bind(":offset", (page.page - 1) * page.rows);
      while (select->executeStep()) {
        if (!on_row(*select)) break;
      }
    }
    snapshot.commit();
    return Status::Ok();
  });
}

// The state of an order, or nullopt when there is none.
std::optional<int> StateOfOrder(Connection& c, const std::string& order_id);

// What every accepted change to an order writes, besides its own fields.
struct OrderMove {
  std::string order_id;
  std::string action;                       // progress action word
  std::optional<int> from_state;            // null for a new order
  int to_state = 0;
  const std::vector<std::string>* links = nullptr;  // replaces the links when set
  std::string remark;                       // kept on progress; non-empty also on the order
  std::optional<int64_t> operator_id;
  std::string now;
};

// Sets state, updateTime, operatorId (when given) and remark (when non-empty); replaces links
// when `move.links` is set; appends the progress entry.
void MoveOrder(Connection& c, const OrderMove& move);

// The progress entry alone (used for a new order, whose row the caller inserted).
void AppendProgress(Connection& c, const OrderMove& move, const std::vector<std::string>& resource_ids);

}  // namespace jsms::store
