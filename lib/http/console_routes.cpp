// The console's routes: GET / and /console/… answer the embedded files (http/console_assets.h),
// public in every mode (the page shows its own login form), compressed when the browser accepts
// gzip, with an ETag, and with the headers that keep the page from being framed or sniffed.

#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/text.h"
#include "http/console_assets.h"
#include "http/context.h"
#include "http/router.h"

namespace jsms {

namespace {

// No inline script or style anywhere in the console, so the policy can forbid both.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

struct Served {
  const ConsoleAsset* asset;
  bool versioned;  // under /console/<build id>/: never changes, cached for a year
};

const std::unordered_map<std::string_view, Served>& ByUrl() {
  static const auto* by_url = [] {
    auto* map = new std::unordered_map<std::string_view, Served>();
    for (const ConsoleAsset& asset : ConsoleAssets()) {
      (*map)[asset.url] = Served{&asset, false};
      if (asset.versioned_url != asset.url) (*map)[asset.versioned_url] = Served{&asset, true};
    }
    return map;
  }();
  return *by_url;
}

// True when an Accept-Encoding value accepts gzip ("gzip", "x-gzip" or "*", without q=0).
bool AcceptsGzip(const std::string* header) {
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semicolon = item.find(';');
    std::string_view coding = Trim(item.substr(0, semicolon));
    bool named = EqualsIgnoringCase(coding, "gzip") || EqualsIgnoringCase(coding, "x-gzip") || coding == "*";
    if (!named) continue;
    std::string_view params = semicolon == std::string_view::npos ? std::string_view() : item.substr(semicolon + 1);
    std::string_view q = Trim(params);
    bool refused = q.size() >= 3 && (q[0] == 'q' || q[0] == 'Q') && q.find_first_not_of("qQ=0. ") == std::string_view::npos;
    if (!refused) return true;
  }
  return false;
}

// True when If-None-Match names `etag` (or is "*").
bool NotModified(const std::string* if_none_match, const std::string& etag) {
  if (!if_none_match) return false;
  std::string_view value = Trim(*if_none_match);
  if (value == "*") return true;
  size_t at = value.find(etag);
  return at != std::string_view::npos;
}

ApiReply ServeConsole(const RequestContext& context) {
  auto found = ByUrl().find(context.request.path);
  if (found == ByUrl().end()) return ErrorReply(Status(Code::kNotFound, ""));  // cannot happen: routes come from the map
  const ConsoleAsset& asset = *found->second.asset;
  const bool gzip = AcceptsGzip(context.request.Header("Accept-Encoding"));
  const std::string etag = "\"" + std::string(asset.etag) + (gzip ? "-gzip" : "") + "\"";

  ApiReply reply;
  reply.content_type = asset.content_type;
  reply.headers = {
      {"ETag", etag},
      {"Vary", "Accept-Encoding"},
      {"Cache-Control", asset.page ? "no-store"
                        : found->second.versioned ? "public, max-age=31536000, immutable"
                                                  : "no-cache"},
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
  };
  if (NotModified(context.request.Header("If-None-Match"), etag)) {
    reply.status = 304;
    return reply;
  }
  if (gzip) reply.headers.emplace_back("Content-Encoding", "gzip");
  std::string_view body = gzip ? asset.gzip_body : asset.body;
  reply.body.assign(body.data(), body.size());
  return reply;
}

}  // namespace

std::vector<Route> ConsoleRoutes() {
  std::vector<Route> routes;
  for (const auto& [url, served] : ByUrl()) routes.push_back({kGet, url, Permission::kPublic, ServeConsole});
  return routes;
}

}  // namespace jsms
