// SQL helpers shared by the store's concept files (internal to lib/store): statements built from
// the field tables, reading and binding cells, lookups, new ids and paged listings.
#pragma once

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/records.h"
#include "domain/status.h"
#include "store/connection.h"
#include "store/database.h"
#include "store/desk.h"
#include "store/query.h"

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

// Lookups several files share: "SELECT 1 FROM … WHERE id = ?" and a resource's state.
extern const Query kOrderExists;
extern const Query kResourceExists;
extern const Query kDemandExists;
extern const Query kResourceState;

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

// True when `query` (one id parameter) finds a row.
bool Exists(Connection& c, const Query& query, const std::string& id);

// A resource's state, or nullopt when there is no such resource.
std::optional<Cell> ResourceStateOf(Connection& c, const std::string& resource_id);

// Resource ids as stored on a progress entry: one per line (ids never hold control characters).
std::string JoinLines(const std::vector<std::string>& items);
std::vector<std::string> SplitLines(const std::string& text);

// The next id of the day for `prefix`: prefix + 4-digit sequence from `first` + YYYYMMDD, skipping
// ids a fixture already took (`exists` looks one up). Unique within the caller's write
// transaction.
std::string NextId(Connection& c, const char* prefix, int first, const std::string& now, const Query& exists);

// Runs a counted, paged listing inside one read transaction: `count` (bound by `bind`) gives the
// total, then `select` (bound by `bind`, then :limit/:offset) is stepped and each row handed to
// `on_row(statement)` until it returns false.
template <typename Bind, typename OnRow>
Status VisitPage(Database& db, const char* where, const Query& count_query, const Query& select_query,
                 const PageRequest& page, Bind bind, const std::function<void(int64_t)>& on_total, OnRow on_row) {
  return db.Read(where, [&](Connection& c) {
    // One read transaction, so the total and the rows come from the same snapshot.
    SQLite::Transaction snapshot(c.db(), SQLite::TransactionBehavior::DEFERRED);
    int64_t total;
    {
      auto count = c.Prepared(count_query);
      bind(*count);
      count->executeStep();
      total = count->getColumn(0).getInt64();
    }
    on_total(total);
    // A page past the end reads nothing; checked by division so huge rows*page cannot overflow.
    if (total > 0 && page.page - 1 <= (total - 1) / page.rows) {
      auto select = c.Prepared(select_query);
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

}  // namespace jsms::store
