#include "http/router.h"

#include <cstdio>
#include <cstdlib>

namespace jsms {

namespace {

// Splits "/a/b/c" into its segments without copying; returns false past `max` segments.
template <size_t N>
bool Segments(std::string_view path, std::string_view (&out)[N], size_t* count) {
  *count = 0;
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    if (*count == N) return false;
    size_t slash = path.find('/');
    out[(*count)++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

bool IsParam(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

constexpr size_t kMaxSegments = 8;

// How well a pattern matches: -1 not at all, else the number of literal segments (more is better:
// a fixed word beats a {name}).
int Score(const std::vector<std::string_view>& segments, const std::string_view* path, size_t path_count,
          std::string_view* param) {
  if (segments.size() != path_count) return -1;
  int literals = 0;
  for (size_t i = 0; i < path_count; ++i) {
    if (IsParam(segments[i])) {
      if (path[i].empty()) return -1;
      *param = path[i];
    } else if (segments[i] == path[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

void Router::Add(const std::vector<Route>& routes) {
  for (const Route& route : routes) {
    std::string_view segments[kMaxSegments];
    size_t count = 0;
    bool valid = Segments(route.pattern, segments, &count);
    for (const Compiled& known : routes_) valid = valid && known.route.pattern != route.pattern;
    if (!valid) {
      std::fprintf(stderr, "jsms-ops: route %.*s is malformed or defined twice\n",
                   static_cast<int>(route.pattern.size()), route.pattern.data());
      std::abort();
    }
    routes_.push_back(Compiled{route, std::vector<std::string_view>(segments, segments + count)});
  }
}

std::vector<Route> Router::routes() const {
  std::vector<Route> out;
  for (const Compiled& compiled : routes_) out.push_back(compiled.route);
  return out;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  std::string_view segments[kMaxSegments];
  size_t count = 0;
  if (!Segments(path, segments, &count)) return match;
  int best = -1;
  std::string_view best_param;
  for (const Compiled& compiled : routes_) {
    std::string_view param;
    int score = Score(compiled.segments, segments, count, &param);
    if (score > best) {
      best = score;
      best_param = param;
      match.route = &compiled.route;
    }
  }
  if (!match.route) return match;
  unsigned wanted = method == "GET" || method == "HEAD" ? unsigned{kGet} : method == "POST" ? unsigned{kPost} : 0;
  match.method_allowed = (match.route->methods & wanted) != 0;
  match.path_id = std::string(best_param);
  return match;
}

}  // namespace jsms
