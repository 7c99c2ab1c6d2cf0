// What a route handler gets, and the helpers every concept's routes share (internal to lib/http).
// Handlers read their parameters, call the store and encode the reply; none throws.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.h"
#include "domain/status.h"
#include "http/auth.h"
#include "http/errors.h"
#include "http/params.h"
#include "http/request.h"
#include "json/encode.h"
#include "store/store.h"

namespace jsms {

struct RequestContext {
  Store* store;
  const ApiRequest& request;
  const Params& params;            // query string and body, whatever their spelling
  const std::string& path_id;      // the {name} segment of the route's pattern, if any
  const Principal& principal;      // who is calling (http/auth.h), already allowed by the route
  const Authenticator* auth;       // signing in and out, for the account routes
};

// A 200 reply with a JSON body.
ApiReply Json(std::string body);
// The same for a reply kept in the reply cache: shared with it, not copied.
ApiReply Json(std::shared_ptr<const std::string> body);
// Moves the reply's body into a shared one (for the reply cache) and returns it.
std::shared_ptr<const std::string> ShareBody(ApiReply* reply);

// The success envelope "操作成功！" when `status` is Ok, else its refusal.
ApiReply Done(const Status& status);

// Reads the path's id (orderId, resourceId): kInvalidParam naming `name` when it is not a valid id.
Status ReadPathId(const RequestContext& context, const char* name);

// The operator of a write and the remark every desk change takes (ActingOperator: a staff
// member is themself; X-Operator-Id otherwise).
Status ReadNote(const RequestContext& context, DeskNote* note);

// Reads `rows` (default 30) and `page` (default 1), both >= 1.
Status ReadPage(const Params& params, PageRequest* page);

// A page reply for any list. `visit(on_total, on_row)` walks the records of the page; pages of
// more than kStreamRowThreshold rows are streamed.
template <typename Record>
using PageVisit = std::function<Status(const OnTotal& on_total, const OnRow<Record>& on_row)>;
template <typename Record>
ApiReply PagedReply(const PageRequest& page, std::vector<EchoParam> echo, PageVisit<Record> visit);

}  // namespace jsms
