#include "store/store.h"

#include "domain/clock.h"
#include "domain/log.h"
#include "store/checkpointer.h"
#include "store/connection.h"
#include "store/embedded.h"
#include "store/page_index.h"
#include "store/store_internal.h"

namespace jsms {

using namespace store;

namespace {

const char* SelectOrderSql() {
  static const std::string sql =
      "SELECT " + ColumnList(kOrderFields, "o") +
      ", s.name, d.state FROM orders o"
      " LEFT JOIN staff s ON s.id = o.belongSale"
      " LEFT JOIN demands d ON d.orderId = o.orderId"
      " WHERE o.orderId = ?";
  return sql.c_str();
}

// The resource page has two paths. Filtered by order (a handful of links): count, then one
// query. Otherwise (all resources, or one state, up to 100,000s of rows): a PageIndex of the
// listing, built by one walk of the covering index and kept until the next commit, gives the
// total and the anchor to seek to, so any page costs a seek and at most kStride skipped entries.
struct ResourcePageSql {
  std::string count;         // by order
  std::string select;        // by order: :order [:state] :limit :offset
  std::string ids;           // not by order: every id in order [:state]
  std::string select_from;   // not by order: [:state] :anchor :limit :offset
};

const ResourcePageSql& PageSql(bool by_state) {
  static const std::array<ResourcePageSql, 2> kShapes = [] {
    std::array<ResourcePageSql, 2> shapes;
    for (int state = 0; state < 2; ++state) {
      std::string by_order = " FROM links l JOIN resources r ON r.resourceId = l.resourceId WHERE l.orderId = :order";
      std::string state_filter = state ? " AND r.state = :state" : "";
      // The page's ids are picked from an index alone, and only those rows are read whole. As an
      // IN list (kept sorted by SQLite) the rows come out in order with no sort of whole rows,
      // which for the full list spilled 100 MB into temp files.
      auto whole_rows = [](const std::string& ids) {
        return "SELECT " + ColumnList(kResourceFields, "r") + ", s.name FROM resources r" +
               " LEFT JOIN staff s ON s.id = r.belongBusiness WHERE r.resourceId IN (" + ids + ")" +
               " ORDER BY r.resourceId";
      };
      shapes[state].count = "SELECT count(*)" + by_order + state_filter;
      shapes[state].select = whole_rows("SELECT r.resourceId" + by_order + state_filter +
                                        " ORDER BY r.resourceId LIMIT :limit OFFSET :offset");
      std::string where = state ? " WHERE r.state = :state" : "";
      shapes[state].ids = "SELECT r.resourceId FROM resources r" + where + " ORDER BY r.resourceId";
      shapes[state].select_from =
          whole_rows("SELECT r.resourceId FROM resources r" + (state ? where + " AND" : std::string(" WHERE")) +
                     " r.resourceId >= :anchor ORDER BY r.resourceId LIMIT :limit OFFSET :offset");
    }
    return shapes;
  }();
  return kShapes[by_state ? 1 : 0];
}

// Walks every id of the listing once (from a covering index) to build its page index.
std::shared_ptr<const PageIndex> BuildPageIndex(Connection& c, const char* ids_sql,
                                                const std::optional<std::string>& state, uint64_t commits) {
  auto index = std::make_shared<PageIndex>();
  index->commits = commits;
  auto query = c.Prepared(ids_sql);
  if (state) query->bind(":state", *state);
  while (query->executeStep()) {
    if (index->total % PageIndex::kStride == 0) index->anchors.push_back(query->getColumn(0).getString());
    ++index->total;
  }
  return index;
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
constexpr const char* kListProgressSql =
    "SELECT p.orderId, p.action, p.fromState, p.toState, p.resourceIds, p.remark, p.operatorId,"
    " p.createTime, s.name FROM progress p LEFT JOIN staff s ON s.id = p.operatorId"
    " WHERE p.orderId = ? ORDER BY p.id";
constexpr const char* kUpsertStaffSql =
    "INSERT INTO staff (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name";
constexpr const char* kInsertLinkSql =
    "INSERT INTO links (orderId, resourceId) VALUES (?, ?) ON CONFLICT DO NOTHING";

}  // namespace

Store::Store(std::unique_ptr<ConnectionPool> pool)
    : pool_(std::move(pool)),
      page_indexes_(std::make_unique<PageIndexCache>()),
      checkpointer_(std::make_unique<Checkpointer>(pool_.get())) {}
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
    return Status(Code::kInternal, "cannot open database " + path + ": " + e.getErrorStr() +
                                       " (is it a jsms-ops database?)");
  }
}

