#include "store/resources.h"

#include <iterator>
#include <memory>

#include "domain/history.h"
#include "domain/text.h"
#include "store/database.h"
#include "store/history.h"
#include "store/resource_rows.h"
#include "store/page_index.h"
#include "store/sql.h"
#include "util/clock.h"

namespace jsms {

using namespace store;

namespace {

// Whole records (every column of `r`, then its owner's name) from `tables`, which name the
// resources `r`; the caller adds WHERE and the rest.
std::string SelectWholeResources(const std::string& tables) {
  return "SELECT " + ColumnList(kResourceFields, "r") + ", s.name FROM " + tables +
         " LEFT JOIN staff s ON s.id = r.belongBusiness";
}

const Query& SelectResource() {
  static const Query query(SelectWholeResources("resources r") + " WHERE r.resourceId = ?");
  return query;
}

// The same, of the resource whose page row is at a position (store/resource_rows.h).
const Query& SelectResourceAt() {
  static const Query query(SelectWholeResources("resource_rows w JOIN resources r ON r.resourceId = w.resourceId") +
                           " WHERE w.position = ?");
  return query;
}

const Query& InsertResource() {
  static const Query query(InsertSql("resources", kResourceFields));
  return query;
}

const Query& PatchResource() {
  static const Query query(PatchSql("resources", kResourceFields));
  return query;
}

// The assistant reads only the fields its rules need (domain/matching.h), by the state index.
constexpr resource::Field kMatchingFields[] = {resource::kResourceId,    resource::kChannelType,
                                               resource::kSmsType,       resource::kDirectConnect,
                                               resource::kExtendSize,    resource::kSignType,
                                               resource::kPurchasePrice, resource::kState};

const Query& SelectForMatching(bool include_not_ready) {
  auto make = [](const char* states) {
    std::string columns;
    for (resource::Field field : kMatchingFields) {
      if (!columns.empty()) columns += ", ";
      columns += kResourceFields[field].name;
    }
    return "SELECT " + columns + " FROM resources WHERE state IN (" + states + ")";
  };
  static const Query kOnline(make("'1'"));
  static const Query kAny(make("'0', '1', '2'"));
  return include_not_ready ? kAny : kOnline;
}

// Who made a change: the operatorId the change set (the acting operator, when there is one).
std::optional<int64_t> OperatorOf(const std::array<Cell, resource::kFieldCount>& cells) {
  int64_t id = 0;
  if (cells[resource::kOperatorId] && ParseInt64(*cells[resource::kOperatorId], &id)) return id;
  return std::nullopt;
}

const Query& SelectRowsToEncode() {
  static const Query query("SELECT " + ColumnList(kResourceFields, "r") +
                           " FROM resource_rows w INDEXED BY resource_rows_to_encode"
                           " JOIN resources r ON r.resourceId = w.resourceId"
                           " WHERE w.encodedRow IS NULL ORDER BY w.position LIMIT :limit");
  return query;
}

const Query kSetResourceState(
    "UPDATE resources SET state = :state, updateTime = :now, operatorId = coalesce(:operator, operatorId)"
    " WHERE resourceId = :id");

// The resource page has three paths. Any filter but orderId and state: VisitFilteredPage (below).
// Filtered by order (a handful of links): count, then one query. Otherwise (all resources, or one
// state, up to 100,000s of rows): a PageIndex of the listing, built by one walk of the covering
// index and kept until the next commit, gives the total and the anchor to seek to, so any page
// costs a seek, at most PageIndex::kStride - 1 skipped entries, and a read of its own rows.
struct ResourcePageQueries {
  Query count;        // by order
  Query select;       // by order: :order [:state] :limit :offset
  Query ids;          // not by order: every id in order [:state]; unfiltered, with its row's position
  Query select_from;  // not by order: [:state] :first :limit :offset
  Query rows_from;    // the same page as kept encoded: belongBusiness, encodedRow, position
};

std::unique_ptr<ResourcePageQueries> MakePageQueries(bool by_state) {
  const int state = by_state ? 1 : 0;
  std::string by_order = " FROM links l JOIN resources r ON r.resourceId = l.resourceId WHERE l.orderId = :order";
  std::string state_filter = state ? " AND r.state = :state" : "";
  // The page's ids are picked from an index alone, and only those rows are read whole. As an
  // IN list (kept sorted by SQLite) the rows come out in order with no sort of whole rows,
  // which for the full list spilled 100 MB into temp files.
  auto whole_rows = [](const std::string& ids) {
    return SelectWholeResources("resources r") + " WHERE r.resourceId IN (" + ids + ")" +
           " ORDER BY r.resourceId";
  };
  std::string where = state ? " WHERE r.state = :state" : "";
  return std::unique_ptr<ResourcePageQueries>(new ResourcePageQueries{
      Query("SELECT count(*)" + by_order + state_filter),
      Query(whole_rows("SELECT r.resourceId" + by_order + state_filter +
                       " ORDER BY r.resourceId LIMIT :limit OFFSET :offset")),
      // Unfiltered, from resource_rows_by_id, whose entries hold each row's position (its rowid):
      // a page of the list then starts at a position, no id looked up first.
      state ? Query("SELECT r.resourceId FROM resources r" + where + " ORDER BY r.resourceId")
            : Query("SELECT resourceId, position FROM resource_rows INDEXED BY resource_rows_by_id ORDER BY resourceId"),
      // Unfiltered, the table itself is read in its own (resourceId) order: no ids picked first,
      // no seek per row (a third less CPU for the CSV export of every resource).
      state ? Query(whole_rows("SELECT r.resourceId FROM resources r" + where +
                               " AND r.resourceId >= :first ORDER BY r.resourceId LIMIT :limit OFFSET :offset"))
            : Query(SelectWholeResources("resources r") + " WHERE r.resourceId >= :first" +
                    " ORDER BY r.resourceId LIMIT :limit OFFSET :offset"),
      // The rows as kept encoded (store/resource_rows.h). By state from the covering index
      // resource_rows_by_state alone; all of them from resource_rows itself, whose rows are stored
      // in resourceId order: a range of adjacent rows from the anchor's position on. No id: the
      // position (the rowid, in the index entry too) finds a row not encoded yet, and a text
      // column costs SQLite a copy and, each time the statement runs, an allocation.
      state ? Query("SELECT w.belongBusiness, w.encodedRow, w.position FROM resource_rows w"
                    " INDEXED BY resource_rows_by_state WHERE w.state = :state AND w.resourceId >= :first"
                    " ORDER BY w.resourceId LIMIT :limit OFFSET :offset")
            : Query("SELECT w.belongBusiness, w.encodedRow, w.position FROM resource_rows w"
                    " WHERE w.position >= :first ORDER BY w.position LIMIT :limit OFFSET :offset"),
  });
}

const ResourcePageQueries& PageQueries(bool by_state) {
  static const std::unique_ptr<ResourcePageQueries> kAll = MakePageQueries(false);
  static const std::unique_ptr<ResourcePageQueries> kByState = MakePageQueries(true);
  return by_state ? *kByState : *kAll;
}

// Walks every id of the listing once (from a covering index) to build its page index.
std::shared_ptr<const PageIndex> BuildPageIndex(Connection& c, const Query& ids,
                                                const std::optional<std::string>& state, uint64_t version) {
  auto index = std::make_shared<PageIndex>(version);
  auto query = c.Prepared(ids);
  if (state) query->bind(":state", *state);
  const bool with_positions = query->getColumnCount() > 1;
  while (query->executeStep()) {
    const SQLite::Column id = query->getColumn(0);
    index->Add(std::string_view(static_cast<const char*>(id.getBlob()), static_cast<size_t>(id.getBytes())),
               with_positions ? query->getColumn(1).getInt64() : 0);
  }
  return index;
}

// `text` as a LIKE pattern for "contains": LIKE's own characters (% _ \) escaped with \.
std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  return pattern + "%";
}

// Any other combination of filters (the original's query: equality on any field, AND) is an
// occasional search, not the hot path: a statement is built for the filters given, each value
// bound as a parameter, and prepared per request. The count and the rows come from one snapshot.
// SQLite walks the table (or the state index, or the order's links) in resourceId order, so the
// rows need no sort; filters without an index scan.
template <typename ReadRow>
Status VisitFilteredPage(Database& db, const ResourceFilter& filter, const PageRequest& page,
                         const OnTotal& on_total, ReadRow read_row) {
  std::string where;
  std::vector<std::string> values;
  auto add = [&](const std::string& condition, std::string value) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
    values.push_back(std::move(value));
  };
  if (filter.order_id) add("r.resourceId IN (SELECT resourceId FROM links WHERE orderId = ?)", *filter.order_id);
  for (const auto& [field, value] : filter.equals) add(std::string("r.") + kResourceFields[field].name + " = ?", value);
  if (filter.state) add("r.state = ?", std::to_string(*filter.state));
  if (filter.supplier_like) add("r.supplier LIKE ? ESCAPE '\\'", ContainsPattern(*filter.supplier_like));
  if (filter.remark_like) add("r.remark LIKE ? ESCAPE '\\'", ContainsPattern(*filter.remark_like));
  auto bind = [&values](SQLite::Statement& statement) {
    for (size_t i = 0; i < values.size(); ++i) statement.bind(static_cast<int>(i) + 1, values[i]);
  };
  return db.Read("VisitResourcePage", [&](Connection& c) {
    ScopedTransaction snapshot(c, ScopedTransaction::Kind::kRead);
    int64_t total;
    {
      SQLite::Statement count(c.db(), "SELECT count(*) FROM resources r" + where);
      bind(count);
      count.executeStep();
      total = count.getColumn(0).getInt64();
    }
    on_total(total);
    // A page past the end reads nothing; checked by division so huge rows*page cannot overflow.
    if (total > 0 && page.page - 1 <= (total - 1) / page.rows) {
      SQLite::Statement select(c.db(), SelectWholeResources("resources r") + where +
                                           " ORDER BY r.resourceId LIMIT ? OFFSET ?");
      bind(select);
      select.bind(static_cast<int>(values.size()) + 1, page.rows);
      select.bind(static_cast<int>(values.size()) + 2, (page.page - 1) * page.rows);
      while (select.executeStep()) {
        if (!read_row(select)) break;
      }
    }
    snapshot.Commit();
    return Status::Ok();
  });
}

}  // namespace

