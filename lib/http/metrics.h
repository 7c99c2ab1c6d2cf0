// The HTTP edge's counters for GET /metrics (operations.md), process-wide: the transport counts
// every reply, the action routes count the four peidan actions, the login route counts logins.
// Every count is an atomic add into a fixed array, so the request path takes no lock. Rendered in
// Prometheus's text format 0.0.4 together with the store's figures and the process's own.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/order_workflow.h"
#include "domain/status.h"
#include "http/router.h"

namespace jsms {

class Store;

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4";

// Makes `routes` known by their patterns, so that requests to them are counted under the pattern.
// Called by the Api before it serves (it takes a lock; counting does not). Patterns already known
// keep their place.
void RegisterRouteMetrics(const std::vector<Route>& routes);

// One reply written: `route` is the matched route (its pattern is the label), or null for a
// request that matched none ("unmatched"); `method` as received; `status` as sent; `took` from
// the request's head to the reply's last byte.
void CountRequest(const Route* route, std::string_view method, int status, std::chrono::microseconds took);

// One of the four peidan actions answered: Code::kOk, or the refusal's code.
void CountAction(Action action, Code result);

// One login attempt (POST /auth/login), accepted or refused.
void CountLogin(bool ok);

// The whole exposition: the counters above, the store's figures (write batch sizes, file sizes)
// and the process's (resident memory, start time).
std::string RenderMetrics(const Store& store);

// Seconds since this process started (GET /healthz).
int64_t UptimeSeconds();

}  // namespace jsms
