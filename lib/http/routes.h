// The handlers behind Api::Handle (internal to lib/http). Each takes the store and the request's
// context, reads its parameters, calls the store and encodes the reply. None throws.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/status.h"
#include "http/api.h"
#include "http/params.h"
#include "http/reply_cache.h"
#include "json/encode.h"
#include "store/store.h"

namespace jsms::routes {

struct Context {
  Store* store;
  ReplyCache* cache;                                // encoded replies of the hottest reads
  const Params& params;
  const std::string& path_id;                       // the {id} segment of the path, if any
  const std::optional<std::string>& operator_header;  // raw X-Operator-Id
};

// A refusal as a reply: the HTTP status for its Code (spec §1: business refusals are 200) and
// the envelope. Internal failures say only that they failed; their detail was logged.
ApiReply FromStatus(const Status& status);

// A reply with a fixed body.
ApiReply Json(std::string body);

// Reads `rows` (default 30) and `page` (default 1), both >= 1.
Status ReadPage(const Params& params, PageRequest* page);

// A page reply for any list. `visit(on_total, on_row)` walks the records of the page; pages of
// more than kStreamRowThreshold rows are streamed.
template <typename Record>
using PageVisit = std::function<Status(const std::function<void(int64_t)>& on_total,
                                       const std::function<bool(const Record&)>& on_row)>;
template <typename Record>
ApiReply PagedReply(const PageRequest& page, std::vector<EchoParam> echo, PageVisit<Record> visit);

// The seed's six (seed_routes.cpp).
ApiReply OrderDetail(const Context& context);
ApiReply ResourcePage(const Context& context);
ApiReply Daipipei(const Context& context);
ApiReply Pipeichenggong(const Context& context);
ApiReply Huitui(const Context& context);
ApiReply Faqixuqiu(const Context& context);

// The order, resource and demand desks and staff (desk_routes.cpp).
ApiReply OrderList(const Context& context);
ApiReply OrderAdd(const Context& context);
ApiReply OrderEdit(const Context& context);
ApiReply OrderCancel(const Context& context);
ApiReply OrderProgress(const Context& context);
ApiReply ResourceDetail(const Context& context);
ApiReply ResourceAdd(const Context& context);
ApiReply ResourceEdit(const Context& context);
ApiReply ResourceOnline(const Context& context);
ApiReply ResourceRepeal(const Context& context);
ApiReply DemandList(const Context& context);
ApiReply DemandOfOrder(const Context& context);
ApiReply DemandSupplied(const Context& context);
ApiReply DemandNoSource(const Context& context);
ApiReply StaffList(const Context& context);

}  // namespace jsms::routes