Status ResourceStore::EncodeMissingRows(int64_t* encoded) {
  *encoded = 0;
  if (!encode_) return Status::Ok();
  constexpr int64_t kBatch = 2000;  // one write transaction each: writers queued meanwhile wait less
  while (true) {
    int64_t done = 0;
    Status status = db_->Write("EncodeMissingRows", [&](Connection& c) {
      std::vector<std::array<Cell, resource::kFieldCount>> rows;
      {
        auto query = c.Prepared(SelectRowsToEncode());
        query->bind(":limit", kBatch);
        while (query->executeStep()) {
          rows.emplace_back();
          ReadCells(*query, &rows.back());
        }
      }
      for (const auto& cells : rows) KeepEncodedRow(c, encode_, cells);
      done = static_cast<int64_t>(rows.size());
      return Status::Ok();
    });
    if (!status.ok()) return status;
    *encoded += done;
    if (done < kBatch) return Status::Ok();
  }
}

Status ResourceStore::VisitPage(const ResourceFilter& filter, const PageRequest& page, const OnTotal& on_total,
                                const OnRow<Resource>& on_row, bool encoded) {
  const ResourcePageQueries& queries = PageQueries(filter.state.has_value());
  std::optional<std::string> state;
  if (filter.state) state = std::to_string(*filter.state);
  Resource resource;
  auto read_row = [&](SQLite::Statement& row) {
    ReadCells(row, &resource.cells);
    ReadCellInto(row, resource::kFieldCount, &resource.belong_business_name);
    return on_row(resource);
  };
  if (!filter.Plain()) return VisitFilteredPage(*db_, filter, page, on_total, read_row);
  if (filter.order_id) {
    return store::VisitPage(
        *db_, "VisitResourcePage", queries.count, queries.select, page,
        [&](SQLite::Statement& statement) {
          statement.bind(":order", *filter.order_id);
          if (state) statement.bind(":state", *state);
        },
        on_total, read_row);
  }
  // Read before the snapshot starts: a commit after this (by any connection) makes an index
  // built now stale. The snapshot is left open for the next page of the same version.
  const uint64_t version = db_->DataVersion();
  return db_->ReadAt("VisitResourcePage", version, [&](Connection& c) {
    int64_t key = filter.state.value_or(-1);
    std::shared_ptr<const PageIndex> index = page_indexes_->Find(key, version);
    if (!index) {
      index = BuildPageIndex(c, queries.ids, state, version);
      page_indexes_->Remember(key, index);
    }
    on_total(index->total());
    // A page past the end reads nothing; checked by division so huge rows*page cannot overflow.
    if (index->total() > 0 && page.page - 1 <= (index->total() - 1) / page.rows) {
      const int64_t first_row = (page.page - 1) * page.rows;
      const std::string_view first = index->AnchorFor(first_row);
      const int64_t skip = PageIndex::SkipFor(first_row);
      if (!encoded) {
        // Whole records, every cell read (the CSV export): through SQLite's own API.
        RawScope rows = c.Raw(queries.select_from);
        if (state) rows->Bind(":state", *state);
        rows->Bind(":first", first);
        rows->Bind(":limit", page.rows);
        rows->Bind(":offset", skip);
        while (rows->Step()) {
          for (size_t i = 0; i < resource::kFieldCount; ++i) rows->ReadCellInto(static_cast<int>(i), &resource.cells[i]);
          rows->ReadCellInto(resource::kFieldCount, &resource.belong_business_name);
          if (!on_row(resource)) break;
        }
      } else {
        // Through SQLite's own API: the encoded rows are handed on as views of its buffers.
        RawScope select = c.Raw(queries.rows_from);
        if (state) {
          select->Bind(":state", *state);
          select->Bind(":first", first);  // as text
        } else {
          select->Bind(":first", index->PositionFor(first_row));
        }
        select->Bind(":limit", page.rows);
        select->Bind(":offset", skip);
        auto names = StaffNames(c, version);
        while (select->Step()) {
          resource.encoded_row = select->Text(1);  // a BLOB (the packed row): its bytes as they are
          if (!resource.encoded_row) {
            // Not kept encoded yet: the whole record, encoded by the caller.
            auto whole = c.Prepared(SelectResourceAt());
            whole->bind(1, select->Int64(2));
            if (!whole->executeStep()) continue;  // cannot happen within one snapshot
            ReadCells(*whole, &resource.cells);
            resource.belong_business_name = CellAt(*whole, resource::kFieldCount);
          } else {
            const std::optional<std::string_view> owner = select->Text(0);
            auto name = owner ? names->find(std::string(*owner)) : names->end();
            if (name == names->end()) {
              resource.belong_business_name.reset();
            } else {
              resource.belong_business_name = name->second;
            }
          }
          if (!on_row(resource)) break;
        }
      }
    }
    return Status::Ok();
  });
}

