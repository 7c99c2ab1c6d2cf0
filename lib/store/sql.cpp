#include "store/sql.h"

#include <cstdio>

#include "domain/dates.h"
#include "domain/text.h"

namespace jsms::store {

namespace {

const Query kNextSequence(
    "INSERT INTO id_sequences (prefix, day, last) VALUES (:prefix, :day, :first)"
    " ON CONFLICT(prefix, day) DO UPDATE SET last = last + 1 RETURNING last");

}  // namespace

const Query kOrderExists("SELECT 1 FROM orders WHERE orderId = ?");
const Query kResourceExists("SELECT 1 FROM resources WHERE resourceId = ?");
const Query kDemandExists("SELECT 1 FROM demands WHERE demandId = ?");
const Query kResourceState("SELECT state FROM resources WHERE resourceId = ?");

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

bool Exists(Connection& c, const Query& query, const std::string& id) {
  auto statement = c.Prepared(query);
  statement->bind(1, id);
  return statement->executeStep();
}

std::optional<Cell> ResourceStateOf(Connection& c, const std::string& resource_id) {
  auto query = c.Prepared(kResourceState);
  query->bind(1, resource_id);
  if (!query->executeStep()) return std::nullopt;
  return CellAt(*query, 0);
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

std::string NextId(Connection& c, const char* prefix, int first, const std::string& now, const Query& exists) {
  std::string day = CompactDay(now);
  while (true) {
    int64_t sequence;
    {
      auto next = c.Prepared(kNextSequence);
      next->bind(":prefix", prefix);
      next->bind(":day", day);
      next->bind(":first", first);
      next->executeStep();
      sequence = next->getColumn(0).getInt64();
    }
    char digits[24];
    std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(sequence));
    std::string id = prefix + std::string(digits) + day;
    if (!Exists(c, exists, id)) return id;
  }
}

}  // namespace jsms::store
