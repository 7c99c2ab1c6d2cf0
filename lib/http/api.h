// The API of jsms-ops over plain request and reply structs (http/request.h): authentication,
// routing with each route's policy, parameter reading and the handlers. No sockets and no httplib
// here — the server adapter (http/server.h) feeds requests in — so every route can be driven
// directly in tests. Nothing here throws.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "domain/access.h"
#include "http/auth.h"
#include "http/origin.h"
#include "http/request.h"
#include "http/router.h"

namespace jsms {

class Store;

// What the API decided from a request's head (method, path, headers), before its body is read.
struct Admission {
  Principal principal;
  RouteMatch match;
  // Set when the request is refused. `before_body`: refused as a stranger or for lack of
  // permission — answer without reading the body (and close the connection, since the body is
  // still on the wire). Otherwise (no such route, wrong method, bad path) the body is read first.
  std::optional<ApiReply> refusal;
  bool before_body = false;
};

class Api {
 public:
  Api(Store* store, AuthOptions auth);
  ~Api();

  // Step one, on the head alone: who is calling (one authentication step), which route, and
  // whether the route's Permission allows them.
  Admission Admit(const ApiRequest& head) const;

  // Step two, with the body: reads the parameters and runs the admitted route's handler.
  ApiReply Dispatch(const Admission& admission, const ApiRequest& request) const;

  // Both steps.
  // (The body is always in `body`, never shared: callers in process read it there.)
  ApiReply Handle(const ApiRequest& request) const {
    ApiReply reply = Dispatch(Admit(request), request);
    if (reply.shared_body) {
      reply.body = *reply.shared_body;
      reply.shared_body.reset();
    }
    return reply;
  }

  // The Host and Origin rules (http/origin.h) checked before routing. The default knows only
  // loopback names and IP addresses.
  void SetOriginPolicy(OriginPolicy policy) { origin_policy_ = std::move(policy); }

  // Every route, for documentation and tests.
  std::vector<Route> routes() const { return router_.routes(); }

  const Authenticator& authenticator() const { return authenticator_; }

 private:
  Store* store_;
  Authenticator authenticator_;
  Router router_;
  OriginPolicy origin_policy_;
};

}  // namespace jsms
