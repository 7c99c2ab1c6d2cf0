// The summaries the console's overview (概览) draws: GET /stats/overview (console.md).
#include "http/context.h"
#include "http/router.h"
#include "util/clock.h"

namespace jsms {

namespace {

constexpr int kOverviewDays = 30;

// Same roles as order reads; a sales member's figures cover their own orders.
ApiReply StatsOverview(const RequestContext& context) {
  Overview overview;
  Status read = context.store->stats().GetOverview(NowTimestamp().substr(0, 10), kOverviewDays,
                                                   OwnOrdersOnly(context.principal), &overview);
  return read.ok() ? Json(EncodeOverview(overview)) : ErrorReply(read);
}

}  // namespace

std::vector<Route> StatsRoutes() {
  return {
      {kGet, "/stats/overview", Permission::kOrderRead, StatsOverview},
  };
}

}  // namespace jsms