std::shared_ptr<const std::unordered_map<std::string, std::string>> ResourceStore::StaffNames(Connection& c,
                                                                                              uint64_t version) {
  std::lock_guard<std::mutex> lock(names_mutex_);
  if (names_ && names_version_ == version) return names_;
  static const Query kStaffNames("SELECT id, name FROM staff");
  auto names = std::make_shared<std::unordered_map<std::string, std::string>>();
  auto query = c.Prepared(kStaffNames);
  while (query->executeStep()) (*names)[query->getColumn(0).getString()] = query->getColumn(1).getString();
  names_ = names;
  names_version_ = version;
  return names_;
}

Status ResourceStore::Get(const std::string& resource_id, Resource* out) {
  return db_->Read("GetResource", [&](Connection& c) {
    auto query = c.Prepared(SelectResource());
    query->bind(1, resource_id);
    if (!query->executeStep()) return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
    ReadCells(*query, &out->cells);
    out->belong_business_name = CellAt(*query, resource::kFieldCount);
    return Status::Ok();
  });
}

Status ResourceStore::FindCandidates(const Order& order, bool include_not_ready, size_t limit,
                                     CandidateSearch* out) {
  return db_->Read("FindCandidates", [&](Connection& c) {
    ScopedTransaction snapshot(c, ScopedTransaction::Kind::kRead);
    matching::Matcher matcher(order, include_not_ready, limit);
    {
      Resource row;  // only the matching fields are read; the rest stay null
      auto query = c.Prepared(SelectForMatching(include_not_ready));
      while (query->executeStep()) {
        for (size_t i = 0; i < std::size(kMatchingFields); ++i) {
          ReadCellInto(*query, static_cast<int>(i), &row.cells[kMatchingFields[i]]);
        }
        matcher.Consider(row);
      }
    }
    out->considered = matcher.considered();
    out->eligible = matcher.eligible();
    out->best = matcher.TakeBest();
    out->resources.assign(out->best.size(), Resource());
    for (size_t i = 0; i < out->best.size(); ++i) {
      auto query = c.Prepared(SelectResource());
      query->bind(1, out->best[i].resource_id);
      if (!query->executeStep()) return Status::Internal();  // cannot happen inside one snapshot
      ReadCells(*query, &out->resources[i].cells);
      out->resources[i].belong_business_name = CellAt(*query, resource::kFieldCount);
    }
    snapshot.Commit();
    return Status::Ok();
  });
}

