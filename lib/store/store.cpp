#include "store/store.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <cstdio>

#include "domain/clock.h"
#include "domain/log.h"
#include "domain/text.h"
#include "store/connection.h"
#include "store/embedded.h"

namespace jsms {

namespace {

// ---- SQL built once from the field tables (records.cpp), so a field is named in one place. ----

template <size_t N>
std::string ColumnList(const std::array<FieldSpec, N>& fields, const char* alias) {
  std::string out;
  for (const auto& field : fields) {
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(field.name);
  }
  return out;
}

template <size_t N>
std::string UpsertSql(const char* table, const std::array<FieldSpec, N>& fields) {
  std::string columns, values, updates;
  for (size_t i = 0; i < N; ++i) {
    if (i) { columns += ", "; values += ", "; }
    columns += fields[i].name;
    values += "?";
    if (i) {
      if (i > 1) updates += ", ";
      updates.append(fields[i].name).append(" = excluded.").append(fields[i].name);
    }
  }
  return std::string("INSERT INTO ") + table + " (" + columns + ") VALUES (" + values +
         ") ON CONFLICT(" + fields[0].name + ") DO UPDATE SET " + updates;
}

const char* SelectOrderSql() {
  static const std::string sql =
      "SELECT " + ColumnList(kOrderFields, "o") +
      ", s.name, d.state FROM orders o"
      " LEFT JOIN staff s ON s.id = o.belongSale"
      " LEFT JOIN demands d ON d.orderId = o.orderId"
      " WHERE o.orderId = ?";
  return sql.c_str();
}

// The four shapes of the resource page: by (has order filter, has state filter). Distinct SQL per
// shape so each uses its index (links primary key, resources_by_state) instead of an OR chain.
struct ResourcePageSql {
  std::string count;
  std::string select;
};

const ResourcePageSql& PageSql(bool by_order, bool by_state) {
  static const std::array<ResourcePageSql, 4> kShapes = [] {
    std::array<ResourcePageSql, 4> shapes;
    for (int shape = 0; shape < 4; ++shape) {
      bool order = shape & 2, state = shape & 1;
      std::string from = order ? " FROM links l JOIN resources r ON r.resourceId = l.resourceId"
                               : " FROM resources r";
      std::string where;
      if (order) where = " WHERE l.orderId = :order";
      if (state) where += std::string(order ? " AND" : " WHERE") + " r.state = :state";
      shapes[shape].count = "SELECT count(*)" + from + where;
      shapes[shape].select = "SELECT " + ColumnList(kResourceFields, "r") + ", s.name" + from +
                             " LEFT JOIN staff s ON s.id = r.belongBusiness" + where +
                             " ORDER BY r.resourceId LIMIT :limit OFFSET :offset";
    }
    return shapes;
  }();
  return kShapes[(by_order ? 2 : 0) | (by_state ? 1 : 0)];
}

const char* UpsertOrderSql() {
  static const std::string sql = UpsertSql("orders", kOrderFields);
  return sql.c_str();
}
const char* UpsertResourceSql() {
  static const std::string sql = UpsertSql("resources", kResourceFields);
  return sql.c_str();
}
const char* UpsertDemandSql() {
  static const std::string sql = UpsertSql("demands", kDemandFields);
  return sql.c_str();
}

constexpr const char* kOrderStateSql = "SELECT state FROM orders WHERE orderId = ?";
constexpr const char* kResourceStateSql = "SELECT state FROM resources WHERE resourceId = ?";
constexpr const char* kOrderExistsSql = "SELECT 1 FROM orders WHERE orderId = ?";
constexpr const char* kResourceExistsSql = "SELECT 1 FROM resources WHERE resourceId = ?";
constexpr const char* kUpdateOrderStateSql =
    "UPDATE orders SET state = :state, updateTime = :now,"
    " operatorId = coalesce(:operator, operatorId),"
    " remark = CASE WHEN :remark = '' THEN remark ELSE :remark END"
    " WHERE orderId = :order";
constexpr const char* kDeleteLinksSql = "DELETE FROM links WHERE orderId = ?";
constexpr const char* kInsertLinkSql =
    "INSERT INTO links (orderId, resourceId) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteDemandSql = "DELETE FROM demands WHERE orderId = ?";
constexpr const char* kDeleteOtherDemandsSql = "DELETE FROM demands WHERE orderId = ? AND demandId <> ?";
// A new demand copies the order's requirements as they are after the update (operator included).
constexpr const char* kRaiseDemandSql =
    "INSERT INTO demands (demandId, orderId, industryType, smsType, expectNumber, minimumGuarantee,"
    " channelType, directConnect, extendSize, rate, signType, contentTemplate, salePrice,"
    " onlineDate, state, remark, operatorId, createTime, updateTime)"
    " SELECT :demand, orderId, industryType, smsType, expectNumber, minimumGuarantee, channelType,"
    " CAST(directConnect AS TEXT), CAST(extendSize AS TEXT), rate, signType, contentTemplate,"
    " salePrice, onlineDate, :state, nullif(:remark, ''), CAST(operatorId AS TEXT), :now, :now"
    " FROM orders WHERE orderId = :order";
constexpr const char* kInsertProgressSql =
    "INSERT INTO progress (orderId, action, fromState, toState, resourceIds, remark, operatorId,"
    " createTime) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kListProgressSql =
    "SELECT p.orderId, p.action, p.fromState, p.toState, p.resourceIds, p.remark, p.operatorId,"
    " p.createTime, s.name FROM progress p LEFT JOIN staff s ON s.id = p.operatorId"
    " WHERE p.orderId = ? ORDER BY p.id";
constexpr const char* kNextSequenceSql =
    "INSERT INTO id_sequences (prefix, day, last) VALUES (:prefix, :day, :first)"
    " ON CONFLICT(prefix, day) DO UPDATE SET last = last + 1 RETURNING last";
constexpr const char* kDemandExistsSql = "SELECT 1 FROM demands WHERE demandId = ?";
constexpr const char* kUpsertStaffSql =
    "INSERT INTO staff (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name";

Cell CellAt(SQLite::Statement& statement, int column) {
  if (statement.isColumnNull(column)) return std::nullopt;
  return std::string(statement.getColumn(column).getText());
}

template <size_t N>
void ReadCells(SQLite::Statement& statement, std::array<Cell, N>* cells) {
  for (size_t i = 0; i < N; ++i) (*cells)[i] = CellAt(statement, static_cast<int>(i));
}

template <size_t N>
void BindCells(SQLite::Statement& statement, const std::array<FieldSpec, N>& fields,
               const std::array<Cell, N>& cells) {
  for (size_t i = 0; i < N; ++i) {
    int index = static_cast<int>(i) + 1;
    const Cell& cell = cells[i];
    int64_t number = 0;
    if (!cell) {
      statement.bind(index);
    } else if (fields[i].kind == FieldKind::kInteger && ParseInt64(*cell, &number)) {
      statement.bind(index, number);
    } else {
      statement.bind(index, *cell);
    }
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

// The next id of the day for `prefix`: prefix + 4-digit sequence + YYYYMMDD, skipping any id
// that a fixture already took. Runs inside the caller's write transaction, so it is unique.
std::string NextId(Connection& c, const char* prefix, int first, const std::string& now,
                   const char* exists_sql) {
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

}  // namespace

Store::Store(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}
Store::~Store() = default;

Status Store::Open(const std::string& path, std::unique_ptr<Store>* out, int busy_timeout_ms) {
  try {
    auto pool = std::make_unique<ConnectionPool>(path, busy_timeout_ms);
    {
      auto c = pool->Acquire();
      int version = c->db().execAndGet("PRAGMA user_version").getInt();
      if (version > kSchemaVersion) {
        return Status(Code::kInternal, "database " + path + " has schema version " +
                                           std::to_string(version) + ", newer than this jsms-ops (" +
                                           std::to_string(kSchemaVersion) + "); use a newer jsms-ops");
      }
      if (version < kSchemaVersion) {
        SQLite::Transaction transaction(c->db(), SQLite::TransactionBehavior::IMMEDIATE);
        c->db().exec(SchemaSql());
        transaction.commit();
      }
    }
    out->reset(new Store(std::move(pool)));
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    LogError("open", e.what());
    return Status(Code::kInternal, "cannot open database " + path + ": " + e.getErrorStr() + " (is it a jsms-ops database?)");
  }
}

Status Store::GetOrder(const std::string& order_id, Order* out) {
  try {
    auto c = pool_->Acquire();
    auto query = c->Prepared(SelectOrderSql());
    query->bind(1, order_id);
    if (!query->executeStep()) return Status(Code::kOrderNotFound, "订单不存在");
    ReadCells(*query, &out->cells);
    out->belong_sale_name = CellAt(*query, order::kFieldCount);
    out->demand_state = CellAt(*query, order::kFieldCount + 1);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromException("GetOrder", e);
  }
}

Status Store::VisitResourcePage(const ResourceFilter& filter, const PageRequest& page,
                                const std::function<void(int64_t)>& on_total,
                                const std::function<bool(const Resource&)>& on_row) {
  try {
    auto c = pool_->Acquire();
    const ResourcePageSql& sql = PageSql(filter.order_id.has_value(), filter.state.has_value());
    std::string state = filter.state ? std::to_string(*filter.state) : std::string();
    auto bind_filter = [&](SQLite::Statement& statement) {
      if (filter.order_id) statement.bind(":order", *filter.order_id);
      if (filter.state) statement.bind(":state", state);
    };
    // One read transaction, so the total and the rows come from the same snapshot.
    SQLite::Transaction snapshot(c->db(), SQLite::TransactionBehavior::DEFERRED);
    int64_t total;
    {
      auto count = c->Prepared(sql.count.c_str());
      bind_filter(*count);
      count->executeStep();
      total = count->getColumn(0).getInt64();
    }
    on_total(total);
    // A page past the end reads nothing; checked by division so huge rows*page cannot overflow.
    if (total > 0 && page.page - 1 <= (total - 1) / page.rows) {
      int64_t offset = (page.page - 1) * page.rows;
      {
        auto select = c->Prepared(sql.select.c_str());
        bind_filter(*select);
        select->bind(":limit", page.rows);
        select->bind(":offset", offset);
        Resource resource;
        while (select->executeStep()) {
          ReadCells(*select, &resource.cells);
          resource.belong_business_name = CellAt(*select, resource::kFieldCount);
          if (!on_row(resource)) break;
        }
      }
    }
    snapshot.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromException("VisitResourcePage", e);
  }
}

Status Store::ApplyAction(const ActionRequest& request) {
  const ActionRule& rule = RuleFor(request.action);
  try {
    auto c = pool_->Acquire();
    SQLite::Transaction transaction(c->db(), SQLite::TransactionBehavior::IMMEDIATE);

    int from_state;
    {
      auto query = c->Prepared(kOrderStateSql);
      query->bind(1, request.order_id);
      if (!query->executeStep()) return Status(Code::kOrderNotFound, "订单不存在");
      from_state = query->getColumn(0).getInt();
    }
    Status allowed = CheckAction(request.order_id, from_state, request.action);
    if (!allowed.ok()) return allowed;

    std::vector<std::string> missing, not_online;
    for (const auto& id : request.resource_ids) {
      auto query = c->Prepared(kResourceStateSql);
      query->bind(1, id);
      if (!query->executeStep()) {
        missing.push_back(id);
      } else if (rule.resources == ResourceRule::kRequiredOnline &&
                 (query->isColumnNull(0) || query->getColumn(0).getString() != kResourceOnline)) {
        not_online.push_back(id);
      }
    }
    if (!missing.empty()) {
      return Status(Code::kResourceNotFound, "资源不存在：" + JoinForMessage(missing));
    }
    if (!not_online.empty()) {
      return Status(Code::kResourceNotReady, "资源未接入（状态不是已接入）：" + JoinForMessage(not_online));
    }

    std::string now = NowTimestamp();
    {
      auto update = c->Prepared(kUpdateOrderStateSql);
      update->bind(":state", rule.to_state);
      update->bind(":now", now);
      if (request.operator_id) update->bind(":operator", *request.operator_id);
      update->bind(":remark", request.remark);
      update->bind(":order", request.order_id);
      update->exec();
    }
    {
      auto drop = c->Prepared(kDeleteLinksSql);
      drop->bind(1, request.order_id);
      drop->exec();
    }
    std::vector<std::string> linked;
    if (rule.resources != ResourceRule::kNone) linked = request.resource_ids;
    for (const auto& id : linked) {
      auto insert = c->Prepared(kInsertLinkSql);
      insert->bind(1, request.order_id);
      insert->bind(2, id);
      insert->exec();
    }
    if (rule.raises_demand) {
      {
        auto drop = c->Prepared(kDeleteDemandSql);
        drop->bind(1, request.order_id);
        drop->exec();
      }
      std::string demand_id = NextId(*c, "X", 0, now, kDemandExistsSql);
      auto raise = c->Prepared(kRaiseDemandSql);
      raise->bind(":demand", demand_id);
      raise->bind(":state", kDemandSeeking);
      raise->bind(":remark", request.remark);
      raise->bind(":now", now);
      raise->bind(":order", request.order_id);
      raise->exec();
    }
    {
      auto progress = c->Prepared(kInsertProgressSql);
      progress->bind(1, request.order_id);
      progress->bind(2, rule.word);
      progress->bind(3, from_state);
      progress->bind(4, rule.to_state);
      progress->bind(5, JoinLines(linked));
      progress->bind(6, request.remark);
      if (request.operator_id) progress->bind(7, *request.operator_id);
      progress->bind(8, now);
      progress->exec();
    }
    transaction.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromException("ApplyAction", e);
  }
}

Status Store::Load(const FixtureSet& fixtures) {
  try {
    auto c = pool_->Acquire();
    SQLite::Transaction transaction(c->db(), SQLite::TransactionBehavior::IMMEDIATE);
    for (const auto& staff : fixtures.staff) {
      auto upsert = c->Prepared(kUpsertStaffSql);
      upsert->bind(1, staff.id);
      upsert->bind(2, staff.name);
      upsert->exec();
    }
    for (const auto& order : fixtures.orders) {
      auto upsert = c->Prepared(UpsertOrderSql());
      BindCells(*upsert, kOrderFields, order.cells);
      upsert->exec();
    }
    for (const auto& resource : fixtures.resources) {
      auto upsert = c->Prepared(UpsertResourceSql());
      BindCells(*upsert, kResourceFields, resource.cells);
      upsert->exec();
    }
    for (const auto& entry : fixtures.links) {
      if (!Exists(*c, kOrderExistsSql, entry.link.order_id)) {
        return Status::InvalidParam(entry.origin + ": key \"orderId\": no order " + entry.link.order_id);
      }
      if (!Exists(*c, kResourceExistsSql, entry.link.resource_id)) {
        return Status::InvalidParam(entry.origin + ": key \"resourceId\": no resource " +
                                    entry.link.resource_id);
      }
      auto insert = c->Prepared(kInsertLinkSql);
      insert->bind(1, entry.link.order_id);
      insert->bind(2, entry.link.resource_id);
      insert->exec();
    }
    for (const auto& entry : fixtures.demands) {
      const std::string& order_id = *entry.demand.cells[demand::kOrderId];
      const std::string& demand_id = *entry.demand.cells[demand::kDemandId];
      if (!Exists(*c, kOrderExistsSql, order_id)) {
        return Status::InvalidParam(entry.origin + ": key \"orderId\": no order " + order_id);
      }
      // An order has one current demand: a fixture demand replaces any other of its order.
      {
        auto drop = c->Prepared(kDeleteOtherDemandsSql);
        drop->bind(1, order_id);
        drop->bind(2, demand_id);
        drop->exec();
      }
      auto upsert = c->Prepared(UpsertDemandSql());
      BindCells(*upsert, kDemandFields, entry.demand.cells);
      upsert->exec();
    }
    transaction.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromException("Load", e);
  }
}

Status Store::ListProgress(const std::string& order_id, std::vector<ProgressEntry>* out) {
  try {
    auto c = pool_->Acquire();
    auto query = c->Prepared(kListProgressSql);
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
  } catch (const SQLite::Exception& e) {
    return FromException("ListProgress", e);
  }
}

Status Store::CountRecords(int64_t* orders, int64_t* resources) {
  try {
    auto c = pool_->Acquire();
    *orders = c->db().execAndGet("SELECT count(*) FROM orders").getInt64();
    *resources = c->db().execAndGet("SELECT count(*) FROM resources").getInt64();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromException("CountRecords", e);
  }
}

}  // namespace jsms
