#include "http/api.h"

#include <string_view>

#include "domain/text.h"
#include "http/context.h"
#include "http/errors.h"
#include "http/metrics.h"
#include "http/params.h"

namespace jsms {

namespace {

// Query parameters, then the body's, whatever its spelling.
Status CollectParams(const ApiRequest& request, Params* params) {
  for (const auto& [name, value] : request.query) params->Add(name, value);
  if (request.multipart) {
    for (const auto& [name, value] : *request.multipart) params->Add(name, value);
  } else if (!request.body.empty()) {
    BodyFormat format = BodyFormatOf(request.ContentType(), true);
    Status parsed = format == BodyFormat::kJson ? ParseJsonBody(request.body, params)
                                                : ParseFormUrlEncoded(request.body, params);
    if (!parsed.ok()) return parsed;
  }
  return CheckUtf8(*params);
}

void Refuse(Admission* admission, const Status& status, bool before_body) {
  admission->refusal = ErrorReply(status);
  admission->before_body = before_body;
}

}  // namespace

Api::Api(Store* store, AuthOptions auth) : store_(store), authenticator_(store, std::move(auth)) {
  router_.Add(AccountRoutes());
  router_.Add(OrderRoutes());
  router_.Add(ResourceRoutes());
  router_.Add(DemandRoutes());
  router_.Add(StaffRoutes());
  router_.Add(ConsoleRoutes());
  router_.Add(StatsRoutes());
  router_.Add(HistoryRoutes());
  router_.Add(OpsRoutes());
  RegisterRouteMetrics(router_.routes());
}

Api::~Api() = default;

Admission Api::Admit(const ApiRequest& head) const {
  Admission admission;
  Status identified = authenticator_.Identify(head, &admission.principal);
  if (!identified.ok()) {
    Refuse(&admission, identified, true);
    return admission;
  }
  const bool stranger = admission.principal.caller == Caller::kNobody;
  // A forged cross-site request or a rebound name is turned away before anything else is looked at:
  // this is the one Origin rule, for a session cookie, a token or nobody alike.
  Status origin = CheckOrigin(head, origin_policy_);
  if (!origin.ok()) {
    Refuse(&admission, origin, true);
    return admission;
  }
  if (!IsValidUtf8(head.path)) {
    if (stranger) {
      Refuse(&admission, Status(Code::kUnauthorized, ""), true);
    } else {
      Refuse(&admission, Status::InvalidParam("请求路径编码无效（须为UTF-8）"), false);
    }
    return admission;
  }
  admission.match = router_.Match(head.method, head.path);
  const Route* route = admission.match.route;
  // A stranger learns nothing, not even which paths exist, unless the route is public.
  if (stranger && !(route && route->permission == Permission::kPublic)) {
    Refuse(&admission, Status(Code::kUnauthorized, ""), true);
  } else if (!route) {
    Refuse(&admission, Status(Code::kNotFound, "接口不存在：" + head.path), false);
  } else if (!admission.match.method_allowed) {
    Refuse(&admission, Status(Code::kMethodNotAllowed, "接口" + head.path + "不支持" + head.method + "方法"), false);
  } else if (!Allows(admission.principal, route->permission)) {
    Refuse(&admission, Status::Forbidden(), true);
  }
  return admission;
}

ApiReply Api::Dispatch(const Admission& admission, const ApiRequest& request) const {
  if (admission.refusal) return *admission.refusal;
  if (!request.multipart && !request.body.empty() &&
      BodyFormatOf(request.ContentType(), true) == BodyFormat::kUnsupported) {
    return ErrorReply(Status(Code::kUnsupportedMediaType, ""));
  }
  Params params;
  Status collected = CollectParams(request, &params);
  if (!collected.ok()) return ErrorReply(collected);
  RequestContext context{store_, request, params, admission.match.path_id, admission.principal, &authenticator_};
  return admission.match.route->handler(context);
}

}  // namespace jsms
