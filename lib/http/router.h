// The route table: each row names its methods, its path pattern, who may call it and its handler.
// The API checks the row's Permission against the caller before the handler runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/access.h"
#include "http/request.h"

namespace jsms {

struct RequestContext;

using Handler = ApiReply (*)(const RequestContext& context);

enum Methods : unsigned { kGet = 1, kPost = 2 };

struct Route {
  unsigned methods;        // kGet (HEAD too), kPost, or both
  std::string_view pattern;  // "/demandOrder/{orderId}/progress": literal segments and at most one {name}
  Permission permission;
  Handler handler;
};

// What matching a path found.
struct RouteMatch {
  const Route* route = nullptr;  // null: no route has this path
  bool method_allowed = false;
  std::string path_id;           // the {name} segment, when the pattern has one
};

class Router {
 public:
  // Adds rows; a pattern may not repeat (checked when added: a programming error aborts).
  void Add(const std::vector<Route>& routes);

  // The route for `path`. A literal segment wins over a {name} in the same place, so
  // /order/resource/query is the page, not the resource "query".
  RouteMatch Match(std::string_view method, std::string_view path) const;

  std::vector<Route> routes() const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string_view> segments;  // of the pattern, split once
  };
  std::vector<Compiled> routes_;
};

// The route tables of each concept, in their own files (order_routes.cpp, …).
std::vector<Route> AccountRoutes();
std::vector<Route> OrderRoutes();
std::vector<Route> ResourceRoutes();
std::vector<Route> DemandRoutes();
std::vector<Route> StaffRoutes();
std::vector<Route> ConsoleRoutes();
std::vector<Route> StatsRoutes();
std::vector<Route> HistoryRoutes();
std::vector<Route> OpsRoutes();

}  // namespace jsms
