// Requests a browser may have been tricked into sending: the rules against cross-site request
// forgery (a form on another site posting here) and DNS rebinding (another site's name made to
// point at this server). Pure: they read the request's head and the policy, nothing else.
#pragma once

#include <string>
#include <vector>

#include "domain/status.h"
#include "http/request.h"

namespace jsms {

struct OriginPolicy {
  // The address the server listens on (--host). A host name here is one of the server's own.
  std::string bound_host = "127.0.0.1";
  // Other names the server is reached by (--allowed-host): the public name a proxy passes on.
  std::vector<std::string> allowed_hosts;
};

// Checks the head of a request, before it is routed:
// - Host: its name must be an IP address (a browser sends one only when its user typed it: a DNS
//   rebinding attack always comes under a name), `localhost` or a name under `.localhost`, the
//   bound host, or an allowed host; otherwise 400 INVALID_PARAM naming it. A request without
//   Host passes here (HTTP/1.1 requires one: the transport refuses its absence).
// - Origin, on methods that change state (anything but GET, HEAD and OPTIONS): when present, it
//   must be the server's own origin, that is the scheme://host[:port] whose host[:port] is the
//   Host header (default ports 80 and 443 implied); otherwise 403 FORBIDDEN. `Origin: null`
//   (sandboxed frames, some redirects) is not our origin.
// Returns OK when the request may proceed.
Status CheckOrigin(const ApiRequest& head, const OriginPolicy& policy);

// Whether `name` is acceptable as an --allowed-host entry: a host name or IP address, with an
// optional :port (ignored), without scheme, path or spaces.
bool IsValidAllowedHost(const std::string& name);

}  // namespace jsms
