// The operator's routes (operations.md): GET /healthz for load balancers and service managers,
// GET /metrics for Prometheus.
#include <cstdio>

#include "http/context.h"
#include "http/metrics.h"
#include "http/router.h"

namespace jsms {

namespace {

// {"status":"ok","version":"0.1.0","schemaVersion":1,"uptimeSeconds":12} after a trivial read,
// 503 {"status":"unavailable","version":…,"uptimeSeconds":…} when the database cannot be read
// (the cause is logged, never shown). A plain object, not the envelope: what health checkers
// expect. The version is CMake's project version (digits and dots), so it needs no escaping.
ApiReply Healthz(const RequestContext& context) {
  int schema_version = 0;
  Status read = context.store->Ping(&schema_version);
  char body[160];
  ApiReply reply;
  if (read.ok()) {
    std::snprintf(body, sizeof body, R"({"status":"ok","version":"%s","schemaVersion":%d,"uptimeSeconds":%lld})",
                  JSMS_VERSION, schema_version, static_cast<long long>(UptimeSeconds()));
  } else {
    reply.status = 503;
    std::snprintf(body, sizeof body, R"({"status":"unavailable","version":"%s","uptimeSeconds":%lld})", JSMS_VERSION,
                  static_cast<long long>(UptimeSeconds()));
  }
  reply.body = body;
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

ApiReply Metrics(const RequestContext& context) {
  ApiReply reply;
  reply.content_type = kPrometheusContentType;
  reply.headers.emplace_back("Cache-Control", "no-store");
  reply.body = RenderMetrics(*context.store);
  return reply;
}

}  // namespace

std::vector<Route> OpsRoutes() {
  return {
      {kGet, "/healthz", Permission::kPublic, Healthz},
      {kGet, "/metrics", Permission::kStaffAdmin, Metrics},
  };
}

}  // namespace jsms
