#include "store/fixtures.h"

#include "store/resource_rows.h"
#include "store/sql.h"

namespace jsms::store {

namespace {

const Query& UpsertOrder() {
  static const Query query(UpsertSql("orders", kOrderFields));
  return query;
}
const Query& UpsertResource() {
  static const Query query(UpsertSql("resources", kResourceFields));
  return query;
}
const Query& UpsertDemand() {
  static const Query query(UpsertSql("demands", kDemandFields));
  return query;
}

const Query kUpsertStaff("INSERT INTO staff (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name");
const Query kInsertLink("INSERT INTO links (orderId, resourceId) VALUES (?, ?) ON CONFLICT DO NOTHING");
const Query kDeleteOtherDemands("DELETE FROM demands WHERE orderId = ? AND demandId <> ?");

}  // namespace

Status LoadFixtures(Database& db, const FixtureSet& fixtures, const ResourceRowEncoder& encode) {
  return db.Write("Load", [&](Connection& c) {
    for (const auto& staff : fixtures.staff) {
      auto upsert = c.Prepared(kUpsertStaff);
      upsert->bind(1, staff.id);
      upsert->bind(2, staff.name);
      upsert->exec();
    }
    for (const auto& order : fixtures.orders) {
      auto upsert = c.Prepared(UpsertOrder());
      BindCells(*upsert, kOrderFields, order.cells);
      upsert->exec();
    }
    for (const auto& resource : fixtures.resources) {
      {
        auto upsert = c.Prepared(UpsertResource());
        BindCells(*upsert, kResourceFields, resource.cells);
        upsert->exec();
      }
      KeepEncodedRow(c, encode, resource.cells);
    }
    for (const auto& entry : fixtures.links) {
      if (!Exists(c, kOrderExists, entry.link.order_id)) {
        return Status::InvalidParam(entry.origin + ": key \"orderId\": no order " + entry.link.order_id);
      }
      if (!Exists(c, kResourceExists, entry.link.resource_id)) {
        return Status::InvalidParam(entry.origin + ": key \"resourceId\": no resource " + entry.link.resource_id);
      }
      auto insert = c.Prepared(kInsertLink);
      insert->bind(1, entry.link.order_id);
      insert->bind(2, entry.link.resource_id);
      insert->exec();
    }
    for (const auto& entry : fixtures.demands) {
      const std::string& order_id = *entry.demand.cells[demand::kOrderId];
      const std::string& demand_id = *entry.demand.cells[demand::kDemandId];
      if (!Exists(c, kOrderExists, order_id)) {
        return Status::InvalidParam(entry.origin + ": key \"orderId\": no order " + order_id);
      }
      // An order has one current demand: a fixture demand replaces any other of its order.
      {
        auto drop = c.Prepared(kDeleteOtherDemands);
        drop->bind(1, order_id);
        drop->bind(2, demand_id);
        drop->exec();
      }
      auto upsert = c.Prepared(UpsertDemand());
      BindCells(*upsert, kDemandFields, entry.demand.cells);
      upsert->exec();
    }
    return Status::Ok();
  });
}

}  // namespace jsms::store
