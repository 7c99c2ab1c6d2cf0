#include "store/stats.h"

#include <algorithm>

#include "domain/order_workflow.h"
#include "store/database.h"
#include "store/sql.h"

namespace jsms {

using namespace store;

namespace {

// :owner null means every order.
const Query kOrdersByState(
    "SELECT state, count(*) FROM orders WHERE (:owner IS NULL OR belongSale = :owner) GROUP BY state");
const Query kResourcesByState("SELECT state, count(*) FROM resources GROUP BY state");
const Query kOpenDemands(
    "SELECT count(*) FROM demands d JOIN orders o ON o.orderId = d.orderId"
    " WHERE d.state = '0' AND (:owner IS NULL OR o.belongSale = :owner)");
// One row per day of the window, oldest first, days without activity included.
const Query kDaily(
    "WITH RECURSIVE days(day) AS (SELECT date(:today, '-' || (:days - 1) || ' days')"
    " UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < :today)"
    " SELECT day,"
    " (SELECT count(*) FROM orders o WHERE substr(o.createTime, 1, 10) = day"
    "   AND (:owner IS NULL OR o.belongSale = :owner)),"
    " (SELECT count(*) FROM progress p JOIN orders o ON o.orderId = p.orderId"
    "   WHERE p.toState = 5 AND substr(p.createTime, 1, 10) = day AND (:owner IS NULL OR o.belongSale = :owner))"
    " FROM days");
// Hours from each matched order's creation to the progress entry that matched it.
const Query kHoursToMatch(
    "SELECT (julianday(p.createTime) - julianday(o.createTime)) * 24 FROM progress p"
    " JOIN orders o ON o.orderId = p.orderId WHERE p.toState = 5 AND (:owner IS NULL OR o.belongSale = :owner)");

void BindOwner(SQLite::Statement& statement, const std::optional<int64_t>& owner) {
  if (owner) statement.bind(":owner", *owner);
}

}  // namespace

Status StatsStore::GetOverview(const std::string& today, int days, std::optional<int64_t> owner, Overview* out) {
  return db_->Read("GetOverview", [&](Connection& c) {
    ScopedTransaction snapshot(c, ScopedTransaction::Kind::kRead);
    out->orders_by_state.assign(kOrderStateCount, 0);
    {
      auto query = c.Prepared(kOrdersByState);
      BindOwner(*query, owner);
      while (query->executeStep()) {
        int state = query->getColumn(0).getInt();
        if (state >= 0 && state < kOrderStateCount) out->orders_by_state[state] = query->getColumn(1).getInt64();
      }
    }
    out->resources_by_state.assign(4, 0);
    {
      auto query = c.Prepared(kResourcesByState);
      while (query->executeStep()) {
        std::string state = query->isColumnNull(0) ? "" : query->getColumn(0).getString();
        if (state.size() == 1 && state[0] >= '0' && state[0] <= '3') {
          out->resources_by_state[state[0] - '0'] = query->getColumn(1).getInt64();
        }
      }
    }
    {
      auto query = c.Prepared(kOpenDemands);
      BindOwner(*query, owner);
      query->executeStep();
      out->open_demands = query->getColumn(0).getInt64();
    }
    out->daily.clear();
    {
      auto query = c.Prepared(kDaily);
      query->bind(":today", today);
      query->bind(":days", days);
      BindOwner(*query, owner);
      while (query->executeStep()) {
        out->daily.push_back(
            DailyCount{query->getColumn(0).getString(), query->getColumn(1).getInt64(), query->getColumn(2).getInt64()});
      }
    }
    std::vector<double> hours;
    {
      auto query = c.Prepared(kHoursToMatch);
      BindOwner(*query, owner);
      while (query->executeStep()) {
        if (!query->isColumnNull(0)) hours.push_back(query->getColumn(0).getDouble());
      }
    }
    out->median_hours_to_match.reset();
    if (!hours.empty()) {
      std::sort(hours.begin(), hours.end());
      size_t mid = hours.size() / 2;
      out->median_hours_to_match = hours.size() % 2 ? hours[mid] : (hours[mid - 1] + hours[mid]) / 2;
    }
    snapshot.Commit();
    return Status::Ok();
  });
}

}  // namespace jsms