Status ResourceStore::Add(const ResourcePatch& fields, std::string* new_id) {
  return db_->Write("AddResource", [&](Connection& c) {
    std::string now = NowTimestamp();
    std::array<Cell, resource::kFieldCount> cells;
    for (size_t i = 0; i < cells.size(); ++i) cells[i] = fields[i].value_or(Cell());
    *new_id = NextId(c, "T", 0, now, kResourceExists);
    cells[resource::kResourceId] = *new_id;
    cells[resource::kState] = InitialResourceState(cells[resource::kOnlineDate]);
    cells[resource::kCreateTime] = now;
    cells[resource::kUpdateTime] = now;
    {
      auto insert = c.Prepared(InsertResource());
      BindCells(*insert, kResourceFields, cells);
      insert->exec();
    }
    KeepEncodedRow(c, encode_, cells);
    RecordHistory(c, HistoryEntry{"resource", *new_id, "add", std::nullopt, cells[resource::kState],
                                  ResourceChanges({}, cells), "", OperatorOf(cells), std::nullopt, now});
    return Status::Ok();
  });
}

Status ResourceStore::Edit(const std::string& resource_id, const ResourcePatch& changes) {
  return db_->Write("EditResource", [&](Connection& c) {
    Resource before;
    {
      auto query = c.Prepared(SelectResource());
      query->bind(1, resource_id);
      if (!query->executeStep()) return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
      ReadCells(*query, &before.cells);
    }
    std::string now = NowTimestamp();
    {
      auto patch = c.Prepared(PatchResource());
      BindPatch(*patch, kResourceFields, resource_id, changes, now);
      patch->exec();
    }
    std::array<Cell, resource::kFieldCount> after = before.cells;
    for (size_t i = 0; i < after.size(); ++i) {
      if (changes[i]) after[i] = *changes[i];
    }
    after[resource::kUpdateTime] = now;
    KeepEncodedRow(c, encode_, after);
    RecordHistory(c, HistoryEntry{"resource", resource_id, "edit", before.cells[resource::kState],
                                  before.cells[resource::kState], ResourceChanges(before.cells, after), "",
                                  OperatorOf(after), std::nullopt, now});
    return Status::Ok();
  });
}

