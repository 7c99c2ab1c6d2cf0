#include "store/store.h"

#include "domain/clock.h"
#include "domain/log.h"
#include "store/connection.h"
#include "store/embedded.h"
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

constexpr const char* kResourceStateSql = "SELECT state FROM resources WHERE resourceId = ?";
constexpr const char* kOrderExistsSql = "SELECT 1 FROM orders WHERE orderId = ?";
constexpr const char* kResourceExistsSql = "SELECT 1 FROM resources WHERE resourceId = ?";
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
constexpr const char* kDemandExistsSql = "SELECT 1 FROM demands WHERE demandId = ?";
constexpr const char* kListProgressSql =
    "SELECT p.orderId, p.action, p.fromState, p.toState, p.resourceIds, p.remark, p.operatorId,"
    " p.createTime, s.name FROM progress p LEFT JOIN staff s ON s.id = p.operatorId"
    " WHERE p.orderId = ? ORDER BY p.id";
constexpr const char* kUpsertStaffSql =
    "INSERT INTO staff (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name";
constexpr const char* kInsertLinkSql =
    "INSERT INTO links (orderId, resourceId) VALUES (?, ?) ON CONFLICT DO NOTHING";

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
  const ResourcePageSql& sql = PageSql(filter.order_id.has_value(), filter.state.has_value());
  std::string state = filter.state ? std::to_string(*filter.state) : std::string();
  Resource resource;
  return VisitPage(
      *pool_, "VisitResourcePage", sql.count.c_str(), sql.select.c_str(), page,
      [&](SQLite::Statement& statement) {
        if (filter.order_id) statement.bind(":order", *filter.order_id);
        if (filter.state) statement.bind(":state", state);
      },
      on_total,
      [&](SQLite::Statement& row) {
        ReadCells(row, &resource.cells);
        resource.belong_business_name = CellAt(row, resource::kFieldCount);
        return on_row(resource);
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

Status Store::CountRecords(int64_t* orders, int64_t* resources) {
  return WithConnection(*pool_, "CountRecords", [&](Connection& c) {
    *orders = c.db().execAndGet("SELECT count(*) FROM orders").getInt64();
    *resources = c.db().execAndGet("SELECT count(*) FROM resources").getInt64();
    return Status::Ok();
  });
}

}  // namespace jsms
