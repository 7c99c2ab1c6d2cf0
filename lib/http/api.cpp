#include "http/api.h"

#include <string_view>

#include "domain/text.h"
#include "http/params.h"
#include "http/reply_cache.h"
#include "http/routes.h"
#include "json/encode.h"

namespace jsms {

namespace {

using Handler = ApiReply (*)(const routes::Context&);

enum Methods : unsigned { kGet = 1, kPost = 2 };

// A path is `prefix`, or `prefix` + one segment (the id) + `suffix` when `with_id`. Exact paths
// are listed before templated ones, so a fixed word wins over an id in the same place
// (/order/resource/query is the page, not the resource "query").
struct Route {
  std::string_view prefix;
  bool with_id;
  std::string_view suffix;
  unsigned methods;
  Handler handler;
};

constexpr Route kRoutes[] = {
    // The seed's six.
    {"/order/resource/query", false, "", kGet | kPost, routes::ResourcePage},
    {"/peidan/daipipei", false, "", kPost, routes::Daipipei},
    {"/peidan/pipeichenggong", false, "", kPost, routes::Pipeichenggong},
    {"/peidan/huitui", false, "", kPost, routes::Huitui},
    {"/peidan/faqixuqiu", false, "", kPost, routes::Faqixuqiu},
    // The order desk.
    {"/demandOrder/list", false, "", kGet | kPost, routes::OrderList},
    {"/demandOrder/add", false, "", kPost, routes::OrderAdd},
    {"/demandOrder/edit", false, "", kPost, routes::OrderEdit},
    {"/demandOrder/chedan", false, "", kPost, routes::OrderCancel},
    // The resource desk.
    {"/order/resource/add/save", false, "", kPost, routes::ResourceAdd},
    {"/order/resource/edit/save", false, "", kPost, routes::ResourceEdit},
    {"/order/resource/online", false, "", kPost, routes::ResourceOnline},
    {"/order/resource/repeal", false, "", kPost, routes::ResourceRepeal},
    // The demand desk.
    {"/order/resource/demand/list", false, "", kGet | kPost, routes::DemandList},
    {"/order/resource/demand/hasres/save", false, "", kPost, routes::DemandSupplied},
    {"/order/resource/demand/nores", false, "", kPost, routes::DemandNoSource},
    {"/staff", false, "", kGet, routes::StaffList},
    // Templated paths.
    {"/demandOrder/", true, "/progress", kGet, routes::OrderProgress},
    {"/demandOrder/", true, "", kGet, routes::OrderDetail},
    {"/order/resource/demand/byorder/", true, "", kGet, routes::DemandOfOrder},
    {"/order/resource/", true, "", kGet, routes::ResourceDetail},
};

// When `path` matches `route`, sets `id` (for templated routes) and returns true.
bool Matches(const Route& route, std::string_view path, std::string_view* id) {
  if (!route.with_id) return path == route.prefix;
  if (path.substr(0, route.prefix.size()) != route.prefix) return false;
  std::string_view rest = path.substr(route.prefix.size());
  if (rest.size() <= route.suffix.size() || rest.substr(rest.size() - route.suffix.size()) != route.suffix) {
    return false;
  }
  std::string_view segment = rest.substr(0, rest.size() - route.suffix.size());
  if (segment.find('/') != std::string_view::npos) return false;
  *id = segment;
  return true;
}

// Query parameters, then the body's, whatever its spelling.
Status CollectParams(const ApiRequest& request, Params* params) {
  for (const auto& [name, value] : request.query) params->Add(name, value);
  if (request.multipart) {
    for (const auto& [name, value] : *request.multipart) params->Add(name, value);
  } else if (!request.body.empty()) {
    BodyFormat format = BodyFormatOf(request.content_type, true);
    Status parsed = format == BodyFormat::kJson ? ParseJsonBody(request.body, params)
                                                : ParseFormUrlEncoded(request.body, params);
    if (!parsed.ok()) return parsed;
  }
  return CheckUtf8(*params);
}

}  // namespace

// 16 MiB: every order detail of a 10,000-order desk, or a few hundred resource pages.
Api::Api(Store* store) : store_(store), cache_(std::make_unique<ReplyCache>(16 * 1024 * 1024)) {}
Api::~Api() = default;

ApiReply Api::Error(int http_status, const char* code, const std::string& msg) {
  ApiReply reply;
  reply.status = http_status;
  reply.body = EncodeRefusal(code, msg);
  return reply;
}

ApiReply Api::Handle(const ApiRequest& request) const {
  std::string_view path = request.path;
  if (!IsValidUtf8(path)) return Error(400, "INVALID_PARAM", "请求路径编码无效（须为UTF-8）");
  unsigned method = request.method == "GET" || request.method == "HEAD" ? unsigned{kGet}
                    : request.method == "POST"                         ? unsigned{kPost}
                                                                       : 0;
  const Route* found = nullptr;
  std::string_view id;
  for (const Route& route : kRoutes) {
    if (Matches(route, path, &id)) {
      found = &route;
      break;
    }
  }
  if (!found) return Error(404, "NOT_FOUND", "接口不存在：" + request.path);
  if (!(found->methods & method)) {
    return Error(405, "METHOD_NOT_ALLOWED", "接口" + request.path + "不支持" + request.method + "方法");
  }
  if (!request.multipart && !request.body.empty() &&
      BodyFormatOf(request.content_type, true) == BodyFormat::kUnsupported) {
    return Error(415, "UNSUPPORTED_MEDIA_TYPE",
                 "不支持的请求体格式（可用application/x-www-form-urlencoded、multipart/form-data或application/json）");
  }
  Params params;
  Status collected = CollectParams(request, &params);
  if (!collected.ok()) return routes::FromStatus(collected);
  std::string path_id(id);
  return found->handler(routes::Context{store_, cache_.get(), params, path_id, request.operator_id});
}

}  // namespace jsms