Status Store::GetOrder(const std::string& order_id, Order* out) {
  return WithConnection(*pool_, "GetOrder", [&](Connection& c) {
    auto query = c.Prepared(SelectOrderSql());
    query->bind(1, order_id);
    if (!query->executeStep()) return Status(Code::kOrderNotFound, "订单不存在");
    ReadCells(*query, &out->cells);
    out->belong_sale_name = CellAt(*query, order::kFieldCount);
    out->demand_state = CellAt(*query, order::kFieldCount + 1);
    return Status::Ok();
  });
}

Status Store::VisitResourcePage(const ResourceFilter& filter, const PageRequest& page,
                                const std::function<void(int64_t)>& on_total,
                                const std::function<bool(const Resource&)>& on_row) {
  const ResourcePageSql& sql = PageSql(filter.state.has_value());
  std::optional<std::string> state;
  if (filter.state) state = std::to_string(*filter.state);
  Resource resource;
  auto read_row = [&](SQLite::Statement& row) {
    ReadCells(row, &resource.cells);
    ReadCellInto(row, resource::kFieldCount, &resource.belong_business_name);
    return on_row(resource);
  };
  if (filter.order_id) {
    return VisitPage(
        *pool_, "VisitResourcePage", sql.count.c_str(), sql.select.c_str(), page,
        [&](SQLite::Statement& statement) {
          statement.bind(":order", *filter.order_id);
          if (state) statement.bind(":state", *state);
        },
        on_total, read_row);
  }
  return WithConnection(*pool_, "VisitResourcePage", [&](Connection& c) {
    // Read before the snapshot starts: a commit after this makes an index built now stale.
    uint64_t commits = pool_->commits();
    SQLite::Transaction snapshot(c.db(), SQLite::TransactionBehavior::DEFERRED);
    int64_t key = filter.state.value_or(-1);
    std::shared_ptr<const PageIndex> index = page_indexes_->Find(key, commits);
    if (!index) {
      index = BuildPageIndex(c, sql.ids.c_str(), state, commits);
      page_indexes_->Remember(key, index);
    }
    on_total(index->total);
    // A page past the end reads nothing; checked by division so huge rows*page cannot overflow.
    if (index->total > 0 && page.page - 1 <= (index->total - 1) / page.rows) {
      int64_t offset = (page.page - 1) * page.rows;
      auto select = c.Prepared(sql.select_from.c_str());
      if (state) select->bind(":state", *state);
      select->bind(":anchor", index->anchors[offset / PageIndex::kStride]);
      select->bind(":limit", page.rows);
      select->bind(":offset", offset % PageIndex::kStride);
      while (select->executeStep()) {
        if (!read_row(*select)) break;
      }
    }
    snapshot.commit();
    return Status::Ok();
  });
}