Status ResourceStore::Move(const std::string& resource_id, ResourceMove move, std::optional<int64_t> operator_id) {
  return db_->Write(move == ResourceMove::kOnline ? "SetResourceOnline" : "RepealResource", [&](Connection& c) {
    Resource resource;
    {
      auto query = c.Prepared(SelectResource());
      query->bind(1, resource_id);
      if (!query->executeStep()) return Status(Code::kResourceNotFound, "资源不存在：" + resource_id);
      ReadCells(*query, &resource.cells);
    }
    const Cell from = resource.cells[resource::kState];
    Status allowed = CheckResourceMove(resource_id, from, move);
    if (!allowed.ok()) return allowed;
    std::string now = NowTimestamp();
    {
      auto update = c.Prepared(kSetResourceState);
      update->bind(":state", ResourceMoveTarget(move));
      update->bind(":now", now);
      if (operator_id) update->bind(":operator", std::to_string(*operator_id));
      update->bind(":id", resource_id);
      update->exec();
    }
    resource.cells[resource::kState] = std::string(ResourceMoveTarget(move));
    resource.cells[resource::kUpdateTime] = now;
    if (operator_id) resource.cells[resource::kOperatorId] = std::to_string(*operator_id);
    KeepEncodedRow(c, encode_, resource.cells);
    RecordHistory(c, HistoryEntry{"resource", resource_id, move == ResourceMove::kOnline ? "online" : "repeal", from,
                                  std::string(ResourceMoveTarget(move)), {}, "", operator_id, std::nullopt, now});
    return Status::Ok();
  });
}

}  // namespace jsms
