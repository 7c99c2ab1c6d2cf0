#include "store/history.h"

#include "store/database.h"
#include "store/sql.h"

namespace jsms {

using namespace store;

namespace {

const Query kInsertHistory(
    "INSERT INTO history (kind, subjectId, action, fromState, toState, remark, operatorId, createTime, afterProgress)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM progress))");
const Query kInsertChange("INSERT INTO history_changes (historyId, field, fromValue, toValue) VALUES (?, ?, ?, ?)");
const Query kListHistory(
    "SELECT h.id, h.action, h.fromState, h.toState, h.remark, h.operatorId, h.createTime, s.name"
    " FROM history h LEFT JOIN staff s ON s.id = h.operatorId"
    " WHERE h.kind = 'resource' AND h.subjectId = ? ORDER BY h.id");
const Query kListChanges("SELECT field, fromValue, toValue FROM history_changes WHERE historyId = ? ORDER BY rowid");

// The feed: both logs as one, filtered. Within a second the order is what happened first: a
// progress entry by its id, a history entry after the last progress entry written before it
// (afterProgress), history entries among themselves by id.
constexpr const char* kActivityFrom =
    " FROM (SELECT 'order' AS kind, orderId AS subjectId, action, CAST(fromState AS TEXT) AS fromState,"
    " CAST(toState AS TEXT) AS toState, remark, operatorId, createTime, id AS k1, 0 AS k2, 0 AS k3 FROM progress"
    " UNION ALL SELECT kind, subjectId, action, fromState, toState, remark, operatorId, createTime, afterProgress,"
    " 1, id FROM history) a"
    " WHERE (:operator IS NULL OR a.operatorId = :operator) AND (:kind IS NULL OR a.kind = :kind)"
    " AND (:from IS NULL OR a.createTime >= :from || ' 00:00:00')"
    " AND (:to IS NULL OR a.createTime <= :to || ' 23:59:59')";
const Query kCountActivity(std::string("SELECT count(*)") + kActivityFrom);
const Query kSelectActivity(
    std::string("SELECT a.kind, a.subjectId, a.action, a.fromState, a.toState, a.remark, a.operatorId, a.createTime,"
                " (SELECT name FROM staff WHERE id = a.operatorId)") +
    kActivityFrom + " ORDER BY a.createTime DESC, a.k1 DESC, a.k2 DESC, a.k3 DESC LIMIT :limit OFFSET :offset");

void BindText(SQLite::Statement& statement, int index, const Cell& cell) {
  if (cell) {
    statement.bind(index, *cell);
  } else {
    statement.bind(index);
  }
}

}  // namespace

namespace store {

void RecordHistory(Connection& c, const HistoryEntry& entry) {
  {
    auto insert = c.Prepared(kInsertHistory);
    insert->bind(1, entry.kind);
    insert->bind(2, entry.subject_id);
    insert->bind(3, entry.action);
    BindText(*insert, 4, entry.from_state);
    BindText(*insert, 5, entry.to_state);
    insert->bind(6, entry.remark);
    if (entry.operator_id) insert->bind(7, *entry.operator_id);
    insert->bind(8, entry.create_time);
    insert->exec();
  }
  const int64_t id = c.db().getLastInsertRowid();
  for (const FieldChange& change : entry.changes) {
    auto insert = c.Prepared(kInsertChange);
    insert->bind(1, id);
    insert->bind(2, change.field);
    BindText(*insert, 3, change.from);
    BindText(*insert, 4, change.to);
    insert->exec();
  }
}

}  // namespace store

Status HistoryStore::ListOfResource(const std::string& resource_id, std::vector<HistoryEntry>* out) {
  return db_->Read("ListResourceHistory", [&](Connection& c) {
    ScopedTransaction snapshot(c, ScopedTransaction::Kind::kRead);
    if (!Exists(c, kResourceExists, resource_id)) return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
    out->clear();
    std::vector<int64_t> ids;
    {
      auto query = c.Prepared(kListHistory);
      query->bind(1, resource_id);
      while (query->executeStep()) {
        HistoryEntry entry;
        entry.kind = "resource";
        entry.subject_id = resource_id;
        ids.push_back(query->getColumn(0).getInt64());
        entry.action = query->getColumn(1).getString();
        entry.from_state = CellAt(*query, 2);
        entry.to_state = CellAt(*query, 3);
        entry.remark = query->getColumn(4).getString();
        if (!query->isColumnNull(5)) entry.operator_id = query->getColumn(5).getInt64();
        entry.create_time = query->getColumn(6).getString();
        entry.operator_name = CellAt(*query, 7);
        out->push_back(std::move(entry));
      }
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      auto query = c.Prepared(kListChanges);
      query->bind(1, ids[i]);
      while (query->executeStep()) {
        (*out)[i].changes.push_back(FieldChange{query->getColumn(0).getString(), CellAt(*query, 1), CellAt(*query, 2)});
      }
    }
    snapshot.Commit();
    return Status::Ok();
  });
}

Status HistoryStore::VisitActivity(const ActivityFilter& filter, const PageRequest& page, const OnTotal& on_total,
                                   const OnRow<ActivityEntry>& on_row) {
  ActivityEntry entry;
  return store::VisitPage(
      *db_, "VisitActivity", kCountActivity, kSelectActivity, page,
      [&](SQLite::Statement& s) {
        if (filter.operator_id) s.bind(":operator", *filter.operator_id);
        if (filter.kind) s.bind(":kind", *filter.kind);
        if (filter.created_from) s.bind(":from", *filter.created_from);
        if (filter.created_to) s.bind(":to", *filter.created_to);
      },
      on_total,
      [&](SQLite::Statement& row) {
        entry.kind = row.getColumn(0).getString();
        entry.subject_id = row.getColumn(1).getString();
        entry.action = row.getColumn(2).getString();
        entry.from_state = CellAt(row, 3);
        entry.to_state = CellAt(row, 4);
        entry.remark = row.getColumn(5).getString();
        entry.operator_id.reset();
        if (!row.isColumnNull(6)) entry.operator_id = row.getColumn(6).getInt64();
        entry.create_time = row.getColumn(7).getString();
        entry.operator_name = CellAt(row, 8);
        return on_row(entry);
      });
}

}  // namespace jsms