Status Store::ApplyAction(const ActionRequest& request) {
  const ActionRule& rule = RuleFor(request.action);
  return InWriteTransaction(*pool_, "ApplyAction", [&](Connection& c) {
    std::optional<int> from_state = StateOfOrder(c, request.order_id);
    if (!from_state) return Status(Code::kOrderNotFound, "订单不存在");
    Status allowed = CheckAction(request.order_id, *from_state, request.action);
    if (!allowed.ok()) return allowed;

    std::vector<std::string> missing, not_online;
    for (const auto& id : request.resource_ids) {
      auto query = c.Prepared(kResourceStateSql);
      query->bind(1, id);
      if (!query->executeStep()) {
        missing.push_back(id);
      } else if (rule.resources == ResourceRule::kRequiredOnline &&
                 (query->isColumnNull(0) || query->getColumn(0).getString() != kResourceOnline)) {
        not_online.push_back(id);
      }
    }
    if (!missing.empty()) return Status(Code::kResourceNotFound, "资源不存在：" + JoinForMessage(missing));
    if (!not_online.empty()) {
      return Status(Code::kResourceNotReady, "资源未接入（状态不是已接入）：" + JoinForMessage(not_online));
    }

    std::vector<std::string> links;
    if (rule.resources != ResourceRule::kNone) links = request.resource_ids;
    OrderMove move{request.order_id, rule.word, from_state, rule.to_state, &links,
                   request.remark, request.operator_id, NowTimestamp()};
    MoveOrder(c, move);
    if (rule.raises_demand) {
      {
        auto drop = c.Prepared(kDeleteDemandSql);
        drop->bind(1, request.order_id);
        drop->exec();
      }
      auto raise = c.Prepared(kRaiseDemandSql);
      raise->bind(":demand", NextId(c, "X", 0, move.now, kDemandExistsSql));
      raise->bind(":state", kDemandSeeking);
      raise->bind(":remark", request.remark);
      raise->bind(":now", move.now);
      raise->bind(":order", request.order_id);
      raise->exec();
    }
    return Status::Ok();
  });
}

Status Store::Load(const FixtureSet& fixtures) {
  return InWriteTransaction(*pool_, "Load", [&](Connection& c) {
    for (const auto& staff : fixtures.staff) {
      auto upsert = c.Prepared(kUpsertStaffSql);
      upsert->bind(1, staff.id);
      upsert->bind(2, staff.name);
      upsert->exec();
    }
    for (const auto& order : fixtures.orders) {
      auto upsert = c.Prepared(UpsertOrderSql());
      BindCells(*upsert, kOrderFields, order.cells);
      upsert->exec();
    }
    for (const auto& resource : fixtures.resources) {
      auto upsert = c.Prepared(UpsertResourceSql());
      BindCells(*upsert, kResourceFields, resource.cells);
      upsert->exec();
    }
    for (const auto& entry : fixtures.links) {
      if (!Exists(c, kOrderExistsSql, entry.link.order_id)) {
        return Status::InvalidParam(entry.origin + ": key \"orderId\": no order " + entry.link.order_id);
      }
      if (!Exists(c, kResourceExistsSql, entry.link.resource_id)) {
        return Status::InvalidParam(entry.origin + ": key \"resourceId\": no resource " + entry.link.resource_id);
      }
      auto insert = c.Prepared(kInsertLinkSql);
      insert->bind(1, entry.link.order_id);
      insert->bind(2, entry.link.resource_id);
      insert->exec();
    }
    for (const auto& entry : fixtures.demands) {
      const std::string& order_id = *entry.demand.cells[demand::kOrderId];
      const std::string& demand_id = *entry.demand.cells[demand::kDemandId];
      if (!Exists(c, kOrderExistsSql, order_id)) {
        return Status::InvalidParam(entry.origin + ": key \"orderId\": no order " + order_id);
      }
      // An order has one current demand: a fixture demand replaces any other of its order.
      {
        auto drop = c.Prepared(kDeleteOtherDemandsSql);
        drop->bind(1, order_id);
        drop->bind(2, demand_id);
        drop->exec();
      }
      auto upsert = c.Prepared(UpsertDemandSql());
      BindCells(*upsert, kDemandFields, entry.demand.cells);
      upsert->exec();
    }
    return Status::Ok();
  });
}

Status Store::ListProgress(const std::string& order_id, std::vector<ProgressEntry>* out) {
  return WithConnection(*pool_, "ListProgress", [&](Connection& c) {
    if (!Exists(c, kOrderExistsSql, order_id)) return Status(Code::kOrderNotFound, "订单不存在");
    auto query = c.Prepared(kListProgressSql);
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

uint64_t Store::DataVersion() const { return pool_->commits(); }

Status Store::CountRecords(int64_t* orders, int64_t* resources) {
  return WithConnection(*pool_, "CountRecords", [&](Connection& c) {
    *orders = c.db().execAndGet("SELECT count(*) FROM orders").getInt64();
    *resources = c.db().execAndGet("SELECT count(*) FROM resources").getInt64();
    return Status::Ok();
  });
}

}  // namespace jsms
